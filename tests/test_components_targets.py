"""Target recognition: pure helpers on their own, the component over a tiny hand-made KB.

The fixture KB (tests/fixtures/targets/) holds one drug, one chemical and one curated receptor, so every
other RECEPTOR entity here comes from the component's shape rules, never from a vocabulary.
"""

from __future__ import annotations

import bz2
import pickle
from pathlib import Path

import pytest
import spacy

from pipeline.components import targets
from pipeline.kb import KnowledgeBase
from pipeline.kb_genes import (
    canonical_from_id,
    is_protein_entry,
    load_hpo_genes,
    load_mesh_targets,
    protein_concept_id,
    target_id,
)
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


def test_targets_family_member_needs_a_known_gene_of_that_family():
    # "IL-6" and "PDE4" are root + member; the KB knows IL6 and PDE4D (a prefix is enough), not COX9.
    families = targets.known_prefixes({"IL6", "PDE4D"})
    words = ["IL", "-", "6", ",", "PDE4", "and", "COX", "-", "9", "rose", ";", "IL", "alone"]
    assert targets.symbol_spans(words, set(), families) == [(0, 3), (4, 5)]
    assert targets.symbol_spans(words, set()) == []  # no gene vocabulary, no evidence
    gene_style = targets.known_prefixes({"SMAD3", "PDE4D"})
    assert targets.symbol_spans(["Smad", "-", "3", "and", "Pde4"], set(), gene_style) == [(0, 3), (4, 5)]


def test_targets_greek_isoform_suffix_is_protein_evidence():
    words = ["NF", "-", "κB", ",", "NF", "-", "kappa", "B", ",", "HIF", "-", "1alpha", "and", "PKCδ", "rose"]
    assert targets.symbol_spans(words, set()) == [(0, 3), (4, 8), (9, 12), (13, 14)]


def test_targets_molecular_weight_names_and_slash_families():
    words = ["p53", "and", "p38α", "but", "not", "p", "<", "0.05", ";", "ERK1", "/", "2", "expression"]
    assert targets.symbol_spans(words, set()) == [(0, 1), (2, 3), (9, 12)]


def test_targets_cell_lines_are_no_genes():
    words = ["DLD", "-", "1", "cells", "and", "ZXQ1", "cells", "and", "ZXQ2", "expression"]
    assert targets.symbol_spans(words, {"ZXQ1", "DLD1"}, targets.known_prefixes({"DLD1"})) == [(8, 9)]


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


def test_targets_mesh_protein_ids_are_minted_from_the_heading_not_the_sources_mesh_id():
    # drug-ner pairs interleukin-6 with a disease's descriptor; the id must not merge it into that disease.
    entry = {"name": "Interleukin-6", "mesh_id": "D010954", "mesh_tree": ["D12.644.276.374.465.224"]}
    assert protein_concept_id(entry) == "LOCAL:TARGET:INTERLEUKIN_6"
    nadph = {"name": "Oxidases, NADPH", "mesh_id": "D006105"}
    assert protein_concept_id(nadph) == "LOCAL:TARGET:NADPH_OXIDASE"


@pytest.mark.parametrize(
    ("trees", "drugbank", "expected"),
    [(["D12.644.548.586.200.500.625"], None, True),  # peptide hormone (insulin)
     (["D08.811.277.352"], None, True),  # enzyme
     (["D12.644.641.500"], None, False),  # oligopeptide: a chemical
     (["D12.644.548.586"], "DB00001", False),  # administered as a drug
     # signalling proteins and enzymes the drug loader leaves to the targets, unless named like a biologic
     (["D12.644.276.374.465"], "DB00002", True),
     (["D08.811.277.656"], "DB00003", True)],
)
def test_targets_protein_entries_include_peptide_hormones_but_not_drugs_or_oligopeptides(trees, drugbank,
                                                                                           expected):
    assert is_protein_entry({"mesh_tree": trees, "drugbank_id": drugbank, "name": "Protein"}) is expected


def test_targets_biologic_medicines_stay_drugs():
    entry = {"mesh_tree": ["D12.644.276.374.465"], "drugbank_id": "DB00041", "name": "Aldesleukin"}
    assert not is_protein_entry(entry)


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["EC", "4.2.1.1", "and", "EC", "3.1.4.-"], [(0, 2), (3, 5)]),
     (["Kir6.2", "and", "Nav1.5", "but", "not", "Fig1.2"], [(0, 1), (2, 3)]),
     (["beta1AR", ",", "β2", "-", "AR", ",", "alpha2", "-", "adrenoceptors", ",", "beta(2)", "-", "AR"],
      [(0, 1), (2, 5), (6, 9), (10, 13)]),
     (["5", "-", "HT(1A", ")", "receptors", ",", "D(2", ")", "and", "CysLT(1)R"], [(0, 5), (6, 8), (9, 10)]),
     (["X(2", ")", "values", "and", "HT(3", ")"], [])],
)
def test_targets_nomenclature_shapes(words, expected):
    assert targets.nomenclature_spans(words) == expected


