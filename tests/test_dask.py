"""Distributed execution: the flow on a 2-worker Dask LocalCluster writes the same tables as a local run.

Both runs go through the CLI in subprocesses (``python -m pipeline run`` and the same with
``--dask-workers 2``), against one real Prefect server started here on 127.0.0.1 with its own
PREFECT_HOME. A subprocess is what makes this robust: Dask worker processes inherit PREFECT_API_URL
from their parent's environment and report their task runs to that server (under
``prefect_test_harness`` the URL would live only in the test process' settings, and every worker
would start a temporary server of its own). Every child runs in its own process group, killed in a
``finally``; HTTP proxies point at a closed loopback port, so nothing leaves 127.0.0.1. The Dask
dashboard needs bokeh, which is not installed, so the cluster opens only loopback scheduler/worker
ports.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).absolute().parents[1]
# Measured: server up ~10 s; local run ~25 s (pipeline load); Dask run ~45 s (cluster start, each
# worker loads the pipeline once). 300 s leaves room for a loaded CI machine.
DEADLINE_S = 300.0

# Hand-made articles: two near-identical renderings (dedupe across batches), an empty file, and enough
# documents that --batch-size 2 spreads batches over both workers.
CORPUS = {
    "a1.txt": "Ketamine, an NMDA receptor antagonist, produced rapid antidepressant effects in mice.\n",
    "a2.txt": "Esketamine nasal spray reduced depressive symptoms within 24 hours; nausea was common.\n",
    "b1.txt": "Psilocybin is a 5-HT2A receptor agonist.\nIt reduced anhedonia in a small open-label study.\n",
    "b2.txt": "PSILOCYBIN IS A 5-HT2A RECEPTOR AGONIST.\n\n"
    "It reduced anhedonia in a small open-label study.\n",
    "c1.md": "# Zuranolone\n\nZuranolone, a GABA-A receptor positive allosteric modulator, treats postpartum "
    "depression. Dizziness and sedation were the most common adverse events.\n",
    "c2.txt": "Dextromethorphan-bupropion blocks the NMDA receptor and the sigma-1 receptor.\n",
    "empty.txt": "   \n",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DASK_"))}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        DO_NOT_TRACK="1",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return env


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGINT, SIGTERM, then SIGKILL to the child's whole process group (its own session)."""
    for sig, grace in ((signal.SIGINT, 15.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=5.0, trust_env=False).status_code == 200
    except httpx.TransportError:
        return False


def _run_cli(args: list[str], env: dict[str, str], log: Path, deadline: float) -> None:
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", *args], cwd=REPO, env=env, stdout=fh,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pytest.fail(f"pipeline run {' '.join(args)} did not finish in time\n{log.read_text()[-4000:]}")
    finally:
        _stop_group(proc)  # a LocalCluster's workers must not outlive the run
    assert code == 0, f"pipeline run {' '.join(args)} exited {code}\n{log.read_text()[-4000:]}"


@pytest.mark.slow
def test_dask_two_worker_cluster_writes_the_same_tables_as_a_local_run(tmp_path: Path) -> None:
    from pipeline.tables import TABLES

    deadline = time.monotonic() + DEADLINE_S
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    home, port = tmp_path / "prefect-home", _free_port()
    home.mkdir()
    env = _env(home, port)
    with (tmp_path / "server.log").open("wb") as fh:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        while not _healthy(env["PREFECT_API_URL"]):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prefect server did not start\n{(tmp_path / 'server.log').read_text()[-4000:]}")
            time.sleep(0.5)
        common = ["--corpus", str(corpus), "--batch-size", "2"]
        _run_cli([*common, "--out", str(tmp_path / "local")], env, tmp_path / "local.log", deadline)
        dask_args = [*common, "--out", str(tmp_path / "dask"), "--dask-workers", "2"]
        _run_cli(dask_args, env, tmp_path / "dask.log", deadline)
    finally:
        _stop_group(server)

    dask_log = (tmp_path / "dask.log").read_text(encoding="utf-8", errors="replace")
    # The run really used a 2-worker LocalCluster on loopback.
    assert "Creating a new Dask cluster with `distributed.deploy.local.LocalCluster`" in dask_log
    workers = set(re.findall(r"Register worker addr: (tcp://[\d.:]+)", dask_log))
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers), workers
    for name in TABLES:
        local = (tmp_path / "local" / f"{name}.csv").read_bytes()
        assert (tmp_path / "dask" / f"{name}.csv").read_bytes() == local, f"{name}.csv differs"
    documents = (tmp_path / "local" / "documents.csv").read_text(encoding="utf-8")
    assert documents.count("\n") == len(CORPUS) + 1  # header + one row per file
    assert "duplicate" in documents and "empty" in documents  # the corpus exercised both paths
