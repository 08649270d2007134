import pytest
import spacy

from pipeline.components.sentences import ScientificSentencizer
from pipeline.nlp import make_tokenizer


@pytest.fixture(scope="module")
def split():
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    sentencizer = ScientificSentencizer()
    return lambda text: [s.text for s in sentencizer(nlp.make_doc(text)).sents]


@pytest.mark.parametrize(
    "text",
    [
        "Rats received ketamine 10 mg/kg i.p. and were tested 24 h later.",
        "Drugs, e.g. memantine, were compared.",
        "As shown by Zanos et al. in mice, the metabolite acts.",
        "Responses are shown in Fig. 1 for both doses.",
        "(2R,6R)-HNK at 2.5 mg/kg was active.",
        "Ketamine vs. placebo was tested.",
    ],
)
def test_sentences_do_not_split_scientific_abbreviations(split, text):
    assert split(text) == [text]


def test_sentences_split_on_full_stops_and_paragraphs(split):
    text = "Ketamine works fast. It blocks NMDA receptors.\n\nMethods\n\nRats were used."
    assert [s.strip() for s in split(text) if s.strip()] == [
        "Ketamine works fast.",
        "It blocks NMDA receptors.",
        "Methods",
        "Rats were used.",
    ]


def test_sentences_keep_hard_wrapped_lines_together(split):
    assert split("Ketamine blocks\nNMDA receptors in rats.") == ["Ketamine blocks\nNMDA receptors in rats."]


@pytest.fixture(scope="module")
def tokens():
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    sentencizer = ScientificSentencizer()
    return lambda text: [t.text for t in sentencizer(nlp.make_doc(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("doxorubicin (DOX)-induced injury", ["doxorubicin", "(", "DOX", ")", "-", "induced", "injury"]),
        ("(6-OHDA)-lesioned rats", ["(", "6", "-", "OHDA", ")", "-", "lesioned", "rats"]),
        ("(S)-ketamine", ["(S)", "-", "ketamine"]),
        ("(2R,6R)-HNK", ["(2R,6R)", "-", "HNK"]),
        ("(+/-)-PG-9", ["(+/-)", "-", "PG", "-", "9"]),
        ("(RS)-baclofen", ["(RS)", "-", "baclofen"]),
    ],
)
def test_glued_brackets_split_off_abbreviations_but_not_stereo_descriptors(tokens, text, expected):
    assert tokens(text) == expected


def test_split_brackets_keep_the_text_and_sentences(split):
    text = "Doxorubicin (DOX)-induced injury was seen. DOX was given."
    assert split(text) == ["Doxorubicin (DOX)-induced injury was seen.", "DOX was given."]


def test_sentence_starts_rules_over_word_lists():
    from pipeline.components.sentences import sentence_starts

    # A blank line in the trailing whitespace or a whitespace token ends a sentence; a start landing on
    # whitespace tokens moves on to the next word, across a run of them.
    words = ["Zorbaxine", "worked", ".", "\n\n", " ", "It", "did", "(", "i.p", ".", ")",
             "Fig.", "Two", "in", "vitro.", "Done"]
    spaces = ["", "", "", "", "", "", "", "", "", "", "", " ", " ", " ", " ", ""]
    starts = sentence_starts(words, spaces)
    assert [w for w, s in zip(words, starts, strict=True) if s] == ["Zorbaxine", "It", "Done"]
    assert sentence_starts(["a", "b"], ["\n\n", ""]) == [True, True]
    assert sentence_starts(["a", "b."], [" ", ""]) == [True, False]
    assert sentence_starts([], []) == []


@pytest.mark.parametrize(
    ("text", "whole", "sentences"),
    [
        ("It inhibited protein kinase C. The effect was fast.", "kinase C .", 2),
        ("It blocked MAO-B. Then it stopped.", "- B .", 2),
        ("Rats lacked vitamin D.\nThe dose was low.", "vitamin D .", 2),  # the wrapped line ends it too
        ("It grew in E. coli cultures.", "in E. coli", 1),  # a genus initial stays whole
        ("As J. R. Smith and, S. Jones said.", "As J. R. Smith and , S. Jones", 1),  # initials end nothing
        ("Zorbaxine activates TrkB. It also raised BDNF.", "activates TrkB .", 2),  # a mixed-case name
        ("It bound TrkA, NgR. Then it stopped.", "TrkA , NgR .", 2),  # after a comma: no author list
        ("He earned a Ph.D. Then he left.", "a Ph.D.", 2),  # a full stop inside: an abbreviation
    ],
)
def test_a_capital_and_full_stop_ending_a_sentence_is_split(text, whole, sentences):
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe("pharma_sentencizer")
    doc = nlp(text)
    assert whole in " ".join(t.text for t in doc)
    assert len(list(doc.sents)) == sentences
    assert doc.text == text
