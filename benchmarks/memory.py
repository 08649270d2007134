"""Peak memory of a real CLI run as the corpus grows: ``python benchmarks/memory.py 1000 20000``.

For each size, writes that many generated documents (``pipeline.bench.generate_low_overlap_texts``,
seed 0: as little overlap between unrelated documents as real abstracts, so dedupe stays near-linear) into
a temporary folder, runs ``python -m pipeline run`` on it as a subprocess and polls its resident set
size with psutil; the flow process and its children (Prefect's temporary API server, and with
``--processes N`` the annotation workers) are reported separately, since only the first holds
documents. The flow's stage lines ("prepare: ...", "dedupe: ...") on its stderr split the flow
process' peak by stage (the peak while that stage ran), so growth can be traced to a stage; on Linux
each stage's peak is also split into anonymous memory and mapped file pages (dedupe's memory-mapped
signatures are file pages: clean, handed back after every band, and reclaimable by the system).
Prints one JSON line per size. Extra arguments after ``--`` go to ``pipeline run``:

    python benchmarks/memory.py 1000 20000 -- --processes 2
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.bench.corpus import generate_low_overlap_texts, write_corpus  # noqa: E402

POLL_SECONDS = 0.1  # a flow run of 1k documents lasts minutes; 0.1 s cannot miss a sustained peak


# Log lines that end a stage, in flow order; the stage running is the one after the last seen.
STAGES = ("discover", "prepare", "dedupe", "annotate", "write")


def _kind(proc: psutil.Process) -> str:
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "other"
    if "multiprocessing" in cmd and "resource_tracker" not in cmd:
        return "workers"
    return "prefect_server" if "uvicorn" in cmd or "prefect" in cmd else "other"


def _anon_file_kb(pid: int) -> tuple[int, int] | None:
    """(RssAnon, RssFile) of a process in kB, from /proc (None elsewhere)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if line.startswith(("RssAnon", "RssFile")))
        return int(fields["RssAnon"].split()[0]), int(fields["RssFile"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def peak_rss(cmd: list[str], env: dict) -> dict:
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stage = [STAGES[0]]
    err_lines: list[str] = []

    def follow() -> None:  # the stage lines arrive on stderr while the run goes on
        for line in proc.stderr:
            err_lines.append(line)
            for i, name in enumerate(STAGES[:-1]):
                if f" - {name}: " in line and "%" not in line:  # a stage's summary, not a progress line
                    stage[0] = STAGES[i + 1]

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    ps = psutil.Process(proc.pid)
    main = 0
    by_stage: dict[str, int] = {}
    split_at_peak: dict[str, tuple[int, int]] = {}
    children: dict[str, int] = {}
    t0 = time.perf_counter()
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss
            main = max(main, rss)
            if rss > by_stage.get(stage[0], 0):
                by_stage[stage[0]] = rss
                split = _anon_file_kb(proc.pid)
                if split:
                    split_at_peak[stage[0]] = split
            now: dict[str, int] = {}
            for c in ps.children(recursive=True):
                kind = _kind(c)
                now[kind] = now.get(kind, 0) + c.memory_info().rss
            for kind, v in now.items():
                children[kind] = max(children.get(kind, 0), v)
        except psutil.Error:
            pass
        time.sleep(POLL_SECONDS)
    reader.join(timeout=10)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {''.join(err_lines)[-2000:]}")
    mb = lambda b: round(b / 2**20, 1)  # noqa: E731
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        "flow_process_peak_rss_mb": mb(main),
        "flow_process_peak_by_stage_mb": {k: mb(by_stage[k]) for k in STAGES if k in by_stage},
        "stage_peak_anon_file_mb": {
            k: [mb(v * 1024) for v in split_at_peak[k]] for k in STAGES if k in split_at_peak
        },
        "children_peak_rss_mb": {k: mb(v) for k, v in sorted(children.items())},
    }


def main(sizes: list[int], run_args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="pipeline-mem-") as tmp:
            corpus = write_corpus(generate_low_overlap_texts(n), Path(tmp) / "corpus")
            cmd = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", f"{tmp}/out",
                   *run_args]  # fmt: skip
            row = {"documents": n, "args": run_args, **peak_rss(cmd, env)}
            tables = sorted(Path(tmp, "out").glob("*.csv"))
            row["rows"] = {p.stem: sum(1 for _ in p.open()) - 1 for p in tables}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    cut = args.index("--") if "--" in args else len(args)
    main([int(a) for a in args[:cut]] or [1000, 20000], args[cut + 1 :])
