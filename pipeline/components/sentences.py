"""Sentence boundaries for scientific prose, from token rules alone (no parser, no pysbd).

spaCy's `sentencizer` splits after every "." token, which in pharmacology text breaks "i.p.", "e.g.",
"et al.", "Fig. 1" and "vs."; pysbd handles them but is ~9x slower and scispacy's wrapper builds a
segmenter per document. The rules here, over scispacy tokens:

* a token ".", "!" or "?" ends a sentence when the next word starts with a capital letter, a digit or an
  opening bracket/quote — unless the token before it is a known abbreviation ("i.p", "Fig", "al") or
  the next token is lower-case (then it was an abbreviation or a decimal the tokenizer split);
* a token that itself ends in "." (the tokenizer keeps "e.g.", "al.", "Fig." whole) ends a sentence
  only if it is not a known abbreviation nor an initial ("J." in "J. R. Smith") and the next word is
  capitalised;
* a blank line (paragraph break) always ends a sentence, so headings stand alone; single newlines
  (hard-wrapped PDF text) do not.
Sets `Token.is_sent_start` on every token; reads nothing else.

Token repair first (this is the first component, so every later one sees the same tokens): scispacy's
prefix rule keeps a bracket glued to its word when more text follows the ")" -- meant for stereo
descriptors ("(S)-ketamine", "(+)-MK-801") -- so "doxorubicin (DOX)-induced" gives the token "(DOX)"
and "(6-OHDA)-lesioned" gives "(6" ... "OHDA)", and the short form can never be read as an
abbreviation nor match the knowledge base. `bracket_splits` finds such glued brackets around a word
of two letters or more that is no stereo descriptor, and the brackets become tokens of their own.
The tokenizer also keeps a capital letter and a full stop together, as for an initial, so a name ending
a sentence with one ("protein kinase C.", "MAO-B.", "vitamin D.", and mixed-case names: "TrkB.",
"NgR.") could not end at the letter: `letter_period_splits` splits the full stop off where the next
word is capitalised or the text ends, unless a lone capital is one of a run of initials or follows a
comma (author lists).
"""

from __future__ import annotations

import re

import numpy
from spacy.tokens import Doc

from pipeline.components.tokens import forget, positions, token_spaces, token_texts

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
_LAST_CHARS = frozenset(".!?…")
_INITIAL = re.compile(r"[A-Z]\.")  # "J." in "J. R. Smith"
# A name with a lower-case letter that ends in a capital, full stop attached: "TrkB.", "NgR.", "ErbB."
# (the tokenizer keeps these together too). No full stop inside, so "U.S." or "Ph.D." never match.
_MIXED_CASE_END = re.compile(r"[^.\s]*[a-z][^.\s]*[A-Z]\.")


# Stereo and optical descriptors stay glued to their bracket: "(R)", "(2R,6R)", "(RS)", "(+/-)", "(E)".
STEREO_INSIDE = re.compile(r"^(?:\d*[RSEZDL]{1,2}|[RS],\s?[RS]|[+\-±−/]+|\d*[RS],\s?\d*[RS])$")
MIN_INSIDE_LETTERS = 2


def _splittable(inside: str) -> bool:
    """A bracketed word worth its own token: two letters or more, no stereo descriptor, no list."""
    return (sum(c.isalpha() for c in inside) >= MIN_INSIDE_LETTERS and "," not in inside
            and not STEREO_INSIDE.match(inside))


def bracket_splits(words: list[str], spaces: list[bool]) -> list[tuple[int, str, str]]:
    """(token index, "(" or ")", where) for each bracket to split off a token; see the module docstring.

    A run of tokens glued without white space from "(X" to "Y)" (one token "(X)" or several, as in
    "(6", "-", "OHDA)") is split when the text between the brackets passes `_splittable`. `where` is
    "start" or "end": which side of the token the bracket sits on.
    """
    found = []
    n = len(words)
    for i, word in enumerate(words):
        if len(word) < 2 or word[0] != "(" or word[1:2] in "()" or "(" in word[1:]:
            continue
        if word.endswith(")") and ")" not in word[1:-1]:
            if _splittable(word[1:-1]):
                found += [(i, "(", "start"), (i, ")", "end")]
            continue
        if ")" in word:
            continue
        inside = [word[1:]]
        for k in range(i + 1, min(n, i + 6)):
            if spaces[k - 1] or "(" in words[k]:
                break
            last = words[k]
            if last.endswith(")") and ")" not in last[:-1]:
                inside.append(last[:-1])
                if _splittable("".join(inside)):
                    found.append((i, "(", "start"))
                    if len(last) > 1:  # else ")" is a token already
                        found.append((k, ")", "end"))
                break
            if ")" in last:
                break
            inside.append(last)
    return found


