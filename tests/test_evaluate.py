"""Scoring and report writing, with a fake annotator over the hand-made fixtures."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.eval_formats import read_chemprot, read_pubtator
from pipeline.evaluate import (
    Score,
    best_overlaps,
    context,
    evaluate_ner,
    evaluate_relations,
    format_report,
    match_spans,
    micro,
    score_keys,
)

FIXTURES = Path(__file__).parent / "fixtures" / "evaluate"
BC5CDR = FIXTURES / "bc5cdr_mini.PubTator"
BIORED = FIXTURES / "biored_mini.PubTator"
CHEMPROT = FIXTURES / "chemprot_mini"


# The annotation API (pipeline/annotate.py), mirrored so these tests need no spaCy pipeline.
@dataclass(frozen=True)
class Mention:
    sentence_id: int
    start: int
    end: int
    text: str
    label: str
    concept_id: str
    canonical_name: str
    source: str = "lexicon"


@dataclass(frozen=True)
class Fact:
    sentence_id: int
    subject: Mention
    relation: str
    object: Mention
    negated: bool = False
    hedged: bool = False
    evidence: str = ""
    method: str = "test"


@dataclass(frozen=True)
class Annotation:
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...] = ()


def mention(text: str, surface: str, label: str, occurrence: int = 0, *, start: int | None = None) -> Mention:
    """Our mention of the ``occurrence``-th ``surface`` in ``text`` (or at ``start``)."""
    if start is None:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
    assert text[start:start + len(surface)] == surface
    return Mention(0, start, start + len(surface), surface, label, f"X:{surface.lower()}", surface.lower())


def fact(subject: Mention, relation: str, obj: Mention, **kw) -> Fact:
    return Fact(0, subject, relation, obj, evidence=f"{subject.text} {relation} {obj.text}", **kw)


def fake_annotator(by_doc: dict[str, Annotation], docs):
    """An annotate_texts stand-in: returns the hand-written annotation of each known text."""
    by_text = {d.text: by_doc.get(d.doc_id, Annotation(((0, len(d.text)),), ())) for d in docs}
    calls = []

    def annotate(texts):
        texts = list(texts)
        calls.append(texts)
        for t in texts:
            yield by_text.get(t, Annotation(((0, len(t)),), ()))

    annotate.calls = calls
    return annotate


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# ------------------------------------------------------------------------------------ pure helpers

def test_evaluate_strict_and_overlap_differ_on_boundaries():
    pred, gold = [("d", 0, 5)], [("d", 0, 6)]
    strict, fp, fn = match_spans(pred, gold, overlap=False)
    assert (strict.tp_pred, strict.precision, strict.recall) == (0, 0.0, 0.0)
    assert fp == [("d", 0, 5)] and fn == [("d", 0, 6)]
    loose, fp, fn = match_spans(pred, gold, overlap=True)
    assert (loose.precision, loose.recall, loose.f1) == (1.0, 1.0, 1.0) and fp == fn == []


def test_evaluate_overlap_counts_predictions_and_gold_separately():
    # One prediction spanning two gold mentions: one correct prediction, two found gold mentions.
    loose, _, _ = match_spans([("d", 0, 20)], [("d", 0, 5), ("d", 10, 20), ("d", 30, 35)], overlap=True)
    assert loose == Score(n_pred=1, n_gold=3, tp_pred=1, tp_gold=2)
    assert loose.as_dict()["fp"] == 0 and loose.as_dict()["fn"] == 1


def test_evaluate_overlap_never_crosses_documents():
    loose, _, _ = match_spans([("a", 0, 5)], [("b", 0, 5)], overlap=True)
    assert loose.tp_pred == loose.tp_gold == 0


def test_evaluate_micro_keeps_equal_counts_of_two_labels():
    same = Score(n_pred=3, n_gold=4, tp_pred=2, tp_gold=2)
    total = micro([same, same])
    assert total == Score(6, 8, 4, 4)
    assert total.as_dict()["tp"] == 4 and total.as_dict()["fp"] == 2 and total.as_dict()["fn"] == 4


_spans = st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 30), st.integers(1, 8)).map(
    lambda t: (t[0], t[1], t[1] + t[2])), max_size=12)


@given(pred=_spans, gold=_spans)
def test_evaluate_match_spans_invariants(pred, gold):
    strict, s_fp, s_fn = match_spans(pred, gold, overlap=False)
    loose, l_fp, l_fn = match_spans(pred, gold, overlap=True)
    assert strict.n_pred == loose.n_pred == len(set(pred)) and strict.n_gold == loose.n_gold == len(set(gold))
    assert strict.tp_pred == strict.tp_gold <= min(loose.tp_pred, loose.tp_gold)
    assert len(s_fp) == strict.n_pred - strict.tp_pred and len(l_fn) == loose.n_gold - loose.tp_gold
    assert set(l_fp) <= set(s_fp) and set(l_fn) <= set(s_fn)


def test_evaluate_score_keys_and_f1():
    s = score_keys({("d", "a"), ("d", "b")}, {("d", "b"), ("d", "c"), ("d", "e")})
    assert (s.tp_pred, s.n_pred, s.n_gold) == (1, 2, 3)
    assert s.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert Score().f1 == 0.0 and Score().precision == 0.0


def test_evaluate_best_overlaps_prefers_the_larger_nested_entity():
    (doc,) = read_pubtator(BIORED)
    start = doc.text.index("Foob1 or Foob2")
    hits = best_overlaps(doc.entities, start, start + len("Foob1 or Foob2"), "gene")
    assert [h.text for h in hits] == ["Foob1 or Foob2"]
    assert best_overlaps(doc.entities, start, start + 5, "disease") == []


def test_evaluate_context_marks_the_mention_on_one_line():
    assert context("ab\ncd EF gh", 6, 8, width=3) == "cd [[EF]] gh"


# --------------------------------------------------------------------------------------------- NER

def _ner_fake(docs):
    d1, d2 = docs[0].text, docs[1].text
    return fake_annotator({
        "900001": Annotation(((0, 33), (34, len(d1))), (
            mention(d1, "Zorbaxine", "DRUG"),                  # TP strict
            mention(d1, "zorbaxine developed", "DRUG"),        # boundary error: overlap TP only
            mention(d1, "tremor", "EFFECT"),                   # TP
            mention(d1, "hepatic failure", "EFFECT"),          # inside the composite: overlap TP only
            mention(d1, "glutamate", "CHEMICAL"),              # TP for CHEMICAL and DRUG+CHEMICAL
            mention(d1, "rats", "EFFECT"),                     # FP
            mention(d1, "dizziness", "EFFECT"),                # TP (gold id -1 is still a span)
        )),
        "900002": Annotation(((0, len(d2)),), (
            mention(d2, "Plinotide", "DRUG"),
            mention(d2, "quarrelon", "RECEPTOR"),              # RECEPTOR: no gene gold in BC5CDR
            mention(d2, "chronic fatigue", "EFFECT", 1),
        )),
    }, docs)


def test_evaluate_ner_scores_per_label(tmp_path):
    docs = read_pubtator(BC5CDR)
    result = evaluate_ner(BC5CDR, tmp_path, annotate=_ner_fake(docs))
    s = result["scores"]
    # gold Chemical: Zorbaxine, zorbaxine, glutamate, Plinotide, quarrelon, Plinotide (6)
    drug = s["DRUG"]["strict"]
    assert (drug["tp"], drug["fp"], drug["fn"], drug["n_pred"], drug["n_gold"]) == (2, 1, 4, 3, 6)
    assert s["DRUG"]["overlap"]["tp"] == 3 and s["DRUG"]["overlap"]["fp"] == 0
    # gold Disease: tremor x2, composite, dizziness, chronic fatigue x2, nausea (7)
    effect = s["EFFECT"]["strict"]
    assert (effect["tp"], effect["fp"], effect["fn"]) == (3, 2, 4)
    assert (s["EFFECT"]["overlap"]["tp"], s["EFFECT"]["overlap"]["fp"]) == (4, 1)
    assert (s["CHEMICAL"]["strict"]["tp"], s["CHEMICAL"]["strict"]["fp"]) == (1, 0)
    assert s["CHEMICAL"]["strict"]["recall"] == round(1 / 6, 4)
    assert (s["DRUG+CHEMICAL"]["strict"]["tp"], s["DRUG+CHEMICAL"]["strict"]["fn"]) == (3, 3)
    assert result["not_scored"] == ["RECEPTOR"]
    assert result["micro"]["strict"]["tp"] == 5 and result["micro"]["strict"]["n_gold"] == 13
    assert result["speed"]["documents"] == 2 and result["speed"]["words"] > 20


def _write_pubtator(path: Path, pmid: str, title: str, abstract: str, gold: list[tuple[str, str]]) -> None:
    """A one-document PubTator file; ``gold`` lists (surface, type), each surface unique in the text."""
    text = title + "\n" + abstract
    lines = [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
    for surface, etype in gold:
        start = text.index(surface)
        lines.append(f"{pmid}\t{start}\t{start + len(surface)}\t{surface}\t{etype}\tD{len(lines)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_evaluate_ner_micro_with_identical_label_counts(tmp_path):
    """DRUG and EFFECT have identical counts; a sum over a *set* of counts would report half of them."""
    corpus = tmp_path / "equal.PubTator"
    _write_pubtator(corpus, "5", "Drugone eased painone and paintwo.",
                    "Drugtwo and drugthree caused achetwo.",
                    [("Drugone", "Chemical"), ("Drugtwo", "Chemical"), ("drugthree", "Chemical"),
                     ("painone", "Disease"), ("paintwo", "Disease"), ("achetwo", "Disease")])
    (doc,) = read_pubtator(corpus)
    t = doc.text
    ann = Annotation(((0, len(t)),), (
        mention(t, "Drugone", "DRUG"), mention(t, "eased", "DRUG"),
        mention(t, "painone", "EFFECT"), mention(t, "caused", "EFFECT"),
    ))
    result = evaluate_ner(corpus, tmp_path / "out", annotate=fake_annotator({"5": ann}, [doc]))
    drug, effect = result["scores"]["DRUG"]["strict"], result["scores"]["EFFECT"]["strict"]
    assert drug == effect
    assert (drug["tp"], drug["fp"], drug["fn"]) == (1, 1, 2)
    micro_strict = result["micro"]["strict"]
    assert (micro_strict["tp"], micro_strict["fp"], micro_strict["fn"]) == (2, 2, 4)


def test_evaluate_ner_writes_sorted_error_file(tmp_path):
    docs = read_pubtator(BC5CDR)
    result = evaluate_ner(BC5CDR, tmp_path, annotate=_ner_fake(docs))
    rows = read_tsv(Path(result["files"]["errors"]))
    drug_rows = [(r["kind"], r["doc_id"], r["start"], r["text"], r["overlap_match"]) for r in rows
                 if r["comparison"] == "DRUG"]
    assert ("FP", "900001", "45", "zorbaxine developed", "yes") in drug_rows
    assert ("FN", "900001", "45", "zorbaxine", "yes") in drug_rows
    assert ("FN", "900002", "14", "quarrelon", "no") in drug_rows
    fp_rats = [r for r in rows if r["text"] == "rats"][0]
    assert fp_rats["label"] == "EFFECT" and "[[rats]]" in fp_rats["context"]
    keys = [(r["comparison"], r["doc_id"], int(r["start"]), int(r["end"]), r["kind"]) for r in rows]
    assert keys == sorted(keys)


def test_evaluate_ner_report_files_are_deterministic(tmp_path):
    docs = read_pubtator(BC5CDR)
    first = evaluate_ner(BC5CDR, tmp_path / "a", annotate=_ner_fake(docs))
    second = evaluate_ner(BC5CDR, tmp_path / "b", annotate=_ner_fake(docs))
    for name in ("ner_errors.tsv",):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    summary = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))
    assert summary["scores"] == second["scores"] == first["scores"]
    text = (tmp_path / "a" / "summary.txt").read_text(encoding="utf-8")
    assert text == format_report(first) + "\n"
    assert "DRUG+CHEMICAL" in text and "not scored (no gold mentions of that class): RECEPTOR" in text


def test_evaluate_ner_limit_and_warm_up(tmp_path):
    docs = read_pubtator(BC5CDR)
    annotate = _ner_fake(docs)
    result = evaluate_ner(BC5CDR, tmp_path, annotate=annotate, limit=1)
    assert result["speed"]["documents"] == 1
    assert annotate.calls == [["Warm-up sentence."], [docs[0].text]]


def test_evaluate_rejects_an_annotator_that_drops_documents(tmp_path):
    with pytest.raises(RuntimeError) as err:
        evaluate_ner(BC5CDR, tmp_path, annotate=lambda texts: iter([]))
    assert str(err.value) == ("The annotator returned 0 annotations for 2 documents; it must yield exactly "
                              "one Annotation per input text, in input order.")


@pytest.mark.parametrize("limit", [0, -3])
def test_evaluate_rejects_a_non_positive_limit(tmp_path, limit):
    message = f"limit must be a positive number of documents or None, got {limit}."
    with pytest.raises(ValueError, match=message):
        evaluate_ner(BC5CDR, tmp_path, annotate=lambda texts: iter([]), limit=limit)


# --------------------------------------------------------------------------------------- relations

def test_evaluate_relations_chemprot_typed_vs_untyped(tmp_path):
    (doc,) = read_chemprot(CHEMPROT)
    t = doc.text
    velp, qrx2 = mention(t, "Velprazine", "DRUG", 1), mention(t, "QRX2", "RECEPTOR", 1)
    kappa = mention(t, "Kappa-9 kinase", "RECEPTOR")
    dorn, qrx2_last = mention(t, "dornicol", "DRUG"), mention(t, "QRX2", "RECEPTOR", 2)
    unknown = mention(t, "channel", "DRUG")
    facts = (
        fact(velp, "INHIBITOR", qrx2),                        # typed TP (CPR:4 T3 T4)
        fact(velp, "INHIBITOR", qrx2, hedged=True),           # same key again: counted once
        fact(velp, "INHIBITOR", kappa),                       # gold says CPR:3: typed FP+FN, untyped TP
        fact(dorn, "AGONIST", qrx2_last, negated=True),       # never a prediction -> FN
        fact(dorn, "BINDS", qrx2_last),                       # no CPR group: not scored at all
        fact(unknown, "ANTAGONIST", qrx2),                    # subject overlaps no gold chemical: FP
    )
    ann = Annotation(((0, 35), (36, len(t))), (velp, qrx2, kappa, dorn, qrx2_last, unknown), facts)
    annotate = fake_annotator({"700001": ann}, [doc])
    result = evaluate_relations("chemprot", CHEMPROT, tmp_path, annotate=annotate)
    typed, untyped = result["scores"]["typed"]["all"], result["scores"]["untyped"]["all"]
    assert (typed["tp"], typed["fp"], typed["fn"]) == (1, 2, 2)
    assert (untyped["tp"], untyped["fp"], untyped["fn"]) == (2, 1, 1)
    # Our mentions cover T3, T4, T5, T6, T7 (not T1, T2): every gold relation was reachable.
    assert result["reachable"] == {"typed": 3, "untyped": 3}
    mapped = result["scores"]["typed"]["mapped_only"]
    assert (mapped["tp"], mapped["fp"], mapped["fn"]) == (1, 1, 2)
    assert result["facts"] == {"facts": 6, "negated": 1, "unscored_relation": 1, "scored": 4, "hedged": 1,
                               "unmapped": 1, "hedged_only_true_positives": 0,
                               "by_relation": {"ANTAGONIST": 1, "BINDS": 1, "INHIBITOR": 3}}
    rows = read_tsv(Path(result["files"]["errors"]))
    typed_rows = {(r["kind"], r["key"]) for r in rows if r["view"] == "typed"}
    assert typed_rows == {("FP", "CPR:4 | T3 | T5"), ("FP", "CPR:6 | ?channel | T4"),
                          ("FN", "CPR:3 | T3 | T5"), ("FN", "CPR:5 | T6 | T7")}
    miss = [r for r in rows if r["kind"] == "FN" and r["key"] == "CPR:5 | T6 | T7"][0]
    assert (miss["arg1_text"], miss["arg2_text"]) == ("dornicol", "QRX2")
    assert miss["evidence"] == t[36:]


def test_evaluate_relations_bc5cdr_cid(tmp_path):
    docs = read_pubtator(BC5CDR)
    d1, d2 = docs[0].text, docs[1].text
    zorb, tremor = mention(d1, "zorbaxine", "DRUG"), mention(d1, "tremor", "EFFECT", 1)
    composite = mention(d1, "renal and hepatic failure", "EFFECT")
    dizzy = mention(d1, "dizziness", "EFFECT")
    part = mention(d1, "hepatic failure", "EFFECT")
    ann1 = Annotation(((0, 33), (34, len(d1))), (zorb, tremor, composite, dizzy, part), (
        fact(zorb, "CAUSES", tremor, hedged=True),      # TP (D900001, D900010), hedged
        fact(zorb, "CAUSES", composite),                # both ids: D900012 TP, D900011 FP
        fact(zorb, "CAUSES", part),                     # one part of the composite: D900012 only
        fact(zorb, "CAUSES", dizzy),                    # gold mention has id -1: unmapped FP
        fact(zorb, "TREATS", tremor),                   # not a CID relation: unscored
    ))
    plin, quar = mention(d2, "Plinotide", "DRUG", 1), mention(d2, "quarrelon", "DRUG")
    nausea = mention(d2, "nausea", "EFFECT")
    ann2 = Annotation(((0, len(d2)),), (plin, quar, nausea), (
        fact(plin, "CAUSES", nausea, negated=True),     # negated: excluded
    ))
    annotate = fake_annotator({"900001": ann1, "900002": ann2}, docs)
    result = evaluate_relations("bc5cdr", BC5CDR, tmp_path, annotate=annotate)
    cid = result["scores"]["CID"]["all"]
    assert (cid["tp"], cid["fp"], cid["fn"]) == (2, 2, 1)
    assert (cid["precision"], cid["recall"]) == (0.5, round(2 / 3, 4))
    assert result["facts"]["hedged_only_true_positives"] == 1
    assert result["facts"]["negated"] == 1 and result["facts"]["unscored_relation"] == 1
    rows = read_tsv(Path(result["files"]["errors"]))
    assert [(r["kind"], r["doc_id"], r["key"]) for r in rows] == [
        ("FP", "900001", "D900001 | ?dizziness"), ("FP", "900001", "D900001 | D900011"),
        ("FN", "900002", "D900004 | D900014")]
    assert rows[1]["evidence"] == "zorbaxine CAUSES renal and hepatic failure"
    assert result["facts"]["scored"] == 4 and result["facts"]["unmapped"] == 1


def test_evaluate_relations_biored_pairs(tmp_path):
    (doc,) = read_pubtator(BIORED)
    t = doc.text
    quar, foob = mention(t, "Quarrelon", "DRUG", 1), mention(t, "FOOB1", "RECEPTOR", 1)
    glim = mention(t, "glimmer syndrome", "EFFECT", 1)
    mice = mention(t, "mice", "EFFECT")
    ann = Annotation(((0, len(t)),), (quar, foob, glim, mice), (
        fact(quar, "BINDS", foob),                      # chemical-gene TP
        fact(quar, "TREATS", glim),                     # chemical-disease TP
        fact(quar, "CAUSES", mice),                     # mice is OrganismTaxon: unmapped FP
        fact(foob, "MEDIATES", glim),                   # gene-disease: not scored here
    ))
    result = evaluate_relations("biored", BIORED, tmp_path, annotate=fake_annotator({"800001": ann}, [doc]))
    s = result["scores"]
    assert (s["chemical-gene"]["all"]["tp"], s["chemical-gene"]["all"]["fp"]) == (1, 0)
    assert (s["chemical-disease"]["all"]["tp"], s["chemical-disease"]["all"]["fp"]) == (1, 1)
    assert (s["all"]["all"]["tp"], s["all"]["all"]["fp"], s["all"]["all"]["fn"]) == (2, 1, 0)
    assert s["all"]["mapped_only"]["precision"] == 1.0
    assert result["facts"]["unscored_relation"] == 1
    # The chemical-gene pair is reachable (Quarrelon + FOOB1 found), so is chemical-disease.
    assert result["reachable"] == {"chemical-gene": 1, "chemical-disease": 1, "all": 2}


def test_evaluate_relations_unknown_corpus(tmp_path):
    with pytest.raises(ValueError) as err:
        evaluate_relations("chemprotx", CHEMPROT, tmp_path, annotate=lambda texts: iter([]))
    assert str(err.value) == ("Unknown corpus 'chemprotx'. Expected one of: chemprot, bc5cdr, biored. "
                              "Pass --corpus chemprot|bc5cdr|biored.")


def test_evaluate_relations_report_text(tmp_path):
    (doc,) = read_chemprot(CHEMPROT)
    result = evaluate_relations("chemprot", CHEMPROT, tmp_path, annotate=fake_annotator({}, [doc]))
    text = format_report(result)
    assert text.startswith("Relation evaluation (chemprot): ")
    assert "typed *" in text and "Negated facts are never predictions" in text
    assert "positive facts by relation: none" in text
    assert "(recall ceiling): typed 0/3" in text
    typed = result["scores"]["typed"]["all"]
    assert typed["fn"] == 3 and typed["precision"] == 0.0
    assert (tmp_path / "relations_chemprot_errors.tsv").exists()


def test_evaluate_relations_bc5cdr_part_of_a_composite_means_its_own_id(tmp_path):
    docs = read_pubtator(BC5CDR)[:1]
    d1 = docs[0].text
    zorb, part = mention(d1, "zorbaxine", "DRUG"), mention(d1, "hepatic failure", "EFFECT")
    ann = Annotation(((0, len(d1)),), (zorb, part), (fact(zorb, "CAUSES", part),))
    result = evaluate_relations("bc5cdr", BC5CDR, tmp_path, annotate=fake_annotator({"900001": ann}, docs),
                                limit=1)
    cid = result["scores"]["CID"]["all"]
    assert (cid["tp"], cid["fp"], cid["fn"]) == (1, 0, 1)
    # zorbaxine + tremor were never found as mentions: that gold pair was out of reach.
    assert result["reachable"] == {"CID": 1}
