"""Relation extraction: which drug does what to which target, what it treats or causes, and what a
target mediates — read from the entities the NER layer put in `doc.ents`.

Design without a parser. scispacy's trained models (tagger, parser) cannot be installed, so nothing
here reads part-of-speech tags or dependency arcs. Instead every rule is a sentence-local *frame*
anchored on a cue word from `relate_cues.py` and read over surface tokens:

- class-noun frames: "the Y antagonist X", "X (alias), a potent Y antagonist", "X acts as a Y agonist",
  "Y antagonists, such as X" — the target sits in the compound before the class noun (only target
  modifiers like "receptor", "channel", "positive allosteric" may intervene), the drug right after it
  (only "such as", "(", ",", "also known as" may intervene) or in apposition before it (a comma or a
  copula must intervene, so two unrelated noun phrases are never glued together);
- verb frames: active "X inhibits Y" (object = the first entity a few tokens after the cue; subject =
  the nearest entity of the partner label before it), passive "Y is inhibited by X", nominal
  "inhibition of Y by X", compound "X-induced Y", and "X (brand) for Y" indications.

What a parser would give, approximated by token classes:
- clause boundaries (";", "but", "whereas", "although", ...) stop a cue from reaching across, except that
  a verb phrase with no subject of its own ("..., but does not inhibit Y") shares the subject before it;
- relative pronouns: in "signaling that causes seizures" the subject must stand right before "that";
- parentheticals are skipped when looking left, and "X (alias)" yields one fact, for X;
- coordination: "X and Z ... by blocking A or B channels" pairs every subject with every object;
- exclusion: "antagonists other than X" yields nothing for X; "X metabolites activate Y" nothing for X;
- a drug that blocks or prevents a *therapeutic* effect ("NBQX prevented the antidepressant effects")
  treats nothing.
Negation and hedging are decided per fact: negation only counts in the few tokens right before the
fact's cue (so "activates A ..., but does not inhibit B" negates only B); hedging counts from the clause
start to the end of the fact, plus "it has been hypothesized that"-style frames.

Subjects are DRUG entities (RECEPTOR for MEDIATES). CHEMICAL entities (endogenous glutamate, GABA,
calcium) never produce facts: "glutamate activates NMDA receptors" describes physiology, not a drug
action, and schema.RELATION_SIGNATURES has no CHEMICAL subject.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline import relate_cues as cues
from pipeline.schema import CHEMICAL, DRUG, EFFECT, RECEPTOR, RELATION_SIGNATURES

# Window limits (in tokens). Objects of verbs sit close to the verb in this writing ("increased cell
# membrane AMPA GluR1 levels" = 3 fillers); subjects may be far ("Rapastinel (Glyx-13), an NMDA
# receptor modulator with glycine-like properties, appears to ... activate AMPA receptors" ~ 25).
OBJECT_WINDOW = 6
SUBJECT_WINDOW = 40
PASSIVE_WINDOW = 4  # "Y was significantly inhibited by X"
APPOSITION_WINDOW = 6  # "X, a potent and highly selective Y antagonist"
CLASS_MODIFIER_WINDOW = 4  # "AMPA receptor positive allosteric modulator"
NEGATION_WINDOW = 5  # "does not strongly inhibit"
TITLE_TOKENS = 25  # article titles are short; a long first sentence is prose, not a title
LINK_WINDOW = 4  # "after the therapeutic administration of X"
ELLIPSIS_WORDS = 4  # "voltage-gated sodium" = voltage - gated sodium
COORDINATION_GAP = {RECEPTOR: 4, DRUG: 4, EFFECT: 8}  # effect lists carry descriptive filler

_BLOCKING_FAMILIES = frozenset({"block", "prevent", "abolish", "inhibit", "suppress", "attenuate", "reduce",
                                "decrease", "alleviate"})


@dataclass(frozen=True)
class Relation:
    """One fact read from one sentence; spans are entities from `doc.ents`."""

    sentence_id: int
    subject: Span
    relation: str
    object: Span
    negated: bool
    hedged: bool
    method: str


@dataclass
class _Sent:
    """Per-sentence lookup tables built once, so rules never rescan `doc.ents`."""

    index: int
    start: int
    end: int
    ent_of: dict[int, Span]


# ---------------------------------------------------------------- token helpers (pure)


def _low(doc: Doc, i: int) -> str:
    return doc[i].lower_


def cue_at(doc: Doc, i: int) -> tuple[cues.Cue, int] | None:
    """The cue starting at token i and the index after it, or None. Compound modifiers
    ("treatment-resistant") are not predicates, so a cue followed by a hyphen is ignored."""
    word = _low(doc, i)
    if i + 1 < len(doc):
        phrase = cues.PHRASE_CUES.get((word, _low(doc, i + 1)))
        if phrase is not None:
            return phrase, i + 2
        if doc[i + 1].text == "-" and not doc[i].whitespace_:
            return None
    cue = cues.CUES.get(word)
    return (cue, i + 1) if cue is not None else None


def is_therapeutic(span: Span) -> bool:
    text = span.text.lower()
    return any(word in text for word in cues.THERAPEUTIC_EFFECT_WORDS)


def is_physiological(span: Span) -> bool:
    """'synaptic plasticity', 'neurogenesis': a normal process, which a drug increases but does not *cause*
    in the adverse-event sense. Read from the text and the concept id, so abbreviations count too."""
    text = f"{span.text} {span.kb_id_}".lower().replace("_", " ")
    return any(word in text for word in cues.PHYSIOLOGICAL_EFFECT_WORDS)


def mentions_receptor(doc: Doc, span: Span) -> bool:
    """'NMDA receptor' whether or not the NER put 'receptor' inside the span."""
    if "receptor" in span.text.lower():
        return True
    return span.end < len(doc) and doc[span.end].lower_.startswith("receptor")


def _close_paren_left(doc: Doc, i: int, lo: int) -> int:
    """Index of the '(' matching the ')' at i, or lo-1 when unbalanced within the sentence."""
    depth = 0
    for j in range(i, lo - 1, -1):
        if doc[j].text == ")":
            depth += 1
        elif doc[j].text == "(":
            depth -= 1
            if depth == 0:
                return j
    return lo - 1


def _skip_alias(doc: Doc, j: int, hi: int) -> int:
    """After an entity, jump over '(alias)' so 'X (Y) for Z' reads as 'X for Z'."""
    if j < hi and doc[j].text == "(":
        depth = 0
        for k in range(j, hi):
            depth += {"(": 1, ")": -1}.get(doc[k].text, 0)
            if depth == 0:
                return k + 1 if k - j <= 8 else j
    return j


# ---------------------------------------------------------------- entity search within a sentence


def _first_right(doc: Doc, s: _Sent, j: int, window: int,
                 allowed: frozenset[str] | None = None) -> Span | None:
    """First entity starting within `window` filler tokens after j; stops at boundaries, other cues,
    relative pronouns and excluders. `allowed` restricts fillers to a word set."""
    fill = 0
    while j < s.end and fill <= window:
        ent = s.ent_of.get(j)
        if ent is not None:
            return ent
        word = _low(doc, j)
        if word in cues.CLAUSE_BOUNDARIES or word in cues.RELATIVE_PRONOUNS or word in cues.EXCLUDERS:
            return None
        if word == "." or (word not in allowed if allowed is not None else cue_at(doc, j) is not None):
            return None
        fill += 1
        j += 1
    return None


def _is_stop(word: str, verb_shaped: bool = True) -> bool:
    """A word no coordination or apposition gap may contain (boundaries, cues, and words shaped like
    verbs: "activating hAR and potentially interacting with hGR" is two predicates, not one list)."""
    return (word in cues.CLAUSE_BOUNDARIES or word in cues.EXCLUDERS or word == "." or word in cues.CUES
            or word in cues.RELATIVE_PRONOUNS
            or (verb_shaped and len(word) > 4 and word.endswith(("ing", "ed"))))


_POLARITY = {"ACTIVATOR": 1, "AGONIST": 1, "INHIBITOR": -1, "ANTAGONIST": -1}


def _is_nominal(word: str) -> bool:
    return word.endswith(("ion", "ment", "ade", "ance"))


def _modifies_something_else(doc: Doc, s: _Sent, ent: Span) -> bool:
    """'VEGF-induced phosphorylation', 'JNK-dependent', 'KIT mutations', 'the Y inhibitor': the entity
    is a modifier, not the thing acted on."""
    j = _skip_alias(doc, ent.end, s.end)
    if j + 1 < s.end and doc[j].text == "-" and _low(doc, j + 1) in cues.MODIFIER_HEADS:
        return True
    return j < s.end and _low(doc, j) in cues.MODIFIED_NOUNS


def _verb_object(doc: Doc, s: _Sent, j: int, window: int) -> tuple[Span | None, cues.Cue | None]:
    """The object of a verb cue and, when one stands in between or right after ("inhibited the
    activation of Y", "induced Y inhibition"), the up/down nominalization it acts through."""
    fill, inner = 0, None
    while j < s.end and fill <= window:
        ent = s.ent_of.get(j)
        if ent is not None:
            if _modifies_something_else(doc, s, ent):
                return None, None
            after = _skip_alias(doc, ent.end, s.end)
            hit = cue_at(doc, after) if after < s.end and after not in s.ent_of else None
            if inner is None and hit is not None and _POLARITY.get(hit[0].relation_for(RECEPTOR) or ""):
                inner = hit[0]
            return ent, inner
        word = _low(doc, j)
        if word in (",", ".") or word in cues.CLAUSE_BOUNDARIES or word in cues.RELATIVE_PRONOUNS \
                or word in cues.EXCLUDERS:
            return None, None
        hit = cue_at(doc, j)
        if hit is not None:
            polar = _POLARITY.get(hit[0].relation_for(RECEPTOR) or "")
            if inner is not None or not _is_nominal(word) or not polar:
                return None, None
            inner = hit[0]
        fill += 1
        j += 1
    return None, None


def _group(doc: Doc, s: _Sent, first: Span, rightward: bool) -> list[Span]:
    """`first` plus the same-label entities coordinated with it ("A, B and C", "sodium or calcium
    channels"). A gap must be short, hold a coordinator, and hold no boundary, cue or other entity."""
    members = [first]
    limit = COORDINATION_GAP.get(first.label_, 4)
    current = first
    while True:
        j = _skip_alias(doc, current.end, s.end) if rightward else current.start - 1
        gap: list[str] = []
        nxt = None
        while s.start <= j < s.end and len(gap) <= limit:
            ent = s.ent_of.get(j)
            if ent is not None:
                nxt = ent
                break
            if not rightward and doc[j].text == ")":
                j = _close_paren_left(doc, j, s.start) - 1
                continue
            gap.append(_low(doc, j))
            j += 1 if rightward else -1
        if nxt is None or nxt.label_ != first.label_ or len(gap) > limit:
            return members
        if gap and not ({",", "and", "or", "nor", "/", "and/or"} & set(gap)):
            return members
        if any(_is_stop(w) for w in gap):
            return members
        members.append(nxt)
        current = nxt


def _names_a_class(doc: Doc, s: _Sent, ent: Span) -> bool:
    """'an NMDA antagonist', 'NMDA receptors': an entity that only modifies a class noun or a receptor
    head is not the agent of a later verb ("Ketamine, an NMDA antagonist, has demonstrated ...")."""
    j = ent.end
    return j < s.end and (_low(doc, j) in cues.MODIFIED_NOUNS or _low(doc, j) in cues.CLASS_HEADS)


def _in_by_phrase(doc: Doc, s: _Sent, ent: Span) -> bool:
    """'Y induced by X - and by its metabolite Z - may activate W': an agent of another (passive) verb is
    not the subject of a later one."""
    for j in range(ent.start - 1, max(s.start, ent.start - 4) - 1, -1):
        word = _low(doc, j)
        if word == "by":
            return True
        if word not in cues.DETERMINERS and word not in cues.NON_AGENT_HEADS and not word.endswith("ly"):
            return False
    return False


def _nearest_left(doc: Doc, s: _Sent, i: int, label: str) -> Span | None:
    """Nearest entity labelled `label` before token i in the same clause (the subject of a verb).

    Skips parentheticals; crosses a clause boundary only when everything between it and the cue is
    verb-phrase glue (shared subject); a relative pronoun forces the subject to stand right before it."""
    j = i - 1
    only_glue = True
    while j >= max(s.start, i - SUBJECT_WINDOW):
        tok = doc[j]
        word = tok.lower_
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ == label and not _names_a_class(doc, s, ent):
                return None if _in_by_phrase(doc, s, ent) else ent
            only_glue = False
            j = ent.start - 1
            continue
        if tok.text == ")":
            j = _close_paren_left(doc, j, s.start) - 1
            continue
        if word in cues.RELATIVE_PRONOUNS and only_glue:
            k = j - 1 if j - 1 >= s.start and doc[j - 1].text == "," else j
            before = s.ent_of.get(k - 1)
            return before if before is not None and before.label_ == label else None
        if word in cues.CLAUSE_BOUNDARIES and not only_glue:
            return None
        if word == "it" and j == s.start and label == DRUG and _it_predicate(doc, s):
            return _IT
        if word not in cues.VERB_PHRASE_GLUE and not word.endswith("ly"):
            only_glue = False
        j -= 1
    return None


_IT = object()  # marker: the subject is a sentence-initial "It"


def _it_predicate(doc: Doc, s: _Sent) -> bool:
    """'It (strongly) activates ...': a cue follows "It" with only auxiliaries and adverbs between. Never
    'It should also be noted that there are ways to increase Y' — that "It" refers to nothing."""
    for j in range(s.start + 1, min(s.end, s.start + 5)):
        word = _low(doc, j)
        if cue_at(doc, j) is not None:
            return True
        if word == "that" or not (word in cues.VERB_PHRASE_GLUE or word.endswith("ly")):
            return False
    return False


def _antecedent(doc: Doc, sents: list[_Sent], s: _Sent) -> Span | None:
    """For 'It strongly activates ...': the first DRUG of the previous sentence that is not a possessor
    ("Norketamine's byproduct, (2R,6R)-HNK, is ..." -> (2R,6R)-HNK)."""
    if s.index == 0:
        return None
    prev = sents[s.index - 1]
    for ent in sorted(set(prev.ent_of.values()), key=lambda e: e.start):
        if ent.label_ == DRUG and not (ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s")):
            return ent
    return None


def _non_agent(doc: Doc, ent: Span) -> bool:
    """'ketamine metabolites', "ketamine's metabolites": the drug is not the actor."""
    j = ent.end
    if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
        j += 1
    return j < len(doc) and doc[j].lower_ in cues.NON_AGENT_HEADS


# ---------------------------------------------------------------- negation and hedging (pure)


def negated_before(doc: Doc, s: _Sent, cue_start: int) -> bool:
    """A negation word in the few tokens right before the cue, not separated by a comma or entity."""
    for j in range(cue_start - 1, max(s.start, cue_start - NEGATION_WINDOW) - 1, -1):
        word = _low(doc, j)
        if word in (",", ";", "(") or j in s.ent_of or word in cues.CLAUSE_BOUNDARIES:
            return False
        if word in cues.NEGATION_WORDS:
            nxt = _low(doc, j + 1) if j + 1 < len(doc) else ""
            return nxt not in cues.PSEUDO_NEGATION_NEXT
    return False


def _clause_start(doc: Doc, s: _Sent, i: int) -> int:
    for j in range(i - 1, s.start - 1, -1):
        if _low(doc, j) in cues.CLAUSE_BOUNDARIES:
            return j + 1
    return s.start


def hedged_in(doc: Doc, start: int, end: int) -> bool:
    return any(_low(doc, j) in cues.HEDGE_WORDS for j in range(start, end))


# ---------------------------------------------------------------- frames


def _emit(out: list, s: _Sent, subjects: Iterable[Span], objects: Iterable[Span], relation: str,
          negated: bool, hedged: bool, method: str) -> None:
    sig = RELATION_SIGNATURES[relation]
    for subj in subjects:
        for obj in objects:
            if (subj.label_, obj.label_) != sig or subj.start == obj.start:
                continue
            if subj.kb_id_ and subj.kb_id_ == obj.kb_id_:
                continue
            out.append(Relation(s.index, subj, relation, obj, negated, hedged, method))


def _class_noun(doc: Doc, s: _Sent, i: int, cue: cues.Cue, out: list) -> None:
    """'the Y antagonist X', 'X, a Y antagonist', 'Y antagonists such as X', 'X is an antagonist of Y'."""
    m = i
    while m - 1 >= s.start and i - m < CLASS_MODIFIER_WINDOW and (m - 1) not in s.ent_of \
            and _low(doc, m - 1) in cues.CLASS_NOUN_MODIFIERS:
        m -= 1
    mods = {_low(doc, j) for j in range(m, i)}
    target = s.ent_of.get(m - 1)
    left_edge = m
    if target is None and m - 1 >= s.start and doc[m - 1].text == ")":  # "cyclooxygenase (COX) inhibitor"
        opening = _close_paren_left(doc, m - 1, s.start)
        target = s.ent_of.get(m - 2) or s.ent_of.get(opening - 1)
    if target is not None and target.label_ == RECEPTOR:
        targets = _group(doc, s, target, rightward=False)
        in_parens = target.start - 1 >= s.start and doc[target.start - 1].text == "("
        full = s.ent_of.get(target.start - 2) if in_parens else None
        if full is not None and full.label_ == RECEPTOR:
            targets.append(full)
        left_edge = min(t.start for t in targets)
    elif i + 1 < s.end and _low(doc, i + 1) in ("of", "for", "at", "to"):
        target = _first_right(doc, s, i + 2, 2)
        if target is None or target.label_ != RECEPTOR:
            return
        targets = _group(doc, s, target, rightward=True)
    else:
        return
    relation = cue.relation_for(RECEPTOR)
    if left_edge - 1 >= s.start:  # "positive GABAA receptor modulation"
        mods.add(_low(doc, left_edge - 1))
    if cue.family == "modulator" and mods & cues.POSITIVE_WORDS:
        relation = "POSITIVE_MODULATOR"
    elif cue.family == "modulator" and mods & cues.NEGATIVE_WORDS:
        relation = "NEGATIVE_MODULATOR"
    elif cue.family == "blocker" and ("receptor" in mods or "receptors" in mods
                                      or any(mentions_receptor(doc, t) for t in targets)):
        relation = "ANTAGONIST"
    # Member after the class noun: "antagonist CERC-301", "antagonists, such as ketamine".
    drug = _first_right(doc, s, i + 1, 4, allowed=cues.MEMBER_INTRODUCERS)
    hedged_frame = _frame_hedge(doc, s, left_edge)
    if drug is not None and drug.label_ == DRUG:
        drugs = _group(doc, s, drug, rightward=True)
        _emit(out, s, drugs, targets, relation, False, hedged_frame or hedged_in(doc, left_edge, i + 1),
              f"noun_compound:{cue.family}")
    # Drug in apposition or copula before the description: "X (alias), a Y antagonist".
    j, gap = left_edge - 1, []
    while j >= s.start and len(gap) <= APPOSITION_WINDOW and j not in s.ent_of:
        if doc[j].text == ")":
            j = _close_paren_left(doc, j, s.start) - 1
            continue
        gap.append(_low(doc, j))
        j -= 1
    subj = s.ent_of.get(j)
    if subj is None or subj.label_ != DRUG or not (set(gap) & cues.APPOSITION_ANCHORS):
        return
    if any(_is_stop(w, verb_shaped=False) for w in gap):
        return
    negated = bool(set(gap) & cues.NEGATION_WORDS)
    hedged = hedged_frame or hedged_in(doc, subj.start, i + 1)
    _emit(out, s, _group(doc, s, subj, rightward=False), targets, relation, negated, hedged,
          f"apposition:{cue.family}")


def _frame_hedge(doc: Doc, s: _Sent, before: int) -> bool:
    """'It has been hypothesized that ...', 'suggesting that ...' hedge everything after them."""
    return any(_low(doc, j) in cues.HEDGE_WORDS and _low(doc, j + 1) == "that"
               for j in range(s.start, before))


def _relation_for(cue: cues.Cue, obj: Span, doc: Doc) -> str | None:
    relation = cue.relation_for(obj.label_)
    if relation is None:
        return None
    if cue.family == "block" and obj.label_ == RECEPTOR and mentions_receptor(doc, obj):
        return "ANTAGONIST"
    if relation == "CAUSES" and is_physiological(obj) and cue.family not in cues.ADVERSE_FAMILIES:
        return None  # "increases synaptic plasticity" describes a mechanism, not a harm
    if obj.label_ == EFFECT and is_therapeutic(obj):
        # Blocking a therapeutic effect treats nothing; causing one is a therapeutic claim.
        if cue.family in _BLOCKING_FAMILIES:
            return None
        if relation == "CAUSES":
            return "TREATS"
    return relation


def _compose(relation: str | None, inner: cues.Cue | None) -> str | None:
    """'inhibited Y activation' -> INHIBITOR, 'induced Y inhibition' -> INHIBITOR, 'X-induced Y activation'
    -> ACTIVATOR; an outer binding/substrate cue with an inner up/down word says nothing typed."""
    if inner is None or relation is None:
        return relation
    outer = _POLARITY.get(relation)
    if outer is None:
        return None
    return "ACTIVATOR" if outer * _POLARITY[inner.relation_for(RECEPTOR)] > 0 else "INHIBITOR"


def _is_attributive(doc: Doc, s: _Sent, i: int) -> bool:
    """'the increased AMPA throughput', 'an emphasis on enhanced AMPA ... throughput': a participle after a
    determiner or preposition modifies a noun; it is not a predicate with a subject."""
    return _low(doc, i).endswith("ed") and i - 1 >= s.start and _low(doc, i - 1) in cues.ATTRIBUTIVE_BEFORE


def _is_means(doc: Doc, s: _Sent, by: int) -> bool:
    """'by blocking NMDA receptors' names how, not who: a gerund after 'by' is never the agent."""
    return by + 1 < s.end and len(_low(doc, by + 1)) > 4 and _low(doc, by + 1).endswith("ing")


def _owned_by_other_drug(doc: Doc, s: _Sent, obj: Span) -> bool:
    """'the antidepressant effects of (2R,6R)-HNK', "ketamine's effects": the effect belongs to a drug."""
    j = obj.end
    if j + 1 < s.end and _low(doc, j) == "of":
        nxt = s.ent_of.get(j + 1) or s.ent_of.get(j + 2)
        return nxt is not None and nxt.label_ == DRUG
    return False


def _verb(doc: Doc, sents: list[_Sent], s: _Sent, i: int, end: int, cue: cues.Cue, out: list) -> None:
    """Passive ('Y inhibited by X'), nominal ('inhibition of Y by X') and active ('X inhibits Y')."""
    clause = _clause_start(doc, s, i)
    negated = negated_before(doc, s, i) or (end < s.end and _low(doc, end) == "no")  # "experienced no Y"
    # Passive: "Y (is) inhibited by X", "EFFECT mediated by RECEPTOR", "X is metabolized by CYP3A4".
    by = next((k for k in range(end, min(end + 2, s.end)) if _low(doc, k) == "by"
               and not _is_means(doc, s, k)), None)
    if by is not None:
        agent = _first_right(doc, s, by + 1, 3)
        patient = None
        for k in range(i - 1, max(s.start, i - PASSIVE_WINDOW) - 1, -1):
            if k in s.ent_of:
                patient = s.ent_of[k]
                break
            if _low(doc, k) in cues.CLAUSE_BOUNDARIES or cue_at(doc, k):
                break
        if agent is not None and patient is not None:
            hedged = _frame_hedge(doc, s, i) or hedged_in(doc, clause, agent.end)
            _pair(doc, s, cue, _group(doc, s, patient, False), _group(doc, s, agent, True),
                  negated, hedged, f"passive:{cue.family}", out)
            return
    # "X-induced Y"; but "FDA-approved" names the approver, not a compound agent.
    compound = i - 1 >= s.start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
        and cue.family != "approved"
    if not compound and _is_attributive(doc, s, i):
        return
    obj, inner = _verb_object(doc, s, end, 2 if compound else OBJECT_WINDOW)
    if obj is None:
        return
    objects = _group(doc, s, obj, rightward=True)
    after = objects[-1].end
    # "inhibition of Y by X" (but "by blocking Z" is a means clause, not an agent)
    if after + 1 < s.end and _low(doc, after) == "by" and not _is_means(doc, s, after):
        agent = _first_right(doc, s, after + 1, 3)
        if agent is not None:
            _pair(doc, s, cue, objects, _group(doc, s, agent, True), negated,
                  hedged_in(doc, clause, agent.end), f"nominal:{cue.family}", out)
        return
    if cue.family == "side_effect" and obj.label_ == DRUG:
        _side_effects_of(doc, s, obj, out)
        return
    relation = _compose(_relation_for(cue, obj, doc), inner)
    if relation is None:
        if cue.family == "metabolize" and obj.label_ == DRUG:  # "CYP2D6 metabolizes X"
            enzyme = _nearest_left(doc, s, i, RECEPTOR)
            if isinstance(enzyme, Span):
                _emit(out, s, objects, [enzyme], "SUBSTRATE", negated, hedged_in(doc, clause, after),
                      "verb:metabolize")
        return
    if cue.family in _BLOCKING_FAMILIES and obj.label_ == EFFECT \
            and _owned_by_other_drug(doc, s, objects[-1]):
        return
    subject_label = RELATION_SIGNATURES[relation][0]
    if compound:
        subj = s.ent_of.get(i - 2)
        if subj is None or subj.label_ != subject_label:
            return
    else:
        subj = _nearest_left(doc, s, i, subject_label)
    if isinstance(subj, Span) and obj.label_ == RECEPTOR and _is_nominal(_low(doc, i)) \
            and not ({_low(doc, k) for k in range(subj.end, i)} & {"'s", "’s", "-"}):
        return  # "activation of Y" names its agent as a possessor ("X's rapid activation of Y") or not at all
    method = f"verb:{cue.family}"
    if subj is _IT:
        subj, method = _antecedent(doc, sents, s), f"verb:{cue.family}+it"
    if not isinstance(subj, Span) or _non_agent(doc, subj):
        return
    subjects = _group(doc, s, subj, rightward=False) if subj.start >= s.start else [subj]
    hedged = _frame_hedge(doc, s, i) or hedged_in(doc, clause, after)
    for o in objects:
        rel = _compose(_relation_for(cue, o, doc), inner)
        if rel is not None and not _modifies_something_else(doc, s, o):
            _emit(out, s, subjects, [o], rel, negated, hedged, method)


def _pair(doc: Doc, s: _Sent, cue: cues.Cue, left: list[Span], right: list[Span], negated: bool,
          hedged: bool, method: str, out: list) -> None:
    """Pair two argument groups whichever side holds the subject; the labels decide the direction."""
    for a, b in ((right, left), (left, right)):
        for obj in b:
            relation = _relation_for(cue, obj, doc)
            if cue.family == "metabolize" and obj.label_ == RECEPTOR:
                relation = "SUBSTRATE"
            if relation is None:
                continue
            _emit(out, s, [x for x in a if not _non_agent(doc, x)], [obj], relation, negated, hedged, method)


def _indication_for(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'esketamine (Spravato) for TRD': a drug, its optional alias, 'for', an effect."""
    j = i - 1
    if j >= s.start and doc[j].text == ")":
        j = _close_paren_left(doc, j, s.start) - 1
    drug = s.ent_of.get(j)
    obj = _first_right(doc, s, i + 1, 1)
    if drug is None or drug.label_ != DRUG or obj is None or obj.label_ != EFFECT or is_therapeutic(obj):
        return
    _emit(out, s, [drug], _group(doc, s, obj, True), "TREATS", False, hedged_in(doc, drug.start, obj.end),
          "indication_for")


_PATIENT_WORDS = frozenset({"patients", "individuals", "subjects", "people", "adults", "children", "those"})


def _effect_in_patients(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'a rapid antidepressant effect in patients with TRD': a therapeutic effect, then the disease."""
    if i + 3 >= s.end or _low(doc, i + 1) != "in" or _low(doc, i + 2) not in _PATIENT_WORDS \
            or _low(doc, i + 3) != "with":
        return
    context = " ".join(_low(doc, j) for j in range(max(s.start, i - 3), i + 1))
    if not any(w in context for w in cues.THERAPEUTIC_EFFECT_WORDS):
        return
    obj = _first_right(doc, s, i + 4, 1)
    subj = _nearest_left(doc, s, (s.ent_of[i].start if i in s.ent_of else i), DRUG)
    if obj is None or obj.label_ != EFFECT or not isinstance(subj, Span) or _non_agent(doc, subj):
        return
    _emit(out, s, [subj], _group(doc, s, obj, True), "TREATS", negated_before(doc, s, i),
          hedged_in(doc, _clause_start(doc, s, i), obj.end), "effect_in_patients")


def adverse_link(doc: Doc, s: _Sent, i: int) -> int | None:
    """Index after an effect-to-drug link starting at token i ('after', 'associated with', 'due to',
    'in patients receiving', 'in rats treated with'), or None."""
    words = [_low(doc, j) for j in range(i, min(i + 4, s.end))]
    for phrase in cues.ADVERSE_LINKS:
        n = len(phrase)
        if tuple(words[:n]) == phrase:
            return i + n
    if len(words) >= 3 and words[0] == "in" and words[1] in cues.EXPOSED_GROUPS:
        for phrase in cues.EXPOSURE_VERBS:
            if tuple(words[2:2 + len(phrase)]) == phrase:
                return i + 2 + len(phrase)
    return None


def _effect_before_drug(doc: Doc, s: _Sent, i: int, end: int, out: list) -> None:
    """'hepatotoxicity after X administration', 'Y associated with X', 'Y due to X', 'Y during X therapy',
    'Y in patients receiving X': an adverse event (and those coordinated with it), then its drug."""
    drug = _first_right(doc, s, end, LINK_WINDOW, allowed=cues.LINK_FILLERS) or _first_right(doc, s, end, 3)
    if drug is None or drug.label_ != DRUG or _non_agent(doc, drug):
        return
    for j in range(i - 1, max(s.start, i - PASSIVE_WINDOW) - 1, -1):
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ == EFFECT and not is_therapeutic(ent) and not _after_treat_cue(doc, s, ent):
                effects = [e for e in _group(doc, s, ent, rightward=False)
                           if not is_therapeutic(e) and not is_physiological(e)]
                _emit(out, s, _group(doc, s, drug, True), effects, "CAUSES",
                      negated_before(doc, s, min(e.start for e in effects)) if effects else False,
                      hedged_in(doc, _clause_start(doc, s, i), drug.end), f"effect_{_low(doc, i)}_drug")
            return
        if _low(doc, j) in cues.CLAUSE_BOUNDARIES or cue_at(doc, j):
            return


def _side_effects_of(doc: Doc, s: _Sent, drug: Span, out: list) -> None:
    """'side effects of X include A, B and C', 'the toxic effects of X are A, B': the list after the
    verb holds the drug's adverse effects."""
    j = _skip_alias(doc, drug.end, s.end)
    while j < s.end and j - drug.end <= 2 and _low(doc, j) in cues.LINK_FILLERS:
        j += 1
    if j >= s.end or _low(doc, j) not in cues.LIST_INTRODUCERS:
        return
    obj = _first_right(doc, s, j + 1, 3)
    if obj is None or obj.label_ != EFFECT or _non_agent(doc, drug):
        return
    effects = [e for e in _group(doc, s, obj, True) if not is_therapeutic(e)]
    hedged = hedged_in(doc, _clause_start(doc, s, drug.start), obj.end)
    _emit(out, s, [drug], effects, "CAUSES", False, hedged, "side_effects_of")


def _after_treat_cue(doc: Doc, s: _Sent, ent: Span) -> bool:
    """'prevented Y induced by X', 'reduced Y associated with X': Y is what another agent treats; the
    causal link to X still holds, but only when no treat-cue governs Y do we trust the reading."""
    for j in range(ent.start - 1, max(s.start, ent.start - 3) - 1, -1):
        hit = cue_at(doc, j)
        if hit is not None and hit[0].relation_for(EFFECT) == "TREATS":
            return True
    return False


def _compound_cause(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'X-related Y', 'X-associated Y': compound adjectives that name a drug's adverse effect."""
    if i - 2 < s.start or doc[i - 1].text != "-" or doc[i - 1].whitespace_:
        return
    drug = s.ent_of.get(i - 2)
    obj = _first_right(doc, s, i + 1, 2)
    if drug is None or drug.label_ != DRUG or obj is None or obj.label_ != EFFECT or is_therapeutic(obj) \
            or is_physiological(obj):
        return
    _emit(out, s, [drug], _group(doc, s, obj, True), "CAUSES", negated_before(doc, s, drug.start),
          hedged_in(doc, _clause_start(doc, s, i), obj.end), f"compound:{_low(doc, i)}")


def _patients_who_received(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'response rates ... in individuals with TRD who received a single ketamine infusion': the patients'
    disease, then the drug they received. Only a sentence that reports a therapeutic outcome makes it an
    indication; without one the disease merely describes who was studied."""
    j = i + 1
    while j < s.end and j - i <= 3 and _low(doc, j) in cues.RECEIVED_WORDS:
        j += 1
    if j == i + 1:
        return
    drug = _first_right(doc, s, j, 3)
    if drug is None or drug.label_ != DRUG or _non_agent(doc, drug):
        return
    k = i - 1
    if k >= s.start and doc[k].text == ")":
        k = _close_paren_left(doc, k, s.start) - 1
    if k >= s.start and _low(doc, k) in _PATIENT_WORDS:
        k -= 1
    disease = s.ent_of.get(k)
    if disease is None or disease.label_ != EFFECT or is_therapeutic(disease):
        return
    words = " ".join(_low(doc, t) for t in range(s.start, disease.start))
    if not any(w in words for w in cues.OUTCOME_WORDS):
        return
    _emit(out, s, [drug], [disease], "TREATS", negated_before(doc, s, disease.start),
          hedged_in(doc, _clause_start(doc, s, disease.start), drug.end), "patients_who_received")


def _metabolic_step(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'CYP3A4 is the main enzyme responsible for X's N-demethylation', 'hydroxylation of X by CYP2D6':
    the drug undergoing a metabolic reaction is a SUBSTRATE of the enzyme that carries it out."""
    j = (s.ent_of[i].start if i in s.ent_of else i) - 1
    while j >= s.start and (doc[j].text == "-" or len(doc[j].text) == 1 and doc[j].text.isalpha()):
        j -= 1  # "N-", "O-"
    drug = None
    if j - 1 >= s.start and _low(doc, j) in ("'s", "’s"):
        drug = s.ent_of.get(j - 1)
    elif i + 1 < s.end and _low(doc, i + 1) == "of":
        drug = _first_right(doc, s, i + 2, 1)
    if drug is None or drug.label_ != DRUG:
        return
    enzyme = None
    after = _skip_alias(doc, drug.end, s.end)
    if after + 1 < s.end and _low(doc, after) == "by":
        enzyme = _first_right(doc, s, after + 1, 2)
    else:
        words = []
        for k in range(min(j, drug.start) - 1, max(s.start, i - SUBJECT_WINDOW) - 1, -1):
            ent = s.ent_of.get(k)
            if ent is not None and ent.label_ == RECEPTOR:
                if cues.CATALYSIS_WORDS & set(words):
                    enzyme = ent
                break
            if _low(doc, k) in cues.CLAUSE_BOUNDARIES:
                break
            words.append(_low(doc, k))
    if enzyme is None or enzyme.label_ != RECEPTOR:
        return
    _emit(out, s, [drug], [enzyme], "SUBSTRATE", negated_before(doc, s, i),
          hedged_in(doc, _clause_start(doc, s, i), max(i + 1, enzyme.end)), "metabolic_step")


def _title_pairs(doc: Doc, s: _Sent, out: list) -> None:
    """An article title that names a drug and an adverse condition and nothing else states their link
    ("Perhexiline maleate and peripheral neuropathy", "Y with a single dose of X"): titles are written
    about one finding. Any cue word or link ('induced', 'after') opts out — those titles are read by the
    ordinary frames, which know which effect goes with the drug — and so do 'for', 'effects of', study
    words, negation, a therapeutic or physiological effect, and more than one drug."""
    ents = sorted(set(s.ent_of.values()), key=lambda e: e.start)
    drugs = [e for e in ents if e.label_ == DRUG and not _non_agent(doc, e)]
    effects = [e for e in ents if e.label_ == EFFECT]
    if not drugs or not effects or any(is_therapeutic(e) or is_physiological(e) for e in effects):
        return
    inside = {t for e in ents for t in range(e.start, e.end)}
    for j in range(s.start, s.end):
        if j in inside:
            continue
        word = _low(doc, j)
        if word in cues.TITLE_OPT_OUT or word in cues.NEGATION_WORDS or word in cues.HEDGE_WORDS:
            return
        if cue_at(doc, j) is not None or adverse_link(doc, s, j) is not None:
            return
    if len({d.kb_id_ for d in drugs}) != 1:  # combinations and comparisons name no single culprit
        return
    _emit(out, s, drugs, effects, "CAUSES", False, False, "title_pair")


def _topic_drug_events(doc: Doc, sents: list[_Sent], out: list) -> None:
    """Document-level: an abstract titled with one drug ("Delirium during clozapine treatment") reports
    that drug's adverse events in later sentences that name no drug at all ("Seven patients developed
    Y"). Only a short title with a single drug concept qualifies, only sentences with an onset word
    ("developed", "occurred") and no treat cue, negation or hedge; the fact cites the event's sentence."""
    title = sents[0]
    if title.end - title.start > TITLE_TOKENS:
        return
    drugs = sorted({e for e in title.ent_of.values() if e.label_ == DRUG}, key=lambda e: e.start)
    if len({d.kb_id_ for d in drugs}) != 1 or _non_agent(doc, drugs[0]):
        return
    for s in sents[1:]:
        ents = set(s.ent_of.values())
        if not ents or any(e.label_ == DRUG for e in ents):
            continue
        words = [_low(doc, j) for j in range(s.start, s.end)]
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


# ---------------------------------------------------------------- public API


# ---------------------------------------------------------------- coordination ellipsis


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


def _elided_target(doc: Doc, s: _Sent, head: Span, resolve: TargetResolver) -> Span | None:
    """'voltage-gated sodium or calcium channels': the NER saw 'calcium channels' (and perhaps 'sodium' as
    a chemical); the first conjunct shares the head noun. Returns a RECEPTOR span over the conjunct's own
    words, with the concept of '<conjunct> <head noun>' — the longest form the KB knows — or None."""
    k = head.start - 1
    noun = _low(doc, head.end - 1)
    if noun not in cues.TARGET_HEAD_NOUNS or k - 1 < s.start or _low(doc, k) not in ("or", "and", "and/or"):
        return None
    if k - 1 in s.ent_of and s.ent_of[k - 1].label_ == RECEPTOR:  # the NER already named the conjunct
        return None
    words = []
    j = k - 1
    while j >= s.start and len(words) < ELLIPSIS_WORDS:
        ent = s.ent_of.get(j)
        word = _low(doc, j)
        if (ent is not None and ent.label_ not in (CHEMICAL, RECEPTOR)) or word in cues.CLAUSE_BOUNDARIES \
                or word in cues.TARGET_HEAD_NOUNS or not (word.isalnum() or word == "-") or cue_at(doc, j):
            break
        words.append(j)
        j -= 1
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


def _resolve_ellipses(doc: Doc, s: _Sent, resolve: TargetResolver) -> None:
    for head in sorted({e for e in s.ent_of.values() if e.label_ == RECEPTOR}, key=lambda e: e.start):
        span = _elided_target(doc, s, head, resolve)
        if span is not None:
            for t in range(span.start, span.end):
                s.ent_of[t] = span


def _sentences(doc: Doc, resolve: TargetResolver | None = None) -> list[_Sent]:
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
        sents.append(_Sent(index, sent.start, sent.end, ent_of))
        if resolve is not None and ent_of:
            _resolve_ellipses(doc, sents[-1], resolve)
    return sents


def extract_relations(doc: Doc, *, resolve_target: TargetResolver | None = kb_target_id) -> list[Relation]:
    """All facts in `doc`, one per (sentence, subject, relation, object), ordered by sentence, subject
    start, object start, relation. The first rule to produce a fact wins (class nouns before verbs).

    `resolve_target` maps a target name to its RECEPTOR concept id; it names elided coordinated targets
    ("sodium or calcium channels"), which then appear as subject/object spans not in `doc.ents`.
    Pass None to use only the NER's entities."""
    sents = _sentences(doc, resolve_target)
    found: list[Relation] = []
    if sents and sents[0].ent_of:
        _title_pairs(doc, sents[0], found)
    for s in sents:
        if not s.ent_of:
            continue
        for i in range(s.start, s.end):
            if _low(doc, i) in ("effect", "effects", "efficacy", "response", "benefit"):
                _effect_in_patients(doc, s, i, found)
            word = _low(doc, i)
            if word.endswith(cues.METABOLIC_REACTIONS):  # even when the NER mis-tagged "N-demethylation"
                _metabolic_step(doc, s, i, found)
            if i in s.ent_of:
                continue
            if word in ("who", "that"):
                _patients_who_received(doc, s, i, found)
            if word == "for":
                _indication_for(doc, s, i, found)
            elif word in cues.COMPOUND_CAUSE_WORDS:
                _compound_cause(doc, s, i, found)
            link = adverse_link(doc, s, i) if word in cues.ADVERSE_LINK_STARTS else None
            if link is not None:
                _effect_before_drug(doc, s, i, link, found)
            hit = cue_at(doc, i)
            if hit is None:
                continue
            cue, end = hit
            if cue.kind == "noun":
                _class_noun(doc, s, i, cue, found)
            else:
                _verb(doc, sents, s, i, end, cue, found)
    if sents and sents[0].ent_of:
        _topic_drug_events(doc, sents, found)
    unique: dict[tuple, Relation] = {}
    for rel in found:
        key = (rel.sentence_id, rel.subject.start, rel.subject.end, rel.object.start, rel.object.end,
               rel.relation)
        unique.setdefault(key, rel)
    return sorted(unique.values(), key=lambda r: (r.sentence_id, r.subject.start, r.object.start, r.relation))
