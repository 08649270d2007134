"""Facts against a relation corpus (ChemProt, BC5CDR CID, BioRED), end to end from our own mentions."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.eval_formats import GoldDocument, GoldEntity, read_chemprot, read_pubtator
from pipeline.evaluate.report import _finish, _write_tsv
from pipeline.evaluate.run import Annotate, _limit, run_annotator
from pipeline.evaluate.scoring import GOLD_CLASSES, best_overlaps, micro, score_keys
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

LABEL_CLASS = {DRUG: "chemical", CHEMICAL: "chemical", RECEPTOR: "gene", EFFECT: "disease"}
CORPORA = ("chemprot", "bc5cdr", "biored")


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
