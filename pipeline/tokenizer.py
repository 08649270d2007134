"""A bounded span cache in front of the spaCy tokenizer that survives memory zones.

spaCy's tokenizer splits a text at whitespace into spans ("ketamine-treated", "(NMDA)", "\\n\\n") and
segments each span with prefix, suffix and infix regexes, caching the result per span. Two things make
that cache fail us:

* inside ``nlp.memory_zone()``, which the pipeline uses on long runs so the vocabulary stays flat
  (see ``pipeline.annotate``), the tokenizer caches nothing new: every span it has not seen before the
  first zone costs the regexes again, in every document (1,000 new abstracts: 0.61 s in a zone against
  0.22 s with a warm cache);
* scispacy's regexes are slow, and a span's segmentation is a pure function of its text.

`SpanCachedTokenizer` keeps the segmentation of each span as Python strings (token texts), which stay
valid across zones, bounded to `SPAN_CACHE_SIZE` spans (oldest dropped first). A text whose spans are
all cached becomes ``Doc(vocab, words, spaces)`` without running a regex; the spans it has not seen are
segmented by the wrapped tokenizer in one call (joined by single spaces, which the tokenizer never
segments across) and cached. The result is token for token what the wrapped tokenizer gives, text,
whitespace and NORM included (``tests/test_tokenizer.py`` compares them): the whitespace split below
follows ``Tokenizer.__call__``, and a span whose tokens carry a special case's NORM ("n't" -> "not") is
never cached: a text holding one is tokenized by the wrapped tokenizer whole.

The Doc comes with the components' per-document token arrays filled in (`components.tokens.prime`):
the text, the words and the space flags are what the Doc was built from.

Everything else (``explain``, ``to_bytes``, ``rules``...) is the wrapped tokenizer's, by delegation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.attrs import NORM, ORTH
from spacy.tokens import Doc

from pipeline.components.tokens import prime

# Spans kept. A span that is one token is stored as its key alone (value None), a longer one with a
# tuple of its token texts: ~450 B a span with the dict (tracemalloc, 1,500 real abstracts: 36k spans),
# so ~45 MB at the cap. 2,920 real abstracts have ~59k distinct spans. Tokenizing the last 1,920 of them
# in memory zones after the first 1,000: 1.09 s CPU uncached, 0.78 s with this cap, 0.87 s at 50k and
# 1.20 s at 25k (first-in-first-out eviction thrashes when the cap is below the working set).
SPAN_CACHE_SIZE = 100_000

# A run of non-space characters and the single " " after it, if any; or a run of whitespace. `re`'s \s
# and `str.isspace`, which spaCy's split uses, agree on every code point (tests/test_tokenizer.py).
_RUNS = re.compile(r"(\S+)( ?)|(\s+)")


def split_spans(text: str) -> list[tuple[str, bool]]:
    """The spans spaCy's tokenizer segments, each with whether a single space it drops follows it.

    Mirrors ``Tokenizer.__call__``: the text is cut where whitespace starts or stops; a whitespace run
    that starts with " " after a span gives that space to the span (``Token.whitespace_``) and the rest
    of the run, if any, is a span of its own; a whitespace run at the start of the text is a span whole.
    """
    return [(word or blank, space == " ") for word, space, blank in _RUNS.findall(text)]


class SpanCachedTokenizer:
    """Wraps a spaCy `Tokenizer`; see the module docstring."""

    def __init__(self, tokenizer, max_spans: int = SPAN_CACHE_SIZE) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_spans = max_spans
        self._cache: dict[str, tuple[str, ...] | None] = {}  # None: the span is one token
        self._special_texts = frozenset(
            attrs[ORTH] for pieces in tokenizer.rules.values() for attrs in pieces if NORM in attrs
        )

    def __getattr__(self, name: str):
        # Only reached for attributes this class does not define: explain, to_bytes, rules, ...
        if name == "tokenizer":  # not set yet (unpickling): no recursion through __getattr__
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        spans = split_spans(text)
        built = self._from_cache(spans)
        if built is None:  # a span not cached yet: segment those first (most texts have none, once warm)
            cache = self._cache
            missing = [span for span in dict.fromkeys(span for span, _ in spans) if span not in cache]
            if not self._segment(missing):
                return self._whole(text)  # a span with a special-case NORM: the tokenizer's own Doc
            built = self._from_cache(spans)
            if built is None:  # evicted by `_segment` at the cache's cap: this text goes the slow way
                return self._whole(text)
        words, spaces = built
        doc = Doc(self.vocab, words=words, spaces=spaces)
        prime(doc, text, words, spaces)  # the components' token arrays, for free (`components.tokens`)
        return doc

    def _from_cache(self, spans: list[tuple[str, bool]]) -> tuple[list[str], list[bool]] | None:
        """The words and space flags of `spans` from the cache, or None if one of them is not cached."""
        cache = self._cache
        words: list[str] = []
        spaces: list[bool] = []
        try:
            for span, space in spans:
                tokens = cache[span]
                if tokens is None:  # one token: the span itself
                    words.append(span)
                    spaces.append(space)
                else:
                    words += tokens
                    spaces += [False] * (len(tokens) - 1)
                    spaces.append(space)
        except KeyError:
            return None
        return words, spaces

    def _whole(self, text: str) -> Doc:
        """The wrapped tokenizer's Doc for the whole text."""
        doc = self.tokenizer(text)
        prime(doc, text)
        return doc

    def _segment(self, missing: list[str]) -> bool:
        """Segment and cache the spans; False if one of them cannot be cached (see module docstring)."""
        cache = self._cache
        strings = self.vocab.strings
        ok = True
        blanks = [span for span in missing if span[0].isspace()]
        words = [span for span in missing if not span[0].isspace()]
        # Non-space spans joined by single spaces: the tokenizer segments each on its own and marks the
        # last token of each with a trailing space, so the tokens split back into the spans.
        groups = [(words, self.tokenizer(" ".join(words)))] if words else []
        groups += [([span], self.tokenizer(span)) for span in blanks]  # whitespace runs: rare, one by one
        for group, doc in groups:
            # Arrays, not Token objects (this runs for every span not seen before).
            texts = [strings[orth] for orth in doc.to_array("ORTH").tolist()]
            ends = doc.to_array("SPACY").tolist()
            special = self._special_norms(doc, texts)
            ends[-1] = True
            start = k = 0
            for i, end in enumerate(ends):
                if not end:
                    continue
                tokens = tuple(texts[start : i + 1])
                if "".join(tokens) != group[k]:  # never expected; refuse to cache rather than guess
                    return False
                if not special or special.isdisjoint(range(start, i + 1)):
                    if len(cache) >= self.max_spans:
                        del cache[next(iter(cache))]
                    cache[group[k]] = tokens if len(tokens) > 1 else None
                else:
                    ok = False
                start, k = i + 1, k + 1
        return ok

    def _special_norms(self, doc: Doc, texts: list[str]) -> set[int]:
        """Tokens whose NORM a special case set ("n't" -> "not"): a Doc built from the words lacks it.
        Only a token whose text some special case gives a NORM of its own can be one."""
        maybe = [i for i, text in enumerate(texts) if text in self._special_texts]
        if not maybe:
            return set()
        norms = doc.to_array("NORM")
        vocab = self.vocab
        return {i for i in maybe if int(norms[i]) != vocab[texts[i]].norm}

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)
