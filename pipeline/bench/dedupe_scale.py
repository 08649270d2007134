"""Dedupe at scale: planted near duplicates in generated documents, clustered and scored."""

from __future__ import annotations

import random
import time

from pipeline.bench.corpus import plant_duplicates
from pipeline.bench.timing import max_rss_mb, measure

# Pairs of originals sampled to report how similar unrelated documents are (the difficulty of the corpus).
BACKGROUND_PAIRS = 2000


def _timed(name: str, n_docs: int, n_words: int, fn):
    """``measure`` plus the CPU time of this process (wall time is inflated on a shared machine)."""
    cpu0 = time.process_time()
    result, row = measure(name, n_docs, n_words, fn)
    row["cpu_seconds"] = round(time.process_time() - cpu0, 3)
    return result, row


def background_similarity(
    texts: list[str], originals: list[int], n_pairs: int = BACKGROUND_PAIRS, seed: int = 0
):
    """Largest Jaccard and containment, and the 99th-percentile Jaccard, over sampled pairs of originals."""
    from pipeline.dedupe import shingles, similarity

    if len(originals) < 2:
        return {"pairs": 0, "max_jaccard": 0.0, "p99_jaccard": 0.0, "max_containment": 0.0}
    rng = random.Random(seed)
    sims = []
    for _ in range(n_pairs):
        i, j = rng.sample(originals, 2)
        sims.append(similarity(shingles(texts[i]), shingles(texts[j])))
    jac = sorted(s[0] for s in sims)
    return {
        "pairs": n_pairs,
        "max_jaccard": round(jac[-1], 4),
        "p99_jaccard": round(jac[int(0.99 * (len(jac) - 1))], 4),
        "max_containment": round(max(s[1] for s in sims), 4),
    }


def bench_dedupe(*, n_docs: int = 100_000, seed: int = 0, templated: bool = False) -> dict:
    """Plant near duplicates in ``n_docs`` generated documents, deduplicate, and score the clusters.

    Recall: planted copies put in their original's cluster. Precision: reported duplicates whose
    canonical shares their origin. A false cluster: one that joins documents of two different
    originals. Timing covers what the flow does for dedupe (signatures, then clustering), wall and CPU
    time; normalization is timed by ``run_benchmark`` and not repeated here (the re-wrapped and
    reformatted copies differ in layout only where dedupe's own case/white-space folding ignores it).
    ``templated`` draws the originals from the throughput benchmark's template grammar instead: a
    stress case (unrelated documents share ~10% of their shingles), quadratic in candidates.
    """
    from pipeline import dedupe

    texts, origin = plant_duplicates(n_docs, seed=seed, templated=templated)
    ids = [f"d{i:06d}" for i in range(len(texts))]
    n_words = sum(len(t.split()) for t in texts)
    sigs, sig_row = _timed(
        "signatures", len(texts), n_words,
        lambda: [dedupe.signature(i, t, len("".join(t.split()))) for i, t in zip(ids, texts, strict=True)],
    )  # fmt: skip
    by_id = dict(zip(ids, texts, strict=True))
    stats: dict = {}
    records, cluster_row = _timed(
        "clustering",
        len(texts),
        n_words,
        lambda: dedupe.find_duplicates(sigs, by_id.__getitem__, stats=stats),
    )
    root_of = dict(zip(ids, origin, strict=True))
    cluster_of = {r.doc_id: r.duplicate_of for r in records}
    planted = [i for i, o in zip(ids, origin, strict=True) if i != o]
    found = sum(1 for i in planted if cluster_of.get(i, i) == cluster_of.get(root_of[i], root_of[i]))
    correct = sum(1 for r in records if root_of[r.doc_id] == root_of[r.duplicate_of])
    members: dict[str, set[str]] = {}
    for r in records:
        members.setdefault(r.duplicate_of, {r.duplicate_of}).add(r.doc_id)
    false_clusters = sum(1 for m in members.values() if len({root_of[d] for d in m}) > 1)
    originals = [k for k, (i, o) in enumerate(zip(ids, origin, strict=True)) if i == o]
    return {
        "documents": len(texts),
        "planted_duplicates": len(planted),
        "originals": "templated" if templated else "zipf",
        "stages": [sig_row, cluster_row],
        "seconds": round(sig_row["seconds"] + cluster_row["seconds"], 3),
        "cpu_seconds": round(sig_row["cpu_seconds"] + cluster_row["cpu_seconds"], 3),
        "duplicates_reported": len(records),
        "recall": round(found / len(planted), 4) if planted else None,
        "precision": round(correct / len(records), 4) if records else None,
        "false_clusters": false_clusters,
        "by_method": {m: sum(r.method == m for r in records) for m in ("exact", "near")},
        "clustering": stats,
        "background": background_similarity(texts, originals, seed=seed),
        "max_rss_mb": round(max_rss_mb(), 1),
    }
