"""Drug -> target frames anchored on a cue word: class nouns ("the Y antagonist X", "X, a Y
antagonist", "Y antagonists such as X", "antagonist of Y") and verbs ("X inhibits Y", "Y is inhibited by
X", "inhibition of Y by X", "X-induced Y").

Designed around the missing parser: the target of a class noun sits in the compound before it (only
target modifiers like "receptor", "positive allosteric" may intervene); the drug right after it (only
"such as", "(", "," may intervene) or in apposition before it (a comma or copula must intervene, so two
unrelated noun phrases are never glued together). A verb's object is the first entity a few tokens to
its right, its subject the nearest partner-labelled entity to its left in the same clause; a passive or
nominal "by" decides the direction, and the entity labels decide which side is the subject.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.arguments import (
    IT_SUBJECT,
    antecedent,
    contrasted_head,
    first_right,
    group,
    modifies_something_else,
    nearest_left,
    verb_object,
)
from pipeline.relate.effects import POPULATION_NOUNS, scale_outcome, side_effects_of
from pipeline.relate.negation import clause_start, frame_hedge, hedged_in, negated_before, negated_disjunct
from pipeline.relate.sentence import (
    PASSIVE_WINDOW,
    POLARITY,
    Sent,
    close_paren_left,
    cue_at,
    emit,
    enzyme_like,
    is_agent,
    is_nominal,
    is_physiological,
    is_stop,
    is_therapeutic,
    loose_chemical,
    low,
    mentions_receptor,
    non_agent,
    skip_alias,
)
from pipeline.schema import DRUG, EFFECT, RECEPTOR, subject_labels

# Objects of verbs sit close to the verb in this writing ("increased cell membrane AMPA GluR1 levels" =
# 3 fillers); see sentence.SUBJECT_WINDOW for the far side.
OBJECT_WINDOW = 6
LIGHT_VERB_GAP = 3  # "resulted in a significant activation": the preposition, an article, an adjective
APPOSITION_WINDOW = 6  # "X, a potent and highly selective Y antagonist"
# An indefinite description may carry a longer run of modifiers ("X, a new, long-acting, orally active Y
# antagonist"); only adjectives, adverbs, commas and "and" may fill it (see `_description_gap`).
DESCRIPTION_WINDOW = 12
_DESCRIPTION_OPENERS = frozenset({",", "is", "are", "was", "were", "("})
# Cue words that are adjectives in a description: "an effective competitive inhibitor of Y".
_ADJECTIVE_CUES = frozenset({"effective", "efficacious"})
# A preposition or a non-agent head inside the run makes the drug something else's modifier or part:
# "X, a metabolite of the Y antagonist", "X, an analogue with Y antagonist activity".
_DESCRIPTION_BREAKERS = frozenset("""of with for from by in on at to into than as via like
    and/or or""".split()) | cues.NON_AGENT_HEADS


CLASS_MODIFIER_WINDOW = 4  # "AMPA receptor positive allosteric modulator"
# (and "worsen": worsening a therapeutic effect is blocking it, no treatment)
_BLOCKING_FAMILIES = frozenset({"block", "prevent", "abolish", "inhibit", "suppress", "attenuate", "reduce",
                                "decrease", "alleviate", "reverse", "worsen"})


def class_noun_frame(doc: Doc, s: Sent, i: int, cue: cues.Cue, out: list) -> None:
    """'the Y antagonist X', 'X, a Y antagonist', 'Y antagonists such as X', 'X is an antagonist of Y'."""
    m = i
    while m - 1 >= s.start and i - m < CLASS_MODIFIER_WINDOW and (m - 1) not in s.ent_of \
            and low(doc, m - 1) in cues.CLASS_NOUN_MODIFIERS:
        m -= 1
    mods = {low(doc, j) for j in range(m, i)}
    target = s.ent_of.get(m - 1)
    left_edge = m
    if target is None and m - 1 >= s.start and doc[m - 1].text == ")":  # "cyclooxygenase (COX) inhibitor"
        opening = close_paren_left(doc, m - 1, s.start)
        target = s.ent_of.get(m - 2) or s.ent_of.get(opening - 1)
    if target is not None and target.label_ == RECEPTOR:
        targets = group(doc, s, target, rightward=False)
        in_parens = target.start - 1 >= s.start and doc[target.start - 1].text == "("
        full = s.ent_of.get(target.start - 2) if in_parens else None
        if full is not None and full.label_ == RECEPTOR:
            targets.append(full)
        left_edge = min(t.start for t in targets)
    elif i + 1 < s.end and low(doc, i + 1) in ("of", "for", "at", "to"):
        # ("a modulator of synaptic and extrasynaptic Y": where the target is found is no filler)
        target = first_right(doc, s, i + 2, 2) or first_right(doc, s, i + 2, 5, allowed=_TARGET_QUALIFIERS)
        if target is None or target.label_ != RECEPTOR:
            return
        targets = group(doc, s, target, rightward=True)
    else:
        return
    targets += _selective_for(doc, s, i + 1)
    relation = cue.relation_for(RECEPTOR)
    if left_edge - 1 >= s.start:  # "positive GABAA receptor modulation"
        mods.add(low(doc, left_edge - 1))
    if cue.family == "modulator" and mods & cues.POSITIVE_WORDS:
        relation = "POSITIVE_MODULATOR"
    elif cue.family == "modulator" and mods & cues.NEGATIVE_WORDS:
        relation = "NEGATIVE_MODULATOR"
    elif cue.family == "blocker" and ("receptor" in mods or "receptors" in mods
                                      or any(mentions_receptor(doc, t) for t in targets)):
        relation = "ANTAGONIST"
    # Member after the class noun: "antagonist CERC-301", "antagonists, such as ketamine".
    drug = first_right(doc, s, i + 1, 4, allowed=cues.MEMBER_INTRODUCERS)
    hedged_frame = frame_hedge(doc, s, left_edge)
    if not is_agent(drug) and targets[0].start > i:
        # "inhibitors of Y (X or Z)", "inhibitors of Y1 (X) and Y2 (Z)": each bracket names its target's
        for t in targets:
            member = _bracketed_member(doc, s, t.end)
            if member is not None:
                emit(out, s, group(doc, s, member, rightward=True), [t], relation, False,
                     hedged_frame or hedged_in(doc, left_edge, i + 1), f"noun_compound:{cue.family}")
    if not is_agent(drug):  # "inhibitors of Y have been described, including X"
        after = skip_alias(doc, max(t.end for t in targets), s.end) if targets[0].start > i else i + 1
        drug = _introduced_member(doc, s, after)
    if is_agent(drug):
        drugs = group(doc, s, drug, rightward=True)
        emit(out, s, drugs, targets, relation, False, hedged_frame or hedged_in(doc, left_edge, i + 1),
              f"noun_compound:{cue.family}")
        k = left_edge - 1
        while k > s.start and low(doc, k) in cues.CLASS_NOUN_MODIFIERS:
            k -= 1
        if k >= s.start and low(doc, k) in ("the", "this", "these", "those"):
            return  # "..., and by the selective Y inhibitor, Z": the phrase's member is Z alone
    # Drug in apposition or copula before the description: "X (alias), a Y antagonist"; past a first
    # class phrase coordinated before this one: "X is a reuptake inhibitor and an antagonist of Y".
    previous = _previous_class(doc, s, left_edge) if targets[0].start > i else None
    j, gap = (previous[0] if previous is not None else left_edge) - 1, []
    while j >= s.start and len(gap) <= DESCRIPTION_WINDOW and j not in s.ent_of:
        if doc[j].text == ")":
            j = close_paren_left(doc, j, s.start) - 1
            continue
        gap.append(low(doc, j))
        j -= 1
    subj = s.ent_of.get(j)
    if subj is not None and subj.label_ != DRUG and gap and gap[-1] == "and" \
            and set(gap) & {"is", "are", "was", "were"} and not set(gap) & {",", "("}:
        # "X does not inhibit Y and is not a substrate of Z": a second predicate of the clause's subject
        shared = nearest_left(doc, s, j + 1, DRUG)
        if isinstance(shared, Span) and not any(low(doc, k) in (",", ";", "which", "that", "who")
                                                for k in range(shared.end, j)):
            subj = shared
        gap = gap[:-1]
    head = contrasted_head(doc, s, subj) if subj is not None else False
    if head is not False:  # "Norketamine, unlike ketamine, is not a substrate of Y": norketamine's
        subj = head
    # "M, which acts as / is a partial agonist at Y": a non-restrictive relative describes M as a comma does
    # (not after "the metabolite of M, which ...": the relative may describe the head noun)
    if len(gap) >= 3 and gap[-1] == "," and gap[-2] == "which" and gap[-3] in _RELATIVE_DESCRIBERS \
            and is_agent(subj) and not (subj.start - 1 >= s.start and low(doc, subj.start - 1) == "of"):
        gap = gap[:-2] + [","]
    # "X (a Y antagonist)": an opening bracket right after the drug anchors the description too
    bracketed = bool(gap) and gap[-1] == "("
    anchored = bool(set(gap) & cues.APPOSITION_ANCHORS) or bracketed
    if not is_agent(subj) or not anchored:
        return
    if gap[0] in _GOVERNING_PREPOSITIONS:  # "X, the drug is given with inhibitors of Y": a prepositional
        return  # object, not a description of X
    if gap[0] == "(" and len(gap) > 1:  # "X (Y1 inhibitor), Z (Y2 inhibitor)" with Z unrecognized: the
        return  # bracket describes the word right before it, which is no entity
    if "well" in gap and "as" in gap:  # "X, as well as selective Y antagonists": a coordination
        return
    description = _description_gap(gap)
    if len(gap) > APPOSITION_WINDOW + 1 and not description:  # the scan above stops one word late
        return
    if any(is_stop(w, verb_shaped=False) and not (description and w in _ADJECTIVE_CUES) for w in gap):
        return
    negated = bool(set(gap) & cues.NEGATION_WORDS)
    hedged = hedged_frame or hedged_in(doc, subj.start, i + 1)
    # A bracket describes the one name before it: "A (PDE1 inhibitor), B (PDE2 inhibitor)", or the
    # coordination it closes: "A and B (activators of Y)".
    coordinated = subj.start - 1 >= s.start and low(doc, subj.start - 1) in ("and", "or")
    subjects = [subj] if bracketed and not coordinated else group(doc, s, subj, rightward=False)
    if bracketed:  # "A (a Y1 antagonist), B (a Y2 antagonist) and C (a Y3 antagonist)": each has its own
        own = [k for k, m in enumerate(subjects) if k and m.end < s.end and doc[m.end].text == "("]
        subjects = subjects[:own[0]] if own else subjects
    emit(out, s, subjects, targets, relation, negated, hedged, f"apposition:{cue.family}")
    if previous is not None and previous[1] is not None:  # "a substrate and an inhibitor of Y"
        emit(out, s, subjects, targets, previous[1].relation_for(RECEPTOR), negated, hedged,
             f"apposition:{previous[1].family}")
    # "X, a Y1 agonist and Y2 antagonist", "X is an antagonist at Y1 and an agonist at Y2"
    second = _coordinated_class(doc, s, i + 1 if targets[0].start < i
                                else skip_alias(doc, max(t.end for t in targets), s.end))
    if second is not None:
        emit(out, s, subjects, second[0], second[1], negated, hedged, f"apposition:{second[2]}")


def _coordinated_class(doc: Doc, s: Sent, j: int) -> tuple[list[Span], str, str] | None:
    """'... Y1 agonist and Y2 antagonist', '... Y1 agonist/Y2 antagonist', '... and a Y2 antagonist',
    '... antagonist at Y1 and an agonist at Y2': a second class phrase coordinated right after the first
    (j is the token after it) describes the same drug; its targets, relation and family."""
    if j + 1 >= s.end or low(doc, j) not in ("and", "/", "or"):
        return None
    j += 1
    if low(doc, j) in ("a", "an") and j + 1 < s.end:
        j += 1
    while j < s.end and j not in s.ent_of and low(doc, j) in _CLASS_ADJECTIVES:
        j += 1
    hit = cue_at(doc, j) if j < s.end and j not in s.ent_of else None
    if hit is not None:  # "and an agonist at/of Y2"
        if hit[0].kind != "noun" or hit[0].relation_for(RECEPTOR) is None or hit[1] + 1 >= s.end \
                or low(doc, hit[1]) not in ("of", "at", "for", "to"):
            return None
        target = first_right(doc, s, hit[1] + 1, 2)
        if target is None or target.label_ != RECEPTOR:
            return None
        return group(doc, s, target, rightward=True), hit[0].relation_for(RECEPTOR), hit[0].family
    target = s.ent_of.get(j)
    if target is None or target.label_ != RECEPTOR or target.start != j:
        return None
    k = target.end
    while k < s.end and k - target.end < CLASS_MODIFIER_WINDOW and k not in s.ent_of \
            and low(doc, k) in cues.CLASS_NOUN_MODIFIERS:
        k += 1
    hit = cue_at(doc, k) if k < s.end else None
    if hit is None or hit[0].kind != "noun" or hit[0].relation_for(RECEPTOR) is None:
        return None
    return [target], hit[0].relation_for(RECEPTOR), hit[0].family


# Between a class noun's preposition and its target: "a modulator of synaptic and extrasynaptic Y",
# "an antagonist of both native and recombinant Y".
_TARGET_QUALIFIERS = frozenset("""synaptic extrasynaptic presynaptic postsynaptic neuronal central peripheral
    native recombinant human rat mouse murine cloned heteromeric homomeric both all and the""".split())
PREVIOUS_CLASS_REACH = 8  # "a norepinephrine-dopamine reuptake inhibitor and"


def _previous_class(doc: Doc, s: Sent, left_edge: int) -> tuple[int, cues.Cue | None] | None:
    """'X is a reuptake inhibitor and an antagonist of Y': the start (its article) of a class phrase
    coordinated before the one at left_edge, and its cue when it is bare ('a substrate and an inhibitor
    of Y': the target is shared) -- None for a phrase naming a target of its own."""
    k = left_edge - 1
    while k >= s.start and low(doc, k) in _CLASS_ADJECTIVES:
        k -= 1
    if k - 1 >= s.start and low(doc, k) in ("and", "or"):  # "a substrate or inhibitor of Y"
        k -= 1
    elif k - 2 >= s.start and low(doc, k) in ("a", "an") and low(doc, k - 1) in ("and", "or"):
        k -= 2
    else:
        return None
    hit = cue_at(doc, k) if k not in s.ent_of else None
    if hit is None or hit[1] != k + 1 or hit[0].kind != "noun" or hit[0].relation_for(RECEPTOR) is None:
        return None
    bare = True
    for m in range(k - 1, max(s.start, k - PREVIOUS_CLASS_REACH) - 1, -1):
        word = low(doc, m)
        if word in ("a", "an"):
            return m, hit[0] if bare else None
        ent = s.ent_of.get(m)
        if ent is not None and ent.label_ == RECEPTOR:
            return None  # "a Y1 antagonist and a Y2 agonist": read as a class phrase of its own
        if ent is None and word not in cues.CLASS_NOUN_MODIFIERS and word not in _CLASS_ADJECTIVES:
            return None
        bare = bare and word in _CLASS_ADJECTIVES
    return None


# After ", which": the verbs of a description ("which is a", "which acts as a").
_RELATIVE_DESCRIBERS = frozenset("""is are was were acts act functions function serves serve behaves
    also may might""".split())


# Adjectives a coordinated class phrase may open with: "and a partial agonist at Y2".
_CLASS_ADJECTIVES = frozenset("""selective potent weak partial full inverse positive negative allosteric
    competitive noncompetitive non-competitive high-affinity low-affinity strong moderate""".split())


# Before a class phrase, these make it a prepositional object ("given with inhibitors of Y", "unrelated to
# Y antagonists"); not "as" ("X acts as a Y antagonist") nor "of" ("X, a broad spectrum of Y inhibitor").
_GOVERNING_PREPOSITIONS = frozenset("with for from by in on at to into than via through".split())


def _bracketed_member(doc: Doc, s: Sent, j: int) -> Span | None:
    """'inhibitors of COMT (entacapone or tolcapone)': a parenthetical right after the class phrase's
    target that opens with a drug names the class's members."""
    if j + 1 >= s.end or doc[j].text != "(":
        return None
    first = s.ent_of.get(j + 1)
    return first if is_agent(first) else None


def _selective_for(doc: Doc, s: Sent, j: int) -> list[Span]:
    """'a kinase inhibitor selective for the Y', 'an antagonist (with) selectivity for Y1 over Y2': the
    targets the class noun is said to prefer are its targets too, and so is the one it is compared with."""
    if j < s.end and low(doc, j) == "with":
        j += 1
    if j + 1 >= s.end or low(doc, j) not in ("selective", "specific", "selectivity", "specificity") \
            or low(doc, j + 1) != "for":
        return []
    first = first_right(doc, s, j + 2, 2)
    if first is None or first.label_ != RECEPTOR:
        return []
    found = group(doc, s, first, rightward=True)
    k = skip_alias(doc, found[-1].end, s.end)
    if k < s.end and low(doc, k) == "over":
        other = first_right(doc, s, k + 1, 2)
        if other is not None and other.label_ == RECEPTOR:
            found += group(doc, s, other, rightward=True)
    return found


MEMBER_REACH = 8  # "Y agonists (full and partial) have been described, including X"
INTRODUCED_GAP = 3  # "including the small molecules X", "such as Δ(9)-X"
_LIST_INTRODUCERS = frozenset({"including", "include", "includes", "included", "e.g.", "e.g", "eg",
                               "namely", "i.e."})


def _introduced_member(doc: Doc, s: Sent, j: int) -> Span | None:
    """The first DRUG of a list a class phrase introduces further on: 'Several inhibitors of Y have been
    described, including X', 'Y agonists, including Δ(9)-X, Z and W', 'Y poisons (e.g. X, Z)'. Between
    the class phrase and the introducer only filler may stand: no entity, cue, boundary or relative
    clause (those start another statement); after it, a few words ("the small molecules") at most."""
    end = min(s.end, j + MEMBER_REACH + 1)
    while j < end:
        word = low(doc, j)
        if j in s.ent_of or word in (".", ";", ":") or word in cues.CLAUSE_BOUNDARIES \
                or word in cues.RELATIVE_PRONOUNS or word in cues.EXCLUDERS or cue_at(doc, j) is not None:
            return None
        if word in _LIST_INTRODUCERS or (word == "such" and j + 1 < s.end and low(doc, j + 1) == "as"):
            k = j + (2 if word == "such" else 1)
            for m in range(k, min(s.end, k + INTRODUCED_GAP + 1)):
                ent = s.ent_of.get(m)
                if ent is not None:
                    return ent if is_agent(ent) else None
                if low(doc, m) in (".", ";", ":") or cue_at(doc, m) is not None \
                        or low(doc, m) in cues.RELATIVE_PRONOUNS or low(doc, m) in cues.EXCLUDERS:
                    return None
            return None
        j += 1
    return None


# "Y expression and secretion were almost fully inhibited by X": a longer reach back to the patient
# when only auxiliaries, adverbs and the target's aspect nouns stand between.
LONG_PASSIVE_WINDOW = 8
_PASSIVE_FILL = cues.PASSIVE_GLUE | cues.TARGET_ASPECT_NOUNS | frozenset(
    """and has have had transcription translation gene genes enzyme enzymatic""".split())
MEANS_WORDS = frozenset({"by", "via", "through"})
# Before an argument, these make it the object of a preposition, never a clause's subject.
_PREPOSITIONS = frozenset("of with in by on for to from at into than via through against after".split())
# "(chronic) administration of X ... by activating Y": the drug given is the agent all the same.
_GIVING_HEADS = frozenset("""administration treatment pretreatment co-administration coadministration
    addition application exposure infusion injection use delivery supplementation dose doses""".split())


def _means_marker(doc: Doc, s: Sent, i: int) -> int | None:
    """Index of 'by' in 'by (selectively) inhibiting Y': a gerund cue after a means preposition, whose
    agent is the subject of the main clause, not the nearest name ('X reduce Z synthesis by inhibiting
    Y': X inhibits Y, Z does not)."""
    if not (len(low(doc, i)) > 4 and low(doc, i).endswith("ing")):
        return None
    j = i - 1
    while j >= s.start and low(doc, j).endswith("ly"):
        j -= 1
    return j if j >= s.start and low(doc, j) in MEANS_WORDS else None


def _main_subject(doc: Doc, s: Sent, by: int, labels: tuple[str, ...]) -> Span | None:
    """The subject of the clause a means phrase at `by` belongs to: its first `label` entity that no
    preposition governs and that is not a modifier or a non-agent ('X metabolites'). None when the clause
    names none ('Blockade of Y by X could ... by inhibiting Z' has no subject to hand on)."""
    j = clause_start(doc, s, by)
    while j < by:
        ent = s.ent_of.get(j)
        if ent is None:
            j += 1
            continue
        before = low(doc, ent.start - 1) if ent.start - 1 >= s.start else ""
        if before == "of" and ent.start - 2 >= s.start and low(doc, ent.start - 2) in _GIVING_HEADS:
            before = ""
        if ent.label_ in labels and before not in _PREPOSITIONS and before != "-" \
                and not non_agent(doc, ent) and not modifies_something_else(doc, s, ent) \
                and not loose_chemical(doc, ent, s.start) \
                and not (ent.end < s.end and low(doc, ent.end) in ("'s", "’s", "-")):
            return ent
        j = ent.end
    return None


def _description_gap(gap: list[str]) -> bool:
    """The words between a drug and its class noun (read right to left) form an indefinite description
    of it: ', a new, long-acting, oral', 'is an orally active, highly selective', '(an effective'. The
    article must open it, and nothing but modifiers may follow: no preposition, bracket or non-agent head
    ("X, a metabolite of the Y antagonist" describes the metabolite, not X)."""
    words = gap[::-1]
    if len(words) < 2 or words[0] not in _DESCRIPTION_OPENERS or words[1] not in ("a", "an"):
        return False
    return not any(w in _DESCRIPTION_BREAKERS or w in ("(", ")", ".", ";", ":") for w in words[2:])


def _relation_for(cue: cues.Cue, obj: Span, doc: Doc) -> str | None:
    relation = cue.relation_for(obj.label_)
    if relation is None:
        return None
    if relation == "SUBSTRATE" and cue.family in ("metabolize", "transport") and not enzyme_like(obj):
        return None  # "glucose metabolism is PPARα", "hGR transport rates": no enzyme, no carrier
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
    outer = POLARITY.get(relation)
    if outer is None:
        return None
    return "ACTIVATOR" if outer * POLARITY[inner.relation_for(RECEPTOR)] > 0 else "INHIBITOR"


def _is_attributive(doc: Doc, s: Sent, i: int) -> bool:
    """'the increased AMPA throughput', 'an emphasis on enhanced AMPA ... throughput': a participle after a
    determiner or preposition modifies a noun; it is not a predicate with a subject. So does one inside
    an outer verb's object: 'X inhibited the LPS induced TNF release' (see `_outer_verb`)."""
    if not low(doc, i).endswith("ed"):
        return False
    return (i - 1 >= s.start and low(doc, i - 1) in cues.ATTRIBUTIVE_BEFORE) or _outer_verb(doc, s, i)


OUTER_VERB_GAP = 3  # "inhibited the LPS induced", "reduced the stress induced"


def _outer_verb(doc: Doc, s: Sent, i: int) -> bool:
    """A polar verb cue a few words before the participle at i, with only determiners, entities and
    nouns between (no conjunction, comma, auxiliary or relative pronoun): the participle modifies a noun
    in that verb's object ('X inhibited the LPS induced TNF release'), it is not the predicate of X."""
    k, words = i - 1, 0
    while k >= s.start and words <= OUTER_VERB_GAP:
        ent = s.ent_of.get(k)
        if ent is not None:
            k, words = ent.start - 1, words + 1
            continue
        word = low(doc, k)
        hit = cue_at(doc, k)
        if hit is not None:
            polar = POLARITY.get(hit[0].relation_for(RECEPTOR) or "") is not None
            return polar and hit[0].kind == "verb" and not is_nominal(word) \
                and not (k - 1 >= s.start and doc[k - 1].text == "-")
        if word in cues.OUTER_GAP_STOPS or not (word.isalnum() or word == "-"):
            return False
        k, words = k - 1, words + (word not in cues.DETERMINERS)
    return False


def _is_means(doc: Doc, s: Sent, by: int) -> bool:
    """'by blocking NMDA receptors' names how, not who: a gerund after 'by' is never the agent."""
    return by + 1 < s.end and len(low(doc, by + 1)) > 4 and low(doc, by + 1).endswith("ing")


def _owned_by_other_drug(doc: Doc, s: Sent, obj: Span) -> bool:
    """'the antidepressant effects of (2R,6R)-HNK', "ketamine's effects": the effect belongs to a drug."""
    j = obj.end
    if j + 1 < s.end and low(doc, j) == "of":
        nxt = s.ent_of.get(j + 1) or s.ent_of.get(j + 2)
        return nxt is not None and nxt.label_ == DRUG
    return False


def _compound_agent(doc: Doc, s: Sent, i: int) -> bool:
    """'(potentiated) the TCDD-mediated induction of Y': the nominal cue at i names its own agent in a
    compound right before it, so its fact stands whatever an outer verb does to it."""
    if i - 3 < s.start or low(doc, i - 1) not in cues.MODIFIER_HEADS or doc[i - 2].text != "-":
        return False
    agent = s.ent_of.get(i - 3)
    return is_agent(agent)


def _governed(doc: Doc, s: Sent, i: int) -> bool:
    """'reduced Z-induced activation of Y', 'inhibited the activation of Y': the nominal cue at i is the
    object of an outer cue, which reads it through `verb_object`'s inner cue; on its own it would state
    the opposite fact."""
    j = i - 1
    while j >= s.start and low(doc, j) in cues.DETERMINERS:
        j -= 1
    if j - 2 >= s.start and low(doc, j) in cues.MODIFIER_HEADS and doc[j - 1].text == "-":
        j -= 2  # "Z-induced"
        while j >= s.start and j in s.ent_of:
            j -= 1
        while j >= s.start and low(doc, j) in cues.DETERMINERS:
            j -= 1
    hit = cue_at(doc, j) if j >= s.start else None
    polar = hit is not None and POLARITY.get(hit[0].relation_for(RECEPTOR) or "") is not None
    return polar and not is_nominal(low(doc, j))


# Cue words spelt alike as verb and noun: "X increased Y" vs "a 7-fold increase of Y".
NOUN_VERB_FORMS = frozenset({"increase", "decrease", "increases", "decreases", "induction", "elevation"})
NOUN_MARKERS = frozenset({"a", "an", "the", "this", "that", "its", "their", "significant", "marked",
                          "dramatic", "slight", "small", "large", "greater", "-fold", "fold", "induced"})


def _noun_use(doc: Doc, s: Sent, i: int) -> bool:
    """'a 7-fold increase of Y', 'the stress-induced increase in Y': a cue word spelt alike as verb and
    noun is a noun after a determiner, an adjective of degree or a compound participle, or before
    'in'/'of'. As a noun it needs a possessor or a light verb to name its agent, like 'activation'."""
    if low(doc, i) not in NOUN_VERB_FORMS:
        return False
    before = low(doc, i - 1) if i - 1 >= s.start else ""
    after = low(doc, i + 1) if i + 1 < s.end else ""
    return before in NOUN_MARKERS or before.endswith("-fold") or after in ("in", "of")


def _after_light_verb(doc: Doc, s: Sent, i: int) -> bool:
    """'resulted in (a marked) activation of Y', 'led to inhibition of Y': a verb with no content of its
    own hands its subject to the nominal cue after it. Only determiners and adjectives may intervene."""
    for j in range(i - 1, max(s.start, i - LIGHT_VERB_GAP - 1) - 1, -1):
        word = low(doc, j)
        if word in cues.LIGHT_VERBS:
            return low(doc, j + 1) != "by"  # "the signal caused by activation of Y" is passive
        if j in s.ent_of or word in (",", "(", ")") or cue_at(doc, j) is not None:
            return False
    return False


def _after_aspect(doc: Doc, s: Sent, j: int) -> int:
    """Index after an alias and the aspect nouns that follow a target ("Y (Y2) activity", "Y mRNA
    levels"): the words that say which property of the target a nominal cue acts on."""
    j = skip_alias(doc, j, s.end)
    start = j
    while j < s.end and j - start < 2 and j not in s.ent_of and low(doc, j) in cues.TARGET_ASPECT_NOUNS:
        j += 1
    return j


_LOCATION_PREPOSITIONS = frozenset({"on", "in", "at", "within"})
LOCATION_WORDS = 4  # "in the lateral habenula"


def _past_location(doc: Doc, s: Sent, j: int) -> int:
    """The 'by' after a short location phrase opening at j ('on GABAergic interneurons by'), else j.
    Only plain words: no entity, cue, comma or clause word."""
    if j >= s.end or low(doc, j) not in _LOCATION_PREPOSITIONS:
        return j
    for k in range(j + 1, min(s.end, j + 2 + LOCATION_WORDS)):
        word = low(doc, k)
        if word == "by":
            return k if k > j + 1 else j
        if k in s.ent_of or cue_at(doc, k) is not None or word in (",", ";", ".", "(", ")") \
                or word in cues.CLAUSE_BOUNDARIES or word in cues.RELATIVE_PRONOUNS:
            return j
    return j


LISTED_WINDOW = 16  # "raised the mRNA levels of several stress-response genes in the kidneys of rats, incl."
_OBJECT_LIST_INTRODUCERS = frozenset({"including", "e.g.", "e.g", "namely", "i.e.", "especially",
                                      "particularly"})


def _listed_object(doc: Doc, s: Sent, j: int) -> Span | None:
    """'X raised the levels of stress-response genes in the kidney, including A, B and C': an object
    phrase that names no target but lists its members after "including", "such as", "e.g.". Between
    the verb and the list only plain words may stand: no entity, cue, boundary or relative clause."""
    k = j
    while k < min(s.end, j + LISTED_WINDOW):
        word = low(doc, k)
        modifier = s.ent_of.get(k)
        if modifier is not None and modifies_something_else(doc, s, modifier):  # "HIF-target genes"
            k = modifier.end
            continue
        intro = word in _OBJECT_LIST_INTRODUCERS \
            or (word == "such" and k + 1 < s.end and low(doc, k + 1) == "as")
        if intro:
            k2 = k + (2 if word == "such" else 1)
            while k2 < s.end and doc[k2].text in (",", "(", ":"):
                k2 += 1
            ent = s.ent_of.get(k2)
            return ent if ent is not None and ent.label_ == RECEPTOR else None
        if k in s.ent_of or word in (".", ";", ":") or word in cues.CLAUSE_BOUNDARIES \
                or word in cues.RELATIVE_PRONOUNS or word in cues.EXCLUDERS or cue_at(doc, k) is not None \
                or word in ("and", "or", "but", "by", "while", "whereas", "than"):
            return None
        k += 1
    return None


STIMULUS_WINDOW = 3  # "inhibited the basal Y-induced"
_STIMULUS_HEADS = frozenset({"induced", "mediated", "stimulated", "evoked", "dependent", "triggered",
                             "elicited", "activated", "driven"})


def _stimulus_object(doc: Doc, s: Sent, j: int) -> Span | None:
    """'X inhibited M-CSF-induced osteoclast survival', 'X suppressed TLR2-dependent activation of NF-kB':
    when a down verb's object is a process a target drives, and names no other target, blocking the
    process is inhibiting that target's action. The target must be glued to the participle by a hyphen,
    a few determiners or adjectives after the verb, with nothing else between."""
    for k in range(j, min(s.end, j + STIMULUS_WINDOW + 1)):
        ent = s.ent_of.get(k)
        if ent is not None:
            after = skip_alias(doc, ent.end, s.end)
            if ent.label_ == RECEPTOR and after + 1 < s.end and doc[after].text == "-" \
                    and low(doc, after + 1) in _STIMULUS_HEADS:
                return ent
            return None
        word = low(doc, k)
        if word in (",", ".", "(", ")") or word in cues.CLAUSE_BOUNDARIES or cue_at(doc, k) is not None \
                or word in cues.RELATIVE_PRONOUNS or word in cues.EXCLUDERS:
            return None
    return None


MEASURE_WORDS = frozenset({"-", "fold", "times", "%", "approximately", "about", "nearly", "almost", "by"})
MEASURE_REACH = 5  # "induced 2-fold by", "inhibited by about 50% by"


def _past_measure(doc: Doc, s: Sent, j: int) -> int:
    """Index after a measure right after a passive verb ('induced 2-fold', 'inhibited by about 50%',
    'reduced 3 times'), or j when none: the agent's 'by' follows it."""
    k = j
    while k < s.end and k - j < MEASURE_REACH and (low(doc, k) in MEASURE_WORDS or low(doc, k)[:1].isdigit()):
        k += 1
    if k == j or not any(low(doc, m) in ("fold", "times", "%") for m in range(j, k)):
        return j  # "by 5-fluorouracil" is no measure
    while k > j and low(doc, k - 1) == "by":  # the agent's own "by"
        k -= 1
    return k


def _past_giving(doc: Doc, s: Sent, j: int) -> int:
    """Index after 'treatment with', 'the addition of' right after an agent's 'by': the drug given is the
    agent ('inhibited by treatment with X'; "treatment" is a cue word and would stop the search)."""
    k = j + 1 if j < s.end and low(doc, j) in ("the", "a", "an") else j
    if k + 1 < s.end and low(doc, k) in _GIVING_HEADS and low(doc, k + 1) in ("with", "of"):
        return k + 2
    return j


MEDIATED_WINDOW = 14  # "the rapid antidepressant effects of (2R,6R)-HNK in depressed patients were"
# Before an effect, these make it a modifier of the subject, not its head: "effects in patients with Y".
_EFFECT_GOVERNORS = frozenset({"in", "with", "of", "among", "for", "on", "against"})


def _mediated_effect(doc: Doc, s: Sent, i: int) -> Span | None:
    """The effect heading the subject of a passive 'mediated' at i: the nearest EFFECT on its left that
    no preposition governs ("The antidepressant effects of X in patients with Y were not mediated by Z"
    -> the antidepressant effects; Y only says whose effects, and X whose drug). Stops at a comma, a
    clause boundary or another cue."""
    for k in range(i - 1, max(s.start, i - MEDIATED_WINDOW) - 1, -1):
        ent = s.ent_of.get(k)
        if ent is not None:
            if ent.label_ != EFFECT or k != ent.end - 1:
                continue
            j = ent.start - 1
            if j >= s.start and low(doc, j) in ("'s", "’s"):
                j -= 1
            owner = s.ent_of.get(j)
            if owner is not None and owner.label_ != EFFECT:  # "against MPP+ toxicity", "X's effects"
                j = owner.start - 1
            while j >= s.start and low(doc, j) in _PATIENT_FILL:
                j -= 1
            if j >= s.start and low(doc, j) in _EFFECT_GOVERNORS:
                continue
            return ent
        word = low(doc, k)
        if word in (",", ";", ".", "(", ")") or word in cues.CLAUSE_BOUNDARIES \
                or word in cues.RELATIVE_PRONOUNS or cue_at(doc, k) is not None:
            return None
    return None


# "in (adult) patients with Y", "in depressed patients": who an effect was seen in.
_PATIENT_FILL = frozenset("""patients patient adults adult women men subjects individuals participants people
    children adolescents rats mice animals depressed the a an""".split())


# Nouns of a change in a target's amount or state ("the increase in Y", "induction of Y"), by direction.
CHANGE_NOUNS = {**dict.fromkeys("""increase increases elevation elevations rise rises upregulation
    up-regulation induction""".split(), 1), **dict.fromkeys("""decrease decreases reduction reductions
    downregulation down-regulation loss""".split(), -1)}
_CHANGE_FILL = cues.DETERMINERS | frozenset({"in", "of"})


def _changed_target(doc: Doc, s: Sent, j: int) -> int | None:
    """The target starting at token j is named as what changed: 'the (X-induced) increase(s) in Y',
    'induction of Y', 'increased Y levels', 'X-induced Y release'. Blocking such a change, which
    something else brought about, is an indirect effect on Y: the blocker may act anywhere upstream
    (NBQX, an AMPA receptor antagonist, blocks the rise in BDNF that an AMPA-driven drug causes).
    The change's direction (1 up, -1 down), or None when the target is named plainly."""
    k = j - 1
    while k >= s.start and j - k <= 3 and low(doc, k) in _CHANGE_FILL:
        k -= 1
    if k < s.start:
        return None
    word = low(doc, k)
    if word in CHANGE_NOUNS and k < j - 1 and low(doc, k + 1) in ("in", "of"):
        return CHANGE_NOUNS[word]
    if word in ("increased", "elevated") and k == j - 1:
        return 1
    # "X-induced Y release": the target in a compound whose change another agent induced
    if k == j - 1 and k - 1 >= s.start and word in ("induced", "evoked", "stimulated") \
            and doc[k - 1].text == "-":
        return 1
    return None


def verb_frame(doc: Doc, sents: list[Sent], s: Sent, i: int, end: int, cue: cues.Cue, out: list) -> None:
    """Passive ('Y inhibited by X'), nominal ('inhibition of Y by X') and active ('X inhibits Y')."""
    clause = clause_start(doc, s, i)
    negated = negated_before(doc, s, i) or (end < s.end and low(doc, end) == "no") \
        or negated_disjunct(doc, s, i)  # "experienced no Y", "has not been shown to prevent Y or reduce Z"
    # Passive: "Y (is) inhibited by X", "EFFECT mediated by RECEPTOR", "X is metabolized by CYP3A4".
    measured = _past_measure(doc, s, end)  # "induced 2-fold by X", "reduced by about 50% by X"
    # ("mediated via/through Y" names its agent as "by" does)
    agent_words = ("by", "via", "through") if cue.relation_for(EFFECT) == "MEDIATES" else ("by",)
    by = next((k for k in range(measured, min(measured + 2, s.end)) if low(doc, k) in agent_words
               and not _is_means(doc, s, k)), None)
    if by is not None:
        agent = first_right(doc, s, _past_giving(doc, s, by + 1), 3)
        if cue.relation_for(EFFECT) == "MEDIATES":
            effect = _mediated_effect(doc, s, i)
            if agent is not None and effect is not None:
                hedged = frame_hedge(doc, s, i) or hedged_in(doc, clause, agent.end)
                _pair(doc, s, cue, [effect], group(doc, s, agent, True), negated, hedged,
                      f"passive:{cue.family}", out)
            return
        patient = None
        plain = True  # only auxiliaries, adverbs and aspect nouns so far
        for k in range(i - 1, max(s.start, i - LONG_PASSIVE_WINDOW) - 1, -1):
            if k in s.ent_of:
                patient = s.ent_of[k]
                break
            if low(doc, k) in cues.CLAUSE_BOUNDARIES or cue_at(doc, k):
                break
            plain = plain and (low(doc, k) in _PASSIVE_FILL or low(doc, k).endswith("ly"))
            if i - k >= PASSIVE_WINDOW and not plain:
                break
        if agent is not None and patient is not None:
            change = _changed_target(doc, s, group(doc, s, patient, False)[-1].start) \
                if patient.label_ == RECEPTOR else None
            polarity = POLARITY.get(cue.relation_for(RECEPTOR) or "")
            if change is not None and polarity is not None and (polarity < 0 or change < 0):
                # "HNK-induced increases in BDNF were blocked by NBQX": NBQX blocks the change, not BDNF;
                # "the reduction in Y induced by X": X lowers Y, which the cue alone would call activation
                return
            hedged = frame_hedge(doc, s, i) or hedged_in(doc, clause, agent.end)
            _pair(doc, s, cue, group(doc, s, patient, False), group(doc, s, agent, True),
                  negated, hedged, f"passive:{cue.family}", out)
            return
        if agent is not None and low(doc, i).endswith("ed") and i - 1 >= s.start \
                and low(doc, i - 1) in cues.PASSIVE_GLUE:
            return  # "the Z stimulation is inhibited by Y": a passive, never "Z inhibits Y"
    if by is None and _agentless_passive(doc, s, i):
        return
    # "X-induced Y"; but "FDA-approved" names the approver, not a compound agent.
    compound = i - 1 >= s.start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
        and cue.family != "approved"
    if not compound and _is_attributive(doc, s, i):
        return
    start = _past_combination(doc, s, end) if cue.family == "approved" else end
    if not compound and start + 1 < s.end and low(doc, start) in ("and", "or", "and/or") \
            and start + 1 not in s.ent_of:
        # "did not inhibit or induce Y", "inhibits and downregulates Y": the verbs share the object
        second = cue_at(doc, start + 1)
        if second is not None and second[0].kind == "verb" and not is_nominal(low(doc, second[1] - 1)) \
                and not is_nominal(low(doc, end - 1)):
            start = second[1]
    obj, inner = verb_object(doc, s, start, 2 if compound else OBJECT_WINDOW,
                             nominal=is_nominal(low(doc, end - 1)) or _noun_use(doc, s, i))
    stimulus = None
    if obj is None and not compound and cue.relation_for(RECEPTOR) == "INHIBITOR":
        obj = stimulus = _stimulus_object(doc, s, end)
    if obj is None and not compound and POLARITY.get(cue.relation_for(RECEPTOR) or ""):
        obj = _listed_object(doc, s, end)
    scored = obj is None or obj.label_ == EFFECT and _population_disease(doc, s, obj) \
        and bool({low(doc, k) for k in range(end, obj.start)} & {"score", "scores"})
    if scored and cue.relation_for(EFFECT) == "TREATS" and cue.family in _SCALE_FAMILIES and not compound:
        # "X reduced MADRS total scores in patients with MDD"; but "reduced pain scores in patients with
        # MDD" treats no MDD: a score measures the population's disease only on a depression scale
        scale_outcome(doc, s, i, end, out)
        return
    if obj is None:
        return
    if cue.family == "metabolize" and end < s.end and low(doc, end) in ("to", "into"):
        return  # "X is metabolized to M by E": M is the product (metabolism.catalysis_frame reads X)
    objects = group(doc, s, obj, rightward=True)
    after = objects[-1].end
    by = _after_aspect(doc, s, after)
    if is_nominal(low(doc, end - 1)):  # "blockade of Y on GABAergic interneurons by X"
        by = _past_location(doc, s, by)
    # "inhibition of Y (activity) by X" (but "by blocking Z" is a means clause, not an agent)
    if by + 1 < s.end and low(doc, by) == "by" and not _is_means(doc, s, by):
        agent = first_right(doc, s, _past_giving(doc, s, by + 1), 3)
        if agent is not None:
            _pair(doc, s, cue, objects, group(doc, s, agent, True), negated,
                  hedged_in(doc, clause, agent.end), f"nominal:{cue.family}", out)
            return
        if is_nominal(low(doc, i)):  # "the suppression of Y by glucocorticoid": an agent the NER missed
            return
        # "X inhibited the activity of Y by a mechanism ...": no agent after "by", so read it actively
    # "inhibition of Y with X", "activation of Y with X": the drug a nominal cue is done with is its agent
    if by + 1 < s.end and low(doc, by) == "with" and is_nominal(low(doc, i)) \
            and (i == s.start or low(doc, i - 1) != "-"):
        agent = s.ent_of.get(by + 1)
        if agent is not None and agent.start == by + 1 and agent.label_ == DRUG and "RNA" not in agent.text:
            # (a knock-down, "inhibition of Y with siRNA", is a method, not a drug acting)
            _pair(doc, s, cue, objects, group(doc, s, agent, True), negated,
                  hedged_in(doc, clause, agent.end), f"nominal:{cue.family}", out)
            return
    if cue.family == "side_effect" and obj.label_ == DRUG:
        side_effects_of(doc, s, obj, out, i)
        return
    if obj.label_ == EFFECT and _bare_effect_noun(doc, s, i, end):
        return
    if obj.label_ == EFFECT and cue.relation_for(EFFECT) == "CAUSES" and _population_disease(doc, s, obj):
        return  # "X worsened positive symptoms in patients with schizophrenia": the disease was there
    if obj.label_ == EFFECT and obj.start - 2 >= s.start and low(doc, obj.start - 1) in ("to", "until") \
            and low(doc, obj.start - 2) == "time":
        return  # "reduced the time to relapse" hastens it; the verb's direction is the time's, not Y's
    resolved = False
    if cue.family == "cause" and obj.label_ == EFFECT:
        between = {low(doc, k) for k in range(end, obj.start)}
        if between & _CAUSE_BREAKERS or between & _INFLUENCE_NOUNS and between & {"on", "in"} \
                or obj.end < s.end and doc[obj.end].text == "-" and not doc[obj.end - 1].whitespace_:
            return  # "led to recurarization after flushing", "produced no effect on pain", "led to expansion
            # of an MTC-enriched cohort": not Y itself
        resolved = bool(between & _RESOLUTION_WORDS)  # "led to resolution of Y": Y went away
    relation = _compose(_relation_for(cue, obj, doc), inner)
    if relation is None:
        if cue.family in ("metabolize", "transport") and is_agent(obj):  # "CYP2D6 metabolizes X"
            enzyme = nearest_left(doc, s, i, RECEPTOR)
            if isinstance(enzyme, Span) and enzyme_like(enzyme):
                emit(out, s, objects, [enzyme], "SUBSTRATE", negated, hedged_in(doc, clause, after),
                      "verb:metabolize")
        return
    if cue.family in _BLOCKING_FAMILIES and obj.label_ == EFFECT \
            and _owned_by_other_drug(doc, s, objects[-1]):
        return
    subj_labels = subject_labels(relation)
    means = None
    if compound:
        if end < s.end and low(doc, end) in _TREATED_GROUPS:
            _treated_group_onset(doc, s, i, end, out)
            return  # "X-treated patients had Y": who received X, not what X did
        subj = s.ent_of.get(i - 2)
        if subj is None and i - 2 >= s.start and doc[i - 2].text == ")":  # "X (alias)-induced Y"
            subj = s.ent_of.get(i - 3)
        if subj is None or subj.label_ not in subj_labels:
            return
    else:
        means = _means_marker(doc, s, i)
        subj = nearest_left(doc, s, i, subj_labels) if means is None \
            else _main_subject(doc, s, means, subj_labels)
    method = f"verb:{cue.family}"
    nominal = is_nominal(low(doc, end - 1)) or _noun_use(doc, s, i)  # "up-regulation": its last token
    if obj.label_ == RECEPTOR and nominal and _governed(doc, s, i) and not _compound_agent(doc, s, i):
        return
    if isinstance(subj, Span) and obj.label_ == RECEPTOR and nominal \
            and not ({low(doc, k) for k in range(subj.end, i)} & {"'s", "’s", "-"}):
        # "activation of Y" names its agent as a possessor ("X's rapid activation of Y"), as the subject
        # of a light verb ("X resulted in activation of Y"), or not at all.
        if not _after_light_verb(doc, s, i):
            return
        method = f"light_verb:{cue.family}"
    if subj is IT_SUBJECT:
        subj, method = antecedent(doc, sents, s), f"verb:{cue.family}+it"
    if not isinstance(subj, Span) or non_agent(doc, subj):
        return
    if subj.start < s.start:
        subjects = [subj]
    else:
        subjects = group(doc, s, subj, rightward=means is not None)
    hedged = frame_hedge(doc, s, i) or hedged_in(doc, clause, after)
    direction = _modulation_direction(doc, s, i) if cue.family == "modulate" else None
    lowered = _risk_lowered(doc, s, i) if cue.family == "risk" else None
    if lowered == "low":
        hedged = True  # "X has a low risk of Y": a rare harm, not an established one
    elif lowered is not None:
        method = "verb:risk_reduced"
    for o in objects:
        rel = _compose(_relation_for(cue, o, doc), inner)
        if rel == "MODULATOR" and direction is not None:
            rel = direction
        if rel == "CAUSES" and (lowered not in (None, "low") or resolved):
            rel = "TREATS"  # "X reduced the risk of relapse" prevents it
        if rel is not None and (o is stimulus or not modifies_something_else(doc, s, o)):
            emit(out, s, subjects, [o], rel, negated, hedged, method)


_SCALE_FAMILIES = frozenset({"reduce", "decrease", "improve", "attenuate", "alleviate"})
# Labels: "X is indicated, in conjunction with an oral antidepressant, for Y".
_COMBINATION_PHRASES = (("in", "conjunction", "with"), ("in", "combination", "with"), ("together", "with"),
                        ("as", "an", "adjunct", "to"), ("as", "adjunctive", "therapy", "to"),
                        ("as", "adjunctive", "treatment", "to"), ("as", "monotherapy", "or"))
COMBINATION_REACH = 8  # ", in conjunction with an oral antidepressant (AD),"


def _past_combination(doc: Doc, s: Sent, j: int) -> int:
    """The token after a combination remark opening at j (', in conjunction with Z,'), up to the 'for'
    or 'as' that names the indication; j itself when there is none."""
    k = j + 1 if j < s.end and low(doc, j) == "," else j
    for p in _COMBINATION_PHRASES:
        if k + len(p) <= s.end and tuple(low(doc, m) for m in range(k, k + len(p))) == p:
            for m in range(k + len(p), min(s.end, k + len(p) + COMBINATION_REACH)):
                word = low(doc, m)
                if word in ("for", "in") and m + 1 < s.end and (m + 1) in s.ent_of:
                    return m
                if word == "for":
                    return m
                if word in (";", ".") or word in cues.CLAUSE_BOUNDARIES or (
                        m in s.ent_of and s.ent_of[m].label_ == EFFECT):
                    return j
            return j
    return j


# Between a cause verb and its effect: the effect belongs to a later phrase ("after Y", "during Y"), or
# what was caused is the effect's end ("led to resolution of Y").
_CAUSE_BREAKERS = frozenset("""after before during following when while upon""".split())
_INFLUENCE_NOUNS = frozenset({"effect", "effects", "influence", "impact", "change", "changes"})
_RESOLUTION_WORDS = frozenset("""resolution remission recovery disappearance regression normalization
    normalisation relief amelioration improvement improvements reversal cessation cure""".split())


def _population_disease(doc: Doc, s: Sent, obj: Span) -> bool:
    """'in (adult) patients with Y', 'in women with Y': Y is the disease of who was studied, not what
    a drug brought about."""
    k = obj.start - 1
    if k - 1 < s.start or low(doc, k) != "with":
        return False
    k -= 1
    return low(doc, k) in POPULATION_NOUNS


# After "X-treated", "X-exposed": the compound names a group of subjects, not an act on what follows.
_TREATED_GROUPS = frozenset("""patients patient subjects individuals people adults children women men mice
    rats animals cells cultures neurons group groups cohort volunteers participants controls""".split())
def _treated_group_onset(doc: Doc, s: Sent, i: int, end: int, out: list) -> None:
    """'20% of X-treated rats developed Y': a group given X in which an event set in; the event is X's
    adverse effect (as in `document.topic_drug_events`, only with an onset word)."""
    drug = s.ent_of.get(i - 2)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    k = end + 1
    while k < s.end and k - end <= 3 and low(doc, k) not in cues.ONSET_WORDS:
        if k in s.ent_of or low(doc, k) in (",", ";", ".") or cue_at(doc, k) is not None:
            return
        k += 1
    if k >= s.end or low(doc, k) not in cues.ONSET_WORDS:
        return
    obj = first_right(doc, s, k + 1, 3)
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or is_physiological(obj):
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e) and not is_physiological(e)]
    none = drug.start - 1 >= s.start and low(doc, drug.start - 1) in ("no", "none")  # "No X-treated rat"
    emit(out, s, [drug], effects, "CAUSES", none or negated_before(doc, s, k),
         hedged_in(doc, clause_start(doc, s, i), obj.end), "treated_group_onset")


_PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# Whose subject a passive does name: "X is approved for Y", "X was metabolized via E" (the drug is the
# substrate), "Y is required for Z" (a phrase cue).
_OWN_PASSIVES = frozenset({"approved", "metabolize", "transport", "required_for"})
_ADVERB_GLUE = frozenset({"not", "also", "further", "then", "still", "completely", "largely", "partly",
                          "partially", "almost", "fully", "no", "longer"})


def _agentless_passive(doc: Doc, s: Sent, i: int) -> bool:
    """'The antidepressant effects of X were abolished in mice lacking Y': a passive participle with no
    'by' agent. The name on its left is the patient (or its owner), never the verb's agent, and what
    follows it is no object: read actively it gave 'X INHIBITOR Y'. Not for `_OWN_PASSIVES`."""
    hit = cue_at(doc, i)
    if not low(doc, i).endswith("ed") or hit is None or hit[0].family in _OWN_PASSIVES:
        return False
    j = i - 1
    while j >= s.start and (low(doc, j) in _ADVERB_GLUE or low(doc, j).endswith("ly")):
        j -= 1
    return j >= s.start and low(doc, j) in _PASSIVE_AUXILIARIES


# A nominal effect cue names its effect in a prepositional phrase: "treatment of Y", "improvement in Y".
_EFFECT_NOUN_PREPOSITIONS = frozenset({"of", "for", "in", "from", "against", "on"})


