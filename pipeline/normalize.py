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
   abbreviations ("clin.", "resp.") are expanded from ``data/cas_abbreviations.tsv``.

Separators the passes insert map to a zero-width raw position (paragraph breaks, the space between
glued sentences) or to the raw character they replace (the space joining two wrapped lines maps to the
newline). Characters an expansion produces all map to the raw span of the abbreviation.
Every pass is linear in the text length; the maps are ``array('i')`` and are composed with numpy.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["ExcludedSpan", "Normalized", "normalize"]

ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "cas_abbreviations.tsv"


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


class _Builder:
    """Output text of one pass plus, per output char, the [start, end) input span it comes from."""

    __slots__ = ("parts", "starts", "ends")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("i")
        self.ends = array("i")

    def copy(self, src: str, a: int, b: int) -> None:
        """Copy src[a:b] unchanged: char k maps to [k, k+1)."""
        if b > a:
            self.parts.append(src[a:b])
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))

    def emit(self, text: str, a: int, b: int) -> None:
        """Emit text whose every char maps to [a, b): a replacement, an expansion, or (a == b) a separator."""
        if text:
            self.parts.append(text)
            self.starts.extend([a] * len(text))
            self.ends.extend([b] * len(text))

    def result(self) -> tuple[str, array, array]:
        return "".join(self.parts), self.starts, self.ends


# ---------------------------------------------------------------------------------------------------
# Pass 1: characters
# ---------------------------------------------------------------------------------------------------

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


def normalize_characters(raw: str) -> tuple[str, array, array]:
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


# ---------------------------------------------------------------------------------------------------
# Pass 2: layout (lines, boilerplate, captions, hyphenation, paragraphs)
# ---------------------------------------------------------------------------------------------------

# Hard-wrapped text (PDF, e-mail) has a maximum line width; web pages put a paragraph on one line.
# Typeset columns and mail wraps are 60-100 characters, so a 90th-percentile line length of at most
# 120 means the document is wrapped; then a line of at least 60% of that width that does not end a
# sentence was broken by the typesetter and continues on the next line.
_WRAPPED_MAX_P90 = 120
_LONG_LINE_SHARE = 0.6
_TITLE_MAX_CHARS = 250

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?:\d{1,3}(?:[,-]\d{1,3})*)?$")
_SHARE = re.compile(
    r"(?i)(share|share this( article| post| page| story)?|share on \w+|tweet|print|e-?mail|pin it|copy link)"
    r"[.:!]?"
)
_READ_MORE = re.compile(
    r"(?i)(read (the )?(full|more|original|complete)\b.*|continue reading\b.*|view full (text|article)\b.*)"
)
_COPYRIGHT = re.compile(
    r"(?i)^(copyright\b|©|\(c\) ?\d{4})|all rights reserved|ICP备|公网安备"
    r"|creative commons (attribution|licen)|this (article|work) is licensed under"
)
_PAGE_NUMBER = re.compile(r"(?i)(page ?)?\d{1,4}( ?(of|/) ?\d{1,4})?|[-\u2013] ?\d{1,4} ?[-\u2013]")
# "doi: ...", "https://doi.org/...", "J Med 2018;43(2):1-3"
_JOURNAL_LINE = re.compile(
    r"(?i)(doi: ?\S+|https?://(dx\.)?doi\.org/\S+|.{0,80}\b\d{4}; ?\d+(\(\d+\))?: ?\d+\S*)"
)
_REFERENCES_HEADING = re.compile(
    r"(?i)(references?( and notes)?|bibliography|literature cited|works cited|reference ?\d+ ?articles?\.?)"
    r" ?:?"
)
_CAPTION_START = re.compile(
    r"(Fig\.?|Figs\.?|Figure|FIGURE|FIG\.?|Table|TABLE|Scheme)\s?\d+[A-Za-z]?(?:[.:|]|\s+[A-Z(])"
)
_AFFILIATION_WORDS = re.compile(
    r"\b(Department|Dept\.|Universit\w*|Institut\w*|Cent(er|re)|Hospital|School of|College|Laborator\w+|"
    r"Faculty|Division of|Clinic)\b"
)
_KEYWORDS_PREFIX = re.compile(r"(?i)^key ?words?\s*[:.-]")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'.-]*[\d*\u2020\u2021]*|[a-z]{1,3}|[A-Z]\.")
_AUTHOR_MARK = re.compile(r"[\d*\u2020\u2021]$|\b[A-Z]\.")
_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:)]$")
_URL_CONTINUATION = re.compile(r"[a-z0-9][\w.%?=&#~+/-]*[/-]")
# Bound prefixes: "anti-" + "depressant" was split by the typesetter, "anti-" + "anhedonic" is a real
# hyphen (before a vowel English keeps the hyphen: anti-inflammatory, co-occurring, pre-existing).
_PREFIXES = frozenset(
    "anti non pre post co multi semi pseudo inter intra extra neo sub super ultra micro macro hyper hypo "
    "poly mono di tri bi re de un dis over under out counter".split()
)
# Heads of hyphenated adjective compounds in biomedical prose ("subunit-selective", "years-long");
# a line-end hyphen before one of them is a real hyphen.
_COMPOUND_HEADS = frozenset(
    "dependent independent selective induced mediated related like based specific associated resistant "
    "acting term long free type wide scale fold positive negative coupled gated containing binding derived "
    "evoked stimulated sensitive treated naive controlled blind response dose activated targeted linked "
    "labeled labelled regulated level limited driven onset lasting day week year old month hour "
    "year-old dependent receptor".split()
)


