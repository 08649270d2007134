"""Who a fact is about and whether the text asserts it: subjects negated or set aside by contrast, and
questions and beliefs that only hedge. Each sentence here once gave a fact the text does not assert
("Neither A nor B inhibited Y" as two inhibitions). Entities are marked inline as in test_relate."""

from __future__ import annotations

import pytest

from tests.test_relate import facts, triples

NOT_POSITIVE = [
    # (sentence, fact that must never be positive, i.e. not (negated=False, hedged=False))
    ("Neither [zorbaxine|DRUG] nor [quarrelon|DRUG] inhibited [GSK3|RECEPTOR] in these cells.",
     ("zorbaxine", "INHIBITOR", "GSK3")),
    ("Neither [zorbaxine|DRUG] nor [quarrelon|DRUG] inhibited [GSK3|RECEPTOR] in these cells.",
     ("quarrelon", "INHIBITOR", "GSK3")),
    ("[Zorbaxine|DRUG], but not [quarrelon|DRUG], produced [rapid antidepressant effects|EFFECT] in "
     "patients with [treatment-resistant depression|EFFECT].",
     ("quarrelon", "TREATS", "treatment-resistant depression")),
    ("Whether [zorbaxine|DRUG] reduces [suicidal ideation|EFFECT] remains to be determined.",
     ("zorbaxine", "TREATS", "suicidal ideation")),
    ("It remains unclear whether [zorbaxine|DRUG] inhibits [HCN1 channels|RECEPTOR] in vivo.",
     ("zorbaxine", "INHIBITOR", "HCN1 channels")),
    ("[Zorbaxine|DRUG] is thought to block [NMDA receptors|RECEPTOR] on interneurons.",
     ("Zorbaxine", "ANTAGONIST", "NMDA receptors")),
    ("[Zorbaxine|DRUG] is believed to activate [mTOR|RECEPTOR] in neurons.",
     ("Zorbaxine", "ACTIVATOR", "mTOR")),
    ("There is no evidence that [zorbaxine|DRUG] relieves [depression|EFFECT].",
     ("zorbaxine", "TREATS", "depression")),
    ("No trial has yet shown that [zorbaxine|DRUG] inhibits [GSK3|RECEPTOR] in patients.",
     ("zorbaxine", "INHIBITOR", "GSK3")),
    ("There is only limited evidence that [zorbaxine|DRUG] reduces [suicidal ideation|EFFECT].",
     ("zorbaxine", "TREATS", "suicidal ideation")),
    ("Does [zorbaxine|DRUG] cause [cystitis|EFFECT] in patients with depression?",
     ("zorbaxine", "CAUSES", "cystitis")),
    ("[Zorbaxine|DRUG] was expected to reduce [suicidal ideation|EFFECT], but it did not.",
     ("Zorbaxine", "TREATS", "suicidal ideation")),
    ("If [zorbaxine|DRUG] blocks [NMDA receptors|RECEPTOR] on interneurons, glutamate release should rise.",
     ("zorbaxine", "ANTAGONIST", "NMDA receptors")),
    # The negation governs the effect the EFFECT entity names; the disease after it is in its scope.
    ("[Quarrelon|DRUG] did not show [antidepressant efficacy|EFFECT] in patients with "
     "[major depressive disorder|EFFECT].",
     ("Quarrelon", "TREATS", "major depressive disorder")),
]


@pytest.mark.parametrize(("marked", "fact"), NOT_POSITIVE, ids=[f"{f[0]}-{f[2]}" for _, f in NOT_POSITIVE])
def test_fact_is_never_asserted(marked, fact):
    assert (*fact, False, False) not in facts(marked)


def test_neither_nor_negates_both_subjects():
    found = facts("Neither [zorbaxine|DRUG] nor [quarrelon|DRUG] inhibited [GSK3|RECEPTOR] in these cells.")
    assert ("zorbaxine", "INHIBITOR", "GSK3", True, False) in found
    assert ("quarrelon", "INHIBITOR", "GSK3", True, False) in found


def test_unlike_sets_the_contrasted_drug_aside():
    found = facts("Unlike [zorbaxine|DRUG], [quarrelon|DRUG] does not relieve [depression|EFFECT].")
    assert ("quarrelon", "TREATS", "depression", True, False) in found
    assert not any(f[0] == "zorbaxine" for f in found)  # the text asserts nothing about it here


def test_questions_and_beliefs_hedge_but_keep_the_fact():
    found = facts("We asked whether [zorbaxine|DRUG] blocks [NMDA receptors|RECEPTOR].")
    assert ("zorbaxine", "ANTAGONIST", "NMDA receptors", False, True) in found
    found = facts("[Zorbaxine|DRUG] is thought to block [NMDA receptors|RECEPTOR].")
    assert ("Zorbaxine", "ANTAGONIST", "NMDA receptors", False, True) in found