def _bare_effect_noun(doc: Doc, s: Sent, i: int, end: int) -> bool:
    """'X treatment was associated with Y', 'patients receiving X treatment reported Y': a nominal cue
    with no preposition after it names the drug's use, and the effect further on is no object of it."""
    return is_nominal(low(doc, end - 1)) and low(doc, i) not in NOUN_VERB_FORMS \
        and (end >= s.end or low(doc, end) not in _EFFECT_NOUN_PREPOSITIONS)


# Before "risk": "X reduced the risk of Y" prevents Y; "X has a low risk of Y" hedges the harm.
RISK_REDUCERS = frozenset("""reduce reduces reduced reducing lower lowers lowered lowering decrease decreases
    decreased decreasing diminished diminishes minimize minimizes minimized mitigate mitigates mitigated
    prevent prevents prevented attenuated attenuates""".split())
LOW_RISK = frozenset({"low", "minimal", "small", "negligible", "slight", "modest"})


def _risk_lowered(doc: Doc, s: Sent, i: int) -> str | None:
    """'reduced' (the reducing word) or 'low' when one stands right before 'risk', past an article or
    'overall'/'relative'; else None."""
    j = i - 1
    while j >= s.start and i - j <= 3 and low(doc, j) in ("the", "a", "an", "overall", "relative", "its",
                                                          "their", "very", "substantially", "significantly"):
        j -= 1
    word = low(doc, j) if j >= s.start else ""
    if word in RISK_REDUCERS:
        return "reduced"
    if word in ("and", ","):  # "X reduced Y and the risk of Z": the risk is the verb's second object
        k = j - 1
        while k >= s.start and j - k <= COORDINATED_RISK_REACH and (k in s.ent_of or low(doc, k) in (
                cues.DETERMINERS | {",", "and", "both"})):
            k -= 1
        return "reduced" if k >= s.start and low(doc, k) in RISK_REDUCERS else None
    return "low" if word in LOW_RISK else None


