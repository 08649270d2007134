"""Mentions against a PubTator corpus: strict and overlap scores per label comparison."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.eval_formats import read_pubtator
from pipeline.evaluate.report import _finish, _write_tsv, context
from pipeline.evaluate.run import Annotate, _limit, run_annotator
from pipeline.evaluate.scoring import GOLD_CLASSES, Span, match_spans, micro
from pipeline.schema import CHEMICAL, DRUG, EFFECT, RECEPTOR

# (name, our labels, gold class). DRUG+CHEMICAL exists because BC5CDR's Chemical also covers the
# endogenous chemicals (glutamate, calcium) that we label CHEMICAL, not DRUG.
NER_COMPARISONS = (
    (DRUG, (DRUG,), "chemical"),
    (EFFECT, (EFFECT,), "disease"),
    (CHEMICAL, (CHEMICAL,), "chemical"),
    (f"{DRUG}+{CHEMICAL}", (DRUG, CHEMICAL), "chemical"),
    (RECEPTOR, (RECEPTOR,), "gene"),
)
HEADLINE_NER = (DRUG, EFFECT)
NER_ERROR_HEADER = ("comparison", "kind", "doc_id", "start", "end", "text", "label", "overlap_match",
                    "context")


def evaluate_ner(pubtator_path: Path, report_dir: Path, *, annotate: Annotate | None = None,
                 limit: int | None = None) -> dict:
    """Strict and overlap P/R/F1 of our mentions against a PubTator corpus; writes ``ner_errors.tsv``.

    Comparisons without gold mentions of their class in the corpus (RECEPTOR on BC5CDR) are listed
    under ``not_scored``. Gold mentions with id -1 and composite mentions are ordinary spans here.
    """
    docs = _limit(read_pubtator(Path(pubtator_path)), limit)
    annotations, speed = run_annotator(docs, annotate)
    texts = {d.doc_id: d.text for d in docs}
    gold_by_class: dict[str, set[Span]] = defaultdict(set)
    for doc in docs:
        for ent in doc.entities:
            if ent.type in GOLD_CLASSES:
                gold_by_class[GOLD_CLASSES[ent.type]].add((doc.doc_id, ent.start, ent.end))
    pred_by_label: dict[str, set[Span]] = defaultdict(set)
    for doc, ann in zip(docs, annotations, strict=True):
        for m in ann.mentions:
            pred_by_label[m.label].add((doc.doc_id, m.start, m.end))

    scores: dict[str, dict] = {}
    not_scored: list[str] = []
    rows = []
    for name, labels, gold_class in NER_COMPARISONS:
        gold = gold_by_class.get(gold_class, set())
        if not gold:
            not_scored.append(name)
            continue
        pred = set().union(*(pred_by_label.get(label, set()) for label in labels))
        strict, fp, fn = match_spans(pred, gold, overlap=False)
        loose, loose_fp, loose_fn = match_spans(pred, gold, overlap=True)
        scores[name] = {"strict": strict, "overlap": loose}
        # Strict errors only; overlap_match=yes marks a boundary error the overlap score forgives.
        for kind, spans, loose_miss in (("FP", fp, set(loose_fp)), ("FN", fn, set(loose_fn))):
            for span in spans:
                doc_id, start, end = span
                label = "/".join(labels) if kind == "FP" else gold_class
                rows.append((name, kind, doc_id, start, end, texts[doc_id][start:end], label,
                             "no" if span in loose_miss else "yes", context(texts[doc_id], start, end)))
    rows.sort(key=lambda r: (r[0], r[2], r[3], r[4], r[1]))
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    _write_tsv(report_dir / "ner_errors.tsv", NER_ERROR_HEADER, rows)

    headline = [n for n in HEADLINE_NER if n in scores]
    result = {
        "task": "ner",
        "source": str(pubtator_path),
        "speed": speed,
        "scores": {n: {mode: s.as_dict() for mode, s in modes.items()} for n, modes in scores.items()},
        "micro": {mode: micro(scores[n][mode] for n in headline).as_dict() for mode in ("strict", "overlap")},
        "micro_labels": headline,
        "not_scored": not_scored,
        "files": {"errors": str(report_dir / "ner_errors.tsv")},
    }
    return _finish(result, report_dir)
