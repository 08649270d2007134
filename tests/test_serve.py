"""Scheduled runs: cron validation, refusal without a server, prefect.yaml, and one real served run.

The slow tests start a real ``prefect server`` on 127.0.0.1 (own PREFECT_HOME in a temp folder), so
they exercise exactly what a user does: serve the deployment, trigger a run with
``prefect deployment run``, wait for it, read the tables. Every child runs in its own process group,
which is killed in a ``finally`` and then checked to be empty (no orphans). HTTP(S) proxies point at
a closed loopback port with loopback exempt, so anything trying to reach beyond 127.0.0.1 over HTTP
fails instead of leaving the machine.
"""

from __future__ import annotations

import csv
import inspect
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from pipeline import serve as serve_mod
from pipeline.serve import (
    CRON_ALIASES,
    ServeError,
    check_server,
    deployment_parameters,
    require_api_url,
    serve,
    validate_cron,
    validate_timezone,
)

REPO = Path(__file__).absolute().parents[1]
PY = sys.executable
PREFECT = [PY, "-m", "prefect"]
DEPLOYMENT = "mine-corpus/mine-corpus-scheduled"
USAGE = "Use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * *' (every day at 06:00)."
# Whole budget for one slow test. Measured: server up ~9 s, serve registered ~6 s, the run itself
# (process spawn + flow import + 2 documents) ~15 s; 240 s leaves room for a loaded CI machine.
DEADLINE_S = 240.0
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


# ---------------------------------------------------------------------------- validate_cron


@pytest.mark.parametrize(
    ("cron", "expected"),
    [
        ("0 6 * * *", "0 6 * * *"),
        ("  0   6 * * *\n", "0 6 * * *"),
        ("*/15 8-18 * * mon-fri", "*/15 8-18 * * mon-fri"),
        ("0 6 29 2 *", "0 6 29 2 *"),
        ("0 6 1,15 * 0", "0 6 1,15 * 0"),
        ("@DAILY", "@daily"),
        ("@hourly", "@hourly"),
    ],
)
def test_serve_validate_cron_accepts_and_normalises(cron: str, expected: str) -> None:
    assert validate_cron(cron) == expected


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 6 * *", f"Invalid cron schedule '0 6 * *': it has 4 fields, expected 5. {USAGE}"),
        ("0 6 * * * *", f"Invalid cron schedule '0 6 * * * *': it has 6 fields, expected 5. {USAGE}"),
        ("", f"Invalid cron schedule '': it has 0 fields, expected 5. {USAGE}"),
        (
            "61 6 * * *",
            "Invalid cron schedule '61 6 * * *': the minute field '61' is not valid "
            f"(expected 0-59, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "0 25 * * *",
            "Invalid cron schedule '0 25 * * *': the hour field '25' is not valid "
            f"(expected 0-23, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "0 6 0 * *",
            "Invalid cron schedule '0 6 0 * *': the day of month field '0' is not valid "
            f"(expected 1-31, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "0 6 * 13 *",
            "Invalid cron schedule '0 6 * 13 *': the month field '13' is not valid "
            f"(expected 1-12 or jan-dec, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "0 6 * * funday",
            "Invalid cron schedule '0 6 * * funday': the day of week field 'funday' is not valid "
            f"(expected 0-6 or sun-sat, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "H 6 * * *",
            "Invalid cron schedule 'H 6 * * *': the minute field 'H' is not valid "
            f"(expected 0-59, '*', a list a,b, a range a-b or a step */n). {USAGE}",
        ),
        (
            "0 6 30 2 *",
            "Invalid cron schedule '0 6 30 2 *': no date ever matches it (check day of month against "
            f"month). {USAGE}",
        ),
        (
            "@often",
            "Invalid cron schedule '@often': unknown nickname '@often'. Expected one of: "
            f"{', '.join(CRON_ALIASES)}. Or use 5 fields: minute hour day-of-month month day-of-week, "
            "e.g. '0 6 * * *' (every day at 06:00).",
        ),
    ],
)
def test_serve_validate_cron_rejects_with_what_and_example(cron: str, message: str) -> None:
    with pytest.raises(ServeError) as err:
        validate_cron(cron)
    assert str(err.value) == message


