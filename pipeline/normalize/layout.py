"""Pass 2 of normalization: layout (see ``pipeline.normalize``).

Lines are classified (boilerplate, captions, page fragments and reference lists are excluded with a
reason), PDF hyphenation is undone, hard-wrapped lines are joined, and paragraphs are separated by
"\\n\\n".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from pipeline.normalize._offsets import _Builder

# Hard-wrapped text (PDF, e-mail) has a maximum line width; web pages put a paragraph on one line.
# Typeset columns and mail wraps are 60-100 characters, so a 90th-percentile line length of at most
# 120 means the document is wrapped; then a line of at least 60% of that width that does not end a
# sentence was broken by the typesetter and continues on the next line.
_WRAPPED_MAX_P90 = 120
_LONG_LINE_SHARE = 0.6
_TITLE_MAX_CHARS = 250
_WHITESPACE_RUN = re.compile(r"[ \t]{2,}|\t")

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
) -> tuple[str, np.ndarray, np.ndarray, list, bool]:
    """Pass 2. Returns (text, starts, ends, excluded spans, first line is a title).

    ``dash_at[i]`` says what a line-end "-" at input index i was in the raw text: "soft" (a discretionary
    hyphen: always join) or "dash" (an em/en dash: kept, never joined as a hyphenated word).
    """
    lines = _split_lines(text)
    wrapped = _classify(lines, captions=captions)
    content = [i for i, line in enumerate(lines) if line.text and not line.reason]
    long_line = _LONG_LINE_SHARE * _p90([len(lines[i].text) for i in content])
    vocabulary = None  # read only for a line-end hyphen (rare outside PDF text)
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
            elif not left:
                kind = "glue"
            else:
                if vocabulary is None:
                    vocabulary = _vocabulary(text)
                kind = "glue" if _hyphen_is_real(left, right, *vocabulary) else "join"
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
