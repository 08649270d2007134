"""Coordination with an elided head: "voltage-gated sodium or calcium channels" names two targets, but
the NER sees only "calcium channels".

Without a parser the first conjunct is recovered from the words left of the coordinator, and named
through the knowledge base as "<conjunct> <head noun>" — the longest form the KB knows. The resulting
RECEPTOR span is not in `doc.ents`; it is added to the sentence's entity table only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.arguments import DRUG_DESCRIPTION_HEADS
from pipeline.relate.sentence import Sent, cue_at, low
from pipeline.schema import CHEMICAL, RECEPTOR

ELLIPSIS_WORDS = 4  # "voltage-gated sodium" = voltage - gated sodium
# Nouns naming what a drug is, never a target's modifier: "X is a neuroactive steroid and Y receptor PAM".
_COMPOUND_NOUNS = frozenset("""steroid steroids neurosteroid neurosteroids prodrug formulation salt
    enantiomer metabolite""".split())


TargetResolver = Callable[[str], str | None]


@functools.lru_cache(maxsize=4096)
def kb_target_id(text: str) -> str | None:
    """The RECEPTOR concept id the knowledge base gives `text`, or None. Loaded lazily: only sentences
    with an elided target head ("sodium or calcium channels") ever need it."""
    from pipeline.kb import load_kb

    for _term, concept, _how in load_kb().lookup(text):
        if concept.label == RECEPTOR:
            return concept.concept_id
    return None


def _elided_target(doc: Doc, s: Sent, head: Span, resolve: TargetResolver) -> Span | None:
    """'voltage-gated sodium or calcium channels': the NER saw 'calcium channels' (and perhaps 'sodium' as
    a chemical); the first conjunct shares the head noun. Returns a RECEPTOR span over the conjunct's own
    words, with the concept of '<conjunct> <head noun>' — the longest form the KB knows — or None."""
    k = head.start - 1
    noun = low(doc, head.end - 1)
    if noun not in cues.TARGET_HEAD_NOUNS or k - 1 < s.start or low(doc, k) not in ("or", "and", "and/or"):
        return None
    if k - 1 in s.ent_of and s.ent_of[k - 1].label_ == RECEPTOR:  # the NER already named the conjunct
        return None
    words = []
    j = k - 1
    while j >= s.start and len(words) < ELLIPSIS_WORDS:
        ent = s.ent_of.get(j)
        word = low(doc, j)
        if (ent is not None and ent.label_ not in (CHEMICAL, RECEPTOR)) or word in cues.CLAUSE_BOUNDARIES \
                or word in cues.TARGET_HEAD_NOUNS or not (word.isalnum() or word == "-") or cue_at(doc, j):
            break
        words.append(j)
        j -= 1
    if words and (low(doc, words[0]) in DRUG_DESCRIPTION_HEADS or low(doc, words[0]) in _COMPOUND_NOUNS):
        return None  # "an oral neuroactive steroid and GABA-A receptor modulator": a noun of its own
    for start in sorted(words):  # longest conjunct first: "voltage-gated sodium" before "sodium"
        if doc[start].text == "-" or (start in s.ent_of and s.ent_of[start].start < start):
            continue
        concept = resolve(f"{doc[start:k].text} {noun}")
        if concept is not None:
            span = Span(doc, start, k, label=RECEPTOR, kb_id=concept)
            if Span.has_extension("ner_source"):
                span._.ner_source = "lexicon"
            return span
    return None


def resolve_ellipses(doc: Doc, s: Sent, resolve: TargetResolver) -> None:
    for head in sorted({e for e in s.ent_of.values() if e.label_ == RECEPTOR}, key=lambda e: e.start):
        span = _elided_target(doc, s, head, resolve)
        if span is None:
            continue
        # "inhibits serotonin and norepinephrine transporters": the conjunct may be exactly the NER's
        # chemical "serotonin"; here it names the elided target, which replaces it (annotate.py reports
        # the fact under the target's own label and concept, not the chemical mention at its offsets).
        for t in range(span.start, span.end):
            s.ent_of[t] = span
