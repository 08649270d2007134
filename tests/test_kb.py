"""Tests for the knowledge base: supplement validation, id checks, noise control, label policy, lookup."""

from __future__ import annotations

import pickle
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline import kb_sources
from pipeline.kb import (
    DEFAULT_SUPPLEMENT,
    Concept,
    KnowledgeBase,
    SupplementError,
    Term,
    format_lookup,
    format_stats,
    load_kb,
    merge_terms,
    normalize_key,
)
from pipeline.schema import CHEMICAL, DRUG, EFFECT, LABELS, RECEPTOR

FIXTURE = Path(__file__).parent / "fixtures" / "kb"
HEADER = "concept_id\tlabel\tcanonical_name\tsynonyms\tnote\n"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeBase:
    return KnowledgeBase.from_files(FIXTURE, sources=())


@pytest.fixture(scope="module")
def full() -> KnowledgeBase:
    return KnowledgeBase.from_files()


def one(kb: KnowledgeBase, text: str):
    """The single concept ``text`` resolves to (fails when it resolves to none or several)."""
    concepts = {concept.concept_id: concept for _, concept, _ in kb.lookup(text)}
    assert len(concepts) == 1, f"{text!r} -> {sorted(concepts)}"
    return next(iter(concepts.values()))


def write_supplement(tmp_path: Path, rows: str, name: str = "drugs.tsv") -> Path:
    (tmp_path / name).write_text(HEADER + rows, encoding="utf-8")
    return tmp_path


# --- pure helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("GABA-A receptor", "gaba a receptor"),
        ("GABA(A) receptor", "gaba a receptor"),
        ("γ-aminobutyric acid", "gamma aminobutyric acid"),
        ("NMDA\u2013receptor", "nmda receptor"),
        ("Alzheimer\u2019s", "alzheimer's"),
        ("AMPA/kainate", "ampa kainate"),
    ],
)
def test_kb_normalize_key_folds_case_hyphens_brackets_and_greek(text, key):
    assert normalize_key(text) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("depression, postpartum", "postpartum depression"),
        ("stress disorders, post-traumatic", "post-traumatic stress disorders"),
        ("acute pain", "acute pain"),
        ("carbohydrate metabolism, inborn errors, x", None),
    ],
)
def test_kb_deinvert_mesh_headings(text, expected):
    assert kb_sources.deinvert(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ab", "shorter than 3 characters"),
        ("123", "no letters (number or symbol)"),
        ("one", "English stop word (spaCy stop list)"),
        ("focus", "curated deny list (supplement/deny.tsv)"),
        ("ketamine", None),
    ],
)
def test_kb_noise_reason_generic_rules(text, reason):
    assert kb_sources.noise_reason(text, frozenset({"focus"})) == reason


def test_kb_short_synonym_becomes_case_sensitive_acronym_but_short_name_stays_a_word():
    assert kb_sources.short_form("adhd", "attention deficit disorder") == ("ADHD", True)
    assert kb_sources.short_form("gout", "gout") == ("gout", False)


def test_kb_drug_concept_id_rejects_shared_class_mesh_id():
    drugs = {
        "ketamine": {"mesh_id": "D018691", "drugbank_id": "DB01221"},
        "memantine": {"mesh_id": "D018691", "drugbank_id": "DB01043"},
        "kynurenate": {"mesh_id": "D018691"},  # no DrugBank id and a class MeSH id
        "lonely": {"mesh_id": "D000001"},
        "medline only": {"mesh_id": "D018691", "medline_plus_id": "a600001"},
    }
    counts = kb_sources.class_mesh_ids(drugs)
    ids = {name: kb_sources.drug_concept_id(data, counts) for name, data in drugs.items()}
    assert ids == {
        "ketamine": "DRUGBANK:DB01221",
        "memantine": "DRUGBANK:DB01043",
        "kynurenate": None,
        "lonely": "MESH:D000001",
        "medline only": "MEDLINEPLUS:a600001",
    }


