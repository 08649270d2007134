"""Target recognition: pure helpers on their own, the component over a tiny hand-made KB.

The fixture KB (tests/fixtures/targets/) holds one drug, one chemical and one curated receptor, so every
other RECEPTOR entity here comes from the component's shape rules, never from a vocabulary.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.components import targets
from pipeline.kb import KnowledgeBase
from pipeline.kb_genes import canonical_from_id, load_hpo_genes, target_id
from pipeline.nlp import build_nlp

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(FIXTURES / "kb", sources=())


@pytest.fixture(scope="module")
def nlp(kb):
    return build_nlp(kb=kb)


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("tyrosinase", True), ("lipases", True), ("protease", True), ("acetylcholinesterase", True),
     ("increase", False), ("decreases", False), ("metaphase", False), ("database", False), ("case", False),
     ("disease", False), ("ATPase", True), ("phrases", False)],
)
def test_targets_is_enzyme_word(word, expected):
    assert targets.is_enzyme_word(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("CYP2D6", True), ("MAPK1", True), ("AKT", True), ("PPARγ", True), ("TrkB", True),
     ("DNA", False), ("IC50", False), ("The", False), ("ketamine", False), ("A", False), ("HEK293", False)],
)
def test_targets_is_symbol(word, expected):
    assert targets.is_symbol(word) is expected


def test_targets_target_id_folds_greek_case_and_plural():
    assert target_id("β2-adrenergic receptors") == "LOCAL:TARGET:BETA2_ADRENERGIC_RECEPTOR"
    assert target_id("Beta2 adrenergic receptor") == target_id("β2-adrenergic receptors")
    assert canonical_from_id(target_id("tyrosine kinases")) == "tyrosine kinase"


def test_targets_target_id_errors_name_the_value_and_the_fix():
    with pytest.raises(ValueError) as err:
        target_id("--")
    assert str(err.value) == "Cannot mint a target id from '--': it has no letters or digits."
    with pytest.raises(ValueError) as err:
        canonical_from_id("MESH:D000001")
    assert str(err.value) == (
        "Not a minted target id: 'MESH:D000001'. Expected 'LOCAL:TARGET:<NAME>' as made by target_id()."
    )


def test_targets_phrase_spans_need_a_name_part_before_a_generic_head():
    words = ["the", "receptor", "and", "the", "5", "-", "HT7", "receptor", "bound"]
    assert targets.phrase_spans(words, set()) == [(4, 8)]


def test_targets_phrase_spans_take_subtypes_after_the_head():
    words = ["estrogen", "receptor", "alpha", "and", "protein", "kinase", "C", "levels"]
    assert targets.phrase_spans(words, set()) == [(0, 3), (4, 7)]


def test_targets_weak_heads_need_a_capital_or_entity_modifier():
    assert targets.phrase_spans(["plasma", "protein", "binding"], set()) == []
    assert targets.phrase_spans(["Wnt7", "protein"], set()) == [(0, 2)]


def test_targets_symbol_needs_protein_context_or_a_known_symbol_with_a_digit():
    words = ["ZXQ1", "was", "high", ";", "ZXQ2", "expression", "and", "QRST", "rose"]
    assert targets.symbol_spans(words, set()) == [(4, 5)]
    assert targets.symbol_spans(words, {"ZXQ1", "QRST"}) == [(0, 1), (4, 5)]


def test_targets_component_minted_ids_resolve_in_the_kb(nlp, kb):
    found = ents(nlp, "Tyrosinase and the beta3-adrenergic receptor were studied.")
    assert [(t, label) for t, label, _ in found] == [
        ("Tyrosinase", "RECEPTOR"), ("beta3-adrenergic receptor", "RECEPTOR")
    ]
    for _, _, concept_id in found:
        assert kb.concept(concept_id).label == "RECEPTOR"
    assert kb.concept(found[1][2]).canonical_name == "beta3 adrenergic receptor"


def test_targets_component_prefers_the_kb_concept_and_grows_over_ligand_entities(nlp):
    found = ents(nlp, "Zorbamine activates the zorbamine receptor, not the Fooase receptor.")
    assert found[0] == ("Zorbamine", "DRUG", "LOCAL:DRUG:ZORBAMINE")
    assert ("zorbamine receptor", "RECEPTOR", "LOCAL:RECEPTOR:ZORBAMINE_RECEPTOR") in found


def test_targets_component_grows_over_a_chemical_modifier_but_not_over_unknown_words(nlp):
    found = ents(nlp, "The quuxol-gated channel opened; the glorbin kinase did not.")
    assert found == [("quuxol-gated channel", "RECEPTOR", target_id("quuxol gated channel"))]


def test_targets_component_passes_definitions_to_short_forms(nlp):
    doc = nlp("We blocked quuxol synthase (QXS) in cells. QXS was then inhibited by zorbamine.")
    gls = [(e.text, e.kb_id_) for e in doc.ents if e.text == "QXS"]
    assert gls == [("QXS", target_id("quuxol synthase"))] * 2
    assert all(e._.ner_source == "target" for e in doc.ents if e.text == "QXS")


def test_targets_component_leaves_plain_prose_alone(nlp):
    text = "The increase in the case count was a database phase problem; DNA and ATP levels rose."
    assert ents(nlp, text) == []


def test_targets_component_requires_an_index():
    component = targets.TargetRecognizer()
    with pytest.raises(ValueError, match="has no knowledge base index"):
        component(spacy.blank("en")("text"))


def test_targets_hpo_gene_loader_reads_symbols_as_context_needing_acronyms(tmp_path):
    path = tmp_path / "genes_to_phenotype.txt"
    path.write_text("ncbi_gene_id\tgene_symbol\thpo_id\n1\tZXQ1\tHP:1\n2\tZXQ1\tHP:2\n3\tAB\tHP:3\n",
                    encoding="utf-8")
    concepts, terms, dropped = load_hpo_genes(path, frozenset())
    assert [c.concept_id for c in concepts] == ["HGNC:ZXQ1"]
    assert [(t.text, t.case_sensitive, t.needs_context) for t in terms] == [("ZXQ1", True, True)]
    assert dropped == {"ab": "shorter than 3 characters"}