def test_serve_validate_cron_is_a_value_error() -> None:
    """The CLI can catch ServeError, and library callers can treat it as the ValueError it is."""
    with pytest.raises(ValueError, match="expected 5"):
        validate_cron("daily")


# ---------------------------------------------------------------------------- timezone, API URL


def test_serve_validate_timezone() -> None:
    assert validate_timezone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(ServeError) as err:
        validate_timezone("Europe/Berlín")
    assert str(err.value) == (
        "Unknown timezone 'Europe/Berlín'. Use an IANA name such as 'UTC', 'Europe/Berlin' or "
        "'America/New_York' (the cron schedule is evaluated in this timezone)."
    )


NO_URL_MESSAGE = (
    "PREFECT_API_URL is not set, and cron schedules need a real Prefect server (a temporary one "
    "would forget the schedule when this command exits). Start one in another terminal with "
    "`prefect server start --host 127.0.0.1 --port 4200`, then "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and run serve again."
)


@pytest.mark.parametrize("api_url", [None, ""])
def test_serve_require_api_url_refuses_missing(api_url: str | None) -> None:
    with pytest.raises(ServeError) as err:
        require_api_url(api_url)
    assert str(err.value) == NO_URL_MESSAGE


def test_serve_require_api_url_checks_scheme_and_strips_slash() -> None:
    assert require_api_url("http://127.0.0.1:4200/api/") == "http://127.0.0.1:4200/api"
    with pytest.raises(ServeError) as err:
        require_api_url("127.0.0.1:4200/api")
    assert str(err.value) == (
        "PREFECT_API_URL must be an http(s) URL ending in /api, got '127.0.0.1:4200/api'. "
        "For a local server: export PREFECT_API_URL=http://127.0.0.1:4200/api"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_check_server_explains_when_nothing_listens() -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"  # bound then released: nothing listens there
    with pytest.raises(ServeError, match=r"^No Prefect server answering at PREFECT_API_URL=") as err:
        check_server(url, timeout=2.0)
    assert str(err.value).endswith(
        "Start it with `prefect server start --host 127.0.0.1 --port 4200` (or fix PREFECT_API_URL "
        "to point at the running server's /api)."
    )
    assert url in str(err.value)


def test_serve_deployment_parameters_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert deployment_parameters(Path("corpus"), Path("out")) == {
        "corpus": str(tmp_path / "corpus"),
        "out": str(tmp_path / "out"),
    }


def _isolate_prefect(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """No PREFECT_* from the caller's shell or profile can leak in: a fresh, empty PREFECT_HOME."""
    for key in list(os.environ):
        if key.startswith("PREFECT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PREFECT_HOME", str(home))


def test_serve_refuses_without_api_url_before_registering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus").mkdir()
    _isolate_prefect(monkeypatch, tmp_path / "prefect-home")
    # If serve got as far as the server check or Prefect's temporary server, this would notice.
    monkeypatch.setattr(serve_mod, "check_server", lambda url: pytest.fail(f"contacted {url}"))
    with pytest.raises(ServeError) as err:
        serve(cron="0 6 * * *", corpus=tmp_path / "corpus", out=tmp_path / "out")
    assert str(err.value) == NO_URL_MESSAGE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cron": "0 6 * *"}, f"Invalid cron schedule '0 6 * *': it has 4 fields, expected 5. {USAGE}"),
        ({"timezone": "Mars/Olympus"}, "Unknown timezone 'Mars/Olympus'."),
        ({"corpus": Path("no-such-folder")}, "Corpus folder not found: no-such-folder."),
    ],
)
def test_serve_checks_inputs_before_the_server(
    kwargs: dict, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus").mkdir()
    monkeypatch.chdir(tmp_path)
    _isolate_prefect(monkeypatch, tmp_path / "prefect-home")
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{_free_port()}/api")
    monkeypatch.setattr(serve_mod, "check_server", lambda url: pytest.fail(f"contacted {url}"))
    args = {"cron": "0 6 * * *", "corpus": Path("corpus"), "out": Path("out"), **kwargs}
    with pytest.raises(ServeError) as err:
        serve(**args)
    assert str(err.value).startswith(message)


# ---------------------------------------------------------------------------- prefect.yaml


def _prefect_yaml() -> dict:
    return yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))