@dataclass
class _Line:
    start: int  # content start (leading spaces stripped) in the pass input
    end: int  # content end (trailing spaces stripped)
    newline: int  # index of the line's terminating "\n" (len(text) for the last line)
    text: str
    reason: str | None = None  # exclusion reason; None = content


def _split_lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for piece in text.split("\n"):
        stripped = piece.strip(" \t")
        lead = len(piece) - len(piece.lstrip(" \t"))
        lines.append(_Line(pos + lead, pos + lead + len(stripped), pos + len(piece), stripped))
        pos += len(piece) + 1
    return lines


def _looks_like_name_list(text: str) -> tuple[bool, bool]:
    """(every comma-separated item is a short capitalised name/term, some item carries an author mark)."""
    items = [item.strip() for item in re.split(r"[,;]|\band\b|&", text) if item.strip()]
    if len(items) < 2 or len(text) > 600:
        return False, False
    for item in items:
        words = item.split()
        if not 1 <= len(words) <= 5 or not all(_NAME_WORD.fullmatch(w) for w in words):
            return False, False
        if not any(w[0].isupper() for w in words):
            return False, False
    return True, any(_AUTHOR_MARK.search(item) for item in items)


def _standalone_reason(text: str) -> str | None:
    """Reason to exclude a line that stands alone between blank lines (front/back matter), else None."""
    if _KEYWORDS_PREFIX.match(text):
        return "keywords"
    if (
        len(text) <= 400
        and text.count(",") >= 2
        and not text.endswith(".")
        and _AFFILIATION_WORDS.search(text)
    ):
        return "affiliation"
    names, marked = _looks_like_name_list(text)
    if names and marked:
        return "authors"
    # Scraped keyword widgets join terms with a bare comma; prose and headings put a space after one.
    if names and re.search(r",\S", text) and text.count(",") >= 2:
        return "keywords"
    return None


def _line_reason(text: str) -> str | None:
    """Reason to exclude one line wherever it stands, else None."""
    if len(text) <= 40 and _SHARE.fullmatch(text):
        return "share_link"
    if len(text) <= 160 and _READ_MORE.fullmatch(text):
        return "read_more"
    if len(text) <= 300 and _COPYRIGHT.search(text):
        return "copyright"
    if _PAGE_NUMBER.fullmatch(text):
        return "page_number"
    if len(text) <= 160 and _JOURNAL_LINE.fullmatch(text):
        return "page_header"
    return None


def _p90(lengths: list[int]) -> int:
    if not lengths:
        return 0
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, (len(ordered) * 9) // 10)]


