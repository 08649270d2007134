"""One compiled, read-only view of the knowledge base that every NER component shares.

Built once per process by `pipeline.nlp.build_nlp` and handed to the components through their
`initialize(index=...)`. It holds:

* exact lookups on normalized keys (`keys.fold_key` / `keys.case_key`) — the first linking step;
* a sorted list of keys, so a matcher can stop extending a token window as soon as no key starts with
  the text read so far (a prefix test by `bisect`; no trie, no per-pattern objects, ~O(log n));
* a fuzzy linker (`FuzzyLinker`) — the second linking step, for variants the exact keys miss.

The fuzzy linker replaces scispacy's `CandidateGenerator`: its `create_tfidf_ann_index` refuses
scipy >= 1.11 and needs nmslib (not installable here). We keep scispacy's method — char 3-gram TF-IDF
over the concept aliases, nearest neighbours by cosine — with sklearn's `TfidfVectorizer` and an exact
sparse matrix-vector product instead of an approximate index: one query is one sparse product over
~200k rows (a few ms), and queries are rare (only spans no exact key resolved). It is built lazily on
the first fuzzy query so pipelines that never need it pay nothing.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.components.keys import GREEK, case_key, fold_key, is_acronym
from pipeline.kb import PATTERN_PREFIX, pattern_concept

# Cosine similarity of char 3-gram TF-IDF vectors above which a fuzzy link is accepted. 0.80 accepts
# spelling/format variants ("AZD 6765" ~ "AZD6765", "hydroxy-norketamine" ~ "hydroxynorketamine",
# "serotonin transporters" ~ "serotonin transporter": 0.85-1.0 on hand-made pairs) and rejects
# different names sharing a stem ("ketamine" vs "norketamine": 0.71, "memantine" vs "amantadine": <0.6).
FUZZY_THRESHOLD = 0.80
# A name whose last word is the single letter S ("protein S", "ATP-gamma-S").
LETTER_S_END = re.compile(r"[\s\-]s$", re.IGNORECASE)
# `has_prefix` keeps every key prefix up to this length in a set (see KBIndex.__init__): 6 characters
# reject ~60% of the failed prefix tests on BC5CDR abstracts without a bisect, at ~9 MB.
HEAD_LEN = 6
# Curated supplement entries win ties between vocabularies: they were reviewed for this domain.
_SOURCE_RANK = {"supplement": 0}


@dataclass(frozen=True)
class Entry:
    """What a key resolves to: the concept, its label, and whether it needs context to be trusted."""

    concept_id: str
    label: str
    needs_context: bool
    source: str


class FuzzyLinker:
    """Char 3-gram TF-IDF nearest neighbour over the knowledge base's surface forms."""

    def __init__(self, names: list[str], entries: list[Entry]) -> None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._entries = entries
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 3), lowercase=True, dtype=np.float32, min_df=1
        )
        self._matrix = self._vectorizer.fit_transform([_fuzzy_text(n) for n in names]).tocsr()

    def best(self, text: str, labels: Iterable[str] | None = None) -> tuple[Entry, float] | None:
        """The most similar surface form's entry (restricted to `labels`) and its cosine score."""
        query = self._vectorizer.transform([_fuzzy_text(text)])
        if query.nnz == 0:
            return None
        scores = (self._matrix @ query.T).toarray().ravel()
        allowed = set(labels) if labels is not None else None
        # Best first; ties broken by row order, which follows kb.terms() order: deterministic.
        for row in scores.argsort(kind="stable")[::-1][:50]:
            entry = self._entries[row]
            if allowed is None or entry.label in allowed:
                return entry, float(scores[row])
        return None


def _fuzzy_text(text: str) -> str:
    for greek, latin in GREEK.items():
        text = text.replace(greek, latin)
    return text.lower()


