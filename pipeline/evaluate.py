"""Score our annotation end to end against the benchmark corpora, and write what it got wrong.

``evaluate_ner`` compares mentions with a PubTator corpus (BC5CDR; BioRED works too), strict (same
span, same type) and overlap (any shared character, same type). ``evaluate_relations`` maps each
fact's subject and object spans onto the gold entities they overlap and compares the resulting tuples
with the gold relations (ChemProt, BC5CDR CID, BioRED pairs). Both run the same annotator as the flow
(``pipeline.annotate.annotate_texts``, injectable for tests), time it, and write into ``report_dir``:
``summary.json``, ``summary.txt`` and a TSV of false positives and misses, each with context, for
reading. Everything written is sorted, so two runs on the same input give identical files.

Decisions, stated once here and repeated in the report text:

- Per-label counts are kept per label and summed as a *list* (scispacy's per-class scorer sums a set
  of counts, so two labels with equal counts collapse into one).
- Overlap scoring counts matched predictions (precision) and matched gold mentions (recall)
  separately: one prediction may cover two gold mentions.
- Negated facts are never predictions. Hedged facts are, and their number is reported.
- A fact whose subject or object overlaps no gold entity of the needed type is still a prediction,
  keyed by our canonical name (``?name``): the corpora annotate every chemical/gene/disease, so the
  benchmark says that pair is not a relation. This is what the official end-to-end evaluations do;
  ``mapped_only`` shows the score without them, separating NER disagreement from relation errors.
- When a span overlaps several nested gold entities, the ones with the largest overlap are used.
- ChemProt: only relations that map to a CPR group (``schema.CHEMPROT_CPR``) are scored, typed and
  untyped alike, so both figures measure the same predictions; BINDS/MODULATOR facts are counted as
  ``unscored``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from pipeline.eval_formats import GoldDocument, GoldEntity, read_chemprot, read_pubtator
from pipeline.schema import (
    BC5CDR_CID,
    CHEMICAL,
    CHEMPROT_CPR,
    DRUG,
    DRUG_EFFECT_RELATIONS,
    DRUG_TARGET_RELATIONS,
    EFFECT,
    RECEPTOR,
)

# Gold entity types of every corpus, reduced to the three classes our labels can be compared with.
GOLD_CLASSES = {
    "Chemical": "chemical", "ChemicalEntity": "chemical", "CHEMICAL": "chemical",
    "Disease": "disease", "DiseaseOrPhenotypicFeature": "disease",
    "GeneOrGeneProduct": "gene", "GENE-Y": "gene", "GENE-N": "gene",
}
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
LABEL_CLASS = {DRUG: "chemical", CHEMICAL: "chemical", RECEPTOR: "gene", EFFECT: "disease"}
CORPORA = ("chemprot", "bc5cdr", "biored")
CONTEXT_CHARS = 60  # characters either side of a mention in error files: about one clause

Span = tuple[str, int, int]  # (doc_id, start, end)
Annotate = Callable[[Iterable[str]], Iterable]


@dataclass(frozen=True)
class Score:
    """Counts behind precision/recall/F1. ``tp_pred`` correct predictions, ``tp_gold`` found gold items.

    They are equal for strict and key matching; overlap matching may differ (one prediction covering
    two gold mentions is one correct prediction and two found mentions).
    """

    n_pred: int = 0
    n_gold: int = 0
    tp_pred: int = 0
    tp_gold: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.n_pred + other.n_pred, self.n_gold + other.n_gold,
                     self.tp_pred + other.tp_pred, self.tp_gold + other.tp_gold)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp_gold, "fp": self.n_pred - self.tp_pred, "fn": self.n_gold - self.tp_gold,
                "n_pred": self.n_pred, "n_gold": self.n_gold, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def micro(scores: Iterable[Score]) -> Score:
    """Sum a *list* of scores (never a set: equal counts of two labels must both count)."""
    total = Score()
    for score in scores:
        total = total + score
    return total


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def match_spans(pred: Iterable[Span], gold: Iterable[Span], *, overlap: bool) -> tuple[Score, list, list]:
    """Score predicted against gold spans; returns (score, unmatched predictions, unmatched gold).

    Duplicate spans count once. Strict: equal (doc, start, end). Overlap: any shared character.
    """
    pred, gold = sorted(set(pred)), sorted(set(gold))
    if not overlap:
        gold_set, pred_set = set(gold), set(pred)
        fp = [p for p in pred if p not in gold_set]
        fn = [g for g in gold if g not in pred_set]
    else:
        by_doc: dict[str, list[Span]] = defaultdict(list)
        for g in gold:
            by_doc[g[0]].append(g)
        pred_by_doc: dict[str, list[Span]] = defaultdict(list)
        for p in pred:
            pred_by_doc[p[0]].append(p)
        fp = [p for p in pred if not any(_overlaps(p, g) for g in by_doc[p[0]])]
        fn = [g for g in gold if not any(_overlaps(g, p) for p in pred_by_doc[g[0]])]
    score = Score(len(pred), len(gold), len(pred) - len(fp), len(gold) - len(fn))
    return score, fp, fn


def score_keys(pred: Iterable, gold: Iterable) -> Score:
    """Exact tuple matching (relations): tp = |pred ∩ gold|."""
    pred, gold = set(pred), set(gold)
    tp = len(pred & gold)
    return Score(len(pred), len(gold), tp, tp)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The mention in ``[[...]]`` with ``width`` characters either side, on one line."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    return f"{left}[[{text[start:end]}]]{right}".replace("\r", " ").replace("\n", " ").replace("\t", " ")


def best_overlaps(entities: Iterable[GoldEntity], start: int, end: int, gold_class: str) -> list[GoldEntity]:
    """Gold entities of ``gold_class`` sharing the most characters with [start, end) (ties: all)."""
    scored = []
    for ent in entities:
        shared = min(end, ent.end) - max(start, ent.start)
        if shared > 0 and GOLD_CLASSES.get(ent.type) == gold_class:
            scored.append((shared, ent))
    if not scored:
        return []
    best = max(shared for shared, _ in scored)
    return sorted((e for shared, e in scored if shared == best), key=lambda e: (e.start, e.end, e.ref, e.ids))


def run_annotator(docs: list[GoldDocument], annotate: Annotate | None) -> tuple[list, dict]:
    """Annotate the documents' texts; returns the annotations and the speed figures.

    The annotator is warmed up on one short text first so that loading the pipeline (once per
    process) is reported as ``startup_seconds`` and not folded into the throughput.
    """
    if annotate is None:
        from pipeline.annotate import annotate_texts as annotate  # lazy: heavy, and owned elsewhere
    texts = [d.text for d in docs]
    t0 = perf_counter()
    list(annotate(["Warm-up sentence."]))
    t1 = perf_counter()
    annotations = list(annotate(texts))
    t2 = perf_counter()
    if len(annotations) != len(texts):
        raise RuntimeError(
            f"The annotator returned {len(annotations)} annotations for {len(texts)} documents; it must "
            "yield exactly one Annotation per input text, in input order."
        )
    words = sum(len(t.split()) for t in texts)
    seconds = t2 - t1
    speed = {"documents": len(texts), "words": words, "seconds": round(seconds, 3),
             "words_per_second": round(words / seconds) if seconds > 0 else None,
             "startup_seconds": round(t1 - t0, 3)}
    return annotations, speed


def _limit(docs: list[GoldDocument], limit: int | None) -> list[GoldDocument]:
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be a positive number of documents or None, got {limit}.")
    return docs[:limit] if limit else docs


def _write_tsv(path: Path, header: tuple[str, ...], rows: Iterable[tuple]) -> None:
    def cell(value) -> str:
        return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")

    lines = ["\t".join(header)] + ["\t".join(cell(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _finish(result: dict, report_dir: Path) -> dict:
    report_dir.mkdir(parents=True, exist_ok=True)
    result["files"]["summary_json"] = str(report_dir / "summary.json")
    result["files"]["summary_txt"] = str(report_dir / "summary.txt")
    (report_dir / "summary.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")
    (report_dir / "summary.txt").write_text(format_report(result) + "\n", encoding="utf-8")
    return result


# --------------------------------------------------------------------------------------------- NER

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


# --------------------------------------------------------------------------------------- relations

def _arg_values(doc: GoldDocument, mention, gold_class: str, *, refs: bool) -> list[str]:
    """Gold T# refs (``refs``) or concept ids for our mention; ``?name`` when it overlaps none."""
    hits = best_overlaps(doc.entities, mention.start, mention.end, gold_class)
    values = sorted({v for e in hits for v in ((e.ref,) if refs else _composite_ids(e, mention.text))})
    return values or [f"?{mention.canonical_name or mention.text}"]