def _classify(lines: list[_Line], *, captions: bool = True) -> bool:
    """Set ``reason`` on excluded lines; returns whether the document is hard-wrapped.

    ``captions=False`` treats figure/table captions as content (used to analyse a caption on its own).
    """
    nonblank = [i for i, line in enumerate(lines) if line.text]
    wrapped = len(nonblank) >= 3 and _p90([len(lines[i].text) for i in nonblank]) <= _WRAPPED_MAX_P90
    repeats = Counter(re.sub(r"\d+", "#", lines[i].text.lower()) for i in nonblank) if wrapped else Counter()
    in_references = False
    caption_width = 0
    for k, i in enumerate(nonblank):
        line = lines[i]
        prev_blank = i == 0 or not lines[i - 1].text
        next_blank = i + 1 >= len(lines) or not lines[i + 1].text
        line.reason = _line_reason(line.text)
        if line.reason:
            continue
        if in_references:
            line.reason = "reference_list"
            continue
        if k > 0 and _REFERENCES_HEADING.fullmatch(line.text):
            in_references = True
            line.reason = "reference_list"
            continue
        if caption_width and captions:
            prev = lines[nonblank[k - 1]]
            ended = prev_blank or (
                _SENTENCE_END.search(prev.text) and len(prev.text) < 0.8 * caption_width and wrapped
            )
            if not ended or _CAPTION_START.match(line.text):
                line.reason = "figure_caption"
                caption_width = max(caption_width, len(line.text))
                continue
            caption_width = 0
        if captions and _CAPTION_START.match(line.text):
            line.reason = "table_caption" if line.text[0] == "T" else "figure_caption"
            caption_width = len(line.text) if wrapped else 0
            continue
        if prev_blank and next_blank and k > 0:
            line.reason = _standalone_reason(line.text)
            if line.reason:
                continue
        key = re.sub(r"\d+", "#", line.text.lower())
        # A short line repeated verbatim in a wrapped document is a running header or footer.
        if wrapped and repeats[key] >= 2 and len(line.text) >= 8 and not line.text.endswith("-"):
            line.reason = "page_header"
    return wrapped