def test_kb_drug_ner_canonical_names_become_surface_forms():
    variants = {"nicotine patch": ["nicotine"], "xyz": ["xyz"]}
    canonical = {"nicotine": {}, "xyz": {}, "propranolol (cardiovascular)": {}, "a, b, and c": {},
                 "ergotamine and caffeine": {}}
    assert kb_sources.with_canonical_names(variants, canonical) == [
        ("nicotine", ["nicotine"]), ("nicotine patch", ["nicotine"]), ("xyz", ["xyz"]),
    ]


def test_kb_protein_tree_test_looks_at_any_tree():
    pgp = {"mesh_tree": ["D12.776.543.585", "D09.400.430.890"]}
    heparin = {"mesh_tree": ["D09.698.373.400"]}
    assert kb_sources.in_any_tree(pgp, kb_sources.PROTEIN_TREES)
    assert not kb_sources.only_in_trees(pgp, kb_sources.PROTEIN_TREES)
    assert not kb_sources.in_any_tree(heparin, kb_sources.PROTEIN_TREES)
    assert not kb_sources.in_any_tree({}, kb_sources.PROTEIN_TREES)


# --- supplement validation --------------------------------------------------------------------------


def test_kb_unknown_label_names_file_line_and_options(tmp_path):
    write_supplement(tmp_path, "LOCAL:DRUG:X\tDRUG\tx-drug\t\t\nLOCAL:RECEPTOR:Y\tRECEPTER\ty receptor\t\t\n")
    with pytest.raises(SupplementError) as error:
        KnowledgeBase.from_files(tmp_path, sources=())
    assert str(error.value) == (
        "Unknown label 'RECEPTER' in drugs.tsv line 3. Expected one of: DRUG, CHEMICAL, RECEPTOR, EFFECT."
    )


def test_kb_duplicate_concept_id_across_files(tmp_path):
    write_supplement(tmp_path, "LOCAL:DRUG:X\tDRUG\tx-drug\t\t\n", "a.tsv")
    write_supplement(tmp_path, "LOCAL:DRUG:X\tDRUG\tother\t\t\n", "b.tsv")
    with pytest.raises(SupplementError, match=r"Duplicate concept_id 'LOCAL:DRUG:X' in b.tsv line 2; "
                                              r"first defined in a.tsv line 2"):
        KnowledgeBase.from_files(tmp_path, sources=())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("LOCAL:DRUG:X\tDRUG\n", "Malformed row in drugs.tsv line 2: 2 tab-separated columns, expected 4-5"),
        ("ketamine\tDRUG\tketamine\t\t\n", "Invalid concept_id 'ketamine' in drugs.tsv line 2"),
        ("LOCAL:DRUG:X\tDRUG\t\tfoo\t\n", "Empty canonical_name for 'LOCAL:DRUG:X' in drugs.tsv line 2"),
    ],
)
def test_kb_malformed_rows_are_rejected_with_location(tmp_path, row, message):
    write_supplement(tmp_path, row)
    with pytest.raises(SupplementError) as error:
        KnowledgeBase.from_files(tmp_path, sources=())
    assert str(error.value).startswith(message)


def test_kb_same_synonym_under_two_supplement_concepts_is_an_error(tmp_path):
    write_supplement(tmp_path, "LOCAL:DRUG:A\tDRUG\talpha drug\tshared name\t\n"
                               "LOCAL:DRUG:B\tDRUG\tbeta drug\tshared-name\t\n")
    with pytest.raises(SupplementError, match="'shared-name' is listed under both 'LOCAL:DRUG:A' and"):
        KnowledgeBase.from_files(tmp_path, sources=())


def test_kb_flags_reject_values_other_than_yes_no(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "kb")
    (tmp_path / "kb" / "flags.tsv").write_text("ALS\ttrue\tyes\treason\n", encoding="utf-8")
    with pytest.raises(SupplementError, match=r"Invalid case_sensitive 'true' in flags.tsv line 1. "
                                              r"Expected one of: yes, no."):
        KnowledgeBase.from_files(tmp_path / "kb", sources=())


def test_kb_shipped_supplement_validates_and_uses_only_schema_labels():
    concepts, terms = kb_sources.read_supplement(sorted(DEFAULT_SUPPLEMENT.glob("[!fd]*.tsv")))
    assert {c.label for c in concepts} <= set(LABELS)
    assert len({c.concept_id for c in concepts}) == len(concepts)
    assert len(terms) > len(concepts)


