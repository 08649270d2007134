"""Abbreviation linking rules over the hand-made knowledge base (tests/fixtures/nlp/mini_kb.tsv)."""

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.nlp import build_nlp

FIXTURES = Path(__file__).parent / "fixtures" / "nlp"


def _minikb():
    spec = importlib.util.spec_from_file_location("minikb", FIXTURES / "minikb.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("minikb", module)
    spec.loader.exec_module(module)
    return module.MiniKB()


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(kb=_minikb())


def short_ents(doc, short):
    return [(e.kb_id_, e._.ner_source) for e in doc.ents if e.text == short]


@pytest.mark.parametrize(
    "text",
    [
        # The inner entity is a modifier; the head noun ("assay", "enzyme") is what KMA/GME name.
        "A ketamine assay (KA) was run. KA values rose.",
        "Glutamate enzyme (GE) was found. GE was high.",
    ],
)
def test_abbreviations_long_form_head_must_be_the_entity(nlp, text):
    short = text.split("(")[1].split(")")[0]
    inner = {"LOCAL:DRUG:KETAMINE", "LOCAL:CHEMICAL:GLUTAMATE"}
    assert [kb_id for kb_id, _ in short_ents(nlp(text), short) if kb_id in inner] == []


def test_abbreviations_entity_ending_the_long_form_is_used(nlp):
    doc = nlp("Patients with treatment-resistant depression (TRD) were enrolled. TRD is common.")
    assert short_ents(doc, "TRD") == [("LOCAL:EFFECT:TRD", "abbreviation")] * 2


def test_abbreviations_no_fuzzy_link_for_long_forms(nlp):
    # "antidepressant effector" is a char-3-gram neighbour of the KB's "antidepressant effect"
    # (cosine above the fuzzy threshold) but a different thing.
    doc = nlp("The antidepressant effector (ADE) was cloned. ADE levels were low.")
    assert [kb_id for kb_id, _ in short_ents(doc, "ADE") if kb_id == "LOCAL:EFFECT:AD_EFFECT"] == []
