"""Dedupe at scale: planted near duplicates in generated documents, clustered and scored."""

from __future__ import annotations

from pipeline.bench.corpus import plant_duplicates
from pipeline.bench.timing import measure


def bench_dedupe(*, n_docs: int = 100_000, seed: int = 0) -> dict:
    """Plant near duplicates in ``n_docs`` generated documents, deduplicate, and score the clusters.

    Recall: planted copies put in their original's cluster. A false cluster: one that joins documents
    of two different originals. Timing covers what the flow does for dedupe (signatures, then
    clustering); normalization is timed by ``run_benchmark`` and not repeated here (the variants
    differ in layout only where dedupe's own case/white-space folding already ignores it).
    """
    from pipeline import dedupe

    texts, origin = plant_duplicates(n_docs, seed=seed)
    ids = [f"d{i:06d}" for i in range(len(texts))]
    n_words = sum(len(t.split()) for t in texts)
    sigs, sig_row = measure(
        "signatures", len(texts), n_words,
        lambda: [dedupe.signature(i, t, len("".join(t.split()))) for i, t in zip(ids, texts, strict=True)],
    )  # fmt: skip
    by_id = dict(zip(ids, texts, strict=True))
    records, cluster_row = measure(
        "clustering", len(texts), n_words, lambda: dedupe.find_duplicates(sigs, by_id.__getitem__)
    )
    root_of = dict(zip(ids, origin, strict=True))
    cluster_of = {r.doc_id: r.duplicate_of for r in records}
    planted = [i for i, o in zip(ids, origin, strict=True) if i != o]
    found = sum(1 for i in planted if cluster_of.get(i, i) == cluster_of.get(root_of[i], root_of[i]))
    members: dict[str, set[str]] = {}
    for r in records:
        members.setdefault(r.duplicate_of, {r.duplicate_of}).add(r.doc_id)
    false_clusters = sum(1 for m in members.values() if len({root_of[d] for d in m}) > 1)
    seconds = sig_row["seconds"] + cluster_row["seconds"]
    return {
        "documents": len(texts),
        "planted_duplicates": len(planted),
        "stages": [sig_row, cluster_row],
        "seconds": round(seconds, 3),
        "duplicates_reported": len(records),
        "recall": round(found / len(planted), 4) if planted else None,
        "false_clusters": false_clusters,
        "by_method": {m: sum(r.method == m for r in records) for m in ("exact", "near")},
    }