def test_kb_shipped_second_messengers_are_case_sensitive_chemicals_and_tool_compounds_drugs(full):
    assert one(full, "cAMP").label == "CHEMICAL" and one(full, "cGMP").label == "CHEMICAL"
    assert one(full, "cyclic AMP").concept_id == one(full, "cAMP").concept_id
    assert not full.lookup("camp")  # the English word
    assert one(full, "U0126").label == "DRUG" and one(full, "SB 203580").canonical_name == "SB203580"
    assert one(full, "SR141716A").canonical_name.lower() == "rimonabant"


def test_kb_shipped_common_names_of_listed_compounds(full):
    # British and lab names of compounds the vocabularies list under another name
    assert one(full, "adrenaline").concept_id == one(full, "epinephrine").concept_id
    assert one(full, "EtOH").canonical_name == "ethanol"
    assert one(full, "nicotinamide").concept_id == one(full, "niacinamide").concept_id
    assert one(full, "S1P").label == "CHEMICAL" and one(full, "superoxide").label == "CHEMICAL"


def test_kb_shipped_drug_metabolizing_enzymes_have_one_gene_id_per_isoform(full):
    # the MeSH protein name, the symbol and the spelt-out name of an isoform meet in its HGNC id, so
    # the summary tables do not split one enzyme into two rows; MAO-A is not folded into plain MAO
    for names, concept_id in ((("CYP2C19", "cytochrome P450 2C19", "CYP 2C19"), "HGNC:CYP2C19"),
                              (("CYP1A2", "cytochrome P-450 1A2"), "HGNC:CYP1A2"),
                              (("UGT2B7", "UGT 2B7"), "HGNC:UGT2B7"),
                              (("monoamine oxidase A", "MAO-A", "MAOA"), "HGNC:MAOA"),
                              (("catechol-O-methyltransferase", "COMT"), "HGNC:COMT")):
        assert {one(full, n).concept_id for n in names} == {concept_id}, names
    assert one(full, "monoamine oxidase B").concept_id == "HGNC:MAOB"
    assert one(full, "UGTs").concept_id == "LOCAL:RECEPTOR:UGT"


# --- the tiny fixture KB (also used by the NER tests) -------------------------------------------------


def test_kb_fixture_brand_resolves_to_generic(tiny):
    assert one(tiny, "Spravato").canonical_name == "esketamine"
    assert one(tiny, "Auvelity").canonical_name == "dextromethorphan-bupropion"


def test_kb_fixture_glutamate_is_chemical_and_glutamate_receptor_is_receptor(tiny):
    assert one(tiny, "glutamate").label == CHEMICAL
    assert one(tiny, "L-glutamate").label == CHEMICAL
    assert one(tiny, "glutamate receptor").label == RECEPTOR


@pytest.mark.parametrize("acronym", ["ALS", "NK", "MOR"])
def test_kb_ambiguous_acronyms_are_case_sensitive_and_need_context(tiny, acronym):
    hits = tiny.lookup(acronym)
    assert [(t.case_sensitive, t.needs_context) for t, _, _ in hits] == [(True, True)]
    assert tiny.lookup(acronym.lower()) == []


def test_kb_plain_acronym_is_case_sensitive_without_context(tiny):
    (term, concept, _), = tiny.lookup("TRD")
    assert (term.case_sensitive, term.needs_context, concept.label) == (True, False, EFFECT)
    assert tiny.lookup("trd") == []


def test_kb_lookup_explains_how_it_matched(tiny):
    assert [how for _, _, how in tiny.lookup("GABA(A) receptor")] == [
        "case/punctuation-insensitive key 'gaba a receptor'"
    ]
    assert [how for _, _, how in tiny.lookup("NMDA receptors")] == [
        "exact match after singularising 'NMDA receptors' -> 'NMDA receptor'"
    ]
    assert format_lookup(tiny, "GABAA") == (
        "'GABAA': 1 match(es)\n  LOCAL:RECEPTOR:GABAAR  GABA-A receptor  [RECEPTOR]  via 'GABAA' from "
        "supplement; exact case-sensitive match; case-sensitive"
    )
    assert format_lookup(tiny, "unobtainium") == "'unobtainium': not in the knowledge base."


