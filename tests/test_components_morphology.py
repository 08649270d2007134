"""Shape rules for names no vocabulary lists (pipeline/components/morphology.py), on hand-made text."""

import pytest

from pipeline.components.morphology import find_morphology, is_formula, is_systematic_name, trivial_names
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
        ("p-chlorozolbenyl and o-methylzolbenate were used; the p-value was low.",
         [("p-chlorozolbenyl", DRUG), ("o-methylzolbenate", DRUG)]),  # benzene-ring locants
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
                                   "ethanol", "COVID-19",
                                   "P-glycoprotein", "m-RNA",
                                   # a reaction's verb, like its noun "N-demethylation"
                                   "N-demethylated", "O-glucuronidating"])
def test_morphology_fragments_and_labels_are_not_systematic_names(chunk):
    assert not is_systematic_name(chunk)


def test_morphology_pattern_ids_resolve_without_state():
    kb = KnowledgeBase({}, [], "empty")
    concept = kb.concept(pattern_concept_id(DRUG, "N-Methyl-N-nitrosourea"))
    assert (concept.concept_id, concept.canonical_name, concept.label, concept.source) == (
        "PATTERN:DRUG:n-methyl-n-nitrosourea", "n-methyl-n-nitrosourea", DRUG, "pattern")


def _nlp():
    import importlib.util
    import sys
    from pathlib import Path

    from pipeline.nlp import build_nlp

    path = Path(__file__).parent / "fixtures" / "nlp" / "minikb.py"
    spec = importlib.util.spec_from_file_location("minikb", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("minikb", module)
    spec.loader.exec_module(module)
    return build_nlp(kb=module.MiniKB())


def test_morphology_longer_rule_span_replaces_a_lexicon_entity_inside_it():
    doc = _nlp()("Ketamine caused cardiac toxicity, and toxicity was rare.")
    assert [(e.text, e.label_, e.kb_id_, e._.ner_source) for e in doc.ents] == [
        ("Ketamine", "DRUG", "LOCAL:DRUG:KETAMINE", "lexicon"),
        ("cardiac toxicity", "EFFECT", "PATTERN:EFFECT:cardiac_toxicity", "pattern"),
        ("toxicity", "EFFECT", "LOCAL:EFFECT:TOXICITY", "lexicon"),
    ]


@pytest.mark.parametrize(
    ("words", "ents", "expected"),
    [
        (["gentamicin", "sulfate", "was"], [(0, 1, DRUG)], [(0, 2)]),
        (["sodium", "valproate", "given"], [(0, 1, "CHEMICAL"), (1, 2, DRUG)], [(0, 1), (0, 2)]),
        (["ketamine", "sulfate"], [(0, 1, EFFECT)], [(0, 1)]),  # only drugs take salts
        (["ketamine", "chloride", "channel"], [(0, 1, DRUG), (1, 3, "RECEPTOR")], [(0, 1), (1, 3)]),
    ],
)
def test_morphology_salt_words_extend_drugs(words, ents, expected):
    from pipeline.components.morphology import extend_salts

    assert extend_salts(words, [True] * len(words), ents) == expected


def test_morphology_same_extent_keeps_the_vocabulary_concept():
    doc = _nlp()("Neurotoxicity was rare; N-demethylation is a reaction.")
    assert [(e.text, e.kb_id_, e._.ner_source) for e in doc.ents] == [
        ("Neurotoxicity", "LOCAL:EFFECT:NEUROTOXICITY", "lexicon"),
    ]


@pytest.mark.parametrize(
    "chunk", ["NaCl", "CaCl2", "CaCl(2)", "H2O", "CO2", "KCl", "MgSO4", "H2O2", "HNO3", "NaHCO3", "CCl4"],
)
def test_morphology_chemical_formulas(chunk):
    assert is_formula(chunk)


@pytest.mark.parametrize(
    "chunk", ["BNP", "CNS", "NO", "ISO", "HeLa", "BaP", "CsA", "CB1", "CB2", "S1P", "IC50", "PaO2", "SOCS3",
              "NKCC2", "PC12", "GABA"],
)
def test_morphology_acronyms_made_of_element_symbols_are_no_formulas(chunk):
    assert not is_formula(chunk)


def test_morphology_formula_in_text_with_a_relation_suffix():
    text = "Rats exposed to CaCl(2)-treated water and NaCl were compared with CNS controls."
    assert [text[s:e] for s, e, label in find_morphology(text) if label == "DRUG"] == ["CaCl(2)", "NaCl"]


@pytest.mark.parametrize(
    "text",
    [
        "Rats got zolbetolol, QUEXAPRIL and Lidocaine; anti-zolbetolol, zolbetolol-like, zolbetolol2.",
        "x1propranolol propranolol_ olol pril afil sildenafil. tadalafil-induced (captopril) [enalapril]",
        "ibuprofen naproxenprofen caféprofen profenolol ſtatinmycin Kelvinmycin Ketoconazole's",
        "",
    ],
)
def test_inn_run_scan_equals_stem_regex(text):
    """The fast scan (INN_RUN_RE + INN_NAME_RE) finds exactly what INN_STEM_RE finds."""
    from pipeline.components.morphology import INN_NAME_RE, INN_RUN_RE, INN_STEM_RE

    slow = [m.span(1) for m in INN_STEM_RE.finditer(text)]
    fast = [m.span() for m in INN_RUN_RE.finditer(text) if INN_NAME_RE.fullmatch(m.group())]
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    ["NaCl CaCl2 CaCl(2) H2O CO2 MgSO4 -H2O xH2O H2O-2 (H2O) CB1 HeLa BaP NMDA ABCDEFGH12 A1B2C3D4E5F6G7",
     "HNO3 H2SO4-induced Ab1Cd2 K+ NaF, KCl. X2 é2 _H2O", ""],
)
def test_formula_regex_equals_its_lookbehind_first_form(text):
    import re

    from pipeline.components.morphology import FORMULA_RE

    plain = re.compile(
        r"(?<![\w-])(?=[A-Z][A-Za-z()]*[\da-z])((?:[A-Z][a-z]?(?:\d{1,2}|\(\d{1,2}\))?){2,6})(?!\w|-\d)")
    assert [(m.span(), m.groups()) for m in FORMULA_RE.finditer(text)] == \
        [(m.span(), m.groups()) for m in plain.finditer(text)]


