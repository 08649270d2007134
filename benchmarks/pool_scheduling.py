"""How well the annotation pool keeps its workers busy, apart from how fast they annotate:
``python benchmarks/pool_scheduling.py [N_DOCS] [SOURCE]``.

Each worker of ``pipeline.parallel.AnnotationPool`` "annotates" by sleeping 3 ms per 1,300 characters
(a BC5CDR abstract's usual cost and size), so what is measured is the pool alone: chunking, the
tail of each batch, inter-process traffic and the parent's bookkeeping. A sleep needs no CPU, so
other work on the machine barely moves the figures (runs agree to a few ms where real annotation
varies by tens of percent on a shared machine). The documents go in as the flow sends them: batches
of 200 from 4 threads (``pipeline.bench.throughput._feed``).

Prints, for 1 and 2 workers, the median wall time of 3 passes against the ideal (total sleep divided
by the workers), and the speed-up the pool's scheduling allows. Texts: generated ones
(``pipeline.bench.generate_texts``, seed 0), or SOURCE, a PubTator file or a folder of .txt/.md files
(read by path, never copied into the repository).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Seconds of "annotation" per character: 3 ms for a 1,300-character abstract.
SLEEP_PER_CHAR = 0.003 / 1300
PASSES = 3


def _sleep_instead(texts, *, model=None):
    """Stands in for ``pipeline.batch.annotate_isolated`` in the workers."""
    out = []
    for doc_id, text in texts:
        time.sleep(SLEEP_PER_CHAR * len(text or ""))
        out.append((doc_id, None, None))
    return out


def _setup() -> None:
    """Runs in each worker (``AnnotationPool(setup=...)``): annotation becomes a sleep."""
    import pipeline.batch

    pipeline.batch.annotate_isolated = _sleep_instead


def measure(texts: list[str], n_process: int) -> dict:
    from pipeline.bench.throughput import _feed
    from pipeline.parallel import AnnotationPool

    items = [(str(i), t) for i, t in enumerate(texts)]
    ideal = sum(SLEEP_PER_CHAR * len(t) for t in texts) / n_process
    with AnnotationPool(n_process, setup=_setup) as pool:
        pool.wait_ready()
        walls = []
        for _ in range(PASSES):
            t0 = time.perf_counter()
            _feed(pool, items)
            walls.append(time.perf_counter() - t0)
    wall = statistics.median(walls)
    return {"processes": n_process, "seconds": round(wall, 3), "runs": [round(w, 3) for w in walls],
            "ideal_seconds": round(ideal, 3), "efficiency": round(ideal / wall, 3)}  # fmt: skip


def main(argv: list[str]) -> dict:
    from pipeline.bench.corpus import load_source

    n_docs = int(argv[0]) if argv else 1000
    source = Path(argv[1]) if len(argv) > 1 else None
    texts, _ = load_source(source, n_docs)
    one, two = measure(texts, 1), measure(texts, 2)
    return {"documents": len(texts), "one": one, "two": two,
            "scheduling_speedup": round(one["seconds"] / two["seconds"], 3)}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