def test_kb_greek_and_spelt_out_forms_meet(tiny):
    assert one(tiny, "gamma-aminobutyric acid type A receptor").concept_id == "LOCAL:RECEPTOR:GABAAR"
    assert one(tiny, "γ-aminobutyric acid").concept_id == "DRUGBANK:DB02530"


def test_kb_protein_named_after_a_drug_is_the_protein(tiny):
    assert one(tiny, "mammalian target of rapamycin").label == RECEPTOR
    assert one(tiny, "rapamycin").label == DRUG


def test_kb_stats_count_labels_and_sources(tiny):
    stats = tiny.stats()
    assert stats["concepts_per_label"] == {"CHEMICAL": 2, "DRUG": 7, "EFFECT": 4, "RECEPTOR": 6}
    assert stats["n_terms"] == len(list(tiny.terms()))
    assert "concepts_per_label:" in format_stats(tiny)


def test_kb_build_is_deterministic_and_version_tracks_content(tmp_path, tiny):
    again = KnowledgeBase.from_files(FIXTURE, sources=())
    assert list(again.terms()) == list(tiny.terms()) and again.version == tiny.version
    shutil.copytree(FIXTURE, tmp_path / "kb")
    with (tmp_path / "kb" / "drugs.tsv").open("a", encoding="utf-8") as handle:
        handle.write("LOCAL:DRUG:NEW\tDRUG\tnewamine\t\t\n")
    changed = KnowledgeBase.from_files(tmp_path / "kb", sources=())
    assert changed.version != tiny.version
    assert one(changed, "newamine").concept_id == "LOCAL:DRUG:NEW"


def test_kb_shipped_metabolites_of_this_fields_drugs_are_their_own_drugs(full):
    # a metabolite is no synonym of its parent: "hydroxybupropion inhibits CYP2D6" is not bupropion's fact
    for name, parent in (("hydroxybupropion", "bupropion"), ("noresketamine", "esketamine"),
                         ("norfluoxetine", "fluoxetine")):
        assert one(full, name).label == "DRUG" and one(full, name).concept_id != one(full, parent).concept_id
    assert one(full, "(S)-norketamine").concept_id == one(full, "noresketamine").concept_id
    assert one(full, "(S)-norketamine").concept_id != one(full, "norketamine").concept_id


def test_kb_shipped_label_adverse_effects_of_this_fields_drugs(full):
    # esketamine/ketamine label and review wording: each phrasing meets its effect's one concept
    for names, concept_id in (
            (("increased blood pressure", "increases in blood pressure", "rise in blood pressure"),
             "LOCAL:EFFECT:BLOOD_PRESSURE_ELEVATION"),
            (("increased heart rate", "increases in heart rate"), "LOCAL:EFFECT:HEART_RATE_INCREASE"),
            (("perceptual disturbances", "perceptual abnormalities"), "LOCAL:EFFECT:PERCEPTUAL_DISTURBANCE"),
            (("psychotomimetic effects", "psychotic-like symptoms"), "LOCAL:EFFECT:PSYCHOTOMIMETIC_EFFECT"),
            (("bladder dysfunction", "bladder damage"), "LOCAL:EFFECT:BLADDER_DYSFUNCTION"),
            (("emergence reactions",), "LOCAL:EFFECT:EMERGENCE_REACTION"),
            (("impaired driving",), "LOCAL:EFFECT:DRIVING_IMPAIRMENT"),
            (("impaired working memory",), "LOCAL:EFFECT:WORKING_MEMORY_IMPAIRMENT")):
        assert {one(full, n).concept_id for n in names} == {concept_id}, names
        assert {one(full, n).label for n in names} == {EFFECT}


