"""Phrasings of clinical reports in this field, each once missed or misread. Entities marked inline."""

from __future__ import annotations

from tests.test_relate import facts


def test_effect_in_patients_reads_plural_nouns():
    for noun in ("response", "responses", "benefit", "benefits"):
        marked = (f"[Zorbaxine|DRUG] produced rapid antidepressant {noun} in patients with "
                  "[bipolar depression|EFFECT].")
        assert ("Zorbaxine", "TREATS", "bipolar depression", False, False) in facts(marked), noun
