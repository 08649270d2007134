"""Finding a cue's arguments among the sentence's entities: the object to the right of a verb, the
subject to the left, the members of a coordinated list, and "It" antecedents.

These functions stand in for the dependency arcs a parser would give. Each walks tokens away from the
cue and stops at what would end a phrase: clause boundaries ("but", ";"), relative pronouns, excluders
("other than"), other cues. Parentheticals are jumped over; a subject is not taken from inside a
by-phrase or from a class modifier ("an NMDA antagonist"); a coordinated list is read only over short
gaps holding a coordinator and no verb-shaped word.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.sentence import (
    POLARITY,
    SUBJECT_WINDOW,
    Sent,
    close_paren_left,
    cue_at,
    is_nominal,
    is_stop,
    loose_chemical,
    low,
    skip_alias,
)
from pipeline.schema import DRUG, EFFECT, RECEPTOR

COORDINATION_GAP = {RECEPTOR: 4, DRUG: 4, EFFECT: 8}  # effect lists carry descriptive filler


def first_right(doc: Doc, s: Sent, j: int, window: int,
                 allowed: frozenset[str] | None = None) -> Span | None:
    """First entity starting within `window` filler tokens after j; stops at boundaries, other cues,
    relative pronouns and excluders. `allowed` restricts fillers to a word set."""
    fill = 0
    while j < s.end and fill <= window:
        ent = s.ent_of.get(j)
        if ent is not None:
            return ent
        word = low(doc, j)
        if word in cues.CLAUSE_BOUNDARIES or word in cues.RELATIVE_PRONOUNS or word in cues.EXCLUDERS:
            return None
        if word == "." or (word not in allowed if allowed is not None else cue_at(doc, j) is not None):
            return None
        fill += 1
        j += 1
    return None


def modifies_something_else(doc: Doc, s: Sent, ent: Span) -> bool:
    """'VEGF-induced phosphorylation', 'JNK-dependent', 'KIT mutations', 'the Y inhibitor': the entity
    is a modifier, not the thing acted on."""
    j = skip_alias(doc, ent.end, s.end)
    if j + 1 < s.end and doc[j].text == "-" and low(doc, j + 1) in cues.MODIFIER_HEADS:
        return True
    return j < s.end and low(doc, j) in cues.MODIFIED_NOUNS


def verb_object(doc: Doc, s: Sent, j: int, window: int,
                nominal: bool = False) -> tuple[Span | None, cues.Cue | None]:
    """The object of a verb cue and, when one stands in between or right after ("inhibited the
    activation of Y", "induced Y inhibition"), the up/down nominalization it acts through."""
    fill, inner, skipped = 0, None, False
    while j < s.end and fill <= window:
        ent = s.ent_of.get(j)
        if ent is not None:
            after = skip_alias(doc, ent.end, s.end)
            if modifies_something_else(doc, s, ent):
                # "inhibited Y-induced phosphorylation of Z": the compound modifier is not the object,
                # but what it modifies may lead to it. Other modifiers ("Y mutations") end the search.
                if not (after + 1 < s.end and doc[after].text == "-"):
                    return None, None
                j, fill, skipped = after + 2, fill + 1, True
                continue
            if skipped and ent.label_ != RECEPTOR:
                return None, None  # "increased Z-induced toxicity" potentiates Z; it does not cause
            k = after  # "induced Y mRNA downregulation": aspect nouns before an inner nominal cue
            while k < s.end and k - after < 2 and k not in s.ent_of \
                    and low(doc, k) in cues.TARGET_ASPECT_NOUNS:
                k += 1
            if k > after and not (k < s.end and is_nominal(low(doc, k))):
                k = after
            hit = cue_at(doc, k) if k < s.end and k not in s.ent_of else None
            if inner is None and hit is not None and POLARITY.get(hit[0].relation_for(RECEPTOR) or "") \
                    and not (ent.label_ == EFFECT and not is_nominal(low(doc, hit[1] - 1))):
                # (after an effect a participle starts a reduced relative clause, no inner cue:
                # "attenuated anhedonia induced by stress")
                inner = hit[0]
            return ent, inner
        word = low(doc, j)
        if word == "," and (inner is not None or nominal) and not skipped and j + 1 < s.end:
            # "an increase in lipid peroxidation, Y and Z activities": a list whose first item names
            # no target; its next item is the object when it is a target
            nxt = s.ent_of.get(j + 1)
            if nxt is not None and nxt.start == j + 1 and nxt.label_ == RECEPTOR \
                    and not modifies_something_else(doc, s, nxt):
                return nxt, inner
        if word in (",", ".") or word in cues.CLAUSE_BOUNDARIES or word in cues.RELATIVE_PRONOUNS \
                or word in cues.EXCLUDERS:
            return None, None
        hit = cue_at(doc, j)
        if hit is not None and word in cues.MODIFIER_HEADS and not skipped and j + 1 < s.end \
                and low(doc, j + 1) not in ("by", "via", "through") and j - 1 >= s.start \
                and low(doc, j - 1) not in cues.OUTER_GAP_STOPS:
            # "inhibited the LPS induced TNF release": a participle after its agent noun, written without
            # the hyphen, modifies what follows as "LPS-induced" would
            j, fill, skipped = j + 1, fill + 1, True
            continue
        if hit is not None:
            polar = POLARITY.get(hit[0].relation_for(RECEPTOR) or "")
            # "induces an increase in Y activity": a cue spelt alike as verb and noun is a noun here
            noun = word in cues.VERB_NOUN_CUES and low(doc, j - 1) in ("a", "an", "the")
            # "up-regulation" is three tokens: its last one says whether it is a noun
            if inner is not None or not (is_nominal(low(doc, hit[1] - 1)) or noun) or not polar:
                return None, None
            inner = hit[0]
            fill, j = fill + 1, hit[1]
            continue
        fill += 1
        j += 1
    return None, None


def group(doc: Doc, s: Sent, first: Span, rightward: bool) -> list[Span]:
    """`first` plus the same-label entities coordinated with it ("A, B and C", "sodium or calcium
    channels"). A gap must be short, hold a coordinator, and hold no boundary, cue or other entity."""
    members = [first]
    limit = COORDINATION_GAP.get(first.label_, 4)
    current = first
    while True:
        j = skip_alias(doc, current.end, s.end) if rightward else current.start - 1
        if rightward:
            # "by CYP2B6 and CYP3A4, and to a lesser extent by CYP2C9": a degree phrase before the next
            # member is too long a gap for a plain list, but it still coordinates
            k = past_degree(doc, s, j)
            nxt = s.ent_of.get(k) if k is not None else None
            if nxt is not None and nxt.start == k and nxt.label_ == first.label_:
                members.append(nxt)
                current = nxt
                continue
        gap: list[str] = []
        nxt = None
        while s.start <= j < s.end and len(gap) <= limit:
            ent = s.ent_of.get(j)
            if ent is not None:
                nxt = ent
                break
            if not rightward and doc[j].text == ")":
                j = close_paren_left(doc, j, s.start) - 1
                continue
            if rightward and gap and doc[j].text == "(" and first.label_ == RECEPTOR:
                # "A activity (58-75%, p<0.046) and B production": a remark after the aspect noun
                after = skip_alias(doc, j, s.end)
                if after > j:
                    j = after
                    continue
            gap.append(low(doc, j))
            j += 1 if rightward else -1
        if nxt is None or nxt.label_ != first.label_ or len(gap) > limit:
            return members
        if gap and not ({",", "and", "or", "nor", "/", "and/or"} & set(gap)):
            return members
        # "Y1 activity and Y2", "Y1 phosphorylation and Y2 expression": an aspect noun after a target
        # names what is acted on, not a new predicate
        aspect = rightward and first.label_ == RECEPTOR
        if any(is_stop(w) and not (aspect and (w in cues.TARGET_ASPECT_NOUNS or w in cues.TARGET_STATE_NOUNS))
               for w in gap):
            return members
        if sorted(gap) in ([",", "and"], [",", "or"]) and _same_entity(current, nxt):
            # "both inhibit GSK3, and GSK3 inhibition is required for ...": no list names a thing twice in
            # a row; the repeat opens a clause of its own ("A/B and A/C", "A Ser473, A Thr308" are lists)
            return members
        members.append(nxt)
        current = nxt


def _same_entity(a: Span, b: Span) -> bool:
    # (by its words: a concept id may be shared by different things, as in benchmark annotations)
    return a.text.lower() == b.text.lower()


# "and, to a lesser extent, B", "and to a smaller degree by B", "and to some extent B"
_DEGREE_PHRASES = tuple(tuple(p.split()) for p in (
    "to a lesser extent", "to a smaller extent", "to a minor extent", "to a lower extent",
    "to a much lesser extent", "to a lesser degree", "to a smaller degree", "to a minor degree",
    "to a lower degree", "to some extent", "to a similar extent", "to a greater extent"))


def past_degree(doc: Doc, s: Sent, j: int) -> int | None:
    """The token after ', and to a lesser extent (by)' starting at j, or None when no such phrase is
    there. The coordinator is required: 'B, to a lesser extent' alone is a remark, not a list."""
    k = j
    if k < s.end and low(doc, k) == ",":
        k += 1
    if not (k < s.end and low(doc, k) in ("and", "or")):
        return None
    k += 1
    if k < s.end and low(doc, k) == ",":
        k += 1
    for p in _DEGREE_PHRASES:
        if k + len(p) <= s.end and tuple(low(doc, m) for m in range(k, k + len(p))) == p:
            k += len(p)
            break
    else:
        return None
    if k < s.end and low(doc, k) == ",":
        k += 1
    if k < s.end and low(doc, k) in ("by", "via", "through"):
        k += 1
    return k


def _names_a_class(doc: Doc, s: Sent, ent: Span) -> bool:
    """'an NMDA antagonist', 'NMDA receptors': an entity that only modifies a class noun or a receptor
    head is not the agent of a later verb ("Ketamine, an NMDA antagonist, has demonstrated ...")."""
    j = ent.end
    return j < s.end and (low(doc, j) in cues.MODIFIED_NOUNS or low(doc, j) in cues.CLASS_HEADS)


def _in_by_phrase(doc: Doc, s: Sent, ent: Span) -> bool:
    """'Y induced by X - and by its metabolite Z - may activate W': an agent of another (passive) verb is
    not the subject of a later one."""
    for j in range(ent.start - 1, max(s.start, ent.start - 4) - 1, -1):
        word = low(doc, j)
        if word == "by":
            return True
        if word not in cues.DETERMINERS and word not in cues.NON_AGENT_HEADS and not word.endswith("ly"):
            return False
    return False


_CONTRASTS = (("unlike",), ("compared", "with"), ("compared", "to"), ("in", "contrast", "to"),
              ("contrary", "to"), ("as", "opposed", "to"), ("relative", "to"), ("versus",), ("vs",),
              ("vs.",))


def contrasted_head(doc: Doc, s: Sent, ent: Span) -> Span | None | bool:
    """'Norketamine, unlike ketamine, is not ...', 'Ketamine, compared with midazolam, reduced ...': the
    entity is only the term of a contrast set off by commas, and the clause's subject is the name
    before the first comma. That head (or None when it is no entity); False when `ent` is no such
    term."""
    j = ent.start - 1
    while j >= s.start and low(doc, j) in cues.DETERMINERS:
        j -= 1
    for phrase in _CONTRASTS:
        k = j - len(phrase) + 1
        if k - 1 >= s.start and tuple(low(doc, m) for m in range(k, j + 1)) == phrase \
                and doc[k - 1].text == ",":
            h = k - 2
            if h >= s.start and doc[h].text == ")":
                h = close_paren_left(doc, h, s.start) - 1
            return s.ent_of.get(h)
    return False


def nearest_left(doc: Doc, s: Sent, i: int, label: str | Collection[str]) -> Span | None:
    """Nearest entity labelled `label` (or any of several labels) before token i in the same clause (the
    subject of a verb).

    Skips parentheticals; crosses a clause boundary only when everything between it and the cue is
    verb-phrase glue (shared subject); a relative pronoun forces the subject to stand right before it."""
    labels = frozenset((label,) if isinstance(label, str) else label)
    j = i - 1
    only_glue = True
    while j >= max(s.start, i - SUBJECT_WINDOW):
        tok = doc[j]
        word = tok.lower_
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ in labels and not _names_a_class(doc, s, ent) \
                    and not loose_chemical(doc, ent, s.start):
                head = contrasted_head(doc, s, ent)
                if head is not False:  # "X, compared with Z, reduced Y": X is the subject, not Z
                    return head if head is not None and head.label_ in labels else None
                if _of_a_part_noun(doc, s, ent):
                    # "Psilocin, the active metabolite of psilocybin, activates Y": the parent drug
                    # only describes the subject, which is the head of the apposition (when named)
                    head = _apposition_head(doc, s, ent)
                    return head if head is not None and head.label_ in labels else None
                if _in_by_phrase(doc, s, ent) or _object_of_earlier_verb(doc, s, ent, i):
                    return None
                used = _combined_with(doc, s, ent)
                if used is not None and used.label_ in labels:
                    return used  # "concomitant use of X with alcohol may increase the risk of Y": X's label
                return ent
            only_glue = False
            j = ent.start - 1
            continue
        if tok.text == ")":
            j = close_paren_left(doc, j, s.start) - 1
            continue
        if word in cues.RELATIVE_PRONOUNS and only_glue:
            k = j - 1 if j - 1 >= s.start and doc[j - 1].text == "," else j
            before = s.ent_of.get(k - 1)
            if before is None and DRUG in labels:
                before = _apposed_drug(doc, s, k - 1)
            return before if before is not None and before.label_ in labels else None
        if word in cues.CLAUSE_BOUNDARIES and not only_glue:
            return None
        if word == "it" and j == s.start and DRUG in labels and _it_predicate(doc, s):
            return IT_SUBJECT
        if word == "it" and only_glue and DRUG in labels and j - 1 > s.start \
                and low(doc, j - 1) in ("but", "and", "yet", "although", "though", "while", "because"):
            # "X may help people with depression, but it can cause dissociation": the sentence's one drug
            drugs = {e for k, e in s.ent_of.items() if k < j and e.label_ == DRUG}
            first = min((e for e in s.ent_of.values()), key=lambda e: e.start, default=None)
            opens = first is not None and (first.start == s.start or first.start == s.start + 1 and low(
                doc, s.start) in ("the", "intranasal", "oral", "intravenous", "inhaled"))
            return first if len(drugs) == 1 and first in drugs and opens else None  # (not "the trial of X")
        if word not in cues.VERB_PHRASE_GLUE and not word.endswith("ly"):
            only_glue = False
        j -= 1
    return None


_COMBINED_USE_NOUNS = frozenset("""use coadministration co-administration administration combination
    treatment therapy""".split())


def _combined_with(doc: Doc, s: Sent, ent: Span) -> Span | None:
    """'(concomitant) use of X with Y (or other Z)': for Y, the drug whose use is the subject, X."""
    j = ent.start - 1
    while j >= s.start and low(doc, j) in ("other", "the", "a", "an"):
        j -= 1
    if j < s.start or low(doc, j) not in ("with", "and"):
        return None
    first = s.ent_of.get(j - 1)
    if first is None or first.label_ != DRUG or first.start - 2 < s.start \
            or low(doc, first.start - 1) != "of" or low(doc, first.start - 2) not in _COMBINED_USE_NOUNS:
        return None
    return first if low(doc, j) == "with" else None


# "a metabolite of X", "the S-enantiomer of X", "a prodrug formed from X": nouns that make X only the
# parent of what is described.
PART_NOUNS = frozenset("""metabolite metabolites enantiomer enantiomers isomer isomers stereoisomer
    stereoisomers analogue analogues analog analogs derivative derivatives prodrug product products
    congener congeners component constituent precursor formed derived""".split())
_APPOSITION_FILL = 6  # ", the major active circulating metabolite of"


def _of_a_part_noun(doc: Doc, s: Sent, ent: Span) -> bool:
    """'the active metabolite of X', 'a metabolite formed from X': X is a parent, not an actor."""
    j = ent.start - 1
    while j >= s.start and low(doc, j) in cues.DETERMINERS:
        j -= 1
    return j - 1 >= s.start and low(doc, j) in ("of", "from") and low(doc, j - 1) in PART_NOUNS


def _apposition_head(doc: Doc, s: Sent, ent: Span) -> Span | None:
    """The entity a description in apposition ends at `ent` describes: 'Norketamine, a metabolite of
    ketamine' -> Norketamine (the comma, then the entity right before it, past an alias bracket)."""
    for j in range(ent.start - 1, max(s.start, ent.start - _APPOSITION_FILL - 3) - 1, -1):
        if j in s.ent_of or low(doc, j) in cues.CLAUSE_BOUNDARIES:
            return None
        if low(doc, j) in (",", "("):
            k = j - 1
            if k >= s.start and doc[k].text == ")":
                k = close_paren_left(doc, k, s.start) - 1
            return s.ent_of.get(k)
    return None


# Head nouns an appositive description of a drug ends in: "X, a dual-acting analgesic drug that ...".
DRUG_DESCRIPTION_HEADS = frozenset("""drug drugs compound compounds agent agents molecule molecules
    inhibitor inhibitors antagonist antagonists agonist agonists derivative analogue analog medication
    medicine nsaid nsaids concentration blocker blockers modulator modulators neurosteroid neurosteroids
    antidepressant antidepressants""".split())
APPOSED_WINDOW = 10  # "two relatively new nonsteroidal anti - inflammatory drugs"
_INDEFINITES = frozenset({"a", "an", "two", "three", "several"})
_DESCRIPTION_LINKS = frozenset({",", "is", "are", "was", "were"})


def _apposed_drug(doc: Doc, s: Sent, j: int) -> Span | None:
    """The drug an indefinite description before a relative pronoun stands for: 'X, a dual-acting
    analgesic drug that inhibits Y', 'X and Z are two new NSAIDs (NSAIDs) that inhibit Y' -> X
    (the head at j, then an indefinite article after a comma or copula back to X)."""
    if j >= s.start and doc[j].text == ")":
        j = close_paren_left(doc, j, s.start) - 1
    if j < s.start or low(doc, j) not in DRUG_DESCRIPTION_HEADS:
        return None
    for k in range(j - 1, max(s.start, j - APPOSED_WINDOW) - 1, -1):
        if low(doc, k) in _INDEFINITES and k - 1 >= s.start and low(doc, k - 1) in _DESCRIPTION_LINKS:
            m = k - 2
            if m >= s.start and doc[m].text == ")":
                m = close_paren_left(doc, m, s.start) - 1
            ent = s.ent_of.get(m)
            return ent if ent is not None and ent.label_ == DRUG else None
        if k in s.ent_of and s.ent_of[k].label_ == RECEPTOR:  # "X is a low-trapping NMDA channel blocker
            continue  # that ...": the description's target
        if k in s.ent_of or low(doc, k) in cues.CLAUSE_BOUNDARIES or low(doc, k) in (",", "."):
            return None
    return None


def _object_of_earlier_verb(doc: Doc, s: Sent, ent: Span, i: int) -> bool:
    """'X increased cellular cGMP and subsequently activated PKG', 'decreased the MDA level and increased
    SOD': an entity that is the object of a verb coordinated before the cue is not the cue's subject."""
    if "and" not in {low(doc, k) for k in range(ent.end, i)}:
        return False
    k = ent.start - 1
    while k >= s.start and k >= ent.start - 4 and k not in s.ent_of:
        hit = cue_at(doc, k)
        if hit is not None and hit[0].kind == "verb" and hit[0].relation_for(RECEPTOR) is not None \
                and not is_nominal(low(doc, k)):
            return True
        k -= 1
    return False


IT_SUBJECT = object()  # marker: the subject is a sentence-initial "It"


def _it_predicate(doc: Doc, s: Sent) -> bool:
    """'It (strongly) activates ...': a cue follows "It" with only auxiliaries and adverbs between. Never
    'It should also be noted that there are ways to increase Y' — that "It" refers to nothing."""
    for j in range(s.start + 1, min(s.end, s.start + 5)):
        word = low(doc, j)
        if cue_at(doc, j) is not None:
            return True
        if word == "that" or not (word in cues.VERB_PHRASE_GLUE or word.endswith("ly")):
            return False
    return False


def antecedent(doc: Doc, sents: list[Sent], s: Sent) -> Span | None:
    """For 'It strongly activates ...': the first DRUG of the previous sentence that is not a possessor
    ("Norketamine's byproduct, (2R,6R)-HNK, is ..." -> (2R,6R)-HNK)."""
    if s.index == 0:
        return None
    prev = sents[s.index - 1]
    for ent in sorted(set(prev.ent_of.values()), key=lambda e: e.start):
        if ent.label_ == DRUG and not (ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s")):
            return ent
    return None


ALIAS_TOKENS = 8  # "(Tarceva, OSI-774)"; a longer parenthetical is a remark, not a list of names


def parenthesized_aliases(doc: Doc, s: Sent, ent: Span) -> list[Span]:
    """'erlotinib (Tarceva, OSI-774)', 'heme oxygenase-1 (HO-1)': the same-label entities inside a short
    parenthetical right after `ent` name the same thing, so a fact about `ent` holds for them too."""
    j = ent.end
    if j >= s.end or doc[j].text != "(":
        return _long_form_before(doc, s, ent)
    close = skip_alias(doc, j, s.end)
    if close == j or close - j > ALIAS_TOKENS + 2:
        return []
    found = []
    for k in range(j + 1, close - 1):
        alias = s.ent_of.get(k)
        if alias is not None and alias.label_ == ent.label_ and alias.start == k and alias not in found:
            found.append(alias)
    return found


def _long_form_before(doc: Doc, s: Sent, ent: Span) -> list[Span]:
    """'monoamine oxidase-A (MAO-A)': the bracketed short form's long form, the same-label entity that
    ends right before the bracket (an isoform after a hyphen may be left out of it), names the same
    thing. Only when `ent` fills the bracket alone."""
    k = ent.start - 1
    if k - 1 < s.start or doc[k].text != "(" or ent.end >= s.end or doc[ent.end].text != ")":
        return []
    long = s.ent_of.get(k - 1)
    if long is None and k - 3 >= s.start and doc[k - 2].text in ("-", "‐") and not doc[k - 2].whitespace_:
        long = s.ent_of.get(k - 3)
    if long is None or long.label_ != ent.label_ or long.end > k:
        return []
    return [long]
