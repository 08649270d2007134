"""`extract_relations`: builds the per-sentence entity tables once, runs every frame at every token, and
deduplicates — the first rule to produce a (sentence, subject, object, relation) fact wins, so class
nouns (read first) beat the verb frames over the same words.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from pipeline.components.tokens import token_lowers
from pipeline.relate import cues
from pipeline.relate.arguments import parenthesized_aliases
from pipeline.relate.document import title_pairs, topic_drug_events
from pipeline.relate.effects import (
    COMPARISON_WORDS,
    GROUP_REPORT_WORDS,
    LACKING_VERBS,
    POTENTIAL_VERBS,
    REQUIRE_WORDS,
    SEPARATION_WORDS,
    absent_effect,
    adverse_link,
    compared_outcome,
    compound_cause,
    drug_associated_with,
    effect_before_drug,
    effect_in_patients,
    effect_potential,
    effect_requires,
    group_given_reports,
    indication_for,
    patients_who_received,
    population_disease,
    separated_from_placebo,
    users_develop,
)
from pipeline.relate.ellipsis import TargetResolver, kb_target_id, resolve_ellipses
from pipeline.relate.frames import class_noun_frame, verb_frame
from pipeline.relate.metabolism import (
    catalysis_frame,
    enzyme_compound,
    enzyme_role,
    metabolic_step,
    process_enzymes,
)
from pipeline.relate.polarity import assert_polarity
from pipeline.relate.properties import activity_frame
from pipeline.relate.sentence import Relation, Sent, cue_at, is_agent
from pipeline.schema import DRUG_TARGET_RELATIONS


def _sentences(doc: Doc, resolve: TargetResolver | None = None) -> list[Sent]:
    sents = []
    ents = sorted(doc.ents, key=lambda e: e.start)
    k = 0
    for index, sent in enumerate(doc.sents):
        ent_of: dict[int, Span] = {}
        while k < len(ents) and ents[k].start < sent.end:
            if ents[k].start >= sent.start:
                for t in range(ents[k].start, min(ents[k].end, sent.end)):
                    ent_of[t] = ents[k]
            k += 1
        sents.append(Sent(index, sent.start, sent.end, ent_of))
        if resolve is not None and ent_of:
            resolve_ellipses(doc, sents[-1], resolve)
    return sents


def _alias_facts(doc: Doc, sents: list[Sent], found: list[Relation]) -> list[Relation]:
    """The same drug -> target fact for the names in parentheses after either argument ("the Y inhibitor
    X (code)", "X enhances heme oxygenase-1 (HO-1)"). Rules read past such parentheticals, so without
    this the alias, which literature annotates as an entity of its own, would carry no fact."""
    extra = []
    for rel in found:
        if rel.relation not in DRUG_TARGET_RELATIONS:
            continue
        s = sents[rel.sentence_id]
        subjects = [rel.subject, *_aliases(doc, s, rel.subject)]
        objects = [rel.object, *_aliases(doc, s, rel.object)]
        for subj in subjects:
            for obj in objects:
                if (subj, obj) != (rel.subject, rel.object):
                    extra.append(replace(rel, subject=subj, object=obj, method=f"{rel.method}+alias"))
    return extra


def _aliases(doc: Doc, s: Sent, ent: Span) -> list[Span]:
    """`arguments.parenthesized_aliases`, and the name opening a bracket of any length right after the
    entity: a brand or code name ('X (Brandname, an agent with ...)'), a systematic name ('MK-801
    ((+)-5-methyl-...-imine maleate)', 'AM1241 [1-(...)indole]'); a chemical's alias may carry the other
    agent label (a DRUG's systematic name tagged CHEMICAL)."""
    found = parenthesized_aliases(doc, s, ent)
    j = ent.end
    if j + 1 < s.end and doc[j].text in ("(", "["):
        alias = s.ent_of.get(j + 1)
        same = alias is not None and (alias.label_ == ent.label_ or is_agent(alias) and is_agent(ent))
        if same and alias.start == j + 1 and alias not in found:
            found.append(alias)
    return found


def _population_facts(doc: Doc, sents: list[Sent], found: list[Relation]) -> list[Relation]:
    """'X reduced depressive symptoms in patients with D': a symptom X treats in patients with D makes D
    an indication of X too, negated and hedged alike."""
    extra = []
    for rel in found:
        if rel.relation != "TREATS" or not rel.method.startswith(("verb:", "separated_from_placebo")):
            continue
        for disease in population_disease(doc, sents[rel.sentence_id], rel.object):
            extra.append(replace(rel, object=disease, method=f"{rel.method}+population"))
    return extra


# Words that make a "than" comparative: "more potent than", "less active than", "greater ... than".
_COMPARATIVES = frozenset("more less greater higher lower better stronger weaker".split())
_THAN_FILLERS = frozenset({"the", "that", "those", "of", "its", "their", "by", "with", "did", "does", "do",
                           "against", "on", "at", "for"})
_COMPARATIVE_REACH = 3  # "more potently than", "six times more active against COX-1 than"


def _comparative_at(lowers: list[str], t: int, lo: int) -> bool:
    """'than' at t closes a comparative: one of _COMPARATIVES stands at most a few words before it."""
    return any(lowers[k] in _COMPARATIVES for k in range(max(lo, t - _COMPARATIVE_REACH - 3), t))


def _comparative_facts(doc: Doc, sents: list[Sent], found: list[Relation]) -> list[Relation]:
    """A comparison says both sides have the property compared: 'X inhibited Y more potently than Z' and
    'X was ten-fold more potent than Z as a Y inhibitor' make Z a Y inhibitor too; 'X was more active
    against Y1 than (against) Y2' makes X act on Y2. The other side is the entity right after 'than'
    (past 'that of', 'the'), of the same kind as the side the fact already has; the clause may not end
    between them."""
    lowers = token_lowers(doc)
    extra = []
    for rel in found:
        if rel.relation not in DRUG_TARGET_RELATIONS:
            continue
        s = sents[rel.sentence_id]
        lo = s.start
        # forward: 'than Z' after the fact
        start = max(rel.subject.end, rel.object.end)
        for t in range(start, s.end - 1):
            word = lowers[t]
            if word in cues.CLAUSE_BOUNDARIES or word == ".":
                break
            if word != "than" or not _comparative_at(lowers, t, lo):
                continue
            k = t + 1
            while k < s.end and k - t <= 3 and k not in s.ent_of and lowers[k] in _THAN_FILLERS:
                k += 1
            other = s.ent_of.get(k)
            if other is None or other.start != k:
                break
            if other.label_ == rel.subject.label_:
                extra.append(replace(rel, subject=other, method=f"{rel.method}+comparative"))
            elif other.label_ == rel.object.label_:
                extra.append(replace(rel, object=other, method=f"{rel.method}+comparative"))
            break
        # backward: the fact's subject is the compared one, 'X was more potent than Z as a Y inhibitor'
        t = rel.subject.start - 1
        while t >= lo and lowers[t] in _THAN_FILLERS:
            t -= 1
        if t < lo or lowers[t] != "than" or not _comparative_at(lowers, t, lo):
            continue
        for k in range(t - 1, lo - 1, -1):
            if lowers[k] in cues.CLAUSE_BOUNDARIES or lowers[k] in (",", "."):
                break
            other = s.ent_of.get(k)
            if other is not None:
                if other.label_ == rel.subject.label_ and other.end <= t:
                    extra.append(replace(rel, subject=other, method=f"{rel.method}+comparative"))
                break
    return extra


def extract_relations(doc: Doc, *, resolve_target: TargetResolver | None = kb_target_id) -> list[Relation]:
    """All facts in `doc`, one per (sentence, subject, relation, object), ordered by sentence, subject
    start, object start, relation. The first rule to produce a fact wins (class nouns before verbs).

    `resolve_target` maps a target name to its RECEPTOR concept id; it names elided coordinated targets
    ("sodium or calcium channels"), which then appear as subject/object spans not in `doc.ents`.
    Pass None to use only the NER's entities."""
    sents = _sentences(doc, resolve_target)
    found: list[Relation] = []
    # A title heads a text: a document of one sentence is that sentence, not a title over nothing
    # ("Ketamine has abuse potential." is a claim its words must support, see document.py).
    titled = len(sents) > 1 and bool(sents[0].ent_of)
    if titled:
        title_pairs(doc, sents[0], found)
    lowers = token_lowers(doc)  # read once: the loop below visits every token of every sentence
    for s in sents:
        if not s.ent_of:
            continue
        for i in range(s.start, s.end):
            word = lowers[i]
            if word in ("effect", "effects", "efficacy", "response", "responses", "benefit", "benefits"):
                effect_in_patients(doc, s, i, found)
            if word.endswith(cues.METABOLIC_REACTIONS) or word in cues.REACTION_NOUNS:  # even when the NER
                # mis-tagged "N-demethylation"
                metabolic_step(doc, s, i, found)
            if i in s.ent_of:
                continue
            if word in cues.ROLE_PROCESS_NOUNS:
                enzyme_role(doc, s, i, found)
            if word in cues.PROCESS_ADJECTIVES:
                process_enzymes(doc, s, i, found)
            if word in ("who", "that"):
                patients_who_received(doc, s, i, found)
            if word in REQUIRE_WORDS:
                effect_requires(doc, s, i, found)
            if word in SEPARATION_WORDS:
                separated_from_placebo(doc, s, i, found)
            if word in COMPARISON_WORDS:
                compared_outcome(doc, s, i, found)
            if word in ("no", "without") or word in LACKING_VERBS:
                absent_effect(doc, s, i, found)
            if word in POTENTIAL_VERBS:
                effect_potential(doc, s, i, found)
            if word in cues.ONSET_WORDS:
                users_develop(doc, s, i, found)
            if word in GROUP_REPORT_WORDS:
                group_given_reports(doc, s, i, found)
            if word == "for":
                indication_for(doc, s, i, found)
            elif word in cues.COMPOUND_CAUSE_WORDS:
                compound_cause(doc, s, i, found)
            if word in cues.ENZYME_COMPOUND_WORDS:
                enzyme_compound(doc, s, i, found)
            if word in cues.CATALYSIS_VERBS or word in cues.FORMATION_VERBS:
                catalysis_frame(doc, s, i, found)
            if word in cues.ACTIVITY_CUES:
                activity_frame(doc, s, i, found)
            link = adverse_link(doc, s, i) if word in cues.ADVERSE_LINK_STARTS else None
            if link is not None:
                effect_before_drug(doc, s, i, link, found)
                drug_associated_with(doc, s, i, found)
            hit = cue_at(doc, i)
            if hit is None:
                continue
            cue, end = hit
            if cue.kind == "noun":
                class_noun_frame(doc, s, i, cue, found)
            else:
                verb_frame(doc, sents, s, i, end, cue, found)
    if titled:
        topic_drug_events(doc, sents, found)
    found.extend(_population_facts(doc, sents, found))
    found.extend(_comparative_facts(doc, sents, found))
    found.extend(_alias_facts(doc, sents, found))
    unique: dict[tuple, Relation] = {}
    for rel in found:
        key = (rel.sentence_id, rel.subject.start, rel.subject.end, rel.object.start, rel.object.end,
               rel.relation)
        unique.setdefault(key, rel)
    # "X is a Y agonist that promotes Y dimerization": the receptor role says how X activates Y; a second,
    # vaguer fact on the same pair from the same sentence adds nothing
    roles = {(r.sentence_id, r.subject.start, r.object.text.lower(), r.relation) for r in unique.values()}
    vaguer = {"ACTIVATOR": "AGONIST", "INHIBITOR": "ANTAGONIST"}
    unique = {k: r for k, r in unique.items()
              if (r.sentence_id, r.subject.start, r.object.text.lower(), vaguer.get(r.relation)) not in roles}
    ordered = sorted(unique.values(),
                     key=lambda r: (r.sentence_id, r.subject.start, r.object.start, r.relation))
    return assert_polarity(doc, sents, ordered)
