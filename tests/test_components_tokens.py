"""Per-document token arrays shared by the components (pipeline/components/tokens.py)."""

import spacy
from spacy.tokens import Doc

from pipeline.components.sentences import repair_tokens
from pipeline.components.tokens import (
    doc_text,
    forget,
    positions,
    span_text,
    token_lowers,
    token_spaces,
    token_texts,
)
from pipeline.nlp import make_tokenizer


def test_tokens_equal_the_token_objects_and_are_read_once():
    nlp = spacy.blank("en")
    doc = nlp("Ketamine (an NMDA antagonist)  relieved\ndepression within 2 h. ")
    assert token_texts(doc) == [t.text for t in doc]
    assert token_spaces(doc) == [bool(t.whitespace_) for t in doc]
    assert token_lowers(doc) == [t.lower_ for t in doc]
    assert doc_text(doc) == doc.text
    assert token_texts(doc) is token_texts(doc)  # cached on the doc


def test_tokens_follow_a_retokenization():
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)  # scispacy's: "(DOX)" stays one token until repair_tokens
    doc = nlp("doxorubicin (DOX)-induced damage")
    words, spaces = token_texts(doc), token_spaces(doc)
    repair_tokens(doc, words, spaces)  # forgets the cache itself
    assert token_texts(doc) == [t.text for t in doc] != words
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert token_texts(doc) == [t.text for t in doc]  # a stale length is never returned
    forget(doc)
    assert token_spaces(doc) == [bool(t.whitespace_) for t in doc]
    assert doc_text(doc) == doc.text


def test_tokens_cache_survives_serialization():
    nlp = spacy.blank("en")
    doc = nlp("NMDA receptor antagonists")
    token_texts(doc), doc_text(doc)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert token_texts(copy) == ["NMDA", "receptor", "antagonists"]
    assert doc_text(copy) == doc.text


def test_positions_lists_the_tokens_whose_text_is_wanted_in_order():
    words = ["the", "NMDA", "receptor", "and", "the", "AMPA", "receptor"]
    assert positions(words, {"receptor"}) == [2, 6]
    assert positions(words, {"the", "AMPA"}) == [0, 4, 5]
    assert positions(words, set()) == []
    assert positions(words, {"GABA"}) == []


def test_span_text_is_the_spans_text():
    nlp = spacy.blank("en")
    doc = nlp("Rats got  ketamine (10 mg/kg) daily.\n\nThen memantine.")
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert span_text(doc[start:end]) == doc[start:end].text
