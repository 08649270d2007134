"""Pass 1 of normalization: special characters (see ``pipeline.normalize``).

Curly quotes, dashes, ligatures, odd spaces, zero-width and control characters, CRLF; NFKC for other
compatibility characters, so Greek letters stay letters and µ becomes μ.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from pipeline.normalize._offsets import _Builder

_SHY = "\u00ad"
_CHAR_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    # hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus, small/fullwidth hyphen-minus
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"),  # form feed = PDF page break
    _SHY: "",
}
_DASHES = "\u2013\u2014\u2015"  # punctuation dashes: a line ending in one is not a hyphenated word
# Everything outside printable ASCII, plus CR (CRLF and lone CR become one newline).
_SPECIAL_CHARS = re.compile(r"\r\n?|[^\t\n\x20-\x7e]")


@lru_cache(maxsize=8192)
def _char_replacement(c: str) -> str:
    """What one special character becomes in the analysis text ('' drops it)."""
    if c in _CHAR_MAP:
        return _CHAR_MAP[c]
    category = unicodedata.category(c)
    if category == "Zs":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    if category in ("Cc", "Cf", "Cs"):  # controls, zero-width/format characters, lone surrogates
        return ""
    folded = unicodedata.normalize("NFKC", c)
    # NFKC folds ligatures, superscript digits, fullwidth forms and µ; results with spaces (spacing
    # accents) would invent word breaks, so those characters stay as they are.
    if folded == c or not folded or any(x.isspace() for x in folded):
        return c
    return "".join(x if x == c else _char_replacement(x) for x in folded)


def normalize_characters(raw: str) -> tuple[str, np.ndarray, np.ndarray]:
    """Pass 1: map special characters (see module docstring); ASCII text is copied in bulk."""
    out = _Builder()
    pos = 0
    for m in _SPECIAL_CHARS.finditer(raw):
        a, b = m.span()
        out.copy(raw, pos, a)
        token = m.group()
        if token[0] == "\r":
            out.emit("\n", a, b)
        elif token == _SHY and raw.startswith(("\n", "\r"), b):
            out.emit("-", a, b)  # a discretionary hyphen at a line end: pass 2 joins the word
        else:
            replacement = _char_replacement(token)
            if replacement == token:
                out.copy(raw, a, b)
            else:
                out.emit(replacement, a, b)
        pos = b
    out.copy(raw, pos, len(raw))
    return out.result()