def _hyphen_is_real(left: str, right: str, words: set[str], compounds: set[str]) -> bool:
    """Decide a line-end hyphen between fragment ``left`` and word ``right``: keep it (True) or join.

    In order: acronyms, digits and capitals keep the hyphen (NMDA-independent, eEF2-, N-methyl-D-);
    the document's own vocabulary decides next (the joined form written elsewhere -> join, the hyphenated
    form -> keep); then bound prefixes (keep only before a vowel), compound heads (keep), two words of
    the document (keep); otherwise the typesetter split a word: join.
    """
    if len(left) == 1 or left.isupper() or any(c.isdigit() for c in left) or not left[1:].islower():
        return True
    if right[:1].isupper():
        return True
    low_left, low_right = left.lower(), right.lower()
    if low_left + low_right in words:
        return False
    if f"{low_left}-{low_right}" in compounds:
        return True
    if low_left in _PREFIXES:
        return low_right[:1] in "aeiou"
    if low_right in _COMPOUND_HEADS:
        return True
    return len(low_left) >= 3 and len(low_right) >= 3 and low_left in words and low_right in words


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Lower-cased words and hyphenated compounds of the document, ignoring words broken at line ends."""
    unbroken = re.sub(r"[A-Za-z]+-[ \t]*\n\s*[A-Za-z]+", " ", text)
    tokens = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", unbroken.lower())
    compounds = {t for t in tokens if "-" in t}
    words = {part for t in tokens for part in t.split("-")}
    return words, compounds


def _join_kind(prev: _Line, nxt: _Line, blank_between: bool, wrapped: bool, long_line: int) -> str:
    """How consecutive content lines meet: 'hyphen' (decided later), 'glue', 'space' or 'break'."""
    p, n = prev.text, nxt.text
    if len(p) >= 2 and p[-1] == "-" and p[-2].isalnum() and n[:1].isalpha():
        return "hyphen"
    if _URL_TAIL.search(p) and _URL_CONTINUATION.match(n):
        return "glue"  # URLs are broken without a hyphen
    final = bool(_SENTENCE_END.search(p))
    if n[:1].islower() and not (final and blank_between):
        return "space"
    if blank_between or final:
        return "break"
    return "space" if wrapped and len(p) >= long_line else "break"


def _copy_collapsing(out: _Builder, text: str, a: int, b: int) -> None:
    """Copy text[a:b], each run of spaces/tabs (other than a single space) becoming one space."""
    pos = a
    for m in _WHITESPACE_RUN.finditer(text, a, b):
        out.copy(text, pos, m.start())
        out.emit(" ", m.start(), m.end())
        pos = m.end()
    out.copy(text, pos, b)


_WHITESPACE_RUN = re.compile(r"[ \t]{2,}|\t")


def _merge_excluded(lines: list[_Line]) -> list[tuple[int, int, str]]:
    """Excluded lines as spans; consecutive lines with one reason (blank lines between) become one span."""
    spans: list[list] = []
    last_reason = None
    for line in lines:
        if not line.text:
            continue
        if line.reason and line.reason == last_reason:
            spans[-1][1] = line.end
        elif line.reason:
            spans.append([line.start, line.end, line.reason])
        last_reason = line.reason
    return [(s, e, r) for s, e, r in spans]


def normalize_layout(
    text: str, dash_at: dict[int, str] | None = None, *, captions: bool = True
) -> tuple[str, array, array, list, bool]:
    """Pass 2. Returns (text, starts, ends, excluded spans, first line is a title).

    ``dash_at[i]`` says what a line-end "-" at input index i was in the raw text: "soft" (a discretionary
    hyphen: always join) or "dash" (an em/en dash: kept, never joined as a hyphenated word).
    """
    lines = _split_lines(text)
    wrapped = _classify(lines, captions=captions)
    content = [i for i, line in enumerate(lines) if line.text and not line.reason]
    long_line = _LONG_LINE_SHARE * _p90([len(lines[i].text) for i in content])
    words, compounds = _vocabulary(text)
    kinds = []
    for prev_i, next_i in zip(content, content[1:], strict=False):
        prev, nxt = lines[prev_i], lines[next_i]
        blank_between = any(not lines[j].text for j in range(prev_i + 1, next_i))
        kind = _join_kind(prev, nxt, blank_between, wrapped, long_line)
        if kind == "hyphen":
            dash = prev.end - 1
            left = re.search(r"[^\W_]*$", prev.text[:-1]).group()
            right = re.match(r"[^\W\d_]+", nxt.text).group()
            source = (dash_at or {}).get(dash)
            if source == "soft":
                kind = "join"
            elif source == "dash":
                kind = "glue"
            elif not left or _hyphen_is_real(left, right, words, compounds):
                kind = "glue"
            else:
                kind = "join"
        kinds.append(kind)
    out = _Builder()
    for k, i in enumerate(content):
        line = lines[i]
        kind_after = kinds[k] if k < len(kinds) else None
        _copy_collapsing(out, text, line.start, line.end - 1 if kind_after == "join" else line.end)
        if kind_after == "space":
            out.emit(" ", line.newline, line.newline + 1)
        elif kind_after == "break":
            nxt = lines[content[k + 1]]
            out.emit("\n\n", nxt.start, nxt.start)
    first = next((line for line in lines if line.text), None)
    is_title = bool(
        first is not None
        and not first.reason
        and content
        and lines[content[0]] is first
        and (not kinds or kinds[0] == "break")
        and len(first.text) <= _TITLE_MAX_CHARS
        and len(first.text.split()) >= 2
        and (first.text[0].isupper() or first.text[0].isdigit() or first.text[0] in "\"'")
        and first.text[-1] not in ".,;:-"
    )
    return *out.result(), _merge_excluded(lines), is_title


# ---------------------------------------------------------------------------------------------------
# Pass 3: inline (URLs, citation markers, glued sentences, CAS abbreviations)
# ---------------------------------------------------------------------------------------------------

_CITE = r"\d{1,3}(?:(?:, ?|-)\d{1,3})*"
# "infusion.1, 2.Furthermore", "resp.3.It", "response.8-11 Ketamine", "in 2000.14 Following".
# Before the period: a letter, %, a closing bracket or a 4+ digit number (year, compound code) - never a
# short number, so decimals (9.87) and ranges (4.37-22.29) are left alone.
# After the citation: a new sentence, a paragraph end, or (CAS) a period glued to the next sentence,
# which may start with a digit ("receptors.25.4-Cl-KYN").
_CITE_AFTER_PERIOD = re.compile(
    rf"(?:(?<=[A-Za-z%)\]])|(?<=\d{{4}}))\.(?P<cite>{_CITE})"
    r"(?:(?P<dot>\.)(?=[\dA-Z(\[])|(?=\s*(?:[A-Z(\[]|$)|[ \t]*\n))"
)
_CITE_AFTER_COMMA = re.compile(rf"(?<=[a-z)])[,;](?P<cite>{_CITE})(?=\s|$)")  # "synapse,16 AMPA"
# "studies13-has": only all-lower-case words, so gene and receptor names (GluR1, eEF2) are untouched.
_CITE_AFTER_WORD = re.compile(rf"(?<![A-Za-z0-9])[a-z]{{4,}}(?P<cite>{_CITE})(?=[-,;:.)\s]|$)")
_CITE_AFTER_PAREN = re.compile(rf"(?<=\))(?P<cite>{_CITE})(?=[\s,.;]|$)")  # "(BCI-540)21 and"
_CITE_BRACKETED = re.compile(rf" ?\[{_CITE}\]")  # "[1]", "[2, 3]", "[4-6]"
# Words whose period is followed by a number that is not a citation ("Fig.2", "p.5", "No.3").
_NOT_CITING = frozenset("fig figs figure ref refs no nos eq eqs vol pp p table tab suppl ch sec chap".split())
_CHEMICAL_GROUP = re.compile(r"(?:[A-Z][a-z]?\d*)+")  # "(CH3)2": the 2 is a subscript
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_DOC_TYPE = re.compile(r"(?:A )?(?:[Rr]eview|[Mm]ini-review|[Cc]orrespondence|[Ee]ditorial)\.(?=[A-Z])")
_ABBREVIATION = re.compile(r"(?<!\w)([A-Za-z]{2,})\.")
_GLUED = re.compile(r"[.?!](?=[A-Z][A-Za-z])")
# Words after which an adjective abbreviation stands for the adverb (a verb or participle follows).
_ADVERB_CONTEXT = frozenset(
    "could can may might will would should must been be being is are was were not to".split()
)
_NEXT_TOKEN = re.compile(r"\s*([^\s.,;:!?]+)")


def load_abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, tuple[str, str]]:
    """``{'clin': ('clinical', 'any'), ...}`` from the tab-separated file (see its header)."""
    table = {}
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0].endswith(".") or fields[2] not in ("any", "clause_end"):
            raise ValueError(
                f"Bad abbreviation row {number} in {path}: {line!r}. Expected 3 tab-separated fields: "
                "'abbr.', expansion, and context 'any' or 'clause_end'. Fix or remove the row."
            )
        table[fields[0][:-1].lower()] = (fields[1], fields[2])
    return table


_ABBREVIATIONS = load_abbreviations()


def _period_role(text: str, after: int) -> str:
    """What the period of an abbreviation ending at ``after`` does: 'end' a sentence (kept), close a
    'clause' before punctuation, or sit mid-sentence before a 'word' (both consumed by the expansion)."""
    nxt = text[after : after + 1]
    if not nxt or nxt.isdigit() or nxt.isupper():
        return "end"  # end of text, a citation ("resp.3.It") or a glued next sentence
    if not nxt.isspace():
        return "clause"
    m = _NEXT_TOKEN.match(text, after)
    token = m.group(1) if m else ""
    if not token or "\n" in text[after : m.start(1)]:
        return "end"
    if token[0].isupper() and token[1:2].islower() or token[0].islower() and any(c.isupper() for c in token):
        return "end"  # "The ...", "mTOR has ..." start a sentence
    return "word"


class _Edits:
    """Non-overlapping edits of one text; earlier-added edits win (callers add by priority)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.claimed = bytearray(len(text))
        self.items: list[tuple[int, int, str, str | None]] = []

    def free(self, a: int, b: int) -> bool:
        return self.claimed.find(1, a, b) == -1

    def replace(self, a: int, b: int, replacement: str, reason: str | None = None) -> bool:
        if not self.free(a, b):
            return False
        self.claimed[a:b] = b"\x01" * (b - a)
        self.items.append((a, b, replacement, reason))
        return True

    def insert(self, pos: int, separator: str) -> None:
        self.items.append((pos, pos, separator, None))

    def apply(self) -> tuple[str, array, array, list]:
        out = _Builder()
        excluded = []
        pos = 0
        for a, b, replacement, reason in sorted(self.items, key=lambda item: (item[0], item[1] > item[0])):
            out.copy(self.text, pos, a)
            out.emit(replacement, a, b)
            if reason:
                excluded.append((a, b, reason))
            pos = max(pos, b)
        out.copy(self.text, pos, len(self.text))
        return *out.result(), excluded


