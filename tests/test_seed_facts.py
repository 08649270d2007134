"""The facts a pharmacologist reads in each seed text, through the real pipeline (normalize -> NER ->
relations, captions included), and the negated or wrong readings that must never appear as positive.

Facts are compared on canonical names (subject, relation, object), so the tests hold whichever surface
form ("AZD6765", "Lanicemine") the NER links. 002 is a duplicate of the canonical 003 and is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.annotate import annotate_texts

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = {"000": "000_cf445b3e9f868d1e.txt", "001": "001_435352fd82d5fe52.txt",
         "003": "003_bbc711d5d2493919.txt", "004": "004_06711d36f1e60c8d.txt"}


@pytest.fixture(scope="module")
def seed_facts():
    """doc key -> list of Fact, one pipeline run over all seeds."""
    raws = [(CORPUS / name).read_text(encoding="utf-8") for name in SEEDS.values()]
    return {key: list(ann.facts) for key, ann in zip(SEEDS, annotate_texts(raws), strict=True)}


def positive(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.canonical_name, f.relation, f.object.canonical_name) for f in facts if not f.negated}


def negated(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.canonical_name, f.relation, f.object.canonical_name) for f in facts if f.negated}


EXPECTED = [
    # 000: the three FDA indications and the glycine-site / GABA-A modulators
    ("000", ("esketamine", "TREATS", "treatment-resistant depression")),
    ("000", ("dextromethorphan-bupropion", "TREATS", "major depressive disorder")),
    ("000", ("brexanolone", "TREATS", "postpartum depression")),
    ("000", ("D-cycloserine", "MODULATOR", "glycine site of the NMDA receptor")),
    ("000", ("brexanolone", "POSITIVE_MODULATOR", "GABA-A receptor")),
    # 001: mechanisms, coordination with an elided head, indications, side effects
    ("001", ("lamotrigine", "INHIBITOR", "voltage-gated sodium channel")),
    ("001", ("lamotrigine", "INHIBITOR", "calcium channel")),
    ("001", ("riluzole", "INHIBITOR", "voltage-gated sodium channel")),
    ("001", ("riluzole", "INHIBITOR", "calcium channel")),
    ("001", ("ketamine", "TREATS", "treatment-resistant depression")),
    ("001", ("riluzole", "TREATS", "amyotrophic lateral sclerosis")),
    ("001", ("memantine", "ANTAGONIST", "NMDA receptor")),
    ("001", ("memantine", "TREATS", "cognitive dysfunction")),
    ("001", ("perampanel", "ANTAGONIST", "AMPA receptor")),
    ("001", ("topiramate", "TREATS", "migraine")),
    ("001", ("ketamine", "ANTAGONIST", "NMDA receptor")),
    ("001", ("ketamine", "CAUSES", "dizziness")),
    ("001", ("ketamine", "CAUSES", "dissociation")),
    ("001", ("ketamine", "CAUSES", "perceptual disturbance")),
    # 003: the examples, the caption's enzyme, the TRD response
    ("003", ("ketamine", "TREATS", "treatment-resistant depression")),
    ("003", ("ketamine", "TREATS", "anhedonia")),
    ("003", ("ketamine", "TREATS", "suicidal ideation")),
    ("003", ("ketamine", "CAUSES", "cystitis")),
    ("003", ("ketamine", "CAUSES", "neurotoxicity")),
    ("003", ("4-chlorokynurenine", "ANTAGONIST", "glycine receptor")),
    ("003", ("rislenemdaz", "ANTAGONIST", "NMDA receptor")),
    ("003", ("lanicemine", "INHIBITOR", "NMDA receptor")),
    ("003", ("rapastinel", "MODULATOR", "NMDA receptor")),
    ("003", ("ketamine", "ACTIVATOR", "mTOR")),
    ("003", ("ketamine", "INHIBITOR", "eEF2 kinase")),
    ("003", ("ketamine", "INHIBITOR", "GSK3")),
    ("003", ("ketamine", "ANTAGONIST", "NMDA receptor")),
    ("003", ("(2R,6R)-hydroxynorketamine", "ACTIVATOR", "AMPA receptor")),
    ("003", ("NBQX", "ANTAGONIST", "AMPA receptor")),
    ("003", ("ketamine", "SUBSTRATE", "CYP3A4")),
    # 004: the approval sentence
    ("004", ("esketamine", "TREATS", "treatment-resistant depression")),
    ("004", ("esketamine", "TREATS", "major depressive disorder")),
    ("004", ("esketamine", "BINDS", "NMDA receptor")),
]


@pytest.mark.parametrize(("doc", "fact"), EXPECTED, ids=[f"{d}:{'-'.join(f)}" for d, f in EXPECTED])
def test_seed_facts_present(seed_facts, doc, fact):
    assert fact in positive(seed_facts[doc])


def test_seed_facts_hnk_does_not_inhibit_nmda(seed_facts):
    fact = ("(2R,6R)-hydroxynorketamine", "INHIBITOR", "NMDA receptor")
    assert fact in negated(seed_facts["003"])
    assert fact not in positive(seed_facts["003"])


@pytest.mark.parametrize("fact", [
    ("rislenemdaz", "ACTIVATOR", "AMPA receptor"),  # "no evidence implicates AMPA activation with CERC-301"
    ("lanicemine", "ACTIVATOR", "AMPA receptor"),
    ("ketamine", "CAUSES", "synaptic plasticity"),  # a mechanism, not an adverse effect
])
def test_seed_facts_wrong_readings_absent(seed_facts, fact):
    assert fact not in positive(seed_facts["003"])


def test_seed_facts_blocking_an_effect_treats_nothing(seed_facts):
    """'pre-treatment with ... NBQX prevented the antidepressant effects of (2R,6R)-HNK'."""
    assert not {f for f in positive(seed_facts["003"]) if f[0] == "NBQX" and f[1] == "TREATS"}


def test_seed_facts_no_fact_from_a_sentence_about_no_drug(seed_facts):
    """'no other treatment for depression has demonstrated ...' names no drug: nothing may come of it."""
    assert not [f for f in seed_facts["003"] if "no other treatment for depression" in f.evidence]


def test_seed_facts_hedged_side_effects_in_001(seed_facts):
    """'Patients taking NMDA receptor antagonists, such as ketamine, may experience ... dizziness'."""
    (fact,) = [f for f in seed_facts["001"] if f.object.canonical_name == "dizziness"]
    assert fact.hedged and not fact.negated


def test_seed_facts_offsets_point_at_the_raw_text(seed_facts):
    for key, name in SEEDS.items():
        raw = (CORPUS / name).read_text(encoding="utf-8")
        for fact in seed_facts[key]:
            for m in (fact.subject, fact.object):
                assert raw[m.start:m.end] == m.text
