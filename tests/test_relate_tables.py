"""The drug -> target summary keeps endogenous CHEMICAL subjects apart by their label, so a user can
filter them out; the effect summaries never hold them."""

import pandas as pd

from pipeline.annotate import Annotation, Fact, Mention
from pipeline.state import DocRecord
from pipeline.tables import COLUMNS, outcomes, write_tables


def _mention(start, text, label, cid):
    return Mention(0, start, start + len(text), text, label, cid, text.lower(), "lexicon")


def test_drug_targets_summary_has_subject_label_after_subject_name(tmp_path):
    ket = _mention(0, "Ketamine", "DRUG", "MESH:D007649")
    glu = _mention(30, "Glutamate", "CHEMICAL", "DRUGBANK:DB00142")
    nmda = _mention(50, "NMDA receptors", "RECEPTOR", "LOCAL:RECEPTOR:NMDAR")
    facts = (Fact(0, ket, "ANTAGONIST", nmda, False, False, "s", "rule"),
             Fact(0, glu, "AGONIST", nmda, False, True, "s", "rule"))
    record = DocRecord("a", "a.txt", "ab" * 32, 100, "utf-8", "ok", None, None, 100, 80, "k", b"", "t", ())
    annotation = Annotation(((0, 99),), (ket, glu, nmda), facts)
    write_tables(list(outcomes([record], [("a", annotation, None)], [])), [], tmp_path)
    summary = pd.read_csv(tmp_path / "drug_targets.csv", dtype=str, keep_default_na=False)
    assert COLUMNS["drug_targets"][:3] == ("subject_id", "subject_name", "subject_label")
    assert summary[["subject_name", "subject_label", "relation"]].values.tolist() == [
        ["glutamate", "CHEMICAL", "AGONIST"], ["ketamine", "DRUG", "ANTAGONIST"]]
    assert summary.set_index("subject_name").loc["glutamate", "n_hedged"] == "1"
    assert "subject_label" not in COLUMNS["drug_effects"] and "subject_label" not in COLUMNS["target_effects"]
    relations = pd.read_csv(tmp_path / "relations.csv", dtype=str, keep_default_na=False)
    assert sorted(relations["subject_label"]) == ["CHEMICAL", "DRUG"]