def test_targets_component_reads_an_expressed_drug_as_its_gene_product(nlp):
    found = ents(nlp, "Zorbamine mRNA rose, and zorbamine levels fell.")
    assert found[0] == ("Zorbamine", "RECEPTOR", target_id("Zorbamine"))
    assert found[1] == ("zorbamine", "DRUG", "LOCAL:DRUG:ZORBAMINE")


def test_targets_mesh_loader_reads_canonical_names_missing_from_the_variant_table(tmp_path):
    data = {"drug_variant_to_canonical": {"angiotensinogenase": ["renin"]},
            "drug_canonical_to_data": {"renin": {"name": "Renin", "mesh_tree": ["D08.811.277.656"]}}}
    path = tmp_path / "dict.pkl.bz2"
    with bz2.open(path, "wb") as handle:
        pickle.dump(data, handle)
    concepts, terms, _ = load_mesh_targets(path, frozenset())
    assert [c.concept_id for c in concepts] == ["LOCAL:TARGET:RENIN"]
    assert sorted(t.text for t in terms) == ["angiotensinogenase", "renin"]


def test_targets_species_letter_before_a_known_symbol():
    known = {"SERT", "ENT1"}
    words = ["hSERT", "and", "hENT1", "and", "mRNA", "and", "hXYZ", "rose"]
    assert targets.symbol_spans(words, known, targets.known_prefixes(known)) == [(0, 1), (2, 3)]


def test_targets_reporter_enzymes_are_no_targets():
    assert not targets.is_enzyme_word("luciferase")
    assert targets.phrase_spans(["firefly", "luciferase", "activity"], set()) == []


@pytest.mark.parametrize(
    ("text", "n_tokens", "expected"),
    [("IL-2 rose.", 3, ("IL-2", "RECEPTOR", target_id("interleukin-2"))),
     ("IFN-gamma rose.", 3, ("IFN-gamma", "RECEPTOR", target_id("IFN-gamma"))),
     ("factor X rose.", 2, ("factor X", "RECEPTOR", target_id("factor X"))),
     # interferon alfa is the medicine and stays a drug
     ("interferon-alpha rose.", 3, ("interferon-alpha", "DRUG", "LOCAL:DRUG:ZORBAMINE"))],
)
def test_targets_component_reads_endogenous_proteins_as_proteins(nlp, text, n_tokens, expected):
    doc = nlp.make_doc(text)
    # a protein the lexicon took as a drug (aldesleukin, coagulation factors) is read as the protein
    doc.set_ents([spacy.tokens.Span(doc, 0, n_tokens, label="DRUG", kb_id="LOCAL:DRUG:ZORBAMINE")])
    found = [(e.text, e.label_, e.kb_id_) for e in nlp.get_pipe("pharma_targets")(doc).ents]
    assert found == [expected]


def test_targets_mesh_loader_drops_class_words_such_as_antibodies(tmp_path):
    tree = {"mesh_tree": ["D12.776.124"]}
    data = {"drug_variant_to_canonical": {"antibodies, monoclonal": ["antibodies, monoclonal"],
                                          "monoclonal antibodies": ["antibodies, monoclonal"]},
            "drug_canonical_to_data": {"antibodies, monoclonal": {"name": "Antibodies, Monoclonal", **tree}}}
    path = tmp_path / "dict.pkl.bz2"
    with bz2.open(path, "wb") as handle:
        pickle.dump(data, handle)
    _, terms, dropped = load_mesh_targets(path, frozenset())
    assert terms == []
    assert dropped["monoclonal antibodies"] == "generic class word, not a target name"


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["HVA", "Ca2", "+", "channels"], [(0, 4)]),
     (["K(+", ")", "channels"], [(0, 3)]),
     (["Ca(2", "+", ")", "channels"], [(0, 4)])],
)
def test_targets_phrase_spans_read_over_ion_charges(words, expected):
    assert targets.phrase_spans(words, set()) == expected


