"""Sentence boundaries for scientific prose, from token rules alone (no parser, no pysbd).

spaCy's `sentencizer` splits after every "." token, which in pharmacology text breaks "i.p.", "e.g.",
"et al.", "Fig. 1" and "vs."; pysbd handles them but is ~9x slower and scispacy's wrapper builds a
segmenter per document. The rules here, over scispacy tokens:

* a token ".", "!" or "?" ends a sentence when the next word starts with a capital letter, a digit or an
  opening bracket/quote — unless the token before it is a known abbreviation ("i.p", "Fig", "al") or
  the next token is lower-case (then it was an abbreviation or a decimal the tokenizer split);
* a token that itself ends in "." (the tokenizer keeps "e.g.", "al.", "Fig." whole) ends a sentence
  only if it is not a known abbreviation and the next word is capitalised;
* a blank line (paragraph break) always ends a sentence, so headings stand alone; single newlines
  (hard-wrapped PDF text) do not.
Sets `Token.is_sent_start` on every token; reads nothing else.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc

# Lower-cased, without the final ".". Units and Latin abbreviations common in methods sections.
ABBREVIATIONS = frozenset(
    """
    al e.g i.e cf vs viz etc approx ca fig figs tab ref refs eq eqs no nos vol pp p ed eds suppl
    i.p i.v s.c i.m p.o i.c.v b.i.d t.i.d q.d approx dr mr prof st sp spp var
    resp incl e.v u.s inc ltd co jr sr
    """.split()
)
_ENDERS = frozenset({".", "!", "?", "…"})
_OPENERS = frozenset("([{\"'“‘")


def _starts_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


def sentence_starts(words: list[str], spaces: list[str]) -> list[bool]:
    """Pure rule over token texts and their trailing whitespace; True where a sentence starts."""
    n = len(words)
    starts = [False] * n
    if n:
        starts[0] = True
    for i in range(n - 1):
        word, nxt = words[i], words[i + 1]
        if spaces[i].count("\n") >= 2 or (not word.strip() and word.count("\n") >= 2):
            starts[i + 1] = True
            continue
        if word in _ENDERS:
            prev = words[i - 1].lower().rstrip(".") if i else ""
            if prev in ABBREVIATIONS and word == ".":
                continue
            if _starts_sentence(nxt) or not nxt.strip():
                starts[i + 1] = True
        elif len(word) > 1 and word.endswith(".") and word.lower().rstrip(".") not in ABBREVIATIONS:
            if nxt[:1].isupper():
                starts[i + 1] = True
    # A whitespace token never starts a sentence on its own: move the start to the next word.
    for i in range(n - 1):
        if starts[i] and not words[i].strip() and i > 0:
            starts[i], starts[i + 1] = False, True
    return starts


def token_texts(doc: Doc) -> list[str]:
    """Token texts without materialising Token objects (several times faster on long docs)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array("ORTH").tolist()]


class ScientificSentencizer:
    """Sets sentence starts by `sentence_starts`; see the module docstring for the rules."""

    def __init__(self, name: str = "pharma_sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Arrays, not Token objects: creating one Token per word costs more than the rules themselves.
        words = token_texts(doc)
        spaces = [" " if flag else "" for flag in doc.to_array("SPACY")]
        starts = sentence_starts(words, spaces)
        # SENT_START: 1 = starts a sentence, -1 = does not; spaCy reads the array as uint64.
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
        doc.from_array(["SENT_START"], values)
        return doc
