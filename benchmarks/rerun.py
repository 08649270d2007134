"""Incremental rerun cost: ``python benchmarks/rerun.py 1000 [SOURCE]``.

Writes N documents into a temporary folder — generated ones (``pipeline.bench.generate_texts``, seed
0), or the texts of SOURCE, a PubTator file or a folder of .txt/.md files (read by path, never
copied into the repository) — and,
in this one process, times:

1. Prefect start-up: a no-op flow (with no server configured, Prefect starts a temporary local server
   on the first flow run; later runs in the same process reuse it), reported separately, and a
   second no-op flow: what any flow run costs in Prefect's own bookkeeping (also reported apart);
2. the full run of ``mine_corpus`` on the N documents (``full=True``);
3. a rerun with nothing changed;
4. a rerun after adding one new article (a generated document with another seed).

Prints one JSON line: seconds of each run and the reruns' share of the full run's time. A no-op flow
run takes about as long as a rerun here (Prefect's per-run bookkeeping waits on its API and log
flushes, partly overlapping the flow's own work), so these are not simply additive; profile the
rerun (pyinstrument) to see the flow body's own share. The rerun
still hashes every file, re-decides dedupe over all stored signatures and rewrites every table from
the state store, so its cost grows with the corpus, but slowly: no document is read past its hash or
annotated again.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from prefect import flow  # noqa: E402

from pipeline.bench import generate_texts, load_source, write_corpus  # noqa: E402
from pipeline.flow import mine_corpus  # noqa: E402


@flow(name="rerun-bench-noop")
def _noop() -> int:
    return 0


def _timed(fn) -> tuple[object, float]:
    t0 = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - t0, 3)


def main(n_docs: int, source: Path | None = None) -> dict:
    texts, _ = load_source(source, n_docs)
    with tempfile.TemporaryDirectory(prefix="pipeline-rerun-") as tmp:
        corpus = write_corpus(texts, Path(tmp) / "corpus")
        out = Path(tmp) / "out"
        _, startup = _timed(_noop)
        _, per_run = _timed(_noop)  # a flow run's own bookkeeping once the server is up
        full_counts, full = _timed(lambda: mine_corpus(corpus=corpus, out=out, full=True))
        _, unchanged = _timed(lambda: mine_corpus(corpus=corpus, out=out))
        (corpus / "new-article.txt").write_text(generate_texts(1, seed=12345)[0], encoding="utf-8")
        added_counts, added = _timed(lambda: mine_corpus(corpus=corpus, out=out))
    return {
        "source": str(source) if source else "generated",
        "documents": len(texts),
        "prefect_startup_seconds": startup,
        "full_run_seconds": full,
        "rerun_unchanged_seconds": unchanged,
        "rerun_one_added_seconds": added,
        "rerun_one_added_share": round(added / full, 4),
        "rerun_unchanged_share": round(unchanged / full, 4),
        "prefect_per_run_seconds": per_run,
        "documents_rows": [full_counts.get("documents"), added_counts.get("documents")],
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(json.dumps(main(n, Path(sys.argv[2]) if len(sys.argv) > 2 else None)), flush=True)
