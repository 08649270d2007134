"""Precision/recall counts and how predictions are matched: spans, tuple keys, and gold entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.eval_formats import GoldEntity

# Gold entity types of every corpus, reduced to the three classes our labels can be compared with.
GOLD_CLASSES = {
    "Chemical": "chemical", "ChemicalEntity": "chemical", "CHEMICAL": "chemical",
    "Disease": "disease", "DiseaseOrPhenotypicFeature": "disease",
    "GeneOrGeneProduct": "gene", "GENE-Y": "gene", "GENE-N": "gene",
}

Span = tuple[str, int, int]  # (doc_id, start, end)


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