def test_plain_assertions_stay_positive():
    # The guards must not touch what the text asserts: no subject negation, no contrast, no question.
    assert ("zorbaxine", "INHIBITOR", "GSK3", False, False) in facts(
        "Both [zorbaxine|DRUG] and [quarrelon|DRUG] inhibited [GSK3|RECEPTOR].")
    assert ("Zorbaxine", "TREATS", "depression", False, False) in facts(
        "[Zorbaxine|DRUG] relieved [depression|EFFECT], not only in adults.")
    assert ("Quarrelon", "ANTAGONIST", "NMDA receptors", False, False) in facts(
        "In contrast, [Quarrelon|DRUG] blocked [NMDA receptors|RECEPTOR].")


def test_comparator_of_an_outcome_is_not_its_subject():
    # "X was superior to Y in reducing Z": Z's reduction is X's; Y is what X is measured against.
    for comparison in ("was superior to", "outperformed", "was more effective than", "was non-inferior to"):
        found = facts(f"[Zorbaxine|DRUG] {comparison} [quarrelon|DRUG] in reducing "
                      "[suicidal ideation|EFFECT].")
        assert ("Zorbaxine", "TREATS", "suicidal ideation", False, False) in found, comparison
        assert not any(f[0] == "quarrelon" for f in found), comparison
    # A comparison that is negated, or that X loses, asserts nothing about either drug.
    for comparison in ("was not superior to", "was inferior to", "was less effective than"):
        found = facts(f"[Zorbaxine|DRUG] {comparison} [quarrelon|DRUG] in reducing "
                      "[depressive symptoms|EFFECT].")
        assert not any(f[1] == "TREATS" and not f[3] for f in found), comparison


def test_denied_and_weak_evidence():
    assert ("zorbaxine", "TREATS", "depression", True, False) in facts(
        "There is no evidence that [zorbaxine|DRUG] relieves [depression|EFFECT].")
    assert ("zorbaxine", "TREATS", "depression", False, True) in facts(
        "There is little evidence that [zorbaxine|DRUG] relieves [depression|EFFECT].")
    # evidence that is not denied leaves the fact as it is
    assert ("zorbaxine", "TREATS", "depression", False, False) in facts(
        "Several trials have shown that [zorbaxine|DRUG] relieves [depression|EFFECT].")


def test_independent_of_sets_the_target_aside():
    for phrase in ("independent of", "independently of", "regardless of"):
        marked = f"[Zorbaxine|DRUG] exerts its effects {phrase} [NMDA receptor|RECEPTOR] inhibition."
        assert not facts(marked), phrase
    assert ("Zorbaxine", "INHIBITOR", "NMDA receptor", False, False) in facts(
        "[Zorbaxine|DRUG] showed [NMDA receptor|RECEPTOR] inhibition.")


def test_not_yet_studied_or_shown():
    assert ("Zorbaxine", "TREATS", "depression", False, True) in facts(
        "[Zorbaxine|DRUG] treatment for [depression|EFFECT] in adolescents has not been studied.")
    assert ("Zorbaxine", "TREATS", "depression", True, False) in facts(
        "[Zorbaxine|DRUG] treatment for [depression|EFFECT] in adolescents has not yet been established.")
    # a later clause about something else leaves the fact alone
    assert ("Zorbaxine", "TREATS", "suicidal ideation", False, False) in facts(
        "[Zorbaxine|DRUG] reduces [suicidal ideation|EFFECT], but its long-term safety has not been studied.")


def test_a_class_noun_description_is_not_questioned():
    found = facts("We asked whether the [CCR5|RECEPTOR] antagonist [zorbaxine|DRUG] blocks viral entry.")
    assert ("zorbaxine", "ANTAGONIST", "CCR5", False, False) in found
    found = facts("Does [zorbaxine|DRUG], an [H3 receptor|RECEPTOR] agonist, reduce [seizures|EFFECT]?")
    assert ("zorbaxine", "AGONIST", "H3 receptor", False, False) in found
    assert ("zorbaxine", "TREATS", "seizures", False, False) not in found
    # "the expected Y" is an adjective, no belief
    assert ("Zorbaxine", "INHIBITOR", "GSK3", False, False) in facts(
        "[Zorbaxine|DRUG] caused the expected inhibition of [GSK3|RECEPTOR] activity.")


def test_denied_link_from_an_effect_to_a_drug_is_negated():
    # "Y was not associated with X", "Y is not due to X", "Y did not change after X": the link is denied
    for marked in ("[Hypertension|EFFECT] was not associated with [zorbaxine|DRUG] use.",
                   "The [headache|EFFECT] is not due to [zorbaxine|DRUG] in these patients.",
                   "[Proteinuria|EFFECT] did not change after [zorbaxine|DRUG] treatment."):
        found = facts(marked)
        assert found and all(f[3] for f in found), marked
    assert ("zorbaxine", "CAUSES", "Hypertension", False, False) in facts(
        "[Hypertension|EFFECT] developed after [zorbaxine|DRUG] in two cases.")