def test_kb_shipped_antidepressant_classes_and_the_adjective(full):
    maoi = one(full, "monoamine oxidase inhibitors").concept_id
    assert one(full, "MAOIs").concept_id == maoi == "LOCAL:DRUG:MAOI"
    assert one(full, "tricyclic antidepressants").concept_id == "LOCAL:DRUG:TCA"
    assert one(full, "antidepressants").concept_id == "LOCAL:DRUG:ANTIDEPRESSANT"
    # the adjective names an effect ("antidepressant effects"), never the class
    assert all(t.concept_id != "LOCAL:DRUG:ANTIDEPRESSANT" for t, _, _ in full.lookup("antidepressant"))
    # "TCA" is also the tricarboxylic acid cycle: case-sensitive and needs a definition or context
    tca = [t for t, _, _ in full.lookup("TCA") if t.concept_id == "LOCAL:DRUG:TCA"]
    assert tca and all(t.case_sensitive and t.needs_context for t in tca)


def test_kb_concepts_and_terms_survive_pickling_field_for_field():
    # the disk cache and the pool workers rely on a compact __reduce__: a swapped field would corrupt
    # every cached KB silently
    concept = Concept("DRUGBANK:DB0001", "zorbaxine", "DRUG", "supplement")
    term = Term("Zorbax", "DRUGBANK:DB0001", True, False, "drug-ner")
    for obj in (concept, term):
        back = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == obj and type(back) is type(obj)
    assert pickle.loads(pickle.dumps(term)).needs_context is False


