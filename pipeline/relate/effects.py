"""Drug -> effect frames: indications ("X (brand) for Y", "antidepressant effect in patients with Y",
"patients with Y who received X", trial outcomes: "X separated from placebo in Y", "X was non-inferior
to ECT in Y") and adverse events ("Y after X", "Y associated with X", "X is associated with Y",
"X-related Y", "side effects of X include A, B", "X has abuse potential", "X users develop Y"), and
the target a drug's effect rests on ("the effects of X require Y").

Each frame is a fixed surface pattern with closed filler sets (`cues.LINK_FILLERS`), because without a
parser an open window would attach an effect to whichever drug happens to be nearby. A therapeutic or
physiological "effect" is never an adverse one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.arguments import first_right, group, nearest_left
from pipeline.relate.negation import clause_start, hedged_in, negated_before
from pipeline.relate.sentence import (
    PASSIVE_WINDOW,
    Sent,
    close_paren_left,
    cue_at,
    emit,
    is_physiological,
    is_therapeutic,
    low,
    non_agent,
    skip_alias,
)
from pipeline.schema import DRUG, EFFECT, RECEPTOR

LINK_WINDOW = 4  # "after the daily intravenous administration of X"


def indication_for(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'esketamine (Spravato) for TRD': a drug, its optional alias, 'for', an effect."""
    j = i - 1
    if j >= s.start and doc[j].text == ")":
        j = close_paren_left(doc, j, s.start) - 1
    drug = s.ent_of.get(j)
    obj = first_right(doc, s, i + 1, 1)
    if drug is None or drug.label_ != DRUG or obj is None or obj.label_ != EFFECT or is_therapeutic(obj):
        return
    emit(out, s, [drug], group(doc, s, obj, True), "TREATS", False, hedged_in(doc, drug.start, obj.end),
          "indication_for")


_PATIENT_WORDS = frozenset({"patients", "individuals", "subjects", "people", "adults", "children", "those"})


