"""Knowledge-base matching: longest run of tokens whose normalized key is a KB surface form.

Structure (why hand-rolled): per document we compute one key per token (`keys.fold_key`, cached per
distinct string), then from each token extend a window while the concatenated key is still a prefix of
some KB key (a bisect over the sorted keys, narrowed to the keys of the first word: `KBIndex.prefix_range`,
`first_with_prefix`). This is the dictionary-trie idea
without building a trie: memory is just the key strings (~30 MB for ~180k terms, against ~1.8 GB for
an EntityRuler with 107k patterns), start-up is one sort, and term tokenization never has to agree
with document tokenization. Variants handled by the key: case, Greek letters, hyphen/space/slash.
Plurals: the last token may be plural ("NMDA receptors"). Case: acronym terms ("ALS", "NK") only
match their exact case, so "als" in running text is not amyotrophic lateral sclerosis.

Span policy (documented choices):
* longest match wins at each start; overlaps are then resolved longest-first, earlier-first;
* a window ending in a drug-class head ("antagonist", "agonist", "inhibitor", "blocker", "modulator",
  "activator", plural too) is never accepted, so "NMDA receptor antagonist" yields RECEPTOR
  "NMDA receptor" and the class phrase stays a relation cue for the relation extractor;
* terms marked `needs_context` (NK, ALS, MOR, DCS...) are kept only when the same concept is also
  mentioned unambiguously in the document; otherwise they wait in `doc.spans["ambiguous"]` for the
  abbreviation component, which accepts them when the document defines them.
Sets `doc.ents` (label, `kb_id_`, `Span._.ner_source == "lexicon"`) and `doc.spans["ambiguous"]`.
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from pipeline.components.kb_index import Entry, KBIndex
from pipeline.components.keys import case_key, fold_key, plural_variants
from pipeline.components.spans import SOURCE_KEY, KBComponent, ensure_extensions, filter_extents, mark
from pipeline.components.tokens import token_texts

__all__ = ["AMBIGUOUS_KEY", "SOURCE_KEY", "KBLexiconMatcher", "ensure_extensions", "find_matches", "resolve"]

CLASS_HEADS = frozenset(
    f"{head}{suffix}"
    for head in ("antagonist", "agonist", "inhibitor", "blocker", "modulator", "activator")
    for suffix in ("", "s")
)
# A window never spans more tokens than this: the longest useful KB names ("mammalian target of
# rapamycin complex 1", "selective serotonin reuptake inhibitor") are 6-8 tokens once hyphens split.
MAX_TOKENS = 12
# Single-token folded matches shorter than this are dropped: two-letter lower-case words ("ca", "ad")
# collide with vocabulary abbreviations; real short names are acronyms and go through the cased table.
MIN_FOLDED_LEN = 3
POSSESSIVES = frozenset({"'s", "’s", "'S", "’S", "'", "’"})
AMBIGUOUS_KEY = "ambiguous"


def _can_end(word: str) -> bool:
    """A span may not end on a possessive ("ketamine's"), a stop word, or a dangling "eEF2-"/"—"."""
    return bool(word) and word[-1].isalnum() and word.lower() not in STOP_WORDS


def _cased_stop_end(word: str) -> bool:
    """A stop word in lower case only ("no", "ca") written with a capital: "NO" (nitric oxide) and "Ca"
    (calcium) may end a span, but only through the case-sensitive table, where the KB lists them as
    context-needing forms."""
    return word.lower() in STOP_WORDS and word[:1].isupper() and word[-1:].isalnum()


# Per word, what `find_matches` needs of it alone, computed once per distinct word and index (see
# `_Word`). Bounded: a cache holds at most WORD_CACHE_SIZE words (oldest dropped first).
WORD_CACHE_SIZE = 100_000
_word_caches: weakref.WeakKeyDictionary[KBIndex, dict[str, _Word]] = weakref.WeakKeyDictionary()


class _Word(NamedTuple):
    """One token as `find_matches` reads it; every field depends on the word (and index) alone."""

    folded: str  # fold_key; "" for a possessive
    cased: str  # case_key; "" for a possessive
    can_start: bool  # a window may start here
    stop: bool  # a lower-case stop word: a window starting here may match only through the cased table
    end_ok: bool  # a window may end here (key non-empty, no class head, `_can_end`)
    cased_stop: bool  # ... or only through the cased table (key non-empty, no class head, `_cased_stop_end`)
    alive: bool  # the one-token window: some folded key starts with it
    cased_alive: bool  # ... some cased key starts with it
    entry: Entry | None  # ... and the entry it matches on its own
    visit: bool  # `find_matches` has something to do at this word: it matches, or a window may grow
    folded_range: tuple[int, int]  # where the folded keys starting with `folded` are (`KBIndex.prefix_range`)
    cased_range: tuple[int, int]  # ... the cased keys starting with `cased`


def _word(word: str, index: KBIndex) -> _Word:
    # The possessive "'s" gets an empty key: otherwise "ketamine" + "s" would read as a plural.
    folded = "" if word in POSSESSIVES else fold_key(word)
    cased = "" if word in POSSESSIVES else case_key(word)
    endable = bool(folded) and word.lower() not in CLASS_HEADS
    end_ok = endable and _can_end(word)
    cased_stop = endable and _cased_stop_end(word)
    # Vocabulary noise such as "same" or "as part" starts with a lower-case stop word; real
    # names do not (a capitalised sentence-initial word is still allowed through the cased table).
    stop = word in STOP_WORDS
    can_start = bool(folded) and (word[:1].isalnum() or word[:1] == "(")
    alive = cased_alive = False
    entry = None
    if can_start:
        cased_alive = index.has_prefix(cased, cased=True)
        alive = index.has_prefix(folded)
        cased_only = not end_ok and cased_alive and cased_stop
        if end_ok or cased_only:
            entry = _lookup(folded, cased if cased_alive else "", index, single=True,
                            folded_ok=not stop and not cased_only)
    visit = can_start and (entry is not None or alive and not stop or cased_alive)
    # Empty ranges where no key starts with the word: a window growing from it finds nothing either.
    folded_range = index.prefix_range(folded) if alive and not stop else (0, 0)
    cased_range = index.prefix_range(cased, cased=True) if cased_alive else (0, 0)
    return _Word(folded, cased, can_start, stop, end_ok, cased_stop, alive, cased_alive, entry, visit,
                 folded_range, cased_range)


def _words(words: list[str], index: KBIndex) -> list[_Word]:
    cache = _word_caches.get(index)
    if cache is None:
        cache = _word_caches[index] = {}
    out = []
    for word in words:
        info = cache.get(word)
        if info is None:
            if len(cache) >= WORD_CACHE_SIZE:
                del cache[next(iter(cache))]
            info = cache[word] = _word(word, index)
        out.append(info)
    return out


def find_matches(words: list[str], index: KBIndex) -> list[tuple[int, int, Entry]]:
    """Longest KB match starting at each token: (start, end, entry) with token offsets.

    A window grows from each token while its key is still a prefix of some KB key; the one-token
    window is read from the per-word cache (`_Word`), so most tokens, which start no key, cost one
    dictionary lookup.
    """
    infos = _words(words, index)
    n = len(words)
    found: list[tuple[int, int, Entry]] = []
    # Most tokens neither match alone nor start a key (`_Word.visit`): only the others are visited.
    for i in [i for i, info in enumerate(infos) if info.visit]:
        first = infos[i]
        best = None if first.entry is None else (i, i + 1, first.entry)
        # A window starting with a lower-case stop word matches through the cased table only (see
        # `_lookup`'s folded_ok): its folded key need not be followed ("inthe", "ofthe"...).
        folded_live = not first.stop
        alive, cased_alive = first.alive and folded_live, first.cased_alive
        if alive or cased_alive:
            acc, acc_cased = first.folded, first.cased
            # The keys the window can still grow into lie in [lo, hi): a window's keys are among the
            # keys of the window it grew from, so each step searches only there (`has_prefix` would
            # search all keys), from the first key the last step found.
            (lo, hi), (cased_lo, cased_hi) = first.folded_range, first.cased_range
            for j in range(i + 1, min(n, i + MAX_TOKENS)):
                info = infos[j]
                acc += info.folded
                if cased_alive:
                    acc_cased += info.cased
                    at = index.first_with_prefix(acc_cased, cased_lo, cased_hi, cased=True)
                    cased_alive = at is not None
                    cased_lo = at if cased_alive else cased_lo
                alive = False
                if folded_live:
                    at = index.first_with_prefix(acc, lo, hi)
                    alive = at is not None
                    lo = at if alive else lo
                if not alive and not cased_alive and (acc[-1:] != "s" or not folded_live):
                    break  # no key starts with the window, nor with its singular: nothing to look up
                cased_only = not info.end_ok and cased_alive and info.cased_stop
                if info.end_ok or cased_only:
                    entry = _lookup(acc, acc_cased if cased_alive else "", index, single=False,
                                    folded_ok=not first.stop and not cased_only)
                    if entry is not None:
                        best = (i, j + 1, entry)
                if not alive and not cased_alive:
                    # Checked after the lookup: a plural ("receptors") is no prefix of any key, yet its
                    # singular may match, so the window is looked up once more before we stop.
                    break
        if best is not None:
            found.append(best)
    return found


def _lookup(acc: str, acc_cased: str, index: KBIndex, single: bool, folded_ok: bool) -> Entry | None:
    if acc_cased and acc_cased in index.cased:
        return index.cased[acc_cased]
    if not folded_ok or single and len(acc) < MIN_FOLDED_LEN:
        return None
    entry = index.folded.get(acc)
    if entry is None:
        for variant in plural_variants(acc):
            entry = index.folded.get(variant)
            if entry is not None:
                break
    return entry


def resolve(doc: Doc, matches: list[tuple[int, int, Entry]]) -> tuple[list[Span], list[Span]]:
    """Longest-first non-overlapping spans, split into accepted ents and context-needing ones."""
    kept = filter_extents(matches)  # spacy's filter_spans, before making Span objects
    needs = {(s, e) for s, e, entry in matches if entry.needs_context}
    confident = {entry.concept_id for s, e, entry in kept if (s, e) not in needs}
    ents, ambiguous = [], []
    for s, e, entry in kept:
        span = Span(doc, s, e, label=entry.label, kb_id=entry.concept_id)
        if (s, e) in needs and entry.concept_id not in confident:
            ambiguous.append(span)
        else:
            ents.append(span)
    return ents, ambiguous


class KBLexiconMatcher(KBComponent):
    """Tags KB surface forms as entities; see the module docstring for the matching rules."""

    def __init__(self, name: str = "pharma_kb_lexicon") -> None:
        super().__init__(name)

    def __call__(self, doc: Doc) -> Doc:
        matches = find_matches(token_texts(doc), self.require_index())
        ents, ambiguous = resolve(doc, matches)
        doc.set_ents(mark(ents, "lexicon"), default="outside")
        doc.spans[AMBIGUOUS_KEY] = ambiguous
        return doc