def test_targets_family_members_of_a_known_subfamily_and_slash_chains():
    families = targets.known_prefixes({"UGT1A1", "SRC"})
    # UGT1A6 is a sibling of the known UGT1A1; UGT9 is no known subfamily
    assert targets.symbol_spans(["UGT1A6", "and", "UGT9", "rose"], set(), families) == [(0, 1)]
    # the context word after a "/" chain vouches for every symbol in it
    words = ["SRC", "/", "ABL", "inhibitor", "and", "FYN", "/", "LCK", "rose"]
    assert targets.symbol_spans(words, set()) == [(2, 3), (0, 1)]


def test_targets_interferon_alfa_and_beta_are_medicines_not_symbols():
    words = ["IFN", "-", "α", "and", "IFN", "-", "beta", "but", "IFN", "-", "γ", "rose"]
    assert targets.symbol_spans(words, set()) == [(8, 11)]


def test_targets_c_prefixed_proto_oncogene_products():
    # "c-" + a capitalised viral oncogene name is a protein without further context
    assert targets.symbol_spans(["the", "c", "-", "Zrk", "level", "rose"], set()) == [(1, 4)]
    # but not a lower-case word or a long capitalised one after "c-"
    assert targets.symbol_spans(["c", "-", "section", "and", "c", "-", "Value"], set()) == []


def test_targets_head_noun_before_a_symbol_names_it():
    assert targets.symbol_spans(["the", "channel", "QRTM4", "opened"], set()) == [(2, 3)]
    assert targets.symbol_spans(["the", "tyrosine", "kinase", "Qyk2", "moved"], set()) == [(3, 4)]
    assert targets.symbol_spans(["the", "QRTM4", "opened"], set()) == []  # no evidence at all


def test_targets_gene_style_symbols_need_context():
    # one capital, lower-case letters, a number: a mouse/rat gene symbol, with protein context only
    assert targets.symbol_spans(["Zanx3", "currents", "fell"], set()) == [(0, 1)]
    assert targets.symbol_spans(["rZtr1", "protein", "rose"], set()) == [(0, 1)]
    assert targets.symbol_spans(["Zanx3", "fell", "in", "Group2"], set()) == []


def test_targets_protein_word_after_a_coordinated_list_applies_to_each_symbol():
    words = ["ZRK1", ",", "QPL2", "and", "TAq5", "expression", "rose"]
    assert sorted(targets.symbol_spans(words, set())) == [(0, 1), (2, 3), (4, 5)]
    # no protein word after the list: none of them
    assert targets.symbol_spans(["ZRK1", "and", "QPL2", "rose"], set()) == []


def test_targets_a_symbol_named_once_is_a_target_throughout_the_document():
    words = ["QRTM4", "channels", "open", ".", "Drug", "X", "opens", "QRTM4", "."]
    assert targets.symbol_spans(words, set()) == [(0, 1), (7, 8)]
    # "levels" is too weak to vouch for the other occurrences, and cell lines stay out
    words = ["ZQH4", "levels", "rose", ";", "ZQH4", "fell", "in", "QRTM4", "cells", "."]
    assert targets.symbol_spans(words, set()) == [(0, 1)]


def test_targets_prostanoids_are_no_gene_symbols():
    assert targets.symbol_spans(["TXB2", "expression", "and", "LT", "inhibitors", "and", "PGE2",
                                 "activity"], set()) == []


def test_targets_isoform_letter_after_a_hyphen_belongs_to_the_enzyme_name():
    assert targets.phrase_spans(["monoamine", "oxidase", "-", "A", "rose"], set()) == [(0, 4)]
    assert targets.phrase_spans(["protein", "kinase", "-", "alpha"], set()) == [(0, 2)]


def test_targets_type_and_subtype_words_before_an_isoform_belong_to_the_name():
    assert targets.phrase_spans(["monoamine", "oxidase", "type", "B", "rose"], set()) == [(0, 4)]
    assert targets.phrase_spans(["Zeta", "receptor", "subtype", "2"], set()) == [(0, 4)]
    # "type" with no isoform after it is a word of the sentence
    assert targets.phrase_spans(["Zeta", "receptor", "type", "was"], set()) == [(0, 2)]


def test_targets_protein_aspect_before_of_names_the_symbols_after_it():
    words = ["expression", "of", "Zdx2", ",", "QUC2", "and", "ZRK1", "rose"]
    assert sorted(targets.symbol_spans(words, set())) == [(2, 3), (4, 5), (6, 7)]
    assert targets.symbol_spans(["phosphorylation", "of", "ZMPK", "rose"], set()) == [(2, 3)]
    # not after "inhibition of", which chemicals follow as often ("inhibition of DA uptake"); no cell types
    assert targets.symbol_spans(["inhibition", "of", "DA", "uptake"], set()) == []
    assert targets.symbol_spans(["expression", "of", "PBMC", "genes"], set()) == []