def _composite_ids(entity: GoldEntity, surface: str) -> tuple[str, ...]:
    """The ids our mention means when it names one part of a composite mention, else all its ids.

    "hepatic failure" inside "renal and hepatic failure" (parts: renal failure | hepatic failure)
    means only the second id; the whole composite span means both.
    """
    if len(entity.parts) == len(entity.ids) > 1:
        picked = tuple(i for part, i in zip(entity.parts, entity.ids, strict=True)
                       if part.casefold() == surface.casefold())
        if picked:
            return picked
    return entity.ids


def _chemprot_pred(doc: GoldDocument, fact) -> dict[str, list[tuple]]:
    cpr = CHEMPROT_CPR[fact.relation]
    arg1s = _arg_values(doc, fact.subject, "chemical", refs=True)
    arg2s = _arg_values(doc, fact.object, "gene", refs=True)
    return {"typed": [(doc.doc_id, cpr, a1, a2) for a1 in arg1s for a2 in arg2s],
            "untyped": [(doc.doc_id, a1, a2) for a1 in arg1s for a2 in arg2s]}


def _chemprot_gold(doc: GoldDocument) -> dict[str, set[tuple]]:
    groups = set(CHEMPROT_CPR.values())
    rels = [r for r in doc.relations if r.type in groups]
    return {"typed": {(doc.doc_id, r.type, r.arg1, r.arg2) for r in rels},
            "untyped": {(doc.doc_id, r.arg1, r.arg2) for r in rels}}