def test_kb_load_kb_is_cached_per_process(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    assert load_kb(FIXTURE, sources=()) is load_kb(FIXTURE, sources=())


def test_kb_unknown_source_is_rejected():
    with pytest.raises(ValueError, match=r"Unknown KB source\(s\) \['umls'\]. Valid sources: drug-ner, "):
        KnowledgeBase.from_files(FIXTURE, sources=("umls",))


# --- the full KB built from the PyPI vocabularies + shipped supplement --------------------------------


def test_kb_full_class_id_trap_gives_each_nmda_antagonist_its_own_id(full):
    ids = {name: one(full, name).concept_id for name in ("ketamine", "memantine", "dextromethorphan")}
    assert ids == {
        "ketamine": "DRUGBANK:DB01221",
        "memantine": "DRUGBANK:DB01043",
        "dextromethorphan": "DRUGBANK:DB00514",
    }
    assert "MESH:D018691" not in full.concepts


def test_kb_full_noise_forms_are_dropped_with_a_reason(full):
    for word in ("focus", "today", "one", "als", "thoughts", "nasal spray"):
        assert full.lookup(word) == [], word
    for word in ("combined", "strains", "recurrence", "injury"):  # research-text words, not disorders
        assert [c.label for _, c, _ in full.lookup(word) if c.label == EFFECT] == [], word
    assert one(full, "toxicity").concept_id == "LOCAL:EFFECT:TOXICITY"
    for protein in ("p-glycoprotein", "haptoglobin"):  # proteins may be targets, never drugs
        assert [c.label for _, c, _ in full.lookup(protein) if c.label == DRUG] == [], protein
    assert full.why_dropped("disease progression").endswith("curated deny list (supplement/deny.tsv)")
    assert full.why_dropped("nasal sprays") == (
        "dropped from drug-ner: drug-ner entry is a protein, enzyme or dosage form (MeSH tree), not a drug"
    )


def test_kb_full_every_case_insensitive_form_has_one_concept(full):
    owners: dict[str, set[str]] = {}
    for term in full.terms():
        if not term.case_sensitive:
            owners.setdefault(normalize_key(term.text), set()).add(term.concept_id)
    assert [key for key, ids in owners.items() if len(ids) > 1] == []


def test_kb_full_no_inverted_mesh_headings_remain(full):
    inverted = [t.text for t in full.terms() if t.source == "medical-ner" and ", " in t.text]
    assert inverted == []


def test_kb_full_drug_ner_canonical_names_resolve(full):
    """Plain names that drug-ner lists only as canonical entries (variants: "nicotine patch")."""
    for name in ("nicotine", "caffeine", "testosterone", "estradiol"):
        assert one(full, name).label == DRUG, name


def test_kb_full_element_symbols_are_chemicals_that_need_context(full):
    for symbol, name in (("Na", "sodium"), ("K", "potassium"), ("NO", "nitric oxide"), ("Li", "lithium")):
        (term, concept, _), = full.lookup(symbol)
        assert (concept.canonical_name, term.case_sensitive, term.needs_context) == (name, True, True)
    assert full.lookup("no") == [] and full.lookup("na") == []
    assert one(full, "alcohol").canonical_name == "ethanol"


def test_kb_full_endogenous_neurotransmitters_are_chemical(full):
    for name in ("glutamate", "GABA", "glycine", "D-serine", "serotonin", "dopamine", "norepinephrine",
                 "calcium", "magnesium"):
        assert one(full, name).label == CHEMICAL, name


def test_kb_full_supplement_mesh_ids_agree_with_medical_ner(full):
    """A supplement MESH id reused from the vocabulary must name the same disease there."""
    data = kb_sources.load_medical_ner(kb_sources.source_files()["medical-ner"], frozenset())[0]
    vocabulary = {c.concept_id: c.canonical_name.lower() for c in data}
    concepts, _ = kb_sources.read_supplement([DEFAULT_SUPPLEMENT / "effects.tsv"])
    reused = [c.concept_id for c in concepts if c.concept_id in vocabulary]
    assert len(reused) >= 10
    for concept_id in reused:  # the vocabulary's own name for the id still resolves to that id
        assert one(full, vocabulary[concept_id]).concept_id == concept_id, vocabulary[concept_id]


# What a pharmacologist lists in the five seed texts (corpus/), read by hand: each must resolve to
# exactly one concept with this label.
SEED_EXPECTED = {
    DRUG: [
        "ketamine", "esketamine", "Spravato", "D-cycloserine", "DCS", "apimostinel", "dextromethorphan",
        "bupropion", "dextromethorphan-bupropion", "AXS-05", "Auvelity", "brexanolone", "Zulresso",
        "memantine", "lamotrigine", "riluzole", "perampanel", "topiramate", "Rapastinel", "Glyx-13",
        "CERC-301", "AZD6765", "Lanicemine", "coluracetam", "BCI-540", "ORG-26576", "4-Cl-KYN", "AV-101",
        "NBQX", "norketamine", "NK", "dehydronorketamine", "hydroxynorketamine", "HNK", "(2R,6R)-HNK",
        "hydroxyketamines", "(R,S)-ketamine", "(S)-ketamine", "AMPAkines", "SSRIs", "SNRIs", "rapamycin",
    ],
    RECEPTOR: [
        "NMDA receptor", "NMDA", "NMDA-glycine site", "GABAA receptor", "AMPA receptor", "AMPA",
        "Kainate receptors", "AMPA/kainate receptor", "metabotropic glutamate receptors", "mGluRs",
        "glutamate receptors", "glycine receptor", "GluR1", "mTOR", "mammalian target of rapamycin",
        "eEF2", "eukaryotic elongation factor", "eEF2 kinase", "BDNF", "brain-derived neurotrophic factor",
        "GSK3", "Glycogen synthase kinase 3", "CREB", "PSD95", "postsynaptic density protein 95",
        "cytochrome P450", "CYP 3A4", "delta opioid", "mu-receptor", "voltage-gated sodium channels",
        "G-protein-coupled receptors", "monoamine receptors", "leptin", "resistin", "adiponectin",
    ],
    EFFECT: [
        "Treatment-resistant depression", "TRD", "major depressive disorder", "MDD", "post-partum depression",
        "depression", "cognitive dysfunction", "excitotoxicity", "amyotrophic lateral sclerosis", "ALS",
        "epilepsy", "chronic pain", "migraine", "bipolar disorder", "dizziness", "dissociation", "nausea",
        "headache", "cognitive decline", "antidepressant effect", "antidepressant effects",
        "antidepressant-like effects", "anhedonia", "fatigue", "suicidal thoughts", "suicidal ideation",
        "neurotoxicity", "cystitis", "dissociative side effects", "abuse potential", "abuse",
        "antisuicidal", "anti-anhedonic effects", "post-traumatic stress disorder",
        "obsessive compulsive disorder", "mood disorders", "psychotomimetic effects", "synaptogenesis",
        "synaptic plasticity", "neuroprotection", "Alzheimer’s", "seizures", "impaired concentration",
        "changes in perception", "bipolar depression",
    ],
    CHEMICAL: ["L-glutamate", "γ-aminobutyric acid", "GABA", "glycine", "calcium", "serotonin", "dopamine",
               "norepinephrine", "monoamines"],
}


SEED_CASES = [(label, name) for label, names in SEED_EXPECTED.items() for name in names]


@pytest.mark.parametrize(("label", "name"), SEED_CASES)
def test_kb_full_seed_corpus_names_resolve_to_one_concept(full, label, name):
    assert one(full, name).label == label


def test_kb_full_seed_names_do_not_collapse_distinct_concepts(full):
    """Distinct seed names must not silently share a concept unless they are true synonyms."""
    ids = Counter(one(full, name).concept_id for name in ("ketamine", "esketamine", "arketamine",
                                                            "norketamine", "hydroxynorketamine",
                                                            "(2R,6R)-HNK", "(2S,6S)-HNK"))
    assert max(ids.values()) == 1


def test_kb_drug_ner_fallback_id_keeps_substances_and_combinations_only():
    fallback = kb_sources.fallback_concept_id
    # A real chemical whose only MeSH id is shared: kept under a LOCAL id from its own name.
    assert fallback("bilirubin", {"name": "Bilirubin", "mesh_id": "D000975",
                                  "mesh_tree": ["D04.345.783.249.184"]}) == "LOCAL:DRUG:BILIRUBIN"
    assert fallback("styrene", {"name": "Styrene", "formula": "C8H8"}) == "LOCAL:DRUG:STYRENE"
    # A combination known only by a wiki link.
    combo = fallback("lopinavir/ritonavir", {"name": "Lopinavir/ritonavir"})
    assert combo == "LOCAL:DRUG:LOPINAVIR_RITONAVIR"
    # Classes, peptide hormones, antibodies and wiki template rows stay out.
    assert fallback("antidepressive agents", {"name": "Antidepressive Agents",
                                              "mesh_tree": ["D27.505.954.427.700.122"]}) is None
    assert fallback("prolactin", {"name": "Prolactin", "formula": "C160H194N22O54S4",
                                  "mesh_tree": ["D12.644.548.691.525.525"]}) is None
    assert fallback("tenatumomab", {"name": "Tenatumomab"}) is None
    assert fallback("template:infobox drug/testcases9", {"name": "Template:Infobox drug/testcases9"}) is None


def test_kb_acid_names_give_their_anion_names():
    terms = [
        kb_sources.SourceTerm("lactic acid", "X:LACTIC", "drug-ner"),
        kb_sources.SourceTerm("nitrous acid", "X:NITROUS", "drug-ner"),
        kb_sources.SourceTerm("amino acid", "X:AMINO", "drug-ner"),  # no "-ic acid": nothing derived
        kb_sources.SourceTerm("uric acid", "X:URIC_DISEASE", "medical-ner"),  # not a chemical concept
        kb_sources.SourceTerm("LA", "X:LACTIC", "drug-ner", case_sensitive=True),
    ]
    labels = {"X:LACTIC": "DRUG", "X:NITROUS": "CHEMICAL", "X:AMINO": "DRUG", "X:URIC_DISEASE": "EFFECT"}
    derived = kb_sources.anion_variants(terms, labels)
    assert [(t.text, t.concept_id, t.source) for t in derived] == [
        ("lactate", "X:LACTIC", "derived"), ("nitrite", "X:NITROUS", "derived"),
    ]


def test_kb_derived_anion_name_never_takes_a_form_a_source_lists():
    sup = [kb_sources.SourceTerm("glutamate", "C:GLUTAMATE", "supplement")]
    vocab = [[kb_sources.SourceTerm("glutamic acid", "D:GLUTAMIC", "drug-ner")]]
    derived = kb_sources.anion_variants(vocab[0], {"D:GLUTAMIC": "DRUG"})
    terms, dropped = merge_terms(sup, [*vocab, derived], {})
    assert {(t.text, t.concept_id) for t in terms} == {("glutamate", "C:GLUTAMATE"),
                                                       ("glutamic acid", "D:GLUTAMIC")}


@pytest.mark.parametrize(
    ("variant", "is_effect"),
    [("hypnotic effects", True), ("diuretic effect", True), ("multiplication-stimulating activity", True),
     ("antidepressant properties", True), ("effectin", False), ("hypnotics", False),
     ("activated charcoal", False)],
)
def test_kb_drug_ner_effect_phrases_are_no_drug_names(variant, is_effect):
    assert bool(kb_sources.EFFECT_PHRASE.search(variant)) is is_effect


def test_kb_pharmacologic_action_classes_are_no_drugs():
    analgesics = {"mesh_id": "D000700", "mesh_tree": ["D27.505.696.663.850.014"]}
    ketamine = {"mesh_tree": ["D02.455.426.392", "D27.505.696.663.850.014"]}
    assert kb_sources.only_in_trees(analgesics, kb_sources.NOT_DRUG_TREES)
    sirna = {"mesh_id": "D035683", "mesh_tree": ["D13.444.735.544.750"]}  # nucleic acids: no drug either
    assert kb_sources.only_in_trees(sirna, kb_sources.NOT_DRUG_TREES)
    assert not kb_sources.only_in_trees(ketamine, kb_sources.NOT_DRUG_TREES)


@pytest.mark.parametrize(
    ("name", "is_drug"),
    [("Erythropoietin", False), ("Nerve Growth Factor", False), ("Alkaline Phosphatase", False),
     ("Filgrastim", True), ("Aldesleukin", True), ("Tenecteplase", True), ("Interferon beta-1a", True)],
)
def test_kb_signalling_proteins_and_enzymes_are_targets_unless_named_as_biologic_drugs(name, is_drug):
    # Both trees stand for the signalling-protein and enzyme branches the rule looks at.
    entry = {"name": name, "drugbank_id": "DB00000", "mesh_tree": ["D12.644.276.374", "D08.811.277"]}
    assert kb_sources.in_any_tree(entry, kb_sources.SIGNALLING_TREES)
    assert bool(kb_sources.BIOLOGIC_INN.search(name)) is is_drug


@pytest.mark.parametrize(
    ("variant", "drug"),
    [("nicotine gum", "nicotine"), ("fentanyl patch", "fentanyl"), ("salbutamol inhalers", "salbutamol"),
     ("cromolyn sodium nasal solution", "cromolyn sodium"), ("nicotine", None), ("chewing gum base", None)],
)
def test_kb_drug_ner_dosage_form_variants_name_their_drug(variant, drug):
    match = kb_sources.DOSAGE_FORM.match(variant)
    assert (match.group(1) if match else None) == drug


def test_kb_drug_induced_effect_terms_become_two_mentions():
    from pipeline.kb import Term, drop_drug_induced

    terms = [
        Term("heparin", "D:HEPARIN", False, False, "drug-ner"),
        Term("heparin-induced thrombocytopenia", "E:HIT", False, False, "hpo"),
        Term("exercise-induced asthma", "E:EIA", False, False, "medical-ner"),
        Term("thrombocytopenia", "E:TCP", False, False, "medical-ner"),
    ]
    labels = {"D:HEPARIN": DRUG, "E:HIT": EFFECT, "E:EIA": EFFECT, "E:TCP": EFFECT}
    kept, dropped = drop_drug_induced(terms, labels)
    assert [t.text for t in kept] == ["heparin", "exercise-induced asthma", "thrombocytopenia"]
    assert "heparin-induced thrombocytopenia" in dropped


def test_kb_shipped_tool_compounds_and_adverse_effects_of_this_field(full):
    # NMDA and mGlu2/3 tool compounds of rapid-antidepressant research, and sedation (brexanolone's boxed
    # warning, esketamine's label), which no shipped vocabulary lists as an effect.
    assert one(full, "MK-801").concept_id == one(full, "dizocilpine").concept_id
    assert one(full, "MK-801").canonical_name == "dizocilpine"
    assert one(full, "Ro 25-6981").label == "DRUG" and one(full, "LY341495").label == "DRUG"
    assert one(full, "excessive sedation").concept_id == one(full, "sedation").concept_id
    assert one(full, "sedation").label == "EFFECT"
