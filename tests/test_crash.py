"""Crash safety and concurrency of whole runs, as a user would meet them: real subprocesses."""

import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO, SEED_CORPUS

pytestmark = pytest.mark.slow
TIMEOUT = 300


def make_corpus(folder, n_docs, seed=0):
    """n distinct articles assembled from the seed corpus' sentences (no two near-duplicates)."""
    sentences = []
    for path in sorted(SEED_CORPUS.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        sentences += [s for s in re.split(r"(?<=[a-z]\.) (?=[A-Z])", text) if 40 < len(s) < 400]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        body = " ".join(rng.sample(sentences, 12))
        (folder / f"doc{i:04d}.txt").write_text(f"Article {i}\n\n{body}\n", encoding="utf-8")
    return folder


def env():
    e = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    e.pop("PREFECT_API_URL", None)  # each run starts its own temporary server
    return e


def start_run(corpus, out, *extra):
    cmd = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out), *extra]
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def finish(proc):
    output, _ = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, output
    return output


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_crash_sigkill_mid_run_leaves_previous_tables_then_rerun_completes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 6)
    out = tmp_path / "outputs"
    finish(start_run(corpus, out))
    before = snapshot(out)

    make_corpus(tmp_path / "corpus", 120, seed=1)  # overwrites and extends: seconds of annotation
    proc = start_run(corpus, out, "--batch-size", "10")
    deadline = time.monotonic() + TIMEOUT
    seen = ""
    while "annotate: " not in seen and time.monotonic() < deadline:  # wait for the annotate stage
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    assert "annotate: " in seen, seen
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    assert snapshot(out) == before  # readers still see the previous complete set
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"corpus", "outputs", ".outputs.state"}]
    assert leftovers in ([], [".outputs.lock"]), leftovers

    finish(start_run(corpus, out))
    resumed = snapshot(out)
    fresh = tmp_path / "fresh"
    finish(start_run(corpus, fresh, "--full"))
    assert resumed == snapshot(fresh)
    assert resumed["documents.csv"].count(b"\n") == 121


def test_crash_two_runs_on_one_output_folder_do_not_interleave(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 40)
    out = tmp_path / "outputs"
    first = start_run(corpus, out)
    time.sleep(1.0)
    second = start_run(corpus, out)
    outputs = [finish(first), finish(second)]
    waited = [o for o in outputs if "another run is writing" in o]
    assert len(waited) == 1, outputs  # Prefect servers start at different speeds: either may wait
    assert "waiting for it to finish" in waited[0]
    assert snapshot(out)["documents.csv"].count(b"\n") == 41