def _drop_citation(edits: _Edits, m: re.Match) -> None:
    a, b = m.span("cite")
    if m.groupdict().get("dot"):
        b = m.end("dot")
    if edits.replace(a, b, "", "citation_marker") and b < len(edits.text) and not edits.text[b].isspace():
        edits.insert(b, " ")


def _citations(edits: _Edits) -> None:
    text = edits.text
    for m in _CITE_BRACKETED.finditer(text):
        edits.replace(m.start(), m.end(), "", "citation_marker")
    for m in _CITE_AFTER_PERIOD.finditer(text):
        word = re.search(r"[A-Za-z]*$", text[max(0, m.start() - 8) : m.start()]).group().lower()
        if word not in _NOT_CITING:
            _drop_citation(edits, m)
    for m in _CITE_AFTER_COMMA.finditer(text):
        edits.replace(*m.span("cite"), "", "citation_marker")
    for m in _CITE_AFTER_WORD.finditer(text):
        edits.replace(*m.span("cite"), "", "citation_marker")
    for m in _CITE_AFTER_PAREN.finditer(text):
        opening = text.rfind("(", 0, m.start())
        inner = text[opening + 1 : m.start() - 1]
        if len(m.group("cite")) == 1 and _CHEMICAL_GROUP.fullmatch(inner):
            continue
        edits.replace(*m.span("cite"), "", "citation_marker")


