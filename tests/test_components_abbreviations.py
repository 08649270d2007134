"""Abbreviation linking rules over the hand-made knowledge base (tests/fixtures/nlp/mini_kb.tsv)."""

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.components.abbreviations import _is_acronym_part, chemical_long_form, parenthesis_candidates
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


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["thioperamide"], True),
        (["chloroacetaldehyde"], True),
        (["pyrrolidine", "dithiocarbamate"], True),
        (["mercaptopropionic", "acid"], True),
        (["Tri", "-", "ortho", "-", "tolyl", "phosphate"], True),  # two written words, six tokens
        (["electroencephalogram"], False),  # no chemical ending
        (["blood", "pressure"], False),
        (["Mini", "Mental", "State"], False),
        (["baseline"], False),  # chemical ending, no chemical morpheme
        (["zorbolinol"], True),  # a long trivial name with a chemical ending needs no morpheme
        (["Zorbolinol"], True),
        (["transmembrane"], False),  # a cell part
        (["lipopolysaccharide"], False),  # a macromolecule
        (["zorbolinol", "control"], False),  # two words: a morpheme is still asked for
        (["zolvic", "acid", "phenethyl", "ester"], True),  # an acid's ester: four words
        (["bone", "marrow", "mononuclear", "cells"], False),  # no chemical ending
        (["zolvic", "acid", "benzyl", "phenethyl", "ester"], False),  # too long
    ],
)
def test_abbreviations_chemical_shaped_long_form(words, expected):
    assert chemical_long_form(words) is expected


def test_abbreviations_chemical_shaped_long_form_defines_a_drug(nlp):
    doc = nlp("Rats got pyrrolidine dithiocarbamate (PDTC) daily. PDTC lowered the scores.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"] == [
        ("pyrrolidine dithiocarbamate", "DRUG", "PATTERN:DRUG:pyrrolidine_dithiocarbamate"),
        ("PDTC", "DRUG", "PATTERN:DRUG:pyrrolidine_dithiocarbamate"),
        ("PDTC", "DRUG", "PATTERN:DRUG:pyrrolidine_dithiocarbamate"),
    ]


def test_abbreviations_trivial_chemical_name_defines_its_short_form(nlp):
    doc = nlp("Zorbolinol (ZBL) is a plant alkaloid. ZBL lowered the scores.")
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"] == [
        ("Zorbolinol", "PATTERN:DRUG:zorbolinol"), ("ZBL", "PATTERN:DRUG:zorbolinol"),
        ("ZBL", "PATTERN:DRUG:zorbolinol"),
    ]


def test_abbreviations_long_systematic_name_defines_its_short_form(nlp):
    # 17 tokens: scispacy's window (short form length + 5, counted in tokens) held only its tail.
    doc = nlp("Rats got trans-2,4-dibenzyl-3,5-oxohexane-1-one (DBOH) daily. DBOH lowered the scores.")
    name = "trans-2,4-dibenzyl-3,5-oxohexane-1-one"
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"] == [
        (name, f"PATTERN:DRUG:{name}"), ("DBOH", f"PATTERN:DRUG:{name}"), ("DBOH", f"PATTERN:DRUG:{name}"),
    ]


def test_abbreviations_short_form_starting_with_a_digit(nlp):
    # scispacy asks a one-token short form to start with a letter; "4DBOH" is tried again
    doc = nlp("Rats got 4-hydroxy-2,6-dibenzyloxohexane (4DBOH) daily. 4DBOH lowered the scores.")
    name = "4-hydroxy-2,6-dibenzyloxohexane"
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"] == [
        (name, f"PATTERN:DRUG:{name}"), ("4DBOH", f"PATTERN:DRUG:{name}"), ("4DBOH", f"PATTERN:DRUG:{name}"),
    ]
    # a bracketed number or year is no short form
    assert not [e for e in nlp("Rats got zolbenate for 4 weeks (1990) daily.").ents if e.text == "1990"]


def test_abbreviations_long_form_is_taken_in_whole_words(nlp):
    # A four-word ester is a chemical-shaped long form; the long form is always whole written words,
    # never the piece Schwartz & Hearst stop at ("-alpha-zolvimethylate" for RAZM).
    doc = nlp("Zolvic acid phenethyl ester (ZAPE) was given. ZAPE lowered the scores.")
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"] == [
        ("Zolvic acid phenethyl ester", "PATTERN:DRUG:zolvic_acid_phenethyl_ester"),
        ("ZAPE", "PATTERN:DRUG:zolvic_acid_phenethyl_ester"),
        ("ZAPE", "PATTERN:DRUG:zolvic_acid_phenethyl_ester"),
    ]
    doc = nlp("Rats got (R)-alpha-zolvimethylate (RAZM) daily. RAZM lowered the scores.")
    assert doc._.abbreviations[0]["long_text"] == "(R)-alpha-zolvimethylate"


def test_abbreviations_entity_may_start_before_the_spelled_long_form(nlp):
    # Schwartz & Hearst spell "RD" from "resistant depression" only; the entity starts before it.
    doc = nlp("Patients with treatment-resistant depression (RD) were seen. RD is common.")
    assert short_ents(doc, "RD") == [("LOCAL:EFFECT:TRD", "abbreviation")] * 2


def test_abbreviations_entity_starting_a_word_before_the_long_form_is_not_used(nlp):
    # "LS" spells "lateral sclerosis"; "amyotrophic" is a separate word the short form leaves out.
    doc = nlp("Patients with amyotrophic lateral sclerosis (LS) were seen. LS is rare.")
    assert short_ents(doc, "LS") == []


