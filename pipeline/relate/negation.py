"""Negation and hedging, decided per fact rather than per sentence.

With no parser to give a negation's scope, scope is approximated by distance: a negation word counts
only in the few tokens right before the fact's cue, with no comma or entity in between, so "activates A
..., but does not inhibit B" negates only B. Hedging ("may", "appears", "suggested") counts from the
clause start to the end of the fact, plus frames like "it has been hypothesized that". The word lists
follow negspacy's English preceding-negation cues (see `cues.NEGATION_WORDS`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.relate import cues
from pipeline.relate.sentence import Sent, cue_at, low

NEGATION_WINDOW = 5  # "does not strongly inhibit"


def negated_before(doc: Doc, s: Sent, cue_start: int) -> bool:
    """A negation word in the few tokens right before the cue, not separated by a comma or entity."""
    for j in range(cue_start - 1, max(s.start, cue_start - NEGATION_WINDOW) - 1, -1):
        word = low(doc, j)
        if word in (",", ";", "(") or j in s.ent_of or word in cues.CLAUSE_BOUNDARIES:
            return False
        if doc[j].text == "NO":  # nitric oxide, even where the NER did not tag it: "cytokines and NO and
            return False  # increased HO-1 activity"
        if word in cues.NEGATION_WORDS:
            nxt = low(doc, j + 1) if j + 1 < len(doc) else ""
            return nxt not in cues.PSEUDO_NEGATION_NEXT
    return False


def clause_start(doc: Doc, s: Sent, i: int) -> int:
    for j in range(i - 1, s.start - 1, -1):
        if low(doc, j) in cues.CLAUSE_BOUNDARIES:
            return j + 1
    return s.start


def hedged_in(doc: Doc, start: int, end: int) -> bool:
    return any(low(doc, j) in cues.HEDGE_WORDS for j in range(start, end))


def frame_hedge(doc: Doc, s: Sent, before: int) -> bool:
    """'It has been hypothesized that ...', 'suggesting that ...' hedge everything after them."""
    return any(low(doc, j) in cues.HEDGE_WORDS and low(doc, j + 1) == "that"
               for j in range(s.start, before))


DISJUNCT_REACH = 8  # "has not been shown to prevent suicide, self-harm or reduce"


def negated_disjunct(doc: Doc, s: Sent, cue_start: int) -> bool:
    """'X has not been shown to prevent Y or reduce Z', 'X neither blocks Y nor activates Z': a verb
    after 'or'/'nor' shares the negation of the verb it is coordinated with."""
    k = cue_start - 1
    if k < s.start or low(doc, k) not in ("or", "nor"):
        return False
    if low(doc, k) == "nor":
        return True
    for j in range(k - 1, max(s.start, k - 1 - DISJUNCT_REACH) - 1, -1):
        word = low(doc, j)
        if word in (";", ".") or word in cues.CLAUSE_BOUNDARIES:
            return False
        hit = cue_at(doc, j) if j not in s.ent_of else None
        if hit is not None and hit[0].kind == "verb":
            return negated_before(doc, s, j)
    return False