def _bc5cdr_pred(doc: GoldDocument, fact) -> dict[str, list[tuple]]:
    chems = _arg_values(doc, fact.subject, "chemical", refs=False)
    diseases = _arg_values(doc, fact.object, "disease", refs=False)
    return {"CID": [(doc.doc_id, c, d) for c in chems for d in diseases]}


def _bc5cdr_gold(doc: GoldDocument) -> dict[str, set[tuple]]:
    cid = set(BC5CDR_CID.values())
    return {"CID": {(doc.doc_id, r.arg1, r.arg2) for r in doc.relations if r.type in cid}}


def _biored_pred(doc: GoldDocument, fact) -> dict[str, list[tuple]]:
    other = "gene" if fact.relation in DRUG_TARGET_RELATIONS else "disease"
    chems = _arg_values(doc, fact.subject, "chemical", refs=False)
    others = _arg_values(doc, fact.object, other, refs=False)
    return {f"chemical-{other}": [(doc.doc_id, c, o) for c in chems for o in others]}


def _biored_gold(doc: GoldDocument) -> dict[str, set[tuple]]:
    """Chemical-gene and chemical-disease pairs of any relation type, keyed (doc, chemical, other)."""
    classes: dict[str, set[str]] = defaultdict(set)
    for ent in doc.entities:
        for concept in ent.ids:
            classes[concept].add(GOLD_CLASSES.get(ent.type, ent.type))
    gold: dict[str, set[tuple]] = {"chemical-gene": set(), "chemical-disease": set()}
    for rel in doc.relations:
        for a, b in ((rel.arg1, rel.arg2), (rel.arg2, rel.arg1)):
            if "chemical" in classes[a]:
                for other in ("gene", "disease"):
                    if other in classes[b]:
                        gold[f"chemical-{other}"].add((doc.doc_id, a, b))
    return gold


# corpus -> (reader, relations scored, predicted keys of one fact, gold keys of one document, headline)
RELATION_CORPORA = {
    "chemprot": (read_chemprot, tuple(CHEMPROT_CPR), _chemprot_pred, _chemprot_gold, "typed"),
    "bc5cdr": (read_pubtator, tuple(BC5CDR_CID), _bc5cdr_pred, _bc5cdr_gold, "CID"),
    "biored": (read_pubtator, DRUG_TARGET_RELATIONS + DRUG_EFFECT_RELATIONS, _biored_pred, _biored_gold,
               "all"),
}
REL_ERROR_HEADER = ("view", "kind", "doc_id", "key", "arg1_text", "arg2_text", "our_relation", "hedged",
                    "method", "evidence")


def _unmapped(key: tuple) -> bool:
    return any(str(part).startswith("?") for part in key[1:])


def covered_args(doc: GoldDocument, mentions) -> set[str]:
    """T# refs and concept ids of gold entities overlapped by one of our mentions of a matching label.

    A gold relation whose two arguments are both here was reachable by our NER: the share of such
    relations is the recall ceiling that relation extraction works under, separating NER misses
    from relation misses.
    """
    seen: set[str] = set()
    for m in mentions:
        gold_class = LABEL_CLASS.get(m.label)
        for ent in doc.entities:
            if GOLD_CLASSES.get(ent.type) == gold_class and ent.start < m.end and m.start < ent.end:
                seen.update((ent.ref,) if ent.ref else ent.ids)
    return seen