def test_abbreviations_bracket_going_on_after_a_semicolon_or_comma_holds_a_short_form():
    words = "drug X ( DX ; 5 mg / kg ) and ( DY , n = 7 ) and ( not , a , list , here , at , all )".split()
    found = [words[s:e] for _, s, e in parenthesis_candidates(words)]
    assert ["DX"] in found and ["DY"] in found
    # After the separator, a short form closing the bracket: "(memantine, MTN)".
    words = "the drug ( memantine , MTN ) and ( n = 7 , a , b , c , d , e , f )".split()
    found = [words[s:e] for _, s, e in parenthesis_candidates(words)]
    assert ["memantine"] in found and ["MTN"] in found and ["f"] not in found


def test_abbreviations_short_form_after_its_long_form_in_one_bracket(nlp):
    doc = nlp("Rats got the antagonist (memantine, MTN) daily. MTN lowered the scores.")
    memantine = [e.kb_id_ for e in doc.ents if e.text == "memantine"]
    assert memantine and short_ents(doc, "MTN") == [(memantine[0], "abbreviation")] * 2


def test_abbreviations_hyphenated_short_forms_are_defined(nlp):
    doc = nlp("Rats got esketamine (ES-K) daily. ES-K lowered the scores.")
    assert short_ents(doc, "ES-K") == [("LOCAL:DRUG:ESKETAMINE", "abbreviation")] * 2


def test_abbreviations_compound_of_short_forms_used_alone_is_no_short_form(nlp):
    # "MEM" and "TRD" are used on their own: "MEM-TRD" abbreviates a phrase, not one drug.
    doc = nlp("Memantine (MEM) was given. MEM-treated depression (MEM-TRD) was rare. MEM-TRD was seen.")
    assert [e.text for e in doc.ents if "-" in e.text] == []
    assert all(a["short_text"] != "MEM-TRD" for a in doc._.abbreviations)


def test_abbreviations_only_acronym_parts_make_a_compound_of_short_forms():
    assert _is_acronym_part("HT") and _is_acronym_part("ALF")
    assert not _is_acronym_part("alpha") and not _is_acronym_part("5") and not _is_acronym_part("T")


def nmda_nlp(tmp_path):
    """A pipeline over two concepts: the NMDA receptor (bare "NMDA" read as it) and the compound."""
    tsv = tmp_path / "kb.tsv"
    tsv.write_text(
        "LOCAL:RECEPTOR:NMDAR\tRECEPTOR\tNMDA receptor\tNMDA receptor|!NMDA\n"
        "LOCAL:DRUG:NMDA\tDRUG\tN-methyl-D-aspartate\tN-methyl-D-aspartate\n",
        encoding="utf-8",
    )
    _minikb()
    return build_nlp(kb=sys.modules["minikb"].MiniKB(tsv))


def test_abbreviations_short_form_before_a_target_noun_keeps_its_receptor_reading(tmp_path):
    # The document defines NMDA by the chemical; "NMDA antagonists" still names the receptor.
    small = nmda_nlp(tmp_path)
    doc = small("N-methyl-D-aspartate (NMDA) was injected. NMDA antagonists block it. NMDA was given again.")
    assert [(e.kb_id_, e._.ner_source) for e in doc.ents if e.text == "NMDA"] == [
        ("LOCAL:DRUG:NMDA", "abbreviation"), ("LOCAL:RECEPTOR:NMDAR", "lexicon"),
        ("LOCAL:DRUG:NMDA", "abbreviation"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine (KET) and norketamine (NK) differ. KET, KET and NK were given; (KET) KET KET.",
        "N-methyl-D-aspartate (NMDA) receptors. NMDA-R and NMDA. Again NMDA (NMDA).",
        "Electroconvulsive therapy (ECT) versus ECT; doxorubicin (DOX)-induced DOX damage (D O X).",
        "Nothing here is defined (really).",
    ],
)
@pytest.mark.filterwarnings("ignore:.*W036")  # scispacy's matcher runs even with no pattern
def test_find_definitions_equals_scispacy_find_matches_for(nlp, text):
    """The Matcher-free `find_definitions` gives what scispacy's detector gives, occurrences included."""
    from pipeline.components.abbreviations import candidate_pairs, find_definitions
    from pipeline.components.tokens import token_texts

    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[:2]:  # sentences and lexicon: the tokens and ents it sees in the pipeline
        doc = proc(doc)
    pairs = candidate_pairs(parenthesis_candidates(token_texts(doc)), doc)
    detector = nlp.get_pipe("pharma_abbreviations").detector

    def spans(found):
        return [((long.start, long.end), sorted((s.start, s.end) for s in shorts)) for long, shorts in found]

    found = spans(find_definitions(pairs, doc))
    assert found == spans(detector.find_matches_for(pairs, doc))
    assert bool(found) == ("defined" not in text)


def test_abbreviations_short_form_defined_inside_a_target_name_stays_the_target(tmp_path):
    # "X (NMDA) antagonists", "X (NMDA), and kainate receptors": the writer defines the compound inside
    # the receptor's name and goes on meaning the receptor; the long form is no compound of its own.
    small = nmda_nlp(tmp_path)
    for text in ("The N-methyl-D-aspartate (NMDA) antagonists act fast. NMDA blockade helps.",
                 "They include N-methyl-D-aspartate (NMDA), and Kainate receptors. NMDA blockade helps."):
        doc = small(text)
        assert [e.kb_id_ for e in doc.ents if e.text == "NMDA"] == ["LOCAL:RECEPTOR:NMDAR"] * 2, text
        assert not [e for e in doc.ents if e.text == "N-methyl-D-aspartate"], text
