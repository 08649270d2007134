"""Pass 3 of normalization: inline edits (see ``pipeline.normalize``).

URLs and citation markers are dropped, glued sentences get a space, and CAS word abbreviations
("clin.", "resp.") are expanded from ``pipeline/data/cas_abbreviations.tsv``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from pipeline.normalize._offsets import _Builder

ABBREVIATIONS_FILE = Path(__file__).parent.parent / "data" / "cas_abbreviations.tsv"

_CITE = r"\d{1,3}(?:(?:, ?|-)\d{1,3})*"
# "infusion.1, 2.Furthermore", "resp.3.It", "response.8-11 Ketamine", "in 2000.14 Following".
# Before the period: a letter, %, a closing bracket or a 4+ digit number (year, compound code) - never a
# short number, so decimals (9.87) and ranges (4.37-22.29) are left alone.
# After the citation: a new sentence, a paragraph end, or (CAS) a period glued to the next sentence,
# which may start with a digit ("receptors.25.4-Cl-KYN").
# (Each pattern starts with a literal or a character class where it can: the regex engine then skips
# ahead to candidates instead of trying the lookbehinds at every character; the lookbehinds then
# include the literal. Possessive runs ("{4,}+") never give back letters no match could use.)
_CITE_AFTER_PERIOD = re.compile(
    rf"\.(?:(?<=[A-Za-z%)\]]\.)|(?<=\d{{4}}\.))(?P<cite>{_CITE})"
    r"(?:(?P<dot>\.)(?=[\dA-Z(\[])|(?=\s*(?:[A-Z(\[]|$)|[ \t]*\n))"
)
_CITE_AFTER_COMMA = re.compile(rf"[,;](?<=[a-z)][,;])(?P<cite>{_CITE})(?=\s|$)")  # "synapse,16 AMPA"
# "studies13-has": only all-lower-case words, so gene and receptor names (GluR1, eEF2) are untouched.
_CITE_AFTER_WORD = re.compile(rf"(?<![A-Za-z0-9])[a-z]{{4,}}+(?P<cite>{_CITE})(?=[-,;:.)\s]|$)")
_CITE_AFTER_PAREN = re.compile(rf"(?<=\))(?P<cite>{_CITE})(?=[\s,.;]|$)")  # "(BCI-540)21 and"
_CITE_BRACKETED = re.compile(rf" ?\[{_CITE}\]")  # "[1]", "[2, 3]", "[4-6]"
# Words whose period is followed by a number that is not a citation ("Fig.2", "p.5", "No.3").
_NOT_CITING = frozenset("fig figs figure ref refs no nos eq eqs vol pp p table tab suppl ch sec chap".split())
_CHEMICAL_GROUP = re.compile(r"(?:[A-Z][a-z]?\d*)+")  # "(CH3)2": the 2 is a subscript
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_DOC_TYPE = re.compile(r"(?:A )?(?:[Rr]eview|[Mm]ini-review|[Cc]orrespondence|[Ee]ditorial)\.(?=[A-Z])")
_ABBREVIATION = re.compile(r"(?<!\w)([A-Za-z]{2,}+)\.")
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

    def apply(self) -> tuple[str, np.ndarray, np.ndarray, list]:
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
    for m in _CITE_BRACKETED.finditer(text) if "[" in text else ():
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
        if entry is None:
            continue  # not CAS
        unit = re.search(r"\d\s?$", text[max(0, m.start() - 2) : m.start()])
        if unit and edits.free(m.start() - 2, m.start()):
            continue  # a unit after a number ("5 mol."; a dropped citation number is no number)
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


def normalize_inline(text: str) -> tuple[str, np.ndarray, np.ndarray, list]:
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