class KBIndex:
    """Exact and fuzzy lookups over a `pipeline.kb.KnowledgeBase` (or any object with its API)."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self.version: str = str(getattr(kb, "version", ""))
        folded: dict[str, Entry] = {}
        cased: dict[str, Entry] = {}
        names: list[str] = []
        entries: list[Entry] = []
        self.n_conflicts = 0
        for term in kb.terms():
            concept = kb.concept(term.concept_id)
            entry = Entry(term.concept_id, concept.label, bool(term.needs_context), term.source)
            names.append(term.text)
            entries.append(entry)
            if LETTER_S_END.search(term.text):
                # "protein S", "protease-S": folded, the key is the plural of the word before it
                # ("proteins"), so these match only with a capital S (or in capitals throughout).
                stem = term.text[:-1]
                keyed = [(case_key(v), cased) for v in
                         dict.fromkeys((stem + "S", stem.lower() + "S", stem.capitalize() + "S",
                                        term.text.upper()))]
            elif term.case_sensitive or is_acronym(term.text):
                keyed = [(case_key(term.text), cased)]
            else:
                keyed = [(fold_key(term.text), folded)]
            for key, table in keyed:
                if not key:
                    continue
                current = table.get(key)
                if current is None or _rank(entry) < _rank(current):
                    if current is not None and current.concept_id != entry.concept_id:
                        self.n_conflicts += 1
                    table[key] = entry
        self.folded = folded
        self.cased = cased
        self._sorted_folded = sorted(folded)
        self._sorted_cased = sorted(cased)
        # Every prefix of up to HEAD_LEN characters of every key ("" included): `has_prefix` answers a
        # short key by one set lookup and rejects most longer ones by their head (~9 MB for ~140k keys).
        self._folded_heads = _heads(folded)
        self._cased_heads = _heads(cased)
        self.max_key_len = max((len(k) for k in [*folded, *cased]), default=0)
        self._names = names
        self._entries = entries
        self._fuzzy: FuzzyLinker | None = None

    def has_prefix(self, key: str, cased: bool = False) -> bool:
        """True when some key starts with `key` (so a longer token window may still match)."""
        heads = self._cased_heads if cased else self._folded_heads
        if len(key) <= HEAD_LEN:
            return key in heads
        if key[:HEAD_LEN] not in heads:
            return False
        keys = self._sorted_cased if cased else self._sorted_folded
        i = bisect.bisect_left(keys, key)
        return i < len(keys) and keys[i].startswith(key)

    def prefix_range(self, key: str, cased: bool = False) -> tuple[int, int]:
        """(lo, hi) such that every key starting with `key` is among the sorted keys [lo:hi]: a window
        that grows from `key` is then searched for there (`first_with_prefix`), not among all keys."""
        keys = self._sorted_cased if cased else self._sorted_folded
        lo = bisect.bisect_left(keys, key)
        if key and ord(key[-1]) < sys.maxunicode:  # every key starting with `key` sorts before this
            return lo, bisect.bisect_left(keys, key[:-1] + chr(ord(key[-1]) + 1), lo)
        return lo, len(keys)

    def first_with_prefix(self, key: str, lo: int, hi: int, cased: bool = False) -> int | None:
        """Index of the first sorted key in [lo:hi] that starts with `key`, or None. With a range that
        holds every key starting with `key` (the `prefix_range` of a prefix of it, or the index this
        returned for one), None means exactly what ``not has_prefix(key)`` does."""
        keys = self._sorted_cased if cased else self._sorted_folded
        i = bisect.bisect_left(keys, key, lo, hi)
        return i if i < hi and keys[i].startswith(key) else None

    def exact(self, text: str) -> Entry | None:
        """Exact link on the normalized key: case-sensitive forms first, then case-folded ones."""
        return self.cased.get(case_key(text)) or self.folded.get(fold_key(text))

    def fuzzy(
        self, text: str, labels: Iterable[str] | None = None, threshold: float = FUZZY_THRESHOLD
    ) -> tuple[Entry, float] | None:
        """Fuzzy link (see module docstring); None below `threshold`."""
        if self._fuzzy is None:
            self._fuzzy = FuzzyLinker(self._names, self._entries)
        found = self._fuzzy.best(text, labels)
        if found is None or found[1] < threshold:
            return None
        return found

    def link(self, text: str, labels: Iterable[str] | None = None) -> tuple[Entry, str] | None:
        """Exact first, then fuzzy; returns the entry and how it was found ("exact" | "fuzzy:0.91")."""
        entry = self.exact(text)
        allowed = set(labels) if labels is not None else None
        if entry is not None and (allowed is None or entry.label in allowed):
            return entry, "exact"
        found = self.fuzzy(text, allowed)
        if found is None:
            return None
        return found[0], f"fuzzy:{found[1]:.2f}"

    def canonical_name(self, concept_id: str) -> str:
        if concept_id.startswith(PATTERN_PREFIX):  # minted by a rule, see pipeline.kb.pattern_concept_id
            return pattern_concept(concept_id).canonical_name
        return self.kb.concept(concept_id).canonical_name


def _heads(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(key[:n] for key in keys for n in range(min(len(key), HEAD_LEN) + 1))


def _rank(entry: Entry) -> tuple[int, int]:
    """Lower wins: curated supplement first; among the rest, terms that need no context."""
    return (_SOURCE_RANK.get(entry.source, 1), int(entry.needs_context))