def effect_in_patients(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'a rapid antidepressant effect in patients with TRD', 'antidepressant effects in TRD': a
    therapeutic effect, then the disease (of the patients, or named right after 'in')."""
    if i + 2 >= s.end or low(doc, i + 1) != "in":
        return
    direct = s.ent_of.get(i + 2)
    if direct is not None and direct.start == i + 2 and direct.label_ == EFFECT:
        start = i + 2  # "antidepressant effects in treatment-resistant depression"
    elif i + 3 < s.end and low(doc, i + 2) in _PATIENT_WORDS and low(doc, i + 3) == "with":
        start = i + 4
    else:
        return
    context = " ".join(low(doc, j) for j in range(max(s.start, i - 3), i + 1))
    if not any(w in context for w in cues.THERAPEUTIC_EFFECT_WORDS):
        return
    obj = first_right(doc, s, start, 1)
    # The drug and a negation are read before the effect's whole name: "did not show [antidepressant
    # efficacy] in ..."
    effect_start = s.ent_of[i].start if i in s.ent_of else i
    subj = nearest_left(doc, s, effect_start, DRUG)
    if obj is None or obj.label_ != EFFECT or not isinstance(subj, Span) or non_agent(doc, subj):
        return
    diseases = group(doc, s, obj, True)
    if "antidepress" in context and not any(w in context for w in cues.THERAPEUTIC_EFFECT_WORDS
                                            if w != "antidepressant"):
        # "X's antidepressant effects in alcohol use disorder" treat the patients' depression, not their AUD
        diseases = [d for d in diseases if _mood_disorder(d)]
    # ("Neither A nor B produced antidepressant effects in patients with Y": both)
    emit(out, s, group(doc, s, subj, rightward=False), diseases, "TREATS",
         negated_before(doc, s, effect_start), hedged_in(doc, clause_start(doc, s, i), obj.end),
         "effect_in_patients")


# Depression rating scales: "X reduced MADRS total scores in patients with MDD".
DEPRESSION_SCALES = frozenset("""madrs ham-d hamd hamd-17 ham-d17 ham hdrs hrsd qids qids-sr bdi bdi-ii ids
    epds cdrs-r""".split())
# (and the pieces the tokenizer leaves of "HAM-D17", "QIDS-SR", "BDI-II")
_SCALE_FILLERS = frozenset("""the a total score scores mean change changes in from baseline rating ( ) - d d17
    17 sr ii""".split())
SCALE_REACH = 8  # "the mean HAM-D17 total score"


def scale_outcome(doc: Doc, s: Sent, i: int, end: int, out: list) -> None:
    """Token i..end is a lowering or improving verb: 'X reduced MADRS total scores (at day 15 versus
    placebo) in patients with MDD' treats the population's disease, when it is a mood disorder (what the
    scale measures)."""
    j, scale = end, False
    while j < s.end and j - end < SCALE_REACH and j not in s.ent_of:
        word = low(doc, j)
        if word in DEPRESSION_SCALES:
            scale = True
        elif word == "in" and low(doc, j - 1) in ("score", "scores"):
            break  # the population follows
        elif word not in _SCALE_FILLERS and word != "mean":
            break
        j += 1
    if not scale or j >= s.end or low(doc, j - 1) not in ("score", "scores"):
        return
    k = j  # past time points and comparators, to "in (adult) patients/women with D"
    while k < s.end and k - j < OUTCOME_REMARK_REACH:
        arm = s.ent_of.get(k)
        if arm is not None and arm.label_ == DRUG and arm.start == k and k - 1 >= s.start \
                and low(doc, k - 1) in ("versus", "vs", "vs.", "with", "to", "than"):
            k = arm.end + (1 if arm.end < s.end and low(doc, arm.end) == "alone" else 0)
            continue  # "versus bupropion alone": the comparator arm
        if arm is not None or not (low(doc, k) in _OUTCOME_REMARKS or low(doc, k).replace(".", "").isdigit()):
            break
        k += 1
    if k + 2 >= s.end or low(doc, k) != "in":
        return
    k += 1
    while k < s.end and low(doc, k) in POPULATION_MODIFIERS:
        k += 1
    if k + 1 >= s.end or low(doc, k) not in POPULATION_NOUNS or low(doc, k + 1) != "with":
        return
    disease = s.ent_of.get(k + 2)
    subj = nearest_left(doc, s, i, DRUG)
    if disease is None or disease.start != k + 2 or disease.label_ != EFFECT or not _mood_disorder(disease) \
            or not isinstance(subj, Span) or non_agent(doc, subj):
        return
    emit(out, s, [subj], [d for d in group(doc, s, disease, True) if _mood_disorder(d)], "TREATS",
         negated_before(doc, s, i), hedged_in(doc, clause_start(doc, s, i), disease.end), "scale_outcome")


_MOOD_WORDS = ("depress", "mood", "bipolar", "dysthym", "melanchol", "suicid", "anhedon", "mdd", "trd", "ppd")
_MOOD_CONCEPTS = frozenset("""MESH:D003865 MESH:D003866 MESH:D003863 MESH:D061218 MESH:D019052 MESH:D001714
    MESH:D019263 MESH:D059020 MESH:D059445 HP:0000716 LOCAL:EFFECT:MOOD_DISORDER""".split())


def _mood_disorder(span: Span) -> bool:
    text = span.text.lower()
    return span.kb_id_ in _MOOD_CONCEPTS or any(w in text for w in _MOOD_WORDS)


def adverse_link(doc: Doc, s: Sent, i: int) -> int | None:
    """Index after an effect-to-drug link starting at token i ('after', 'associated with', 'due to',
    'in patients receiving', 'in rats treated with'), or None."""
    words = [low(doc, j) for j in range(i, min(i + 4, s.end))]
    for phrase in cues.ADVERSE_LINKS:
        n = len(phrase)
        if tuple(words[:n]) == phrase:
            return i + n
    if words and words[0] == "in":
        # "in patients receiving X", "in 49% of patients treated with X"
        g = i + 1
        while g < s.end and g - i <= 4 and g not in s.ent_of and (
                low(doc, g) in ("%", "of", "the", "those") or low(doc, g).replace(".", "").isdigit()):
            g += 1
        if g < s.end and low(doc, g) in cues.EXPOSED_GROUPS:
            after = [low(doc, j) for j in range(g + 1, min(g + 3, s.end))]
            for phrase in cues.EXPOSURE_VERBS:
                if tuple(after[:len(phrase)]) == phrase:
                    return g + 1 + len(phrase)
    return None


def effect_before_drug(doc: Doc, s: Sent, i: int, end: int, out: list) -> None:
    """'hepatotoxicity after X administration', 'Y associated with X', 'Y due to X', 'Y during X therapy',
    'Y in patients receiving X': an adverse event (and those coordinated with it), then its drug."""
    if low(doc, end - 1) == "with" and low(doc, end - 2) != "associated" and end < s.end \
            and low(doc, end) in ("placebo", "vehicle", "sham"):
        return  # "Y occurred more often with placebo than with X"
    drug = first_right(doc, s, end, LINK_WINDOW, allowed=cues.LINK_FILLERS) or first_right(doc, s, end, 3)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    for j in range(i - 1, max(s.start, i - PASSIVE_WINDOW) - 1, -1):
        ent = s.ent_of.get(j)
        if ent is not None:
            if ent.label_ == EFFECT and not is_therapeutic(ent) and not _after_treat_cue(doc, s, ent):
                effects = [e for e in group(doc, s, ent, rightward=False)
                           if not is_therapeutic(e) and not is_physiological(e)]
                # "No Y after X", and "Y was not associated with X" (the link itself denied)
                emit(out, s, group(doc, s, drug, True), effects, "CAUSES",
                      (negated_before(doc, s, min(e.start for e in effects)) or negated_before(doc, s, i))
                      if effects else False,
                      hedged_in(doc, clause_start(doc, s, i), drug.end), f"effect_{low(doc, i)}_drug")
            return
        hit = cue_at(doc, j)
        if low(doc, j) in cues.CLAUSE_BOUNDARIES or (hit is not None and hit[0].family != "worsen"):
            return  # ("Y worsened in patients receiving X": the worsening is the drug's too)


# "X (treatment) was (significantly) associated with Y": what may stand between the parts.
_USE_NOUNS = frozenset("""treatment treatments therapy use administration exposure intake infusion infusions
    injection injections dose doses dosing abuse misuse""".split())
_COPULAS = frozenset({"is", "was", "are", "were", "been"})
_ASSOCIATED_FILLERS = frozenset("""a an the increased higher greater more significant transient mild moderate
    severe acute frequent dose-dependent dose-related cases episodes reports incidence rates rate frequency
    occurrence prevalence of""".split())


# Before a drug that is a clause's subject: "(The) chronic oral X", "Higher X doses".
_SUBJECT_MODIFIERS = frozenset("""high higher low lower chronic acute oral intravenous intranasal repeated
    long-term short-term habitual prolonged regular recreational both high-dose low-dose dose -""".split())


def _opens_subject(doc: Doc, s: Sent, drug: Span) -> bool:
    """The drug (with the drugs coordinated before it) opens its clause, past determiners and a few
    modifiers, or is the object of 'use/administration of' that does: 'Chronic use of X', 'A and X'."""
    k = drug.start - 1
    while k >= s.start:
        ent = s.ent_of.get(k)
        word = low(doc, k)
        if ent is not None and ent.label_ == DRUG:
            k = ent.start - 1
        elif word in ("and", "or", ",") and k - 1 >= s.start and (s.ent_of.get(k - 1) is not None
                                                               and s.ent_of[k - 1].label_ == DRUG):
            k -= 1
        elif word in cues.DETERMINERS or word in _SUBJECT_MODIFIERS:
            k -= 1
        elif word == "of" and k - 1 >= s.start and low(doc, k - 1) in _USE_NOUNS:
            k -= 2
        else:
            break
    return k < s.start or low(doc, k) in cues.CLAUSE_BOUNDARIES or low(doc, k) in (",", "that", "and")


def drug_associated_with(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'Ketamine is associated with dissociation', 'X treatment was associated with transient Y', 'use
    of X has been linked to Y': token i is 'associated'/'linked'; a drug as the clause's subject, an
    adverse effect after the link. (The effect-first order, 'Y associated with X', is
    `effect_before_drug`'s.)"""
    end = adverse_link(doc, s, i)
    if end is None or low(doc, i) not in ("associated", "linked"):
        return
    k = i - 1
    while k >= s.start and (low(doc, k).endswith("ly") or low(doc, k) in ("also", "not", "often")):
        k -= 1
    if k < s.start or low(doc, k) not in _COPULAS:
        return
    k -= 1
    if k >= s.start and low(doc, k) in ("has", "have", "had"):
        k -= 1
    while k >= s.start and k not in s.ent_of and low(doc, k) in _USE_NOUNS:
        k -= 1
    drug = s.ent_of.get(k)
    if drug is None and k >= s.start and doc[k].text == ")":  # "X (alias) was associated with"
        drug = s.ent_of.get(close_paren_left(doc, k, s.start) - 1)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    if not _opens_subject(doc, s, drug):
        return  # "the response to X", "oxidation of membrane X": X is not the subject
    obj = first_right(doc, s, end, 4, allowed=_ASSOCIATED_FILLERS)  # "a higher incidence of Y"
    if obj is None or obj.label_ != EFFECT:
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e) and not is_physiological(e)]
    emit(out, s, group(doc, s, drug, False), effects, "CAUSES", negated_before(doc, s, i),
         hedged_in(doc, clause_start(doc, s, drug.start), obj.end), "drug_associated_with")