COORDINATED_RISK_REACH = 8  # "reduced suicidal thoughts, hospitalizations and the risk of"


def _modulation_direction(doc: Doc, s: Sent, i: int) -> str | None:
    """'positively modulates', 'negatively modulated': the adverb right before the verb (past an
    'allosterically')."""
    j = i - 1
    if j >= s.start and low(doc, j) == "allosterically":
        j -= 1
    word = low(doc, j) if j >= s.start else ""
    return {"positively": "POSITIVE_MODULATOR", "negatively": "NEGATIVE_MODULATOR"}.get(word)


def _pair(doc: Doc, s: Sent, cue: cues.Cue, left: list[Span], right: list[Span], negated: bool,
          hedged: bool, method: str, out: list) -> None:
    """Pair two argument groups whichever side holds the subject; the labels decide the direction. A
    chemical on the left is the subject only when it stands as one ("the effect of norepinephrine on Z
    is inhibited by Y" says nothing norepinephrine does to Y)."""
    left_subjects = [x for x in left if not loose_chemical(doc, x, s.start)]
    if POLARITY.get(cue.relation_for(RECEPTOR) or "") is not None \
            and method.startswith(("passive", "nominal")):
        left_subjects = []  # "the PGE1 stimulation is inhibited by PKAI", "activation of X by the enzyme
        # E": the patient acts on nothing
    for a, b in ((right, left), (left_subjects, right)):
        for obj in b:
            relation = _relation_for(cue, obj, doc)
            if cue.family == "metabolize" and obj.label_ == RECEPTOR:
                relation = "SUBSTRATE" if enzyme_like(obj) else None
            if relation is None:
                continue
            emit(out, s, [x for x in a if not non_agent(doc, x)], [obj], relation, negated, hedged, method)
