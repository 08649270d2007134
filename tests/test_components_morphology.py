"""Shape rules for names no vocabulary lists (pipeline/components/morphology.py), on hand-made text."""

import pytest

from pipeline.components.morphology import find_morphology, is_systematic_name
from pipeline.kb import KnowledgeBase, pattern_concept_id
from pipeline.schema import DRUG, EFFECT


def found(text):
    return [(text[s:e], label) for s, e, label in find_morphology(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rats got zolbetolol or quexapril daily.", [("zolbetolol", DRUG), ("quexapril", DRUG)]),
        ("In April the vaccine and methods were new.", []),
        ("Exposure to 1,2-dimethylhydrazine and N-methyl-N-nitrosourea.",
         [("1,2-dimethylhydrazine", DRUG), ("N-methyl-N-nitrosourea", DRUG)]),
        ("3-mercaptopropionic acid was given.", [("3-mercaptopropionic acid", DRUG)]),
        ("4-chlorobenzyl-induced lesions", [("4-chlorobenzyl", DRUG)]),
        ("(N,N-dimethylzolbetolol) was used.", [("N,N-dimethylzolbetolol", DRUG)]),
        ("It caused hepatotoxicity and was nephrotoxic, not cytotoxic.",
         [("hepatotoxicity", EFFECT), ("nephrotoxic", EFFECT)]),
        ("We saw renal injury and myocardial damage.",
         [("renal injury", EFFECT), ("myocardial damage", EFFECT)]),
    ],
)
def test_morphology_rules(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("chunk", ["2-OH", "IL-6", "-(4-fluorophenyl)", "8-[(4-amino-l-methylbutyl)amino]-",
                                   "ethanol", "COVID-19"])
def test_morphology_fragments_and_labels_are_not_systematic_names(chunk):
    assert not is_systematic_name(chunk)


def test_morphology_pattern_ids_resolve_without_state():
    kb = KnowledgeBase({}, [], "empty")
    concept = kb.concept(pattern_concept_id(DRUG, "N-Methyl-N-nitrosourea"))
    assert (concept.concept_id, concept.canonical_name, concept.label, concept.source) == (
        "PATTERN:DRUG:n-methyl-n-nitrosourea", "n-methyl-n-nitrosourea", DRUG, "pattern")
