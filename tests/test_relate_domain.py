"""Phrasings of clinical reports in this field, each once missed or misread. Entities marked inline."""

from __future__ import annotations

from tests.test_relate import facts


def test_effect_in_patients_reads_plural_nouns():
    for noun in ("response", "responses", "benefit", "benefits"):
        marked = (f"[Zorbaxine|DRUG] produced rapid antidepressant {noun} in patients with "
                  "[bipolar depression|EFFECT].")
        assert ("Zorbaxine", "TREATS", "bipolar depression", False, False) in facts(marked), noun


def test_drug_treatment_noun_without_preposition_treats_nothing():
    # "X treatment" names the drug's use; what follows is what the treatment brought, not its target.
    for marked in ("[Zorbaxine|DRUG] treatment was associated with [dizziness|EFFECT] and [nausea|EFFECT].",
                   "Patients receiving [zorbaxine|DRUG] treatment reported [headache|EFFECT]."):
        assert not any(f[1] == "TREATS" for f in facts(marked)), marked
    # "treatment of/for Y" still names the indication
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in facts(
        "[Zorbaxine|DRUG] is approved for the treatment of [postpartum depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "depression", False, False) in facts(
        "[Zorbaxine|DRUG] treatment for [depression|EFFECT] was well tolerated.")