def _gold_arg(doc: GoldDocument, value: str) -> list[GoldEntity]:
    return sorted((e for e in doc.entities if e.ref == value or value in e.ids), key=lambda e: e.start)


def _miss_row(view: str, doc: GoldDocument, ann, key: tuple) -> tuple:
    """A gold relation we missed, with the first of our sentences that holds both its arguments."""
    arg1, arg2 = _gold_arg(doc, key[-2]), _gold_arg(doc, key[-1])
    evidence = ""
    for s, e in ann.sentences:
        if any(s <= a.start < e for a in arg1) and any(s <= b.start < e for b in arg2):
            evidence = doc.text[s:e]
            break
    return (view, "FN", doc.doc_id, " | ".join(key[1:]), arg1[0].text if arg1 else "",
            arg2[0].text if arg2 else "", "", "", "", evidence)


def _false_row(view: str, key: tuple, facts: list) -> tuple:
    facts = sorted(facts, key=lambda f: (f.sentence_id, f.subject.start, f.object.start, f.relation))
    first = facts[0]
    return (view, "FP", key[0], " | ".join(key[1:]), first.subject.text, first.object.text,
            ",".join(sorted({f.relation for f in facts})), "yes" if all(f.hedged for f in facts) else "no",
            ",".join(sorted({f.method for f in facts})), first.evidence)


def evaluate_relations(corpus: str, path: Path, report_dir: Path, *, annotate: Annotate | None = None,
                       limit: int | None = None) -> dict:
    """Score our facts end to end against a relation corpus; writes ``relations_<corpus>_errors.tsv``.

    ``path`` is the PubTator file (bc5cdr, biored) or the ChemProt split folder.
    """
    if corpus not in RELATION_CORPORA:
        raise ValueError(f"Unknown corpus '{corpus}'. Expected one of: {', '.join(CORPORA)}. "
                         "Pass --corpus chemprot|bc5cdr|biored.")
    reader, scored, pred_keys, gold_keys, headline = RELATION_CORPORA[corpus]
    docs = _limit(reader(Path(path)), limit)
    annotations, speed = run_annotator(docs, annotate)

    stats = dict.fromkeys(("facts", "negated", "unscored_relation", "scored", "hedged", "unmapped"), 0)
    by_relation: dict[str, int] = defaultdict(int)  # positive facts per relation type, scored or not
    reachable: dict[str, int] = defaultdict(int)  # gold relations whose two arguments our NER found
    pred: dict[str, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    gold: dict[str, set[tuple]] = defaultdict(set)
    rows = []
    for doc, ann in zip(docs, annotations, strict=True):
        for view, keys in gold_keys(doc).items():
            gold[view] |= keys
        doc_pred: dict[str, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
        for fact in ann.facts:
            stats["facts"] += 1
            if fact.negated:
                stats["negated"] += 1
                continue
            by_relation[fact.relation] += 1
            if fact.relation not in scored:
                stats["unscored_relation"] += 1
                continue
            stats["scored"] += 1
            stats["hedged"] += bool(fact.hedged)
            views = pred_keys(doc, fact)
            stats["unmapped"] += any(_unmapped(k) for keys in views.values() for k in keys)
            for view, keys in views.items():
                for key in keys:
                    doc_pred[view][key].append(fact)
        doc_gold = gold_keys(doc)
        seen = covered_args(doc, ann.mentions)
        for view, keys in doc_gold.items():
            reachable[view] += sum(1 for k in keys if k[-2] in seen and k[-1] in seen)
        for view in sorted(set(doc_pred) | set(doc_gold)):
            found, wanted = doc_pred.get(view, {}), doc_gold.get(view, set())
            pred[view].update(found)
            rows += [_false_row(view, k, facts) for k, facts in found.items() if k not in wanted]
            rows += [_miss_row(view, doc, ann, k) for k in wanted if k not in found]

    views = sorted(set(pred) | set(gold))
    scores = {v: score_keys(pred[v], gold[v]) for v in views}
    mapped = {v: score_keys([k for k in pred[v] if not _unmapped(k)], gold[v]) for v in views}
    if headline == "all":
        scores["all"], mapped["all"] = micro(scores.values()), micro(mapped.values())
        reachable["all"] = sum(reachable[v] for v in views)
    # Counted on the headline view only (ChemProt's typed and untyped views share their facts).
    hedged_views = [headline] if headline in pred else views
    hedged_tp = sum(1 for v in hedged_views for k, facts in pred[v].items() if k in gold[v] and
                    all(f.hedged for f in facts))
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[3], r[9]))
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    errors = report_dir / f"relations_{corpus}_errors.tsv"
    _write_tsv(errors, REL_ERROR_HEADER, rows)
    result = {
        "task": "relations",
        "corpus": corpus,
        "source": str(path),
        "speed": speed,
        "facts": {**stats, "hedged_only_true_positives": hedged_tp,
                  "by_relation": dict(sorted(by_relation.items()))},
        "scored_relations": list(scored),
        "headline": headline,
        "scores": {v: {"all": scores[v].as_dict(), "mapped_only": mapped[v].as_dict()} for v in scores},
        "reachable": {v: reachable[v] for v in scores},
        "files": {"errors": str(errors)},
    }
    return _finish(result, report_dir)