def _abbreviations(edits: _Edits) -> None:
    text = edits.text
    for m in _ABBREVIATION.finditer(text):
        entry = _ABBREVIATIONS.get(m.group(1).lower())
        unit = re.search(r"\d\s?$", text[max(0, m.start() - 2) : m.start()])
        if entry is None or unit and edits.free(m.start() - 2, m.start()):
            continue  # not CAS, or a unit after a number ("5 mol."; a dropped citation number is no number)
        if m.start() and text[m.start() - 1] == "." and not m.group(1)[0].isupper():
            continue  # part of a dotted name ("pcori.org."); a capital after a period starts a glued sentence
        expansion, context = entry
        role = _period_role(text, m.end())
        if context == "clause_end" and role == "word":
            continue
        abbreviation = m.group(1)
        previous = re.search(r"(\w+)\s+$", text[max(0, m.start() - 12) : m.start()])
        if expansion.endswith(("al", "ive")) and previous and previous.group(1).lower() in _ADVERB_CONTEXT:
            expansion += "ly"  # "clin." is clinically too: "been clin. tested", "could pos. influence"
        if abbreviation[0].isupper():
            expansion = expansion[0].upper() + expansion[1:]
        end = m.end() - 1 if role == "end" else m.end()  # a sentence-final period is kept
        edits.replace(m.start(), end, expansion)


def _glued_sentences(edits: _Edits) -> None:
    text = edits.text
    for m in _GLUED.finditer(text):
        p = m.start()
        before = text[p - 1 : p] if p else ""
        if not before or not edits.free(p, p + 1):
            continue
        if before.isupper() and not (p >= 2 and text[p - 2].isalnum()):
            continue  # an initial: "H.Mark", "U.S.Army"
        if text[p + 2 : p + 3].isupper() and not (before.islower() or before in ")]"):
            continue  # "X.NMDA" after a number or an acronym may be a code, not two sentences
        if before.isalnum() or before in ")]%'\"":
            edits.insert(p + 1, " ")


def normalize_inline(text: str) -> tuple[str, array, array, list]:
    """Pass 3 (see module docstring). Returns (text, starts, ends, excluded spans)."""
    edits = _Edits(text)
    m = _DOC_TYPE.match(text)
    if m:
        edits.replace(0, m.end(), "", "document_type")
    for m in _URL.finditer(text):
        url = m.group()
        depth = 0
        for k, ch in enumerate(url):  # a URL ends at the first ")" it did not open: "(see http://x)."
            depth += (ch == "(") - (ch == ")")
            if depth < 0:
                url = url[:k]
                break
        while url and (url[-1] in ".,;:!?'\"" or url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        edits.replace(m.start(), m.start() + len(url), "", "url")
    _citations(edits)
    _abbreviations(edits)
    _glued_sentences(edits)
    return edits.apply()


# ---------------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------------


def _as_numpy(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.intc).astype(np.int64)


def _compose(starts: array, ends: array, inner_starts: np.ndarray, inner_ends: np.ndarray, n_raw: int):
    """Map a pass's output (spans in its input) through its input's raw map (``inner_*``)."""
    s = _as_numpy(starts)
    e = _as_numpy(ends)
    starts_x = np.append(inner_starts, n_raw)  # a zero-width separator at the end maps to the end
    ends_x = np.append(inner_ends, n_raw)
    raw_starts = starts_x[s]
    raw_ends = np.where(e > s, ends_x[e - 1], raw_starts)
    return raw_starts, raw_ends


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
