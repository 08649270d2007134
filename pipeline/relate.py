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

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline import relate_cues as cues
from pipeline.schema import DRUG, EFFECT, RECEPTOR, RELATION_SIGNATURES

# Window limits (in tokens). Objects of verbs sit close to the verb in this writing ("increased cell
# membrane AMPA GluR1 levels" = 3 fillers); subjects may be far ("Rapastinel (Glyx-13), an NMDA
# receptor modulator with glycine-like properties, appears to ... activate AMPA receptors" ~ 25).
OBJECT_WINDOW = 6
SUBJECT_WINDOW = 40
PASSIVE_WINDOW = 4  # "Y was significantly inhibited by X"
APPOSITION_WINDOW = 6  # "X, a potent and highly selective Y antagonist"
CLASS_MODIFIER_WINDOW = 4  # "AMPA receptor positive allosteric modulator"
NEGATION_WINDOW = 5  # "does not strongly inhibit"
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


def _nearest_left(doc: Doc, s: _Sent, i: int, label: str) -> Span | None:
    """Nearest entity labelled `label` before token i in the same clause (the subject of a verb).

    Skips parentheticals; crosses a clause boundary only when everything between it and the cue is
    verb-phrase glue (shared subject); a relative pronoun forces the subject to stand right before it."""
    j = i - 1
    only_glue, seen_that = True, False
    while j >= max(s.start, i - SUBJECT_WINDOW):
        tok = doc[j]
        word = tok.lower_
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ == label:
                return ent
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
        if word == "it" and j == s.start and label == DRUG and not seen_that:
            return _IT  # not for "It should be noted that ..."
        seen_that = seen_that or word == "that"
        if word not in cues.VERB_PHRASE_GLUE and not word.endswith("ly"):
            only_glue = False
        j -= 1
    return None


_IT = object()  # marker: the subject is a sentence-initial "It"


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
    by = next((k for k in range(end, min(end + 2, s.end)) if _low(doc, k) == "by"), None)
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
    compound = i - 1 >= s.start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_  # "X-induced Y"
    obj, inner = _verb_object(doc, s, end, 2 if compound else OBJECT_WINDOW)
    if obj is None:
        return
    objects = _group(doc, s, obj, rightward=True)
    after = objects[-1].end
    if after + 1 < s.end and _low(doc, after) == "by":  # "inhibition of Y by X"
        agent = _first_right(doc, s, after + 1, 3)
        if agent is not None:
            _pair(doc, s, cue, objects, _group(doc, s, agent, True), negated,
                  hedged_in(doc, clause, agent.end), f"nominal:{cue.family}", out)
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


def _effect_after_drug(doc: Doc, s: _Sent, i: int, out: list) -> None:
    """'hepatotoxicity after X administration', 'seizures following X': an adverse event and its drug."""
    drug = _first_right(doc, s, i + 1, 3)
    if drug is None or drug.label_ != DRUG or _non_agent(doc, drug):
        return
    for j in range(i - 1, max(s.start, i - PASSIVE_WINDOW) - 1, -1):
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ == EFFECT and not is_therapeutic(ent):
                _emit(out, s, [drug], [ent], "CAUSES", negated_before(doc, s, ent.start),
                      hedged_in(doc, _clause_start(doc, s, i), drug.end), "effect_after_drug")
            return
        if _low(doc, j) in cues.CLAUSE_BOUNDARIES or cue_at(doc, j):
            return


# ---------------------------------------------------------------- public API


def _sentences(doc: Doc) -> list[_Sent]:
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
    return sents


def extract_relations(doc: Doc) -> list[Relation]:
    """All facts in `doc`, one per (sentence, subject, relation, object), ordered by sentence, subject
    start, object start, relation. The first rule to produce a fact wins (class nouns before verbs)."""
    sents = _sentences(doc)
    found: list[Relation] = []
    for s in sents:
        if not s.ent_of:
            continue
        for i in range(s.start, s.end):
            if _low(doc, i) in ("effect", "effects", "efficacy", "response", "benefit"):
                _effect_in_patients(doc, s, i, found)
            if i in s.ent_of:
                continue
            if _low(doc, i) == "for":
                _indication_for(doc, s, i, found)
            elif _low(doc, i) in ("after", "following"):
                _effect_after_drug(doc, s, i, found)
            hit = cue_at(doc, i)
            if hit is None:
                continue
            cue, end = hit
            if cue.kind == "noun":
                _class_noun(doc, s, i, cue, found)
            else:
                _verb(doc, sents, s, i, end, cue, found)
    unique: dict[tuple, Relation] = {}
    for rel in found:
        key = (rel.sentence_id, rel.subject.start, rel.subject.end, rel.object.start, rel.object.end,
               rel.relation)
        unique.setdefault(key, rel)
    return sorted(unique.values(), key=lambda r: (r.sentence_id, r.subject.start, r.object.start, r.relation))