# "A and B were the most frequently reported adverse reactions with X": between the copula and the cue
_RANKING_WORDS = frozenset("""the most common commonly frequent frequently reported observed main major
    predominant serious leading only two three treatment-emergent""".split())


def side_effects_of(doc: Doc, s: Sent, drug: Span, out: list, cue_start: int | None = None) -> None:
    """'side effects of X include A, B and C', 'the toxic effects of X are A, B': the list after the
    verb holds the drug's adverse effects; or, before the cue at cue_start, 'A and B were the most common
    adverse events with X'."""
    j = skip_alias(doc, drug.end, s.end)
    while j < s.end and j - drug.end <= 2 and low(doc, j) in cues.LINK_FILLERS:
        j += 1
    if j >= s.end or low(doc, j) not in cues.LIST_INTRODUCERS:
        if cue_start is not None and not non_agent(doc, drug):
            k = cue_start - 1
            while k > s.start and k not in s.ent_of and low(doc, k) in _RANKING_WORDS:
                k -= 1
            first = s.ent_of.get(k - 1) if low(doc, k) in ("were", "are") else None
            if first is not None and first.label_ == EFFECT and first.end == k:
                effects = [e for e in group(doc, s, first, False)
                           if not is_therapeutic(e) and not is_physiological(e)]
                emit(out, s, [drug], effects, "CAUSES", False,
                     hedged_in(doc, clause_start(doc, s, first.start), drug.end), "side_effects_of")
        return
    obj = first_right(doc, s, j + 1, 3)
    if obj is None or obj.label_ != EFFECT or non_agent(doc, drug):
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e)]
    hedged = hedged_in(doc, clause_start(doc, s, drug.start), obj.end)
    emit(out, s, [drug], effects, "CAUSES", False, hedged, "side_effects_of")


