import pandas as pd
import pytest

from pipeline.annotate import Annotation, Fact, Mention
from pipeline.dedupe import DuplicateRecord
from pipeline.state import DocRecord
from pipeline.tables import COLUMNS, outcomes, write_tables

KET = ("DRUG", "MESH:D007649", "ketamine")
NMDA = ("RECEPTOR", "LOCAL:RECEPTOR:NMDAR", "NMDA receptor")
TRD = ("EFFECT", "MESH:D061218", "treatment-resistant depression")


def rec(doc_id, status="ok", error=None):
    excluded = ({"start": 90, "end": 95, "reason": "share_link", "text": "Share"},) if status == "ok" else ()
    return DocRecord(
        doc_id,
        f"{doc_id}.txt",
        "ab" * 32,
        100,
        "utf-8",
        status,
        error,
        None,
        100,
        80,
        "k",
        b"",
        "t",
        excluded,
    )


def m(sentence_id, start, text, concept):
    label, cid, name = concept
    return Mention(sentence_id, start, start + len(text), text, label, cid, name, "lexicon")


def fact(sentence_id, s, rel, o, negated=False, hedged=False):
    return Fact(sentence_id, s, rel, o, negated, hedged, "evidence sentence", "rule")


def ann(facts, mentions):
    return Annotation(((0, 50), (51, 99)), tuple(mentions), tuple(facts))


@pytest.fixture
def written(tmp_path):
    k1, n1 = m(0, 0, "Ketamine", KET), m(0, 20, "NMDA receptors", NMDA)
    k2, n2, t2 = m(1, 51, "ketamine", KET), m(1, 70, "NMDA receptor", NMDA), m(1, 80, "TRD", TRD)
    a = ann(
        [
            fact(0, k1, "ANTAGONIST", n1),
            fact(1, k2, "ANTAGONIST", n2, hedged=True),
            fact(1, k2, "INHIBITOR", n2, True),
            fact(1, k2, "TREATS", t2),
        ],
        [k1, n1, k2, n2, t2],
    )  # fmt: skip
    b = ann([fact(0, k1, "ANTAGONIST", n1, negated=True)], [k1, n1])
    records = [rec("a"), rec("b"), rec("c"), rec("d", "error", "binary content"), rec("e", "empty")]
    annotations = [("a", a, None), ("b", b, None), ("x-gone", a, None)]
    dups = [DuplicateRecord("c", "a", 0.8123456, "near")]
    counts = write_tables(list(outcomes(records, annotations, dups)), dups, tmp_path)
    return tmp_path, counts


def read(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_tables_every_table_has_its_documented_columns(written):
    folder, counts = written
    assert set(counts) == set(COLUMNS)
    for name, columns in COLUMNS.items():
        assert tuple(read(folder, name).columns) == columns


def test_tables_documents_statuses(written):
    docs = read(written[0], "documents").set_index("doc_id")
    assert docs["status"].to_dict() == {
        "a": "processed",
        "b": "processed",
        "c": "duplicate",
        "d": "error",
        "e": "empty",
    }
    assert docs.loc["c", "duplicate_of"] == "a"
    assert docs.loc["d", "error"] == "binary content"
    assert docs.loc["a", "n_sentences"] == "2" and docs.loc["c", "n_sentences"] == ""


def test_tables_summary_counts_positive_facts_and_shows_negated_evidence(written):
    summary = read(written[0], "drug_targets")
    rows = {(r.relation, r.object_name): r for r in summary.itertuples()}
    # INHIBITOR was only ever stated negated: no row. ANTAGONIST: 2 positive sentences in doc a,
    # one hedged, and doc b's negated sentence counted as contrary evidence.
    assert set(rows) == {("ANTAGONIST", "NMDA receptor")}
    r = rows[("ANTAGONIST", "NMDA receptor")]
    assert (r.n_docs, r.n_sentences, r.n_negated, r.n_hedged, r.doc_ids) == ("1", "2", "1", "1", "a")
    assert read(written[0], "drug_effects")[["subject_name", "relation", "object_name"]].values.tolist() == [
        ["ketamine", "TREATS", "treatment-resistant depression"]
    ]
    assert len(read(written[0], "target_effects")) == 0


def test_tables_relations_and_entities(written):
    rel = read(written[0], "relations")
    assert rel["negated"].tolist().count("true") == 2 and set(rel["negated"]) == {"true", "false"}
    assert len(rel) == 5  # x-gone is not in the corpus any more, c is a duplicate
    ent = read(written[0], "entities").set_index("concept_id")
    assert ent.loc["MESH:D007649", "surface_forms"] == "Ketamine|ketamine"
    assert (ent.loc["MESH:D007649", "n_docs"], ent.loc["MESH:D007649", "n_mentions"]) == ("2", "3")
    assert read(written[0], "duplicates").values.tolist() == [["c", "a", "0.8123", "near"]]
    assert read(written[0], "excluded")["doc_id"].tolist() == ["a", "b", "c"]


def test_tables_are_byte_identical_when_rewritten(written, tmp_path_factory):
    folder, _ = written
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    other = tmp_path_factory.mktemp("again")
    k, n = m(0, 0, "Ketamine", KET), m(0, 20, "NMDA receptors", NMDA)
    assert first["documents.csv"].startswith(b"doc_id,source_path,sha256,")
    assert b"\r\n" not in first["documents.csv"]
    # same inputs in a fresh folder -> same bytes
    records = [rec("a")]
    a = ann([fact(0, k, "ANTAGONIST", n)], [k, n])
    write_tables(list(outcomes(records, [("a", a, None)], [])), [], other)
    again = tmp_path_factory.mktemp("again2")
    write_tables(list(outcomes(records, [("a", a, None)], [])), [], again)
    assert {p.name: p.read_bytes() for p in other.iterdir()} == {
        p.name: p.read_bytes() for p in again.iterdir()
    }


def test_tables_unannotated_canonical_document_is_an_error_not_a_silent_gap():
    with pytest.raises(RuntimeError, match="document a was never annotated; rerun with --full"):
        list(outcomes([rec("a")], [], []))
