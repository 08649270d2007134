"""Find the same article arriving twice: exact and near duplicates across renderings.

- **Exact**: identical analysis text once case and white space are folded (sha256 of that key).
- **Near**: MinHash signatures over word 3-shingles; candidate pairs from banding the signatures
  (no all-pairs comparison), filtered on the MinHash estimate of their Jaccard similarity (one
  vectorised comparison of the stored hash values), then verified on the exact shingle sets.

Each cluster keeps one **canonical** member: the most complete rendering, i.e. the one with the most
content characters (``n_content_chars``: the analysis text plus its figure captions, boilerplate
excluded); ties go to the smallest doc_id. Every other member is reported as a duplicate of it, with
the similarity that joined it. The result depends only on the set of signatures and texts, not on
their order.

Thresholds (measured on the seed corpus; word 3-shingles of the texts):
- 002 (abstract-database rendering) vs 003 (PDF extraction) of the same review: Jaccard 0.80,
  containment 0.94 on the raw texts; after normalization their analysis texts are the same words
  (an exact duplicate, Jaccard 1.00).
- the most similar *different* seed articles: Jaccard <= 0.006, containment <= 0.058 (000 vs 002/003,
  which name the same drugs and FDA approvals).
- 900 real PubMed abstracts (BC5CDR + BioRED training sets), 404,550 pairs: Jaccard median 0,
  99th percentile 0.007, 99.9th 0.014 (the few pairs above are the same abstract in both sets).
A near duplicate must reach containment >= 0.60 (the smaller document's shingles found in the
larger) *and* Jaccard >= 0.30: containment accepts an abstract-length rendering inside a longer one,
the Jaccard floor stops a short text that quotes a paragraph of a long one from being called the same
article. Both floors sit far from both measured groups (the planted-duplicate benchmark,
``python -m pipeline bench --dedupe``, checks recall on reformatted, re-wrapped and shortened copies).

How likely a true near duplicate (Jaccard J >= 0.30) is to be lost before verification — the only
approximation; everything accepted is verified on the real shingles:
- **Signature.** 128 MinHash values (``NUM_PERM``): a 64-bit hash per shingle (polynomial hash of
  each word's code points, words combined position-wise, splitmix64 finalizer), then per value k the
  high 32 bits of ``a_k * h + b_k`` (mod 2**64, fixed odd ``a_k``), minimised over the shingles.
  For two documents each value matches with probability J, independently across k (checked
  empirically by ``tests/test_dedupe.py``).
- **Banding.** Band k is the pair of values (k, k+1 mod 128), 128 bands: a pair is a candidate when
  some two cyclically adjacent values both match. It is missed when the matching positions contain no
  two neighbours on the 128-cycle, probability ``trace(T**128)`` with ``T = [[1-J, J], [1-J, 0]]``
  (``band_miss_probability``): 5.8e-5 at J = 0.30, smaller above.
- **Estimate filter.** The signature also stores the number of distinct shingles, so each candidate
  has a Jaccard it must reach to be accepted at all: ``J_req = max(0.30, 0.6 m / (0.4 m + M))`` for
  shingle counts m <= M (containment 0.60 of the smaller set means an intersection of 0.6 m). Its
  matching values are Binomial(128, J) with J >= J_req; the candidate goes on to verification when
  they reach ``min_matches(J_req)``, the largest count that Binomial(128, J_req) falls below with
  probability <= ``FILTER_MISS`` = 1e-5 (J_req rounded down to 0.001 first): 18 at J_req = 0.30
  (an estimated Jaccard of 0.14), 32 at 0.43 (two equal-sized texts), 53 at 0.60. Pairs whose sizes
  alone rule them out (m / M < 0.30) are dropped. A first pass compares one byte per value (equal
  values give equal bytes, so it only over-counts); the survivors are recounted exactly.
So a pair that verification would accept is lost with probability <= 6.8e-5 (union bound: band miss
at J >= 0.30 plus filter miss), far less when its Jaccard is higher (band miss 3.5e-8 at J = 0.40).
Unrelated abstracts (J < 0.02) become candidates with probability <= 128 J**2 < 0.05 (one band hit
has probability J**2) and show 18 matching values with probability < 1.3e-10.

Verification reads each candidate's text through ``text_of`` and keeps at most ``SHINGLE_CACHE_SIZE``
shingle sets (least recently used evicted). The signatures (``SignatureTable``, about 700 bytes a
document) are held in memory, or, as the flow does it (``SignatureTable.build_on_disk``), in files that
are memory-mapped and read a band at a time: resident memory is then the pages being read, one byte a
document (which rows take part) and sorts in partitions of bounded size.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import shutil
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from math import comb
from pathlib import Path

import numpy as np

SHINGLE_WORDS = 3
NUM_PERM = 128
MIN_CONTAINMENT = 0.60
MIN_JACCARD = 0.30
# A candidate is dropped before verification when its matching MinHash values are this improbable
# for a pair that verification would accept (see the module docstring).
FILTER_MISS = 1e-5
SHINGLE_CACHE_SIZE = 2048
# Candidate pairs generated per vectorised step (about 50 bytes of temporaries a pair).
_PAIR_CHUNK = 1 << 14
# Bytes of rows gathered per side when candidate pairs' values are compared (the gathered rows and
# their comparison take about three times this).
_COMPARE_BYTES = 1 << 20
# Pairs whose rows an on-disk table reads one by one (more are read through its map).
_READ_ROWS = 1024
# Buckets of this many documents or more are compared as a block (no pair list); cells per block.
_LARGE_RUN = 64
_DENSE_CELLS = 1 << 21
# Rows per partition of a sort (band keys, exact keys) and per chunk read from a table: a sort's
# temporaries stay at a few megabytes whatever the corpus size.
_SORT_ROWS = 1 << 17
# Rows parsed per step while a table is built.
_BUILD_ROWS = 1024
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Fixed hash parameters: signatures stored in the state must stay comparable across runs and machines.
_PARAMS = np.random.Generator(np.random.PCG64(20240601)).integers(
    0, 2**64, size=(2, NUM_PERM), dtype=np.uint64
)
_A = _PARAMS[0] | np.uint64(1)  # odd multipliers
_B = _PARAMS[1]
_POLY_BASE = np.uint64(0x100000001B3)
_POS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_FAST_WORD_CHARS = 64  # longer words are hashed one by one (same value, without a wide matrix)
_POWERS = _POLY_BASE ** np.arange(_FAST_WORD_CHARS, dtype=np.uint64)


@dataclass(frozen=True)
class DedupeInput:
    doc_id: str
    text: str  # normalized analysis text
    n_content_chars: int  # completeness measure: non-space characters of the analysis text


@dataclass(frozen=True)
class Signature:
    """What dedupe keeps of a document between runs: small, computed once per document content."""

    doc_id: str
    exact_key: str
    minhash: bytes  # NUM_PERM MinHash values + the distinct shingle count, uint32 little-endian
    # (empty when the text has no words)
    n_content_chars: int


@dataclass(frozen=True)
class DuplicateRecord:
    doc_id: str
    duplicate_of: str
    similarity: float  # 1.0 for exact; Jaccard of shingles for near
    method: str  # exact | near


def exact_key(text: str) -> str:
    """Case- and white-space-folded digest: renderings that differ only in layout are exact duplicates."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """Word k-grams of the case-folded words (punctuation and numbers' separators ignored)."""
    words = _words(text)
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger one)."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