def _after_treat_cue(doc: Doc, s: Sent, ent: Span) -> bool:
    """'prevented Y induced by X', 'reduced Y associated with X': Y is what another agent treats; the
    causal link to X still holds, but only when no treat-cue governs Y do we trust the reading."""
    for j in range(ent.start - 1, max(s.start, ent.start - 3) - 1, -1):
        hit = cue_at(doc, j)
        if hit is not None and hit[0].relation_for(EFFECT) == "TREATS":
            return True
    return False


def compound_cause(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'X-related Y', 'X-associated Y': compound adjectives that name a drug's adverse effect."""
    if i - 2 < s.start or doc[i - 1].text != "-" or doc[i - 1].whitespace_:
        return
    drug = s.ent_of.get(i - 2)
    obj = first_right(doc, s, i + 1, 2)
    if drug is None or drug.label_ != DRUG or obj is None or obj.label_ != EFFECT or is_therapeutic(obj) \
            or is_physiological(obj):
        return
    emit(out, s, [drug], group(doc, s, obj, True), "CAUSES", negated_before(doc, s, drug.start),
          hedged_in(doc, clause_start(doc, s, i), obj.end), f"compound:{low(doc, i)}")


def patients_who_received(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'response rates ... in individuals with TRD who received a single ketamine infusion': the patients'
    disease, then the drug they received. Only a sentence that reports a therapeutic outcome makes it an
    indication; without one the disease merely describes who was studied."""
    j = i + 1
    while j < s.end and j - i <= 3 and low(doc, j) in cues.RECEIVED_WORDS:
        j += 1
    if j == i + 1:
        return
    drug = first_right(doc, s, j, 3)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    k = i - 1
    if k >= s.start and doc[k].text == ")":
        k = close_paren_left(doc, k, s.start) - 1
    if k >= s.start and low(doc, k) in _PATIENT_WORDS:
        k -= 1
    disease = s.ent_of.get(k)
    if disease is None or disease.label_ != EFFECT or is_therapeutic(disease):
        return
    words = " ".join(low(doc, t) for t in range(s.start, disease.start))
    if not any(w in words for w in cues.OUTCOME_WORDS):
        return
    emit(out, s, [drug], [disease], "TREATS", negated_before(doc, s, disease.start),
          hedged_in(doc, clause_start(doc, s, disease.start), drug.end), "patients_who_received")


REQUIRE_WORDS = frozenset({"require", "requires", "required", "requiring", "depend", "depends", "depended",
                           "dependent", "relies", "rely", "relied"})


_REQUIRED_ASPECTS = frozenset("""the release activation activity expression signalling signaling of synthesis
    intact functional""".split())


def effect_requires(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'The antidepressant effects of X require Y activation', 'X's effects depend on Y': the effect
    (the subject) rests on the target (the object), which mediates it."""
    j = i + 1
    if j < s.end and low(doc, j) in ("on", "upon"):
        j += 1
    elif low(doc, i) not in ("require", "requires", "required", "requiring") or \
            (j < s.end and low(doc, j) in ("for", "to", "by")):
        return
    # ("depend on the release of BDNF": what of the target is required)
    target = first_right(doc, s, j, 2) or first_right(doc, s, j, 4, allowed=_REQUIRED_ASPECTS)
    effect = nearest_left(doc, s, i, EFFECT)
    if target is None or target.label_ != RECEPTOR or not isinstance(effect, Span):
        return
    targets = group(doc, s, target, True)
    k = skip_alias(doc, targets[-1].end, s.end)  # "the release of BDNF and activation of TrkB"
    if k + 1 < s.end and low(doc, k) == "and":
        more = first_right(doc, s, k + 1, 3, allowed=_REQUIRED_ASPECTS)
        if more is not None and more.label_ == RECEPTOR:
            targets += group(doc, s, more, True)
    emit(out, s, targets, [effect], "MEDIATES",
         negated_before(doc, s, i), hedged_in(doc, clause_start(doc, s, effect.start), target.end),
         "requires")


# "reduced depressive symptoms in women with postpartum depression": who the outcome was seen in.
POPULATION_NOUNS = _PATIENT_WORDS | frozenset({"women", "men", "participants", "adolescents", "mothers",
                                                "veterans", "outpatients", "inpatients", "youth", "youths"})
POPULATION_MODIFIERS = frozenset({"adult", "adolescent", "elderly", "older", "younger", "female", "male",
                                  "depressed", "hospitalized", "hospitalised", "pediatric", "paediatric"})


# Between an outcome and its population: a time point and a comparator ("at day 15 compared with placebo").
_OUTCOME_REMARKS = frozenset("""at on by within after day days week weeks hour hours h month months
    compared with to versus vs vs. placebo relative from baseline , the end of""".split())
OUTCOME_REMARK_REACH = 9


def population_disease(doc: Doc, s: Sent, obj: Span) -> list[Span]:
    """The diseases of the population named right after a treated symptom: 'Y in (adult) patients with
    D (and E)' -> [D, E]; none when anything else stands between."""
    j = skip_alias(doc, obj.end, s.end)
    k = j  # past the time point and the comparator: "Y at day 15 compared with placebo in women with D"
    while k < s.end and k - j < OUTCOME_REMARK_REACH and k not in s.ent_of \
            and (low(doc, k) in _OUTCOME_REMARKS or low(doc, k).replace(".", "").isdigit()):
        k += 1
    if k > j and k < s.end and low(doc, k) == "in":
        j = k
    if j >= s.end or low(doc, j) != "in":
        return []
    j += 1
    while j < s.end and low(doc, j) in POPULATION_MODIFIERS:
        j += 1
    if j + 1 >= s.end or low(doc, j) not in POPULATION_NOUNS or low(doc, j + 1) != "with":
        return []
    disease = s.ent_of.get(j + 2)
    if disease is None or disease.start != j + 2 or disease.label_ != EFFECT or is_therapeutic(disease) \
            or not _symptoms_of(obj, disease):
        return []
    return [e for e in group(doc, s, disease, True) if not is_therapeutic(e)]


def _symptoms_of(obj: Span, disease: Span) -> bool:
    """'depressive symptoms' in patients with 'postpartum depression': the outcome measures the disease
    itself (symptoms, or a shared word stem), not another complaint of the patients ('anxiety in
    patients with depression' says nothing of treating the depression)."""
    text = obj.text.lower()
    if "symptom" in text or "severity" in text:
        return True
    stems = {w[:6] for w in disease.text.lower().split() if len(w) >= 6}
    return any(w[:6] in stems for w in text.split() if len(w) >= 6)


SEPARATION_WORDS = frozenset({"separate", "separates", "separated", "separating", "differ", "differed",
                              "differs"})
# "(did not) separate from placebo in adult patients with Y", "... on depressive symptoms in Y"
_SEPARATION_FILLERS = frozenset("""in on patients adults adult women individuals participants subjects with
    the of a an""".split()) | POPULATION_MODIFIERS


def separated_from_placebo(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'X failed to separate from placebo in patients with Y', 'X did not differ from placebo on Y': the
    trial outcome of X for Y, negated when the text says it did not separate."""
    if i + 2 >= s.end or low(doc, i + 1) != "from" or low(doc, i + 2) not in ("placebo", "vehicle"):
        return
    obj = first_right(doc, s, i + 3, 6, allowed=_SEPARATION_FILLERS)
    subj = nearest_left(doc, s, i, DRUG)
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or not isinstance(subj, Span) \
            or non_agent(doc, subj):
        return
    emit(out, s, [subj], group(doc, s, obj, True), "TREATS", negated_before(doc, s, i),
         hedged_in(doc, clause_start(doc, s, i), obj.end), "separated_from_placebo")


COMPARISON_WORDS = frozenset({"superior", "inferior", "noninferior"})
_PLACEBOS = frozenset({"placebo", "vehicle", "sham", "saline"})
_COMPARATOR_REACH = 6  # "to an active comparator (quetiapine extended release) in"


def compared_outcome(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'Esketamine was non-inferior to ECT in treatment-resistant depression', 'X was superior to
    placebo in patients with Y': a trial outcome of X in Y, whatever the comparator (often no drug:
    ECT, placebo). 'X was not superior to placebo in Y' is a failed trial (negated); not superior to an
    active comparator, or inferior to it, says nothing of X in Y."""
    word = low(doc, i)
    non = word == "noninferior" or (i - 1 >= s.start and low(doc, i - 1) in ("non", "non-")) \
        or (i - 2 >= s.start and low(doc, i - 2) == "non" and doc[i - 1].text == "-")
    if i + 1 >= s.end or low(doc, i + 1) != "to" or (word == "inferior" and not non):
        return
    start = i
    while start - 1 >= s.start and low(doc, start - 1) in ("non", "non-", "-"):  # "non-inferior"
        start -= 1
    negated = negated_before(doc, s, start)
    j, placebo = i + 2, False
    while j < s.end and j - i <= _COMPARATOR_REACH and low(doc, j) not in ("in", "among", "for"):
        if low(doc, j) in (",", ";", ".") or low(doc, j) in cues.CLAUSE_BOUNDARIES:
            return
        placebo = placebo or low(doc, j) in _PLACEBOS
        j += 1
    if j >= s.end or low(doc, j) not in ("in", "among", "for") or (negated and not placebo):
        return
    obj = first_right(doc, s, j + 1, 6, allowed=_SEPARATION_FILLERS | POPULATION_NOUNS)
    subj = nearest_left(doc, s, start, DRUG)
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or not isinstance(subj, Span) \
            or non_agent(doc, subj):
        return
    emit(out, s, [subj], group(doc, s, obj, True), "TREATS", negated,
         hedged_in(doc, clause_start(doc, s, i), obj.end), "compared_outcome")


# "X had no psychotomimetic side effects", "X lacks the dissociative effects of ketamine".
HAVING_VERBS = frozenset("""had has have produced produces showed shows elicited elicits exhibited exhibits
    displayed displays""".split())
LACKING_VERBS = frozenset({"lacks", "lacked", "lack", "lacking", "devoid"})
_ABSENT_FILLERS = frozenset("""the any significant serious major clinically relevant obvious apparent
    detectable measurable notable such of""".split())


# "X showed antidepressant effects without (causing) psychotomimetic side effects"
_WITHOUT_FILLERS = _ABSENT_FILLERS | frozenset("""causing producing inducing eliciting provoking
    accompanying concomitant""".split())
# Before "without", these make it a description of who was studied: "patients without psychosis".
_WITHOUT_HOLDERS = POPULATION_NOUNS | frozenset("""with or and mice rats animals those history all both each
    were are was is be been others controls cases subjects individuals volunteers""".split())


def absent_effect(doc: Doc, s: Sent, i: int, out: list) -> None:
    """Token i is 'no' after a verb of having, a verb of lacking, or 'without' after what the drug did:
    the adverse effect after it is one the drug does not cause (a negated CAUSES)."""
    word = low(doc, i)
    if word == "no" and not (i - 1 >= s.start and low(doc, i - 1) in HAVING_VERBS):
        return
    if word == "without" and (i - 1 < s.start or low(doc, i - 1) in _WITHOUT_HOLDERS
                              or (i - 1) in s.ent_of and s.ent_of[i - 1].label_ == DRUG):
        return  # ("X given with or without food", "patients without Y", "Z without X": no claim of X)
    verb = i - 1 if word == "no" else i
    obj = first_right(doc, s, i + 1, 3, allowed=_WITHOUT_FILLERS if word == "without" else _ABSENT_FILLERS)
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or is_physiological(obj):
        return
    subj = nearest_left(doc, s, verb, DRUG)
    if not isinstance(subj, Span) or non_agent(doc, subj):
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e) and not is_physiological(e)]
    emit(out, s, [subj], effects, "CAUSES", True, hedged_in(doc, clause_start(doc, s, verb), obj.start),
         "absent_effect")


# "X has (a high) abuse potential", "X carries an addiction liability": the drug's harm as a liability.
POTENTIAL_VERBS = HAVING_VERBS | frozenset("""carries carry carried possesses possess possessed retains
    retain retained""".split())
_POTENTIAL_FILLERS = frozenset("""a an the some significant considerable substantial high higher known
    clear definite""".split())
_LOW_POTENTIAL = frozenset("""low lower little limited minimal negligible reduced modest""".split())


def effect_potential(doc: Doc, s: Sent, i: int, out: list) -> None:
    """Token i is a verb of having: 'Ketamine has abuse potential', 'X carries a high addiction
    liability' give X CAUSES the liability; 'a low/limited abuse potential' hedges it (as 'a low risk
    of'), 'does not have' negates it. Only an EFFECT named as a potential or liability: 'X has Y' in
    general says nothing of cause ('patients had depression')."""
    obj = first_right(doc, s, i + 1, 3, allowed=_POTENTIAL_FILLERS | _LOW_POTENTIAL)
    if obj is None or obj.label_ != EFFECT \
            or not any(w in obj.text.lower() for w in ("potential", "liabilit")):
        return
    subj = nearest_left(doc, s, i, DRUG)
    if not isinstance(subj, Span) or non_agent(doc, subj):
        return
    low_words = {low(doc, j) for j in range(i + 1, obj.start)} & _LOW_POTENTIAL
    emit(out, s, [subj], [obj], "CAUSES", negated_before(doc, s, i),
         bool(low_words) or hedged_in(doc, clause_start(doc, s, i), obj.start), "effect_potential")
    # (the hedge is read before the effect: "potential" in its name is no hedge)


# "Patients receiving X 30 mg reported somnolence (15%), headache (9%)": a group given X, then an event
GROUP_REPORT_WORDS = cues.ONSET_WORDS | frozenset({"reported", "report", "reports"})
_GIVEN_WORDS = (("receiving",), ("treated", "with"), ("given",), ("taking",), ("who", "received"),
                ("who", "took"), ("assigned", "to"), ("randomized", "to"), ("randomised", "to"), ("on",))
_DOSE_WORDS = frozenset("""mg mg/kg mg/day µg μg g ml daily once twice nightly per day dose doses
    ( ) , intranasal oral intravenous nasal spray""".split())

_REPORT_AUXILIARIES = frozenset("""did not also often never more most commonly frequently""".split())
_REPORTED_FILLERS = frozenset("""a an the mild moderate severe transient significant new new-onset serious
    treatment-emergent symptoms of episodes""".split())


def group_given_reports(doc: Doc, s: Sent, i: int, out: list) -> None:
    """Token i is an onset or report word after 'patients receiving/treated with X (dose)': the adverse
    events the group reported or developed are X's ('Patients receiving X 30 mg reported somnolence')."""
    j = i - 1
    while j >= s.start and i - j <= 8 and j not in s.ent_of \
            and (low(doc, j) in _DOSE_WORDS or low(doc, j) in _REPORT_AUXILIARIES
                 or low(doc, j).endswith("ly") or low(doc, j).replace(".", "").isdigit()):
        j -= 1
    drug = s.ent_of.get(j)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    k = drug.start - 1
    for phrase in _GIVEN_WORDS:
        n = len(phrase)
        if k - n + 1 >= s.start and tuple(low(doc, m) for m in range(k - n + 1, k + 1)) == phrase:
            k -= n
            break
    else:
        return
    if k < s.start or low(doc, k) not in POPULATION_NOUNS:
        return
    obj = first_right(doc, s, i + 1, 3, allowed=_REPORTED_FILLERS)  # (not "reported less anxiety")
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or is_physiological(obj):
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e) and not is_physiological(e)]
    none = any(low(doc, m) in ("no", "none") for m in range(max(s.start, k - 3), k))  # "none of the patients"
    emit(out, s, [drug], effects, "CAUSES", none or negated_before(doc, s, i),
         hedged_in(doc, clause_start(doc, s, k), obj.end), "group_given_reports")


_USER_NOUNS = frozenset({"users", "abusers", "misusers", "consumers"})


def users_develop(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'Ketamine users (frequently) develop ulcerative cystitis': token i is an onset word after a drug's
    users; what they develop is the drug's adverse effect."""
    j = i - 1
    while j >= s.start and (low(doc, j).endswith("ly") or low(doc, j) in ("often", "may", "can", "also")):
        j -= 1
    if j - 1 < s.start or low(doc, j) not in _USER_NOUNS:
        return
    drug = s.ent_of.get(j - 1)
    if drug is None or drug.label_ != DRUG or non_agent(doc, drug):
        return
    obj = first_right(doc, s, i + 1, 3)
    if obj is None or obj.label_ != EFFECT or is_therapeutic(obj) or is_physiological(obj):
        return
    effects = [e for e in group(doc, s, obj, True) if not is_therapeutic(e) and not is_physiological(e)]
    none = drug.start - 1 >= s.start and low(doc, drug.start - 1) in ("no", "none")
    emit(out, s, [drug], effects, "CAUSES", none or negated_before(doc, s, i),
         hedged_in(doc, clause_start(doc, s, drug.start), obj.end), "users_develop")
