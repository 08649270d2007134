"""Peak memory of a real CLI run as the corpus grows: ``python benchmarks/memory.py 1000 20000``.

For each size, writes that many generated documents (``pipeline.bench.generate_texts``, seed 0) into
a temporary folder, runs ``python -m pipeline run`` on it as a subprocess and polls its resident set
size with psutil; the flow process and its children (Prefect's temporary API server) are reported
separately, since only the first holds documents. Prints one JSON line per size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.bench import generate_texts, write_corpus  # noqa: E402

POLL_SECONDS = 0.1  # a flow run of 1k documents lasts minutes; 0.1 s cannot miss a sustained peak


def peak_rss(cmd: list[str], env: dict) -> dict:
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    ps = psutil.Process(proc.pid)
    main = children = 0
    t0 = time.perf_counter()
    while proc.poll() is None:
        try:
            main = max(main, ps.memory_info().rss)
            children = max(children, sum(c.memory_info().rss for c in ps.children(recursive=True)))
        except psutil.Error:
            pass
        time.sleep(POLL_SECONDS)
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    return {"seconds": round(time.perf_counter() - t0, 1), "flow_process_peak_rss_mb": round(main / 2**20, 1),
            "children_peak_rss_mb": round(children / 2**20, 1)}


def main(sizes: list[int]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="pipeline-mem-") as tmp:
            corpus = write_corpus(generate_texts(n), Path(tmp) / "corpus")
            cmd = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", f"{tmp}/out"]
            row = {"documents": n, **peak_rss(cmd, env)}
            tables = sorted(Path(tmp, "out").glob("*.csv"))
            row["rows"] = {p.stem: sum(1 for _ in p.open()) - 1 for p in tables}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 20000])