def _trivial(text):
    words = text.split()
    return [" ".join(words[s:e]) for s, e in trivial_names(words, set())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dose, a treatment word, a governing "treated with", a class noun in apposition or before it
        ("Zorbanin ( 50 mg/kg ) lowered glucose ; zorbanin also acted .", ["Zorbanin", "zorbanin"]),
        ("After quelonol treatment the cells died .", ["quelonol"]),
        ("Cells treated with vexalone for 24 h died .", ["vexalone"]),
        ("Pelmoside , a natural flavonoid , was studied .", ["Pelmoside"]),
        ("the iridoid trazenol was isolated .", ["trazenol"]),
        ("In zorbanin - treated rats ...", ["zorbanin"]),
        # the subject of a change verb, unless it ends in -in like many proteins ("survivin inhibits")
        ("Vexalone inhibited the kinase but zorbanin inhibited nothing .", ["Vexalone"]),
        # the same shapes with no substance evidence, or English and protein words, are no names
        ("Zorbanin lowered glucose and quelonol was seen .", []),
        ("Cells treated with insulin or protein ( 5 mg ) and saline treatment .", []),
        ("Survivin , a protein , was measured .", []),
        ("The transgene increased ; cells treated with oncogene died .", []),
        ("It was approved as a standalone treatment .", []),  # an English word before "treatment"
        # the agent of a passive change
        ("The kinase was inhibited by zorbanin in cells .", ["zorbanin"]),
        ("The kinase was phosphorylated by zorbanin ; cells were inhibited by insulin .", []),
        # a variant letter or code after the name belongs to it
        ("Zorbanin A , an indole alkaloid , and zorbanin B ; quelonoside Rg1 treatment .",
         ["Zorbanin A", "quelonoside Rg1"]),
    ],
)
def test_morphology_trivial_names_need_substance_evidence(text, expected):
    assert _trivial(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zorbanic acid and quelous acid rose.", [("Zorbanic acid", DRUG), ("quelous acid", DRUG)]),
        ("Vexalonic acid B was given.", [("Vexalonic acid B", DRUG)]),
        # class words and secretions are no compound names; a hyphenated name is the systematic rule's
        ("Nucleic acids, organic acids and gastric acid were measured.", []),
    ],
)
def test_morphology_trivial_acid_names(text, expected):
    assert found(text) == expected


# Pieces that make the regex shortcuts' edge cases: organ and damage words, "toxic", hyphens, white space
# of several kinds, brackets, digits, and the non-ASCII letters IGNORECASE matches to ASCII ones.
FUZZ_PIECES = ["renal", "spinal cord", "adrenal", "neurologic", "neurological", "Cardiac", " injury",
               " injuries", " dysfunction", " dysfunctions", " lesion", " damage", "toxic", "toxicity",
               "hepato", "o-", "cyto", "-", " ", "  ", "\n", "\t", "\u00a0", "(", ")", ",", ".", "1", "2,4",
               "N", "x", "\u017f", "\u212a", "\u0131", "ity", "acid", " acid", "ester", " ester", "methyl"]


@pytest.mark.parametrize("seed", range(300))
def test_shortcuts_find_what_the_rules_find_over_the_whole_text(seed):
    import random

    from pipeline.components import morphology as m

    rng = random.Random(seed)
    text = "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(1, 40)))
    assert m.organ_toxicity(text) == [x.span(1) for x in m.ORGAN_TOXICITY_RE.finditer(text)]
    assert m.organ_damage(text) == [x.span(1) for x in m.ORGAN_DAMAGE_RE.finditer(text)]
    assert m.chunks_holding(text, m.HYPHEN) == [x.span() for x in m.CHUNK_RE.finditer(text)]
