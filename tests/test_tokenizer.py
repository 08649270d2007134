import re
import sys
from contextlib import nullcontext

import pytest
import spacy

from pipeline.nlp import get_nlp, make_tokenizer
from pipeline.tokenizer import SpanCachedTokenizer, split_spans

# Whitespace in every shape spaCy's split treats specially, special cases with a NORM of their own
# ("n't" -> "not") and text the pipeline meets: brackets, hyphens, units, a non-breaking space.
TEXTS = [
    "",
    " ",
    "  leading spaces",
    "trailing space ",
    "two  spaces and\ttab and \n newline",
    "\n\nBackground\n\nZorbaxine (ZRX-12), an NMDA receptor antagonist, didn't cause nausea.",
    "Rats got 10 mg/kg i.p. zorbaxine-treated controls, e.g. the 5-HT(1A) group (n = 8).",
    "I don't know, it's\u00a0ok; we can't  say\u2003more\u2009here.",
    "gonna wanna (2R,6R)-HNK’s effect\r\nend",
]


class CountingTokenizer:
    """The wrapped tokenizer, counting the calls that reach it."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.rules = tokenizer.rules
        self.calls = 0

    def __call__(self, text):
        self.calls += 1
        return self.tokenizer(text)


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


@pytest.fixture()
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("max_spans", [200_000, 3])
def test_tokens_text_whitespace_and_norm_equal_the_wrapped_tokenizers(nlp, max_spans):
    plain = make_tokenizer(nlp)
    cached = SpanCachedTokenizer(make_tokenizer(nlp), max_spans=max_spans)
    for zone in (False, True, True):  # the second zone reads what the first could not cache in spaCy's
        with nlp.vocab.memory_zone() if zone else nullcontext():
            for text in TEXTS + [t.upper() for t in TEXTS]:
                doc = cached(text)
                assert doc.text == text
                assert _tokens(doc) == _tokens(plain(text)), text
    assert len(cached._cache) <= max_spans


def test_special_case_norms_are_kept(nlp):
    plain = make_tokenizer(nlp)
    cached = SpanCachedTokenizer(make_tokenizer(nlp))
    expected = _tokens(plain("They didn't respond."))
    assert ("n't", " ", "not") in expected  # a NORM no Doc built from words would have
    for _ in range(2):  # the second time the other spans are known
        assert _tokens(cached("They didn't respond.")) == expected
    assert "didn't" not in cached._cache  # its NORM would be lost in a Doc built from words
    assert cached._cache["respond."] == ("respond", ".")


def test_known_spans_skip_the_wrapped_tokenizer_also_inside_memory_zones(nlp):
    counting = CountingTokenizer(make_tokenizer(nlp))
    cached = SpanCachedTokenizer(counting)
    text = "Zorbaxine (ZRX-12) blocked GluN2B-containing receptors in vitro."
    cached(text)
    assert counting.calls == 1  # every span was new: segmented together in one call
    with nlp.vocab.memory_zone():
        doc = cached(text + " Zorbaxine blocked")
    assert counting.calls == 1
    assert [t.text for t in doc][:6] == ["Zorbaxine", "(", "ZRX", "-", "12", ")"]
    with nlp.vocab.memory_zone():
        cached("A new span: quarrelon.")
    assert counting.calls == 2  # only new spans reach it


def test_cache_is_bounded_and_drops_the_oldest_first(nlp):
    cached = SpanCachedTokenizer(make_tokenizer(nlp), max_spans=4)
    cached("alpha beta gamma delta")
    cached("epsilon")
    assert list(cached._cache) == ["beta", "gamma", "delta", "epsilon"]


def test_split_spans_follows_spacys_whitespace_rule():
    assert split_spans("a b") == [("a", True), ("b", False)]
    assert split_spans("a  b") == [("a", True), (" ", False), ("b", False)]
    assert split_spans(" a \n b ") == [(" ", False), ("a", True), ("\n ", False), ("b", True)]
    assert split_spans("a\nb") == [("a", False), ("\n", False), ("b", False)]


def test_regex_whitespace_is_str_isspace():
    # spaCy splits at str.isspace(); the span regex uses \s. They must agree on every code point.
    space = re.compile(r"\s")
    differ = [c for c in map(chr, range(sys.maxunicode + 1)) if bool(space.match(c)) != c.isspace()]
    assert differ == []


def test_the_pipeline_tokenizes_through_the_span_cache():
    nlp = get_nlp()
    assert isinstance(nlp.tokenizer, SpanCachedTokenizer)
    text = "Zorbaxine-treated rats (ZRX) showed no hyper-locomotion."
    assert _tokens(nlp(text)) == _tokens(nlp.tokenizer.tokenizer(text))
    assert nlp.tokenizer.explain("ZRX-12")  # everything else is the wrapped tokenizer's


def test_the_token_arrays_the_tokenizer_caches_are_the_docs(nlp):
    # The tokenizer primes the components' per-document arrays (pipeline.components.tokens); what they
    # return must be what reading the doc gives, on the cached path and the wrapped tokenizer's alike.
    from pipeline.components.tokens import doc_text, token_spaces, token_texts

    cached = SpanCachedTokenizer(make_tokenizer(nlp), max_spans=3)
    for text in TEXTS + [t.upper() for t in TEXTS]:
        doc = cached(text)
        assert doc_text(doc) == doc.text == text
        assert token_texts(doc) == [t.text for t in doc]
        assert token_spaces(doc) == [bool(t.whitespace_) for t in doc]
