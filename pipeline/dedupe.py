"""Find the same article arriving twice: exact and near duplicates across renderings.

- **Exact**: identical analysis text once case and white space are folded (sha256 of that key).
- **Near**: MinHash signatures over word shingles, candidate pairs from locality-sensitive hashing
  (datasketch ``MinHashLSH``: no all-pairs comparison), each candidate then verified on the exact
  shingle sets of the two documents.

Each cluster keeps one **canonical** member: the most complete rendering, i.e. the one with the most
content characters (``n_content_chars``: the analysis text plus its figure captions, boilerplate
excluded); ties go to the smallest doc_id. Every
other member is reported as a duplicate of it, with the similarity that joined it.

Thresholds (measured on the seed corpus; word 3-shingles of the texts):
- 002 (abstract-database rendering) vs 003 (PDF extraction) of the same review: Jaccard 0.80,
  containment 0.94 on the raw texts; after normalization their analysis texts are the same words
  (an exact duplicate, Jaccard 1.00).
- the most similar *different* seed articles: Jaccard <= 0.006, containment <= 0.058 (000 vs 002/003,
  which name the same drugs and FDA approvals).
A near duplicate must reach containment >= 0.60 (the smaller document's shingles found in the
larger) *and* Jaccard >= 0.30: containment accepts an abstract-length rendering inside a longer one,
the Jaccard floor stops a short text that quotes a paragraph of a long one from being called the same
article. Both floors sit far from both measured groups (the planted-duplicate benchmark,
``python -m pipeline bench --dedupe``, checks recall on reformatted, re-wrapped and abbreviated copies).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
NUM_PERM = 128
# datasketch >= 2 needs the scheme named to rebuild a MinHash from stored values; affine32 is its
# default (32-bit hash values, stored little-endian).
MINHASH_SCHEME = "affine32"
# LSH candidate threshold on estimated Jaccard: lower than the verification floor so that true
# near-duplicate pairs (Jaccard >= 0.30 with containment >= 0.60) are very unlikely to be missed.
LSH_THRESHOLD = 0.2
MIN_CONTAINMENT = 0.60
MIN_JACCARD = 0.30
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


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
    minhash: bytes  # MinHash hash values, uint32 little-endian (empty when the text has no words)
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


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """Word k-grams of the case-folded words (punctuation and numbers' separators ignored)."""
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger one)."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def _minhash(shingle_set: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
    return m


def signature(doc_id: str, text: str, n_content_chars: int) -> Signature:
    shingle_set = shingles(text)
    hashvalues = _minhash(shingle_set).hashvalues.astype("<u4").tobytes() if shingle_set else b""
    return Signature(doc_id, exact_key(text), hashvalues, n_content_chars)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_duplicates(signatures: Sequence[Signature], text_of: Callable[[str], str]) -> list[DuplicateRecord]:
    """Cluster exact and near duplicates; one record per non-canonical member, sorted by doc_id.

    ``text_of(doc_id)`` returns a document's normalized text; it is called only for LSH candidates
    (to verify them on exact shingle sets), so a large corpus need not be held in memory.
    """
    by_id = {s.doc_id: s for s in signatures}
    if len(by_id) != len(signatures):
        raise ValueError("find_duplicates: doc_ids must be unique")
    uf = _UnionFind()

    # Exact duplicates: group by folded digest; only one representative goes on to the near stage.
    groups: dict[str, list[str]] = {}
    for doc_id in sorted(by_id):
        groups.setdefault(by_id[doc_id].exact_key, []).append(doc_id)
    representatives = []
    for ids in groups.values():
        representatives.append(ids[0])
        for other in ids[1:]:
            uf.union(ids[0], other)

    # Near duplicates among representatives: LSH candidates, verified on exact shingle sets.
    shingle_cache: dict[str, set[str]] = {}

    def shingles_of(doc_id: str) -> set[str]:
        if doc_id not in shingle_cache:
            shingle_cache[doc_id] = shingles(text_of(doc_id))
        return shingle_cache[doc_id]

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    near_sim: dict[tuple[str, str], float] = {}
    for doc_id in representatives:
        if not by_id[doc_id].minhash:
            continue
        hashvalues = np.frombuffer(by_id[doc_id].minhash, dtype="<u4")
        m = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME, hashvalues=hashvalues)
        for other in sorted(lsh.query(m)):
            jaccard, containment = similarity(shingles_of(doc_id), shingles_of(other))
            if containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD:
                uf.union(doc_id, other)
                near_sim[_pair(doc_id, other)] = jaccard
        lsh.insert(doc_id, m)

    clusters: dict[str, list[str]] = {}
    for doc_id in sorted(by_id):
        clusters.setdefault(uf.find(doc_id), []).append(doc_id)
    records = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        canonical = min((by_id[m] for m in members), key=lambda s: (-s.n_content_chars, s.doc_id)).doc_id
        for member in members:
            if member == canonical:
                continue
            if by_id[member].exact_key == by_id[canonical].exact_key:
                records.append(DuplicateRecord(member, canonical, 1.0, "exact"))
                continue
            sim = near_sim.get(_pair(member, canonical))
            if sim is None:  # joined through a third member: measure against the canonical itself
                sim = similarity(shingles_of(member), shingles_of(canonical))[0]
            records.append(DuplicateRecord(member, canonical, round(sim, 4), "near"))
    return sorted(records, key=lambda r: r.doc_id)


def find_duplicates_in_texts(docs: Sequence[DedupeInput]) -> list[DuplicateRecord]:
    """Convenience for in-memory texts: signatures computed here."""
    texts = {d.doc_id: d.text for d in docs}
    if len(texts) != len(docs):
        raise ValueError("find_duplicates: doc_ids must be unique")
    return find_duplicates([signature(d.doc_id, d.text, d.n_content_chars) for d in docs], texts.__getitem__)
