"""Tests for pipeline.normalize: exact analysis texts, exact raw spans, offset-map invariants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import (
    ExcludedSpan,
    Normalized,
    _hyphen_is_real,
    load_abbreviations,
    normalize,
)

FIXTURES = Path(__file__).parent / "fixtures" / "normalize"
CORPUS = Path(__file__).parent.parent / "corpus"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def reasons(norm: Normalized, raw: str) -> list[tuple[str, str]]:
    return [(span.reason, raw[span.start : span.end]) for span in norm.excluded]


def raw_of(norm: Normalized, raw: str, phrase: str) -> str:
    """The raw text under the first occurrence of ``phrase`` in the analysis text."""
    start = norm.text.index(phrase)
    a, b = norm.to_raw(start, start + len(phrase))
    return raw[a:b]


def check_invariants(raw: str, norm: Normalized) -> None:
    n = len(norm.text)
    assert len(norm.starts) == len(norm.ends) == n
    for i in range(n):
        assert 0 <= norm.starts[i] <= norm.ends[i] <= len(raw)
        if i:
            assert norm.starts[i - 1] <= norm.starts[i]
            assert norm.ends[i - 1] <= norm.ends[i]
        piece = raw[norm.starts[i] : norm.ends[i]]
        # A letter or digit copied from a one-character raw piece is that very character.
        if len(piece) == 1 and piece.isascii() and piece.isalnum():
            assert norm.text[i] == piece
    previous_start = -1
    for span in norm.excluded:
        assert 0 <= span.start < span.end <= len(raw)
        assert span.start >= previous_start
        previous_start = span.start


# --- hand-made fixtures: exact outputs -------------------------------------------------------------


def test_normalize_pdf_layout_hyphenation_caption_and_page_fragments():
    raw = fixture("pdf_like.txt")
    norm = normalize(raw)
    assert norm.text == (
        "Ketamine is converted to dehydronorketamine in the liver, and its antidepressant effects appear"
        " within hours.\n\nGlutamate release is NMDA-independent in this model and subunit-selective blockers"
        " act differently. The drug also reaches the brain quickly.\n\n"
        "Nevertheless, it is cleared within a day."
    )
    assert norm.title is None
    assert reasons(norm, raw) == [
        ("citation_marker", "1,2"),
        ("citation_marker", "3"),
        (
            "figure_caption",
            "Figure 1. Scheme of the metabolic pathway of ketamine in liver\n"
            "microsomes and the receptors it binds.",
        ),
        ("page_header", "Journal of Test Pharmacology 2020;12:1-9"),
        ("page_number", "7"),
    ]
    # A joined word maps back across the line break; the sentence reads through the caption.
    assert raw_of(norm, raw, "dehydronorketamine") == "dehydro-\nnorketamine"
    assert raw_of(norm, raw, "antidepressant") == "antide-\npressant"
    assert raw_of(norm, raw, "NMDA-independent") == "NMDA-\nindependent"
    assert raw_of(norm, raw, "The drug") == raw[raw.index("The\n") : raw.index("drug") + 4]
    check_invariants(raw, norm)


def test_normalize_cas_abstract_citations_abbreviations_and_glued_sentences():
    raw = fixture("cas_abstract.txt")
    norm = normalize(raw)
    assert norm.text == (
        "Ketamine produced rapid effects in clinical trials. Response rates were 50% and 35%, respectively."
        " It acts on molecular targets such as NMDA receptors (see ). Earlier preclinical studies-have shown"
        " 9.87 (4.37-22.29) effects of (2R,6R)-HNK, 4-Cl-KYN and AMPA/kainate agonists after i.p. dosing,"
        " Additional work is ongoing."
    )
    assert reasons(norm, raw) == [
        ("document_type", "A review."),
        ("citation_marker", "1, 2."),
        ("citation_marker", "3."),
        ("url", "http://example.org/a-b"),
        ("citation_marker", "13"),
        ("citation_marker", "16"),
    ]
    # Every character of an expansion maps to the whole abbreviation (with its period when consumed).
    assert raw_of(norm, raw, "clinical") == "clin."
    assert raw_of(norm, raw, "molecular") == "mol."
    assert raw_of(norm, raw, "Additional") == "Addnl."
    # A sentence-final abbreviation keeps its period as the full stop.
    assert raw_of(norm, raw, "respectively") == "resp"
    assert raw_of(norm, raw, "respectively.") == "resp."
    # Numbers, ranges and stereo-descriptors pass through untouched.
    for kept in ("9.87 (4.37-22.29)", "(2R,6R)-HNK", "4-Cl-KYN", "AMPA/kainate", "i.p."):
        assert raw_of(norm, raw, kept) == kept
    check_invariants(raw, norm)


def test_normalize_web_page_title_and_boilerplate():
    raw = fixture("web_page.txt")
    norm = normalize(raw)
    assert norm.title == "Ketamine Troches and the Glutamate Story"
    assert norm.text == (
        "Ketamine Troches and the Glutamate Story\n\n"
        "A short introduction to how ketamine acts on NMDA receptors"
        " in the brain, written for patients and families who want to understand the treatment they receive."
        "\n\nKetamine blocks NMDA receptors - this is its main target."
    )
    assert reasons(norm, raw) == [
        ("read_more", "Read the full review at Example Journal."),
        ("share_link", "Share"),
        ("copyright", "Copyright © 2024 Example Media. All rights reserved."),
    ]
    assert raw_of(norm, raw, " - ") == " — "
    check_invariants(raw, norm)


def test_normalize_article_page_front_and_back_matter():
    raw = fixture("article_page.txt")
    norm = normalize(raw)
    assert norm.title == "Glutamate Modulators for Depression"
    assert [reason for reason, _ in reasons(norm, raw)] == [
        "authors",
        "affiliation",
        "keywords",
        "reference_list",
    ]
    assert reasons(norm, raw)[-1][1].startswith("References\n\n1. Doe")
    assert reasons(norm, raw)[-1][1].endswith("11-20.")
    assert norm.text == (
        "Glutamate Modulators for Depression\n\n"
        "Esketamine acts on NMDA receptors and relieves depression within"
        " hours in many patients who did not respond to two or more earlier antidepressant treatments."
    )


# --- single behaviours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
        ("4\u201322 and 1\u20142 and \u22125", "4-22 and 1-2 and -5"),
        ("\ufb01ne \ufb02ow e\ufb03cacy", "fine flow efficacy"),
        ("a\u00a0b\u2009c", "a b c"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("\u03b1-amino \u03b3 \u00b5M", "\u03b1-amino \u03b3 \u03bcM"),
        ("wrapped\r\nline", "wrapped line"),
        ("One.\r\n\r\nTwo.", "One.\n\nTwo."),
    ],
)
def test_normalize_characters(raw, text):
    norm = normalize(raw)
    assert norm.text == text
    check_invariants(raw, norm)


def test_normalize_ligature_chars_map_to_the_ligature():
    raw = "e\ufb03cacy"
    norm = normalize(raw)
    assert norm.text == "efficacy"
    assert [raw[a:b] for a, b in zip(norm.starts, norm.ends, strict=True)] == ["e", *["\ufb03"] * 3, *"cacy"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("the resp. rate rose", "the resp. rate rose"),  # mid-phrase "resp." is not "respectively"
        ("rates of 5 and 7, resp., were seen", "rates of 5 and 7, respectively, were seen"),
        ("related mols. mTOR has roles", "related molecules. mTOR has roles"),
        ("effects were clin. tested", "effects were clinically tested"),
        ("Pharmacol. approaches work", "Pharmacological approaches work"),
        ("see pcori.org. Next", "see pcori.org. Next"),
    ],
)
def test_normalize_cas_abbreviation_contexts(raw, text):
    assert normalize(raw).text == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("infusion.1,2 Furthermore", "infusion. Furthermore"),
        ("response.8\u201311 Ketamine", "response. Ketamine"),
        ("depression.4, 5, 6, 7.Given", "depression. Given"),
        ("synapse,16 AMPA works", "synapse, AMPA works"),
        ("characterized;1 such studies", "characterized; such studies"),
        ("in 2000.14 Following", "in 2000. Following"),
        ("agents (BCI-540)21 and more", "agents (BCI-540) and more"),
        ("shown before [3, 4].", "shown before."),
        ("a (CH3)2 group", "a (CH3)2 group"),
        ("see Fig.2 Ketamine", "see Fig.2 Ketamine"),
        ("GluR1 and eEF2 and PSD95 rose", "GluR1 and eEF2 and PSD95 rose"),
    ],
)
def test_normalize_citation_markers(raw, text):
    assert normalize(raw).text == text


@pytest.mark.parametrize(
    ("left", "right", "real"),
    [
        ("antide", "pressant", False),
        ("dehydro", "norketamine", False),
        ("NMDA", "independent", True),
        ("D", "aspartate", True),
        ("eEF2", "dependent", True),
        ("subunit", "selective", True),
        ("anti", "anhedonic", True),  # a bound prefix before a vowel keeps its hyphen
        ("anti", "depressant", False),
        ("receptor", "agonists", True),  # both halves are words of the document
        ("gluta", "mate", False),  # the joined form occurs elsewhere in the document
    ],
)
def test_hyphen_is_real(left, right, real):
    words = {"receptor", "agonists", "glutamate"}
    assert _hyphen_is_real(left, right, words, set()) is real


def test_hyphen_uses_hyphenated_form_seen_in_document():
    assert _hyphen_is_real("cross", "talk", set(), {"cross-talk"}) is True
    assert _hyphen_is_real("cross", "talk", {"crosstalk"}, set()) is False


def test_normalize_em_dash_at_line_end_is_kept_without_space():
    raw = "positive modulators\u2014\nalso known as AMPAkines"
    assert normalize(raw).text == "positive modulators-also known as AMPAkines"


def test_normalize_wrapped_url_is_rejoined_and_excluded():
    raw = (
        "Effectiveness was studied (see, for instance, http://www.example.org/research/2016/electro\n"
        "convulsive-therapy-versus-ketamine). Here, we seek to summarize the evolution of theories\n"
        "regarding the mechanism of action of the drug in the brain of patients with depression.\n"
    )
    norm = normalize(raw)
    assert "convulsive" not in norm.text
    assert [s.reason for s in norm.excluded] == ["url"]
    url = raw[norm.excluded[0].start : norm.excluded[0].end]
    assert url.startswith("http://") and url.endswith("ketamine")


def test_normalize_web_lines_are_not_joined_but_pdf_lines_are():
    web = "Key Takeaway\nKetamine works on glutamate. " + "It is fast. " * 20
    assert normalize(web).text.startswith("Key Takeaway\n\nKetamine works")
    pdf = (
        "Ketamine blocks NMDA receptors on GABA interneurons in the\n"
        "Prefrontal cortex of mice and rats, and in the ventral part of the\n"
        "Hippocampus, which disinhibits pyramidal neurons and raises the\nGlutamate release in rodents.\n"
    )
    assert normalize(pdf).text == (
        "Ketamine blocks NMDA receptors on GABA interneurons in the Prefrontal cortex of mice and rats,"
        " and in"
        " the ventral part of the Hippocampus, which"
        " disinhibits pyramidal neurons and raises the Glutamate release in rodents."
    )


def test_to_raw_rejects_empty_or_out_of_range_spans():
    norm = normalize("Ketamine works.")
    with pytest.raises(ValueError) as error:
        norm.to_raw(3, 3)
    assert str(error.value) == (
        "Cannot map analysis span [3, 3) to raw offsets: it must satisfy 0 <= start < end <= 15 "
        "(the analysis text length). Pass a non-empty span of Normalized.text."
    )
    with pytest.raises(ValueError):
        norm.to_raw(0, 16)


def test_normalize_rejects_bytes():
    with pytest.raises(TypeError) as error:
        normalize(b"Ketamine")  # type: ignore[arg-type]
    assert str(error.value) == (
        "normalize() needs the decoded document text as str, got bytes. "
        "Decode bytes first (pipeline.ingest.decode)."
    )


def test_n_content_chars_counts_non_whitespace():
    assert normalize("Ketamine  works.\n\nFast.").n_content_chars == len("Ketamineworks.Fast.")


def test_load_abbreviations_reports_bad_rows(tmp_path):
    path = tmp_path / "abbr.tsv"
    path.write_text("abbreviation\texpansion\tcontext\nclin.\tclinical\tsometimes\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_abbreviations(path)
    assert str(error.value) == (
        f"Bad abbreviation row 2 in {path}: 'clin.\\tclinical\\tsometimes'. Expected 3 tab-separated fields: "
        "'abbr.', expansion, and context 'any' or 'clause_end'. Fix or remove the row."
    )


def test_excluded_span_is_a_value():
    assert ExcludedSpan(1, 2, "url") == ExcludedSpan(1, 2, "url")


# --- properties --------------------------------------------------------------------------------------

_PIECES = [
    "ketamine",
    "Ketamine",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "-\n",
    "\u2014\n",
    "\u00ad\n",
    ".",
    ".1, 2.",
    ",16 ",
    "13-",
    "clin. ",
    "resp.",
    "mols. ",
    "Figure 1. ",
    "References\n",
    "Share\n",
    "\ufb01",
    "\u03b1",
    "(2R,6R)-HNK",
    "9.87",
    "http://x.org/a)",
    "[1]",
    "Fig.",
    "\u200b",
    "\u2019",
    "A review.",
    "The",
    "NMDA-\n",
]
_documents = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), _documents))
def test_normalize_offset_map_invariants(raw):
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert normalize(raw) == norm  # deterministic


@settings(max_examples=200, deadline=None)
@given(_documents, st.data())
def test_to_raw_of_any_span_lands_inside_raw(raw, data):
    norm = normalize(raw)
    if not norm.text:
        return
    start = data.draw(st.integers(0, len(norm.text) - 1))
    end = data.draw(st.integers(start + 1, len(norm.text)))
    a, b = norm.to_raw(start, end)
    assert 0 <= a <= b <= len(raw)
    # Letters and digits of the analysis span come from inside its raw span.
    for i in range(start, end):
        assert a <= norm.starts[i] <= norm.ends[i] <= b


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n-"), max_size=80))
def test_normalize_is_idempotent_on_plain_text(raw):
    once = normalize(raw).text
    assert normalize(once).text == once


# --- the real seeds ------------------------------------------------------------------------------------


def test_seed_003_pdf_extraction():
    raw = seed("003")
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert norm.title is None
    for word in (
        "dehydronorketamine",
        "Dehydronorketamine",
        "antidepressant effects",
        "NMDA-independent",
        "subunit-selective",
        "anti-anhedonic",
        "years-long",
        "activity-dependent",
        "downstream",
    ):
        assert word in norm.text, word
    assert not re.search(r"\b(antide|consis|eliminat|gluta)-", norm.text)
    assert "infusion. Furthermore" in norm.text and "response. Ketamine" in norm.text
    assert "Figure 1." not in norm.text and "Figure 2." not in norm.text
    assert [s.reason for s in norm.excluded].count("figure_caption") == 1
    caption = next(s for s in norm.excluded if s.reason == "figure_caption")
    assert raw[caption.start :].startswith("Figure 2.") and raw[: caption.end].endswith("protein 95.")
    assert (
        "effects. In conclusion" not in norm.text and "antidepressant effects.\n\nIn conclusion" in norm.text
    )


def test_seed_002_cas_rendering():
    raw = seed("002")
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert norm.title is None
    for phrase in (
        "preclinical",
        "respectively",
        "neurobiological",
        "meta-analysis",
        "Additional targets",
        "Pharmacological approaches",
        "infusion. Furthermore",
        "respectively. It is important",
        "9.87 (4.37-22.29)",
        "(2S,6S; 2R,6R)-HNK",
        "4-Cl-KYN",
        "AMPA/kainate",
        "i.p. administration",
    ):
        assert phrase in norm.text, phrase
    assert not re.search(r"\d, \d\.[A-Z]", norm.text)  # no "1, 2." markers left
    assert not re.search(r"\b(clin|preclin|mol|resp|neurobiol)\.", norm.text)
    assert raw_of(norm, raw, "preclinical") == "preclin."


def test_seed_000_reference_list_and_copyright_excluded():
    raw = seed("000")
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert (
        norm.title
        == "Pharmacotherapies Targeting GABA-Glutamate Neurotransmission for Treatment-Resistant Depression"
    )
    by_reason = {s.reason: raw[s.start : s.end] for s in norm.excluded}
    assert by_reason["reference_list"].startswith("Reference195 articles.")
    assert by_reason["copyright"].startswith("Copyright ©")
    assert "Kuhl" not in norm.text and "Copyright" not in norm.text and "ICP" not in norm.text
    assert "Treatment-resistant depression (TRD) is a term" in norm.text


def test_seed_004_read_more_and_share_excluded():
    raw = seed("004")
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert norm.title == "The Science Behind Why Ketamine Works When Antidepressants Don't"
    assert [(s.reason, raw[s.start : s.end]) for s in norm.excluded] == [
        ("read_more", "Read the full review at Psychiatric Times."),
        ("share_link", "Share"),
    ]
    assert "Where Ketamine Troches Fit Into the Glutamatergic Picture\n\nEsketamine" in norm.text


def test_seed_001_title_and_headings_stay_paragraphs():
    raw = seed("001")
    norm = normalize(raw)
    check_invariants(raw, norm)
    assert norm.title == "How Glutamatergic Medications Work in the Brain"
    assert norm.excluded == ()
    assert "\n\nPatient Safety and Monitoring\n\n" in norm.text


def _five_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def test_seed_002_and_003_renderings_normalize_alike():
    a, b = _five_grams(normalize(seed("002")).text), _five_grams(normalize(seed("003")).text)
    # The raw renderings share about 0.74 of their word 5-grams; normalized, dedupe must see one text.
    assert len(a & b) / len(a | b) >= 0.95