def test_serve_prefect_yaml_deployment_matches_the_flow() -> None:
    """The entrypoint loads the real flow, and schedule and parameters fit what the flow accepts."""
    from prefect.flows import load_flow_from_entrypoint

    from pipeline.flow import mine_corpus

    config = _prefect_yaml()
    (deployment,) = config["deployments"]
    flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
    assert flow.name == mine_corpus.name == "mine-corpus"
    assert set(deployment["parameters"]) <= set(inspect.signature(mine_corpus.fn).parameters)
    (schedule,) = deployment["schedules"]
    assert validate_cron(schedule["cron"]) == schedule["cron"]
    validate_timezone(schedule["timezone"])
    assert deployment["work_pool"]["name"]
    pull_steps = [next(iter(step)) for step in config["pull"]]
    assert pull_steps == ["prefect.deployments.steps.set_working_directory"]


# ---------------------------------------------------------------------------- real server


def _loopback_env(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_UI_ENABLED="false",  # no UI bundle to copy: faster start, nothing to serve
        PREFECT_RUNNER_POLL_FREQUENCY="1",  # the runner checks for due runs every second, not 10
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        COLUMNS="200",  # rich wraps CLI output at the terminal width; keep the UUID line whole
    )
    return env


class Proc:
    """A child process in its own process group, logging to a file; stop() leaves nothing behind."""

    def __init__(self, cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO) -> None:
        self.log = log
        with log.open("wb") as fh:
            self.popen = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
            )

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return f"--- last lines of {self.log.name} ---\n" + "\n".join(lines[-n:])

    def stop(self) -> None:
        """SIGINT (Prefect shuts down cleanly), then SIGTERM, then SIGKILL, to the whole group."""
        for sig, grace in ((signal.SIGINT, 15.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.popen.pid, sig)  # start_new_session: the leader's pid is the group id
            except ProcessLookupError:
                break
            if self._group_gone(grace):
                break
        assert self._group_gone(0.0), f"processes of group {self.popen.pid} survived SIGKILL"

    def _group_gone(self, grace: float) -> bool:
        deadline = time.monotonic() + grace
        while True:
            self.popen.poll()  # reap the leader: a zombie still counts as a member of the group
            try:
                os.killpg(self.popen.pid, 0)
            except ProcessLookupError:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def _wait_for(what: str, probe: Callable[[], object], deadline: float, proc: Proc) -> object:
    """Poll ``probe`` until it returns something truthy; fail with the process log on timeout."""
    while time.monotonic() < deadline:
        if proc.popen.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.popen.returncode}\n{proc.tail()}")
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what}: not within the {DEADLINE_S:.0f} s budget\n{proc.tail()}")


def _get_json(url: str) -> dict | None:
    try:
        response = httpx.get(url, timeout=5.0, trust_env=False)
    except httpx.TransportError:
        return None
    return response.json() if response.status_code == 200 else None


class Server:
    def __init__(self, proc: Proc, port: int, home: Path) -> None:
        self.proc, self.port, self.home = proc, port, home
        self.api = f"http://127.0.0.1:{port}/api"
        self.env = _loopback_env(home, port)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real Prefect server on a free loopback port with its own PREFECT_HOME (SQLite inside it)."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = _loopback_env(home, port)
    proc = Proc(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, home / "server.log"
    )
    try:
        server = Server(proc, port, home)
        _wait_for(
            "server /api/health", lambda: _get_json(f"{server.api}/health"), time.monotonic() + 120, proc
        )
        yield server
    finally:
        proc.stop()


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "alpha.txt").write_text(
        "Ketamine, an NMDA receptor antagonist, produced rapid antidepressant effects.\n", encoding="utf-8"
    )
    (folder / "beta.txt").write_text(
        "Esketamine nasal spray reduced depressive symptoms within 24 hours.\n", encoding="utf-8"
    )


def _assert_tables(out: Path) -> None:
    """Every table the pipeline defines was written, and documents.csv lists both articles."""
    from pipeline.tables import TABLES

    assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"{name}.csv" for name in TABLES)
    with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        assert sorted(row["doc_id"] for row in csv.DictReader(fh)) == ["alpha", "beta"]


def _prefect_cli(args: list[str], server: Server, cwd: Path, deadline: float) -> str:
    done = subprocess.run(
        [*PREFECT, *args],
        cwd=cwd,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=max(1.0, deadline - time.monotonic()),
    )
    command = " ".join(args)
    assert done.returncode == 0, f"prefect {command} exited {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout


def _trigger_and_wait(server: Server, run_args: list[str], cwd: Path, deadline: float, runner: Proc) -> dict:
    """``prefect deployment run ...``, then poll the flow run until it reaches a terminal state."""
    stdout = _prefect_cli(["deployment", "run", *run_args], server, cwd, deadline)
    match = re.search(r"UUID: ([0-9a-f-]{36})", stdout)
    assert match, stdout
    url = f"{server.api}/flow_runs/{match.group(1)}"

    def finished() -> dict | None:
        run = _get_json(url)
        return run if run and run["state_type"] in TERMINAL else None

    return _wait_for("flow run finished", finished, deadline, runner)


@pytest.mark.slow
def test_serve_registers_cron_deployment_and_runs_it_on_a_real_server(
    prefect_server: Server, tmp_path: Path
) -> None:
    started = time.monotonic()
    deadline = started + DEADLINE_S
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write_corpus(corpus)
    call = f"serve(cron='0 6 * * *', corpus=Path({str(corpus)!r}), out=Path({str(out)!r}))"
    served = Proc(
        [PY, "-c", f"from pathlib import Path; from pipeline.serve import serve; {call}"],
        prefect_server.env,
        tmp_path / "serve.log",
    )
    try:
        deployment = _wait_for(
            "deployment registered",
            lambda: _get_json(f"{prefect_server.api}/deployments/name/{DEPLOYMENT}"),
            deadline,
            served,
        )
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["0 6 * * *"]
        assert [s["schedule"]["timezone"] for s in deployment["schedules"]] == ["UTC"]
        assert deployment["parameters"] == {"corpus": str(corpus), "out": str(out)}
        assert deployment["entrypoint"] == "pipeline.flow.mine_corpus"

        # Trigger it by hand exactly as the README says.
        run = _trigger_and_wait(prefect_server, [DEPLOYMENT], tmp_path, deadline, served)
        assert run["state_type"] == "COMPLETED", f"{run['state']}\n{served.tail()}"
        assert run["deployment_id"] == deployment["id"]
        _assert_tables(out)
    finally:
        served.stop()
    print(f"\nserve integration: {time.monotonic() - started:.1f} s after the server was up")


@pytest.mark.slow
def test_serve_prefect_yaml_deploys_to_a_process_pool_and_a_worker_runs_it(
    prefect_server: Server, tmp_path: Path
) -> None:
    """`prefect deploy --all` accepts prefect.yaml, and a worker with PIPELINE_HOME runs the flow."""
    started = time.monotonic()
    deadline = started + DEADLINE_S
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write_corpus(corpus)
    config = _prefect_yaml()
    (spec,) = config["deployments"]
    pool, name = spec["work_pool"]["name"], f"mine-corpus/{spec['name']}"

    _prefect_cli(["work-pool", "create", pool, "--type", "process"], prefect_server, tmp_path, deadline)
    _prefect_cli(["--no-prompt", "deploy", "--all"], prefect_server, REPO, deadline)
    deployment = _get_json(f"{prefect_server.api}/deployments/name/{name}")
    assert deployment is not None, f"{name} not on the server after prefect deploy"
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["0 6 * * *"]
    assert deployment["work_pool_name"] == pool
    assert deployment["entrypoint"] == "pipeline/flow.py:mine_corpus"
    assert deployment["pull_steps"] == config["pull"]  # resolved on the worker, not at deploy time

    worker_env = {**prefect_server.env, "PIPELINE_HOME": str(REPO), "PREFECT_WORKER_QUERY_SECONDS": "1"}
    worker = Proc(
        [*PREFECT, "worker", "start", "--pool", pool], worker_env, tmp_path / "worker.log", cwd=tmp_path
    )
    try:
        # Parameters point into tmp_path so the run never writes into the checkout's outputs/.
        params = ["--param", f"corpus={corpus}", "--param", f"out={out}"]
        run = _trigger_and_wait(prefect_server, [name, *params], tmp_path, deadline, worker)
        assert run["state_type"] == "COMPLETED", f"{run['state']}\n{worker.tail()}"
        _assert_tables(out)
    finally:
        worker.stop()
    print(f"\nprefect.yaml integration: {time.monotonic() - started:.1f} s after the server was up")