# ------------------------------------------------------------------------------------------ report

def _row(name: str, s: dict) -> str:
    return (f"  {name:<28}{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
            f"{s['precision']:>9.3f}{s['recall']:>9.3f}{s['f1']:>9.3f}")


_HEAD = f"  {'':<28}{'TP':>7}{'FP':>7}{'FN':>7}{'P':>9}{'R':>9}{'F1':>9}"

_NER_NOTES = (
    "strict = same span and type; overlap = any shared character and type (P counts matched",
    "predictions, R matched gold mentions). BC5CDR's Chemical includes endogenous chemicals, which",
    "we label CHEMICAL, not DRUG: CHEMICAL alone has low recall by design, DRUG+CHEMICAL scores the",
    "union against Chemical. Gold mentions with id -1 and composite mentions count as plain spans.",
)
_REL_NOTES = (
    "Negated facts are never predictions; hedged facts are. Facts whose subject or object overlaps no",
    "gold entity count as false positives under our own name (mapped_only leaves them out).",
    "ChemProt: only relations with a CPR group are scored, typed and untyped alike.",
)


def format_report(result: dict) -> str:
    """The human-readable summary the CLI prints (also written to summary.txt)."""
    speed = result["speed"]
    lines = []
    if result["task"] == "ner":
        lines.append(f"NER evaluation: {result['source']} ({speed['documents']} documents)")
        for mode in ("strict", "overlap"):
            lines += ["", f" {mode}", _HEAD]
            lines += [_row(name, modes[mode]) for name, modes in result["scores"].items()]
            lines.append(_row(f"micro {'+'.join(result['micro_labels'])}", result["micro"][mode]))
        if result["not_scored"]:
            lines += ["", f"not scored (no gold mentions of that class): {', '.join(result['not_scored'])}"]
        notes = _NER_NOTES
    else:
        facts = result["facts"]
        lines.append(f"Relation evaluation ({result['corpus']}): {result['source']} "
                     f"({speed['documents']} documents)")
        lines.append(f"scored relations: {', '.join(result['scored_relations'])}")
        for mode in ("all", "mapped_only"):
            lines += ["", f" {mode}", _HEAD]
            lines += [_row(v + (" *" if v == result["headline"] else ""), s[mode])
                      for v, s in result["scores"].items()]
        lines += ["", f"facts: {facts['facts']} total, {facts['negated']} negated (excluded), "
                      f"{facts['unscored_relation']} with relations this corpus does not score, "
                      f"{facts['scored']} scored ({facts['hedged']} hedged, {facts['unmapped']} unmapped); "
                      f"{facts['hedged_only_true_positives']} true positives rest on hedged facts only"]
        lines += [f"gold relations whose two arguments our NER found (recall ceiling): {v} "
                  f"{result['reachable'][v]}/{s['all']['n_gold']}" for v, s in result["scores"].items()]
        positive = ", ".join(f"{rel} {n}" for rel, n in facts["by_relation"].items()) or "none"
        lines.append(f"positive facts by relation: {positive}")
        notes = _REL_NOTES
    wps = speed["words_per_second"] if speed["words_per_second"] is not None else "n/a"
    lines += ["", f"speed: {speed['documents']} documents, {speed['words']} words in {speed['seconds']} s"
                  f" = {wps} words/s (pipeline start-up {speed['startup_seconds']} s)"]
    lines += ["", *notes, "", *(f"{name}: {p}" for name, p in sorted(result["files"].items()))]
    return "\n".join(lines)