def test_contrast_set_off_by_commas_leaves_the_subject_before_it():
    # the term of the contrast is no subject; the name before the comma is
    found = facts("[Zorbanol|DRUG], unlike [zorbaxine|DRUG], is not a substrate of "
                  "[P-glycoprotein|RECEPTOR].")
    assert ("Zorbanol", "SUBSTRATE", "P-glycoprotein", True, False) in found
    assert not any(f[0] == "zorbaxine" for f in found)
    found = facts("[Zorbaxine|DRUG], compared with [quarrelon|DRUG], reduced [suicidal ideation|EFFECT] in "
                  "adults.")
    assert ("Zorbaxine", "TREATS", "suicidal ideation", False, False) in found
    assert not any(f[0] == "quarrelon" for f in found)


def test_comparator_arm_with_its_treatment_words():
    # "not superior to adjunctive B in reducing Y" says nothing of B treating Y, nor of A
    assert not facts("Adjunctive [zorbaxine|DRUG] was not superior to adjunctive [quarrelon|DRUG] in "
                     "reducing [depressive symptoms|EFFECT].")
    assert ("Zorbaxine", "TREATS", "depressive symptoms", False, False) in facts(
        "[Zorbaxine|DRUG] was superior to oral [quarrelon|DRUG] in reducing [depressive symptoms|EFFECT].")


def test_a_failed_treatment_is_negated():
    # The failure stands too far before the treatment cue for the negation window: these were positive.
    for marked in ("[Zorbaxine|DRUG], a partial agonist of the [NMDA receptor|RECEPTOR], failed to show "
                   "efficacy as adjunctive treatment in [MDD|EFFECT].",
                   "[Zorbaxine|DRUG] failed to demonstrate significant efficacy in the treatment of "
                   "[MDD|EFFECT].",
                   "[Zorbaxine|DRUG] was ineffective in the treatment of [MDD|EFFECT]."):
        found = facts(marked)
        assert ("Zorbaxine", "TREATS", "MDD", True, False) in found, marked
        assert ("Zorbaxine", "TREATS", "MDD", False, False) not in found, marked
    # the class noun stands, and a failure of someone else's is no failure of the drug
    assert ("Zorbaxine", "AGONIST", "NMDA receptor", False, False) in facts(
        "[Zorbaxine|DRUG], a partial agonist of the [NMDA receptor|RECEPTOR], failed to show efficacy.")
    assert ("Zorbaxine", "TREATS", "depressive symptoms", False, False) in facts(
        "[Zorbaxine|DRUG] given to patients who failed to show benefit from SSRIs reduced "
        "[depressive symptoms|EFFECT].")


def test_a_verb_after_or_shares_the_negation():
    # "has not been shown to prevent Y or reduce Z" gave a positive 'X TREATS Z'.
    assert facts("[Zorbaxine|DRUG] has not been shown to prevent [suicide|EFFECT] or reduce "
                 "[suicidal behavior|EFFECT].") == {("Zorbaxine", "TREATS", "suicide", True, False),
                                                    ("Zorbaxine", "TREATS", "suicidal behavior", True, False)}
    assert ("Zorbaxine", "ACTIVATOR", "AMPA receptors", False, False) in facts(
        "[Zorbaxine|DRUG] blocks [NMDA receptors|RECEPTOR] or activates [AMPA receptors|RECEPTOR].")


def test_the_subject_a_but_not_contrast_keeps():
    # "A, but not B, produced Y": the verb's nearest subject is B (negated); A's positive fact was missed.
    for marked in ("[Zorbaxine|DRUG], but not [quarrelon|DRUG], produced rapid "
                   "[antidepressant effects|EFFECT] in mice.",
                   "[Zorbaxine|DRUG] but not [quarrelon|DRUG] produced rapid "
                   "[antidepressant effects|EFFECT]."):
        assert facts(marked) == {("Zorbaxine", "TREATS", "antidepressant effects", False, False),
                                 ("quarrelon", "TREATS", "antidepressant effects", True, False)}, marked
    # a contrast of objects is none of the subject's
    assert ("Zorbaxine", "INHIBITOR", "PLA2") not in triples(
        "Lithium reduced the turnover of [zorbaxine|DRUG], but not [quarrelon|DRUG], in brain phospholipids "
        "by decreasing the activity of [PLA2|RECEPTOR].")


def test_losing_to_an_active_comparator_is_no_failed_treatment():
    # "did not improve depressive symptoms more than midazolam" gave a negated TREATS: the trial says only
    # that X was not better than an active control. Against placebo it is a failed trial.
    assert not facts("Adjunctive [zorbaxine|DRUG] did not improve [depressive symptoms|EFFECT] more than "
                     "midazolam in older adults.")
    assert facts("[Zorbaxine|DRUG] did not reduce [depressive symptoms|EFFECT] more than placebo.") == {
        ("Zorbaxine", "TREATS", "depressive symptoms", True, False)}
