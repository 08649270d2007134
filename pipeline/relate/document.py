"""Document-level rules: a short title naming one drug and an adverse condition states their link, and
an abstract titled with one drug reports that drug's events in later drug-free sentences ("Seven
patients developed Y").

These look beyond the sentence because abstracts are written about one finding; both are restricted to
titles with a single drug concept and no cue, negation or hedge, since no parser tells us what the
title's noun phrases are doing. A text of one sentence has no title (`extract.extract_relations`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.relate import cues
from pipeline.relate.effects import adverse_link
from pipeline.relate.sentence import (
    Relation,
    Sent,
    cue_at,
    emit,
    is_physiological,
    is_therapeutic,
    low,
    non_agent,
)
from pipeline.schema import DRUG, EFFECT

TITLE_TOKENS = 25  # article titles are short; a long first sentence is prose, not a title


def title_pairs(doc: Doc, s: Sent, out: list) -> None:
    """An article title that names a drug and an adverse condition and nothing else states their link
    ("Zorbaxine maleate and peripheral neuropathy", "Y with a single dose of X"): titles are written
    about one finding. Any cue word or link ('induced', 'after') opts out — those titles are read by the
    ordinary frames, which know which effect goes with the drug — and so do 'for', 'effects of', study
    words, negation, a therapeutic or physiological effect, and more than one drug."""
    ents = sorted(set(s.ent_of.values()), key=lambda e: e.start)
    drugs = [e for e in ents if e.label_ == DRUG and not non_agent(doc, e)]
    effects = [e for e in ents if e.label_ == EFFECT]
    if not drugs or not effects or any(is_therapeutic(e) or is_physiological(e) for e in effects):
        return
    inside = {t for e in ents for t in range(e.start, e.end)}
    for j in range(s.start, s.end):
        if j in inside:
            continue
        word = low(doc, j)
        if word in cues.TITLE_OPT_OUT or word in cues.NEGATION_WORDS or word in cues.HEDGE_WORDS:
            return
        if cue_at(doc, j) is not None or adverse_link(doc, s, j) is not None:
            return
    if len({d.kb_id_ for d in drugs}) != 1:  # combinations and comparisons name no single culprit
        return
    emit(out, s, drugs, effects, "CAUSES", False, False, "title_pair")


def topic_drug_events(doc: Doc, sents: list[Sent], out: list) -> None:
    """Document-level: an abstract titled with one drug ("Delirium during clozapine treatment") reports
    that drug's adverse events in later sentences that name no drug at all ("Seven patients developed
    Y"). Only a short title with a single drug concept qualifies, only sentences with an onset word
    ("developed", "occurred") and no treat cue, negation or hedge; the fact cites the event's sentence."""
    title = sents[0]
    if title.end - title.start > TITLE_TOKENS:
        return
    drugs = sorted({e for e in title.ent_of.values() if e.label_ == DRUG}, key=lambda e: e.start)
    if len({d.kb_id_ for d in drugs}) != 1 or non_agent(doc, drugs[0]):
        return
    for s in sents[1:]:
        ents = set(s.ent_of.values())
        if not ents or any(e.label_ == DRUG for e in ents):
            continue
        words = [low(doc, j) for j in range(s.start, s.end)]
        if not cues.ONSET_WORDS & set(words) or cues.NEGATION_WORDS & set(words) \
                or cues.HEDGE_WORDS & set(words):
            continue
        if any((hit := cue_at(doc, j)) is not None and hit[0].relation_for(EFFECT) == "TREATS"
               for j in range(s.start, s.end)):
            continue
        effects = sorted((e for e in ents if e.label_ == EFFECT and not is_therapeutic(e)
                          and not is_physiological(e)), key=lambda e: e.start)
        for e in effects:
            out.append(Relation(s.index, drugs[0], "CAUSES", e, False, False, "topic_drug_event"))
