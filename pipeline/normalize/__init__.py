"""Normalization for analysis, with an exact map from every analysis character back to the raw text.

The raw decoded text of a document is never changed. ``normalize(raw)`` builds a separate analysis
text plus, for every analysis character ``i``, the raw span ``[starts[i], ends[i])`` it comes from, so a
mention found in the analysis text is reported where the user finds it: ``raw[start:end]``.

Three passes, each a pure function ``text -> (text, starts, ends, excluded)``; their maps are composed:

1. characters: curly quotes, dashes, ligatures, odd spaces, zero-width and control characters, CRLF
   (NFKC for other compatibility characters, so Greek letters stay letters and µ becomes μ).
2. layout: lines are classified (boilerplate, captions, page fragments and reference lists are
   excluded with a reason), PDF hyphenation is undone, hard-wrapped lines are joined, and paragraphs
   are separated by "\\n\\n".
3. inline: URLs and citation markers are dropped, glued sentences get a space, and CAS word
   abbreviations ("clin.", "resp.") are expanded from ``pipeline/data/cas_abbreviations.tsv``.

Separators the passes insert map to a zero-width raw position (paragraph breaks, the space between
glued sentences) or to the raw character they replace (the space joining two wrapped lines maps to the
newline). Characters an expansion produces all map to the raw span of the abbreviation.
Every pass is linear in the text length; the maps are ``array('i')`` and are composed with numpy.

Each pass is a module of this package (``characters``, ``layout``, ``inline``); ``_offsets`` builds
one pass's map and composes it with the maps before it.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

import numpy as np

from pipeline.normalize._offsets import _as_numpy, _compose
from pipeline.normalize.characters import _DASHES, _SHY, normalize_characters
from pipeline.normalize.inline import ABBREVIATIONS_FILE as ABBREVIATIONS_FILE
from pipeline.normalize.inline import load_abbreviations as load_abbreviations
from pipeline.normalize.inline import normalize_inline
from pipeline.normalize.layout import _hyphen_is_real as _hyphen_is_real
from pipeline.normalize.layout import normalize_layout

__all__ = ["ExcludedSpan", "Normalized", "normalize"]


@dataclass(frozen=True)
class ExcludedSpan:
    """A raw span left out of the analysis text, and why (e.g. "reference_list", "figure_caption")."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Normalized:
    """The analysis text of one document and the map of each of its characters into the raw text."""

    text: str
    starts: array  # len(text); raw index where analysis char i comes from
    ends: array  # len(text); raw end (exclusive) of the raw piece char i comes from
    excluded: tuple[ExcludedSpan, ...]  # raw spans left out of analysis, in raw order
    title: str | None  # the document title when the first line evidently is one

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Normalized [start, end) -> raw [starts[start], ends[end-1]); end > start required."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(
                f"Cannot map analysis span [{start}, {end}) to raw offsets: it must satisfy "
                f"0 <= start < end <= {len(self.text)} (the analysis text length). "
                "Pass a non-empty span of Normalized.text."
            )
        return int(self.starts[start]), int(self.ends[end - 1])

    @property
    def n_content_chars(self) -> int:
        """Non-whitespace characters of the analysis text: dedupe keeps the most complete rendering."""
        return sum(len(word) for word in self.text.split())


def _spans_to_raw(spans, inner_starts: np.ndarray, inner_ends: np.ndarray) -> list[ExcludedSpan]:
    return [
        ExcludedSpan(int(inner_starts[a]), int(inner_ends[b - 1]), reason) for a, b, reason in spans if b > a
    ]


_LINE_END_DASH = re.compile(r"-(?=[ \t]*\n)")


def normalize(raw: str, *, captions: bool = True) -> Normalized:
    """Build the analysis text of ``raw`` and its exact offset map (see the module docstring).

    ``captions=False`` keeps figure/table captions as content: the annotation stage uses it to analyse
    each caption the body text set aside, as a text of its own.
    """
    if not isinstance(raw, str):
        raise TypeError(
            f"normalize() needs the decoded document text as str, got {type(raw).__name__}. "
            "Decode bytes first (pipeline.ingest.decode)."
        )
    n_raw = len(raw)
    text1, starts1, ends1 = normalize_characters(raw)
    s1, e1 = _as_numpy(starts1), _as_numpy(ends1)
    dash_at = {}  # line-end "-" that were a soft hyphen or a punctuation dash in the raw text
    for m in _LINE_END_DASH.finditer(text1):
        source = raw[s1[m.start()]]
        if source == _SHY or source in _DASHES:
            dash_at[m.start()] = "soft" if source == _SHY else "dash"
    text2, starts2, ends2, excluded2, is_title = normalize_layout(text1, dash_at, captions=captions)
    s2, e2 = _compose(starts2, ends2, s1, e1, n_raw)
    text3, starts3, ends3, excluded3 = normalize_inline(text2)
    s3, e3 = _compose(starts3, ends3, s2, e2, n_raw)
    # Guarantee the invariants even where passes' spans touch (a separator inside an expansion).
    s3 = np.maximum.accumulate(s3) if len(s3) else s3
    e3 = np.maximum.accumulate(np.maximum(e3, s3)) if len(e3) else e3
    excluded = _spans_to_raw(excluded2, s1, e1) + _spans_to_raw(excluded3, s2, e2)
    excluded.sort(key=lambda span: (span.start, span.end))
    title = text3.split("\n\n", 1)[0] if is_title and text3 else None
    return Normalized(
        text=text3,
        starts=array("i", s3.astype(np.intc).tobytes()) if len(s3) else array("i"),
        ends=array("i", e3.astype(np.intc).tobytes()) if len(e3) else array("i"),
        excluded=tuple(excluded),
        title=title or None,
    )