def letter_period_splits(words: list[str]) -> list[int]:
    """Tokens "C." that end a name at the end of a sentence: "protein kinase C.", "MAO-B.", "vitamin D."
    (the tokenizer keeps a capital and its full stop together, as for an initial, so the name could not
    end there). Not an initial before a lower-case word ("E. coli", "S. cerevisiae") or in a run of
    initials ("J. R."), nor a name in an author list (", S. Smith")."""
    found = []
    n = len(words)
    for i, word in enumerate(words):
        if word[-1:] != "." or i == 0:
            continue
        mixed = len(word) > 2 and _MIXED_CASE_END.fullmatch(word) is not None  # "TrkB.": no initial
        if not mixed and (len(word) != 2 or not "A" <= word[0] <= "Z"):
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        if nxt and not (nxt[:1].isupper() or not nxt.strip()) or _INITIAL.fullmatch(nxt):
            continue
        prev = words[i - 1]
        if not mixed and (prev.endswith(".") or prev in (",", "(")):
            continue
        found.append(i)
    return found


def repair_tokens(doc: Doc, words: list[str], spaces: list[bool]) -> Doc:
    """Apply `bracket_splits` and `letter_period_splits` to `doc` in place (one retokenization; no-op
    when there is nothing to split)."""
    splits = bracket_splits(words, spaces)
    periods = letter_period_splits(words)
    if not splits and not periods:
        return doc
    by_token: dict[int, set[str]] = {}
    for i, _, where in splits:
        by_token.setdefault(i, set()).add(where)
    forget(doc)
    with doc.retokenize() as retokenizer:
        for i, sides in by_token.items():
            token = doc[i]
            text = token.text
            orths = []
            if "start" in sides:
                orths.append("(")
                text = text[1:]
            tail = ")" if "end" in sides else ""
            orths.append(text[:-1] if tail else text)
            if tail:
                orths.append(tail)
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
        for i in periods:
            token = doc[i]
            retokenizer.split(token, [token.text[:-1], "."], heads=[(token, 0)] * 2)
    return doc


def _starts_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


def sentence_starts(words: list[str], spaces: list[str]) -> list[bool]:
    """Pure rule over token texts and their trailing whitespace; True where a sentence starts."""
    n = len(words)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    # Only a token ending in ".", "!", "?" or "…", a whitespace token, or one followed by a newline can
    # end a sentence: find those first (most tokens are none of them), then apply the rules to them.
    # (Tested per distinct word: most words recur.)
    candidates = positions(words, {
        word for word in set(words) if word[-1:] in _LAST_CHARS or word[:1].isspace() or not word
    })
    if "\n" in "".join(spaces):
        candidates = sorted(set(candidates).union(i for i, space in enumerate(spaces) if "\n" in space))
    blanks = []  # whitespace tokens, ascending
    for i in candidates:
        word = words[i]
        if not word.strip():
            blanks.append(i)
        if i == n - 1:
            continue
        if spaces[i].count("\n") >= 2 or (not word.strip() and word.count("\n") >= 2):
            starts[i + 1] = True
            continue
        if word in _ENDERS:
            prev = words[i - 1].lower().rstrip(".") if i else ""
            if prev in ABBREVIATIONS and word == ".":
                continue
            nxt = words[i + 1]
            if _starts_sentence(nxt) or not nxt.strip():
                starts[i + 1] = True
        elif len(word) > 1 and word.endswith(".") and word.lower().rstrip(".") not in ABBREVIATIONS \
                and not _INITIAL.fullmatch(word):  # a sentence-final "C." was split off by the repair
            if words[i + 1][:1].isupper():
                starts[i + 1] = True
    # A whitespace token never starts a sentence on its own: move the start to the next word (in order,
    # so a start moves on across a run of whitespace tokens).
    for i in blanks:
        if 0 < i < n - 1 and starts[i]:
            starts[i], starts[i + 1] = False, True
    return starts


class ScientificSentencizer:
    """Sets sentence starts by `sentence_starts`; see the module docstring for the rules."""

    def __init__(self, name: str = "pharma_sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Arrays, not Token objects: creating one Token per word costs more than the rules themselves.
        words = token_texts(doc)
        flags = token_spaces(doc)
        # a glued bracket, or a capital with its full stop ("C.", "TrkB."): what repair_tokens looks for
        if any(w[:1] == "(" and len(w) > 1 or w[-1:] == "." and "A" <= w[-2:-1] <= "Z" for w in set(words)):
            repair_tokens(doc, words, flags)
            words = token_texts(doc)
            flags = token_spaces(doc)
        spaces = [" " if flag else "" for flag in flags]
        starts = sentence_starts(words, spaces)
        # SENT_START: 1 = starts a sentence, -1 = does not; spaCy reads the array as uint64.
        values = numpy.where(numpy.array(starts, dtype=bool), 1, -1).astype("int64").astype("uint64")
        doc.from_array(["SENT_START"], values)
        return doc