# ------------------------------------------------------------------------------------ signatures


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _word_hash_one(word: str) -> np.uint64:
    """sum(code point j * BASE**j) mod 2**64 — the value the vectorised path computes for short words."""
    codes = np.frombuffer(word.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    powers = _POLY_BASE ** np.arange(len(codes), dtype=np.uint64)
    return (codes * powers).sum(dtype=np.uint64)


def _word_hashes(words: list[str]) -> np.ndarray:
    arr = np.array(words)  # fixed-width UCS-4: one row of code points per word, zero-padded
    width = arr.dtype.itemsize // 4
    if width <= _FAST_WORD_CHARS:
        codes = arr.view(np.uint32).reshape(len(words), width).astype(np.uint64)
        raw = (codes * _POWERS[:width]).sum(axis=1, dtype=np.uint64)
    else:
        raw = np.array([_word_hash_one(w) for w in words], dtype=np.uint64)
    return _mix(raw)


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """One 64-bit hash per word k-shingle of ``shingles(text)`` (same shingles, as numbers; k <= 3)."""
    words = _words(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    w = _word_hashes(words)
    if len(w) < k:  # the one shingle of a short text is all its words
        w = np.concatenate([w, np.zeros(k - len(w), dtype=np.uint64)])
    n = len(w) - k + 1
    combined = w[:n] * _POS[0]
    for j in range(1, k):
        combined = combined + w[j : j + n] * _POS[j]
    return _mix(combined)


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """NUM_PERM MinHash values (uint32) of a set of 64-bit shingle hashes."""
    products = np.multiply.outer(hashes, _A)
    products += _B
    # the high 32 bits of the minimum are the minimum of the high 32 bits (shifting is monotone)
    return (products.min(axis=0) >> np.uint64(32)).astype("<u4")


def signature(doc_id: str, text: str, n_content_chars: int) -> Signature:
    hashes = np.unique(shingle_hashes(text))
    if not len(hashes):
        return Signature(doc_id, exact_key(text), b"", n_content_chars)
    count = np.array([min(len(hashes), 2**32 - 1)], dtype="<u4")
    values = np.concatenate([minhash_values(hashes), count]).tobytes()
    return Signature(doc_id, exact_key(text), values, n_content_chars)


# ------------------------------------------------------------------------- error bounds (documented)


def band_miss_probability(jaccard: float, num_perm: int = NUM_PERM) -> float:
    """P(no band of two cyclically adjacent values matches entirely) for a pair at ``jaccard``."""
    p, q = jaccard, 1.0 - jaccard
    root = (q * q + 4 * p * q) ** 0.5
    return ((q + root) / 2) ** num_perm + ((q - root) / 2) ** num_perm


def filter_miss_probability(jaccard: float, min_matches: int, num_perm: int = NUM_PERM) -> float:
    """P(fewer than ``min_matches`` of ``num_perm`` values match) for a pair at ``jaccard``."""
    p = jaccard
    return sum(comb(num_perm, m) * p**m * (1 - p) ** (num_perm - m) for m in range(min_matches))


def _min_matches_table(num_perm: int = NUM_PERM, miss: float = FILTER_MISS) -> np.ndarray:
    """Entry g: the most matches a pair at Jaccard g/1000 may be required to show (miss <= ``miss``)."""
    table = np.zeros(1001, dtype=np.int64)
    for g in range(1001):
        p, cdf, m = g / 1000, 0.0, 0
        while m <= num_perm:
            cdf += comb(num_perm, m) * p**m * (1 - p) ** (num_perm - m)
            if cdf > miss:
                break
            m += 1
        table[g] = m  # P(count < m) <= miss
    return table


_MIN_MATCHES = _min_matches_table()
# The least any pair that verification could accept is required to show (J_req = 0.30): 18.
MIN_MATCHES = int(_MIN_MATCHES[int(MIN_JACCARD * 1000)])


def required_jaccard(m: np.ndarray, big: np.ndarray) -> np.ndarray:
    """The Jaccard a pair with shingle counts m <= big needs for verification to accept it (> 1: never)."""
    m, big = m.astype(np.float64), big.astype(np.float64)
    need = np.maximum(MIN_JACCARD, MIN_CONTAINMENT * m / ((1 - MIN_CONTAINMENT) * m + big))
    return np.where(m < MIN_JACCARD * big, 2.0, need)  # Jaccard <= m / big


def min_matches(sizes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per candidate pair: the matching MinHash values it needs to go on to verification."""
    sa, sb = sizes[a], sizes[b]
    need = required_jaccard(np.minimum(sa, sb), np.maximum(sa, sb))
    grid = np.floor(np.minimum(need, 1.0) * 1000).astype(np.int64)  # rounded down: conservative
    return np.where(need > 1.0, NUM_PERM + 1, _MIN_MATCHES[grid])


# ---------------------------------------------------------------------------------- candidates


def _fold(values: np.ndarray) -> np.ndarray:
    """One byte per MinHash value (xor of its four): equal values give equal bytes, so counting equal
    bytes over-counts matches, never under-counts — a cheap first pass, recounted exactly after."""
    v = values ^ (values >> np.uint32(16))
    return (v ^ (v >> np.uint32(8))).astype(np.uint8)


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by key, and the start and end (in that order) of every run of >= 2 equal keys.

    Only the runs are listed (no start per distinct key): the temporaries are a few bytes a row."""
    order = np.argsort(keys, kind="stable")
    return (order, *_equal_runs(keys[order]))


def _equal_runs(sorted_keys: np.ndarray, same: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every run of >= 2 equal neighbours (``same``: neighbour i equals i + 1)."""
    if same is None:
        same = sorted_keys[1:] == sorted_keys[:-1]
    edges = np.diff(np.concatenate(([False], same, [False])).view(np.int8))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) + 1


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0..len-1 for every length, concatenated."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _run_pairs(order: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows within each run (vectorised), smaller row first."""
    sizes = ends - starts
    pos = np.repeat(starts, sizes) + _ranges(sizes)  # sorted positions inside the runs
    partners = np.repeat(ends, sizes) - pos - 1  # later members of the same run
    first = np.repeat(pos, partners)
    a, b = order[first], order[first + 1 + _ranges(partners)]
    return np.minimum(a, b), np.maximum(a, b)


def _count_matches(m: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.empty(len(a), dtype=np.int64)
    step = max(1, _COMPARE_BYTES // (m.shape[1] * m.itemsize))
    for s in range(0, len(a), step):
        out[s : s + step] = np.count_nonzero(m[a[s : s + step]] == m[b[s : s + step]], axis=1)
    return out


def _dense_run_pairs(folded: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of one large run whose folded values agree in >= MIN_MATCHES places, by block comparison."""
    sub = folded[rows]
    s = len(rows)
    step = max(1, _DENSE_CELLS // (s * sub.shape[1]))
    found_a, found_b = [], []
    for i0 in range(0, s - 1, step):
        block = sub[i0 : i0 + step]
        counts = np.count_nonzero(block[:, None, :] == sub[None, i0:, :], axis=2)  # rows x columns >= i0
        r, c = np.nonzero(counts >= MIN_MATCHES)
        keep = c > r  # upper triangle only (column i0 + c is later than row i0 + r)
        found_a.append(rows[i0 + r[keep]])
        found_b.append(rows[i0 + c[keep]])
    a, b = np.concatenate(found_a), np.concatenate(found_b)
    return np.minimum(a, b), np.maximum(a, b)


def _parts(n_rows: int) -> int:
    """Key partitions for a sort over ``n_rows`` rows: each holds about ``_SORT_ROWS`` of them."""
    return max(1, -(-n_rows // _SORT_ROWS))


def _band_keys(table: SignatureTable, k: int, active: np.ndarray, part: int, parts: int):
    """(keys, rows) of band k over the active rows whose key falls in partition ``part`` of ``parts``,
    rows increasing. Read ``_SORT_ROWS`` rows at a time: no whole column is copied."""
    first, second = table.column(k), table.column((k + 1) % table.values.shape[1])
    keys, rows = [], []
    for r0 in range(0, len(active), _SORT_ROWS):
        chunk_rows = np.flatnonzero(active[r0 : r0 + _SORT_ROWS]) + r0
        a, b = first[chunk_rows], second[chunk_rows]
        if parts > 1:  # the values are uniform hashes: any fixed function of the key spreads them evenly
            mine = (a ^ b) % np.uint32(parts) == part
            chunk_rows, a, b = chunk_rows[mine], a[mine], b[mine]
        keys.append((a.astype(np.uint64) << np.uint64(32)) | b)
        rows.append(chunk_rows)
    if not keys:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.concatenate(keys), np.concatenate(rows)


def candidate_pairs(
    values: np.ndarray, sizes: np.ndarray, stats: dict | None = None, rows: np.ndarray | None = None
) -> np.ndarray:
    """Row pairs (i < j) of a (documents x NUM_PERM) MinHash matrix worth verifying, sorted; shape (n, 2).

    ``sizes`` holds each row's distinct shingle count; ``rows``, when given, limits the search to those
    rows (pairs are still numbered by row of ``values``: no copy of the matrix). Banding finds the
    pairs; those with fewer agreeing values than ``min_matches`` asks of them are dropped (first on one
    byte per value, then exactly). See ``table_candidate_pairs`` for the memory it takes.
    """
    n = len(values)
    active = np.ones(n, dtype=bool)
    if rows is not None:
        active[:] = False
        active[np.asarray(rows, dtype=np.int64)] = True
    return table_candidate_pairs(SignatureTable([], values, sizes, np.zeros(0, "V16"), sizes), active, stats)


def table_candidate_pairs(table: SignatureTable, active: np.ndarray, stats: dict | None = None) -> np.ndarray:
    """``candidate_pairs`` over a ``SignatureTable``'s rows where the mask ``active`` is set.

    Temporary memory is bounded apart from the mask: each band's keys are sorted in partitions of
    about ``_SORT_ROWS`` rows (by key, so equal keys meet), pairs are generated and compared in chunks,
    a large bucket (a shingle common to many documents that happens to be the minimum in both values of
    a band) is compared block by block without listing its pairs, and an on-disk table's pages are
    released after every band.
    """
    sizes = table.sizes
    n, num_perm = table.values.shape
    folded = table.folded
    kept, banded = [], 0

    def keep(a: np.ndarray, b: np.ndarray, prefiltered: bool = False) -> None:
        need = min_matches(sizes, a, b)
        ok = need <= NUM_PERM
        a, b, need = a[ok], b[ok], need[ok]
        if not prefiltered:
            ok = _count_matches(folded, a, b) >= need
            a, b, need = a[ok], b[ok], need[ok]
        ok = table.count_matches(a, b) >= need
        kept.append(np.unique(a[ok] * n + b[ok]))

    parts = _parts(int(np.count_nonzero(active)))
    for k in range(num_perm):
        for part in range(parts):
            keys, rows = _band_keys(table, k, active, part, parts)
            order, starts, ends = _runs(keys)
            order = rows[order]  # positions among the partition's rows -> rows of the table
            del keys, rows
            run_sizes = ends - starts
            banded += int((run_sizes * (run_sizes - 1) // 2).sum())
            large = run_sizes >= _LARGE_RUN
            for s0, e0 in zip(starts[large].tolist(), ends[large].tolist(), strict=True):
                keep(*_dense_run_pairs(folded, order[s0:e0]), prefiltered=True)
            small_starts, small_ends = starts[~large], ends[~large]
            pairs_per_run = np.cumsum((small_ends - small_starts) * (small_ends - small_starts - 1) // 2)
            first = 0
            while first < len(small_starts):  # runs in groups of about _PAIR_CHUNK pairs
                bound = pairs_per_run[first] + _PAIR_CHUNK
                last = int(np.searchsorted(pairs_per_run, bound, side="left")) + 1
                last = min(max(last, first + 1), len(small_starts))
                keep(*_run_pairs(order, small_starts[first:last], small_ends[first:last]))
                first = last
        table.release()
    codes = np.unique(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)
    if stats is not None:
        stats["band_collisions"] = banded  # pair-band hits, a pair counted once per band it shares
        stats["candidates_verified"] = len(codes)
    return np.stack([codes // n, codes % n], axis=1) if n else np.zeros((0, 2), dtype=np.int64)


# ---------------------------------------------------------------------------------- clustering


class ShingleCache:
    """Shingle sets of recently verified documents, at most ``maxsize`` (least recently used evicted)."""

    def __init__(self, text_of: Callable[[str], str], maxsize: int = SHINGLE_CACHE_SIZE) -> None:
        self.text_of = text_of
        self.maxsize = maxsize
        self.data: OrderedDict[str, set[str]] = OrderedDict()
        self.peak = 0
        self.computed = 0

    def __call__(self, doc_id: str) -> set[str]:
        hit = self.data.get(doc_id)
        if hit is not None:
            self.data.move_to_end(doc_id)
            return hit
        value = shingles(self.text_of(doc_id))
        self.computed += 1
        self.data[doc_id] = value
        if len(self.data) > self.maxsize:
            self.data.popitem(last=False)
        self.peak = max(self.peak, len(self.data))
        return value


class SignatureTable:
    """A corpus' signatures as arrays, rows in doc_id order: what dedupe reads while clustering.

    Per row: the 128 MinHash values (``values``; an on-disk table also holds them column by column,
    ``column(k)``, and their folded bytes, ``folded``), the shingle count (``sizes``), a 16-byte digest
    of the exact key (``keys``), the completeness measure (``n_content_chars``) and the doc_id. In
    memory (``build``) that is about 700 bytes a document. ``build_on_disk`` writes the same arrays as
    ``.npy`` files in a folder and maps them read-only: resident memory is then only the pages being
    read, and ``release()`` (called by the candidate search after every band) hands them back.
    """

    def __init__(self, doc_ids: Sequence[str], values: np.ndarray, sizes: np.ndarray, keys: np.ndarray,
                 n_content_chars: np.ndarray, *, columns: np.ndarray | None = None,
                 folded: np.ndarray | None = None, maps: Sequence = (),
                 values_at: tuple[_Fd, int] | None = None) -> None:  # fmt: skip
        self.doc_ids, self.values, self.sizes, self.keys = doc_ids, values, sizes, keys
        self.n_content_chars = n_content_chars
        self.columns = columns  # (NUM_PERM x documents) or None: read the columns of ``values``
        self._folded = folded
        self._maps = list(maps)
        self._values_at = values_at  # (file, offset of row 0): few rows are read, not mapped

    def count_matches(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """How many MinHash values rows a[i] and b[i] share. An on-disk table reads a few rows with
        one ``pread`` each instead of through its map: every page fault on a mapped file maps the
        cached pages around it too (64 KB), so scattered rows would make most of the file resident."""
        if self._values_at is None or not 0 < len(a) <= _READ_ROWS:
            return _count_matches(self.values, a, b)
        rows, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
        width = self.values.shape[1] * self.values.itemsize
        fd, offset = self._values_at
        data = b"".join(os.pread(fd.fd, width, offset + r * width) for r in rows.tolist())
        got = np.frombuffer(data, dtype=self.values.dtype).reshape(len(rows), -1)
        return np.count_nonzero(got[inverse[: len(a)]] == got[inverse[len(a) :]], axis=1)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def folded(self) -> np.ndarray:
        """``_fold(values)``: stored in an on-disk table, computed once for an in-memory one."""
        if self._folded is None:
            self._folded = _fold(self.values)
        return self._folded

    def column(self, k: int) -> np.ndarray:
        """The k-th MinHash value of every row (a view: index it to read)."""
        return self.values[:, k] if self.columns is None else self.columns[k]

    def release(self) -> None:
        """Hand the pages read so far back to the system (an on-disk table; a no-op in memory)."""
        for mm in self._maps:
            if hasattr(mm, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
                mm.madvise(mmap.MADV_DONTNEED)  # file pages: read again from the page cache if needed

    @staticmethod
    def _chunks(rows: Iterable[tuple[str, str, bytes | None, int]], count: int, size: int) -> Iterator[tuple]:
        """Rows parsed and checked, ``size`` at a time: (doc_ids, values, sizes, keys, n_content_chars)."""
        width = 4 * (NUM_PERM + 1)
        last, seen = None, 0
        it = iter(rows)
        while True:
            part = list(islice(it, size))
            if not part:
                break
            if seen + len(part) > count:
                raise ValueError(f"find_duplicates: more signatures than the {count} announced")
            values = np.zeros((len(part), NUM_PERM), dtype=np.uint32)
            sizes = np.zeros(len(part), dtype=np.int64)
            keys = np.zeros(len(part), dtype="V16")
            n_content = np.zeros(len(part), dtype=np.int64)
            ids = []
            for i, (doc_id, key, minhash, n_chars) in enumerate(part):
                if last is not None and doc_id <= last:
                    raise ValueError(
                        f"find_duplicates: doc_ids must be unique and in increasing order ({doc_id!r} after"
                        f" {last!r})"
                    )
                last = doc_id
                ids.append(doc_id)
                keys[i] = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
                n_content[i] = n_chars
                if minhash:
                    if len(minhash) != width:
                        raise ValueError(
                            f"find_duplicates: signature of {doc_id} has {len(minhash)} bytes, expected"
                            f" {width} (stored by another version: recompute it)"
                        )
                    stored = np.frombuffer(minhash, dtype="<u4")
                    values[i] = stored[:NUM_PERM]
                    sizes[i] = stored[NUM_PERM]
            seen += len(part)
            yield ids, values, sizes, keys, n_content
        if seen != count:
            raise ValueError(f"find_duplicates: {seen} signatures, {count} announced")

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, bytes | None, int]], count: int) -> SignatureTable:
        """In memory, from (doc_id, exact_key, minhash, n_content_chars) rows in increasing doc_id order.

        ``count`` is the number of rows: the arrays are allocated once and filled in place (no
        growing copies). Raises ValueError on unsorted or repeated doc_ids, a wrong count, or a
        signature stored in another format.
        """
        values = np.zeros((count, NUM_PERM), dtype=np.uint32)
        sizes = np.zeros(count, dtype=np.int64)
        keys = np.zeros(count, dtype="V16")
        n_content = np.zeros(count, dtype=np.int64)
        doc_ids: list[str] = []
        for ids, *arrays in cls._chunks(rows, count, _BUILD_ROWS):
            at = slice(len(doc_ids), len(doc_ids) + len(ids))
            for whole, part in zip((values, sizes, keys, n_content), arrays, strict=True):
                whole[at] = part
            doc_ids.extend(ids)
        return cls(doc_ids, values, sizes, keys, n_content)

    @classmethod
    def build_on_disk(
        cls, rows: Iterable[tuple[str, str, bytes | None, int]], count: int, folder: Path
    ) -> SignatureTable:
        """``build``, but the arrays are written to ``folder`` (replaced whole) and mapped read-only.

        Written ``_BUILD_ROWS`` rows at a time into a new folder beside ``folder``, which then takes
        its place: a crash leaves the old folder or none, never a half-written one. Files (``.npy``,
        ``numpy.load(..., mmap_mode="r")`` reads them): values.npy (documents x NUM_PERM uint32),
        columns.npy (NUM_PERM x documents), folded.npy (uint8), sizes.npy, keys.npy (16-byte digests),
        n_content_chars.npy, doc_ids.npy (UTF-8 bytes) with doc_id_ends.npy (where each one ends).
        """
        folder = Path(folder)
        staging = folder.with_name(f"{folder.name}.new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        specs = {
            "values": (np.uint32, (count, NUM_PERM)),
            "columns": (np.uint32, (NUM_PERM, count)),
            "folded": (np.uint8, (count, NUM_PERM)),
            "sizes": (np.int64, (count,)),
            "keys": (np.dtype("V16"), (count,)),
            "n_content_chars": (np.int64, (count,)),
            "doc_id_ends": (np.int64, (count,)),
        }
        files = {name: _NpyWriter(staging / f"{name}.npy", *spec) for name, spec in specs.items()}
        id_raw = open(staging / "doc_ids.raw", "w+b")  # noqa: SIM115 (closed below)
        try:
            done, id_end = 0, 0
            for ids, values, sizes, keys, n_content in cls._chunks(rows, count, _BUILD_ROWS):
                encoded = [d.encode("utf-8") for d in ids]
                ends = id_end + np.cumsum([len(e) for e in encoded], dtype=np.int64)
                id_end = int(ends[-1])
                id_raw.write(b"".join(encoded))
                parts = {"values": values, "folded": _fold(values), "sizes": sizes, "keys": keys,
                         "n_content_chars": n_content, "doc_id_ends": ends}  # fmt: skip
                for name, part in parts.items():
                    files[name].append(part)
                for k in range(NUM_PERM):  # column k, rows done..done+len: one contiguous stretch
                    files["columns"].write_at((k * count + done) * 4, np.ascontiguousarray(values[:, k]))
                done += len(ids)
            # the doc_ids' bytes, behind a header that needs their total length
            id_raw.seek(0)
            ids_file = _NpyWriter(staging / "doc_ids.npy", np.uint8, (id_end,))
            shutil.copyfileobj(id_raw, ids_file.file)
            ids_file.close()
        finally:
            id_raw.close()
            for f in files.values():
                f.close()
        (staging / "doc_ids.raw").unlink()
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
        return cls.open(folder)

    @classmethod
    def open(cls, folder: Path) -> SignatureTable:
        """The table ``build_on_disk`` wrote to ``folder``, mapped read-only."""
        folder = Path(folder)
        arrays, maps, offsets = {}, [], {}
        for name in ("values", "columns", "folded", "sizes", "keys", "n_content_chars", "doc_id_ends",
                     "doc_ids"):  # fmt: skip
            arrays[name], mm, offsets[name] = _map_npy(folder / f"{name}.npy")
            if mm is not None:
                maps.append(mm)
        count = len(arrays["values"])
        rows_of = [
            len(arrays[name]) for name in ("folded", "sizes", "keys", "n_content_chars", "doc_id_ends")
        ]
        if any(r != count for r in rows_of) or arrays["columns"].shape != (NUM_PERM, count):
            raise ValueError(f"find_duplicates: the signature files in {folder} disagree: rebuild them")
        ids = _StoredIds(arrays["doc_ids"], arrays["doc_id_ends"])
        return cls(ids, arrays["values"], arrays["sizes"], arrays["keys"], arrays["n_content_chars"],
                   columns=arrays["columns"], folded=arrays["folded"], maps=maps,
                   values_at=(_Fd(folder / "values.npy"), offsets["values"]))  # fmt: skip


class _Fd:
    """A file opened for reading, closed when the last table using it goes."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self.fd)


class _StoredIds(Sequence):
    """The doc_ids of an on-disk table, decoded when asked for (no string per document held)."""

    def __init__(self, data: np.ndarray, ends: np.ndarray) -> None:
        self.data, self.ends = data, ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        start = int(self.ends[i - 1]) if i else 0
        return self.data[start : int(self.ends[i])].tobytes().decode("utf-8")


class _NpyWriter:
    """An ``.npy`` file of known dtype and shape, filled by appending (or writing at) raw bytes."""

    def __init__(self, path: Path, dtype, shape: tuple[int, ...]) -> None:
        self.file = open(path, "wb")  # noqa: SIM115 (closed by close())
        descr = np.lib.format.dtype_to_descr(np.dtype(dtype))
        header = {"descr": descr, "fortran_order": False, "shape": shape}
        np.lib.format.write_array_header_1_0(self.file, header)
        self.offset = self.file.tell()
        self.file.truncate(self.offset + int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize)

    def append(self, array: np.ndarray) -> None:
        self.file.write(np.ascontiguousarray(array).tobytes())

    def write_at(self, position: int, array: np.ndarray) -> None:
        self.file.flush()
        os.pwrite(self.file.fileno(), array.tobytes(), self.offset + position)

    def close(self) -> None:
        self.file.close()


def _map_npy(path: Path) -> tuple[np.ndarray, mmap.mmap | None, int]:
    """An ``.npy`` file as a read-only array over a memory map, the map (None when empty) and where
    the data starts."""
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        if version != (1, 0):
            raise ValueError(f"find_duplicates: {path} is not an .npy 1.0 file")
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        offset = f.tell()
        count = int(np.prod(shape, dtype=np.int64))
        if fortran or f.seek(0, os.SEEK_END) != offset + count * dtype.itemsize:
            raise ValueError(f"find_duplicates: {path} is incomplete: rebuild it")
        if count == 0:
            return np.zeros(shape, dtype=dtype), None, offset
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    return np.frombuffer(mm, dtype=dtype, count=count, offset=offset).reshape(shape), mm, offset


class _UnionFind:
    """Over row numbers; only rows that join something get an entry."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_duplicates(
    signatures: Sequence[Signature],
    text_of: Callable[[str], str],
    *,
    shingle_cache_size: int = SHINGLE_CACHE_SIZE,
    stats: dict | None = None,
) -> list[DuplicateRecord]:
    """Cluster exact and near duplicates; one record per non-canonical member, sorted by doc_id.

    ``text_of(doc_id)`` returns a document's normalized text; it is called only for candidate pairs
    (to verify them on exact shingle sets), so a large corpus need not be held in memory. ``stats``,
    when given, receives counts: band collisions, candidates verified, pairs accepted, shingle sets
    computed and the cache's peak size. For a large corpus build a ``SignatureTable`` from stored rows
    and call ``find_duplicates_in_table`` (no object per document).
    """
    ordered = sorted(signatures, key=lambda s: s.doc_id)
    table = SignatureTable.build(
        ((s.doc_id, s.exact_key, s.minhash, s.n_content_chars) for s in ordered), len(ordered)
    )
    return find_duplicates_in_table(table, text_of, shingle_cache_size=shingle_cache_size, stats=stats)


def _exact_groups(keys: np.ndarray) -> dict[int, int]:
    """Row -> representative (the first row with the same key digest) for every row that is not its
    own representative. Sorted in partitions of about ``_SORT_ROWS`` rows (by key: equal keys meet)."""
    n = len(keys)
    parts = _parts(n)
    representative: dict[int, int] = {}
    for part in range(parts):
        halves, rows = [], []
        for r0 in range(0, n, _SORT_ROWS):
            chunk = np.ascontiguousarray(keys[r0 : r0 + _SORT_ROWS]).view("<u8").reshape(-1, 2)
            mine = np.flatnonzero(chunk[:, 0] % np.uint64(parts) == part)
            halves.append(chunk[mine])
            rows.append(mine + r0)
        if not halves:
            continue
        pairs, row = np.concatenate(halves), np.concatenate(rows)
        order = np.lexsort((pairs[:, 1], pairs[:, 0]))  # stable: equal keys stay in row order
        pairs, row = pairs[order], row[order]
        same = (pairs[1:, 0] == pairs[:-1, 0]) & (pairs[1:, 1] == pairs[:-1, 1])
        for s, e in zip(*(x.tolist() for x in _equal_runs(pairs, same)), strict=True):
            first = int(row[s])
            representative.update((int(r), first) for r in row[s + 1 : e])
    return representative


def find_duplicates_in_table(
    table: SignatureTable,
    text_of: Callable[[str], str],
    *,
    shingle_cache_size: int = SHINGLE_CACHE_SIZE,
    stats: dict | None = None,
) -> list[DuplicateRecord]:
    """``find_duplicates`` on a ``SignatureTable`` (in memory or on disk). Beyond the table's pages it
    holds one byte a row (which rows take part in the near search) and what grows with the duplicates
    found (candidates, cluster members); the sorts run in bounded partitions."""
    n, ids = len(table), table.doc_ids
    uf = _UnionFind()

    # Exact duplicates: rows with the same key digest; the first (smallest doc_id) represents them
    # and only representatives go on to the near stage.
    representative = _exact_groups(table.keys)
    for row, first in representative.items():
        uf.union(first, row)

    # Near duplicates among representatives with words: candidates, then verification.
    active = np.empty(n, dtype=bool)
    for r0 in range(0, n, _SORT_ROWS):
        active[r0 : r0 + _SORT_ROWS] = table.sizes[r0 : r0 + _SORT_ROWS] > 0
    if representative:
        active[np.fromiter(representative, dtype=np.int64, count=len(representative))] = False
    table.release()
    shingles_of = ShingleCache(text_of, shingle_cache_size)
    near_sim: dict[tuple[int, int], float] = {}
    own_stats: dict = {}
    candidates = table_candidate_pairs(table, active, own_stats)
    del active
    for start in range(0, len(candidates), _PAIR_CHUNK):  # as Python ints a chunk at a time
        for i, j in candidates[start : start + _PAIR_CHUNK].tolist():
            jaccard, containment = similarity(shingles_of(ids[i]), shingles_of(ids[j]))
            if containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD:
                uf.union(i, j)
                near_sim[(i, j)] = jaccard

    clusters: dict[int, list[int]] = {}
    for row in sorted(uf.parent):
        clusters.setdefault(uf.find(row), []).append(row)
    records = []
    for members in clusters.values():
        # the most complete rendering; ties to the smallest doc_id (rows are in doc_id order)
        canonical = min(members, key=lambda r: (-int(table.n_content_chars[r]), r))
        for member in members:
            if member == canonical:
                continue
            if representative.get(member, member) == representative.get(canonical, canonical):
                records.append(DuplicateRecord(ids[member], ids[canonical], 1.0, "exact"))
                continue
            sim = near_sim.get((min(member, canonical), max(member, canonical)))
            if sim is None:  # joined through a third member: measure against the canonical itself
                sim = similarity(shingles_of(ids[member]), shingles_of(ids[canonical]))[0]
            records.append(DuplicateRecord(ids[member], ids[canonical], round(sim, 4), "near"))
    table.release()
    if stats is not None:
        stats.update(own_stats, pairs_accepted=len(near_sim), shingle_sets_computed=shingles_of.computed,
                     shingle_cache_peak=shingles_of.peak)  # fmt: skip
    return sorted(records, key=lambda r: r.doc_id)


def find_duplicates_in_texts(docs: Sequence[DedupeInput]) -> list[DuplicateRecord]:
    """Convenience for in-memory texts: signatures computed here."""
    texts = {d.doc_id: d.text for d in docs}
    if len(texts) != len(docs):
        raise ValueError("find_duplicates: doc_ids must be unique")
    return find_duplicates([signature(d.doc_id, d.text, d.n_content_chars) for d in docs], texts.__getitem__)
