"""Scheduled runs: serve the ``mine-corpus`` flow on a cron schedule from a real Prefect server.

``serve()`` registers a deployment of :func:`pipeline.flow.mine_corpus` with a cron schedule on the
Prefect server named by ``PREFECT_API_URL`` and then keeps running, executing the scheduled (and the
hand-triggered) flow runs in this process's machine. A schedule is state kept by a server: with no
``PREFECT_API_URL`` Prefect would start a temporary in-process server that dies with the command and
takes the schedule with it, so ``serve()`` refuses to start without one.

Everything is checked before anything is registered (cron string, timezone, corpus folder, server
reachable), so a typo fails in about a second with a message that says how to fix it. Besides
``pipeline.flow`` this is the only module that imports Prefect, and only inside functions.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo
from pathlib import Path

import httpx

DEFAULT_DEPLOYMENT_NAME = "mine-corpus-scheduled"
FLOW_NAME = "mine-corpus"  # the @flow name in pipeline/flow.py; deployments are "<flow>/<deployment>"
CRON_EXAMPLE = "'0 6 * * *' (every day at 06:00)"

# (name, valid values) of the five standard cron fields, in order.
CRON_FIELDS = (
    ("minute", "0-59"),
    ("hour", "0-23"),
    ("day of month", "1-31"),
    ("month", "1-12 or jan-dec"),
    ("day of week", "0-6 or sun-sat"),
)
# Nicknames croniter (and so the Prefect server) understands.
CRON_ALIASES = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")

# Seconds to wait for the server's /health before telling the user it is not there. A local server
# answers in milliseconds; 5 s leaves room for a busy machine without making a typo'd port hang.
HEALTH_TIMEOUT_S = 5.0


class ServeError(ValueError):
    """A user-fixable problem with the serve command's inputs or environment (one clear line)."""


# Cron strings are checked with the croniter copy vendored inside Prefect: it is exactly what the
# server validates and evaluates schedules with, and the standalone package is not installed.
def _cron_field_ok(position: int, value: str) -> bool:
    from prefect._vendor.croniter import croniter

    fields = ["*"] * len(CRON_FIELDS)
    fields[position] = value
    return croniter.is_valid(" ".join(fields))


def validate_cron(cron: str) -> str:
    """Return ``cron`` with its whitespace normalised, or raise :class:`ServeError` saying what is wrong.

    Accepts the five standard fields (``minute hour day-of-month month day-of-week``) or a nickname
    such as ``@daily``. croniter's extensions (a sixth "seconds" field, a seventh "year" field, the
    random/hashed ``R``/``H`` forms that Prefect rejects anyway) are refused: a literature pipeline
    runs at most a few times a day, and a sixth field is far more often a typo than a wish.
    """
    from prefect._vendor.croniter import CroniterBadDateError, croniter

    fields = cron.split() if isinstance(cron, str) else []
    usage = f"Use 5 fields: minute hour day-of-month month day-of-week, e.g. {CRON_EXAMPLE}."
    if len(fields) == 1 and fields[0].startswith("@"):
        if fields[0].lower() not in CRON_ALIASES:
            raise ServeError(
                f"Invalid cron schedule {cron!r}: unknown nickname {fields[0]!r}. "
                f"Expected one of: {', '.join(CRON_ALIASES)}. Or {usage[0].lower()}{usage[1:]}"
            )
        return fields[0].lower()
    if len(fields) != len(CRON_FIELDS):
        raise ServeError(f"Invalid cron schedule {cron!r}: it has {len(fields)} fields, expected 5. {usage}")
    for position, (value, (field, valid)) in enumerate(zip(fields, CRON_FIELDS, strict=True)):
        if not _cron_field_ok(position, value):
            raise ServeError(
                f"Invalid cron schedule {cron!r}: the {field} field {value!r} is not valid "
                f"(expected {valid}, '*', a list a,b, a range a-b or a step */n). {usage}"
            )
    normalised = " ".join(fields)
    # Every field can be fine on its own while the combination never matches (day 30 of February):
    # the server would accept it and never run anything. croniter gives up after a bounded search,
    # from a fixed start so the answer does not depend on today's date.
    try:
        croniter(normalised, datetime.datetime(2000, 1, 1)).get_next(datetime.datetime)
    except CroniterBadDateError as e:
        raise ServeError(
            f"Invalid cron schedule {cron!r}: no date ever matches it (check day of month against "
            f"month). {usage}"
        ) from e
    return normalised


def validate_timezone(timezone: str) -> str:
    """Return ``timezone`` if it is an IANA name (``Europe/Berlin``), else raise :class:`ServeError`."""
    if timezone not in zoneinfo.available_timezones():
        raise ServeError(
            f"Unknown timezone {timezone!r}. Use an IANA name such as 'UTC', 'Europe/Berlin' or "
            "'America/New_York' (the cron schedule is evaluated in this timezone)."
        )
    return timezone


def require_api_url(api_url: str | None) -> str:
    """Return the Prefect API URL, or explain how to start a server if there is none.

    Prefect's fallback when no URL is configured is a temporary server that lives only as long as
    the command, which would silently drop the schedule; this refuses that case.
    """
    if not api_url:
        raise ServeError(
            "PREFECT_API_URL is not set, and cron schedules need a real Prefect server (a temporary one "
            "would forget the schedule when this command exits). Start one in another terminal with "
            "`prefect server start --host 127.0.0.1 --port 4200`, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and run serve again."
        )
    if not api_url.startswith(("http://", "https://")):
        raise ServeError(
            f"PREFECT_API_URL must be an http(s) URL ending in /api, got {api_url!r}. "
            "For a local server: export PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    return api_url.rstrip("/")


def check_server(api_url: str, timeout: float = HEALTH_TIMEOUT_S) -> None:
    """Raise :class:`ServeError` unless the Prefect server at ``api_url`` answers ``GET /health``."""
    try:
        response = httpx.get(f"{api_url}/health", timeout=timeout)
        response.raise_for_status()
    except httpx.HTTPError as e:
        raise ServeError(
            f"No Prefect server answering at PREFECT_API_URL={api_url} ({type(e).__name__}: {e}). "
            "Start it with `prefect server start --host 127.0.0.1 --port 4200` (or fix PREFECT_API_URL "
            "to point at the running server's /api)."
        ) from e


def deployment_parameters(corpus: Path, out: Path) -> dict[str, str]:
    """Flow parameters stored on the deployment: absolute paths, so runs do not depend on a cwd."""
    return {"corpus": str(Path(corpus).resolve()), "out": str(Path(out).resolve())}


def serve(
    *,
    cron: str,
    corpus: Path,
    out: Path,
    name: str = DEFAULT_DEPLOYMENT_NAME,
    timezone: str = "UTC",
) -> None:
    """Register ``mine-corpus/<name>`` with a cron schedule on PREFECT_API_URL and serve it until Ctrl-C.

    Runs execute one at a time (``limit=1``): two runs writing the same output folder would only
    queue behind the output lock anyway. On shutdown Prefect pauses the schedule, so runs do not
    pile up as "Late" while nothing is serving them; starting ``serve`` again resumes it.

    Raises:
        ServeError: bad cron string or timezone, missing corpus folder, no PREFECT_API_URL, or no
            server answering there. Nothing is registered in that case.
    """
    cron = validate_cron(cron)
    timezone = validate_timezone(timezone)
    if not Path(corpus).is_dir():
        raise ServeError(
            f"Corpus folder not found: {corpus}. Pass the folder of .txt/.md articles with --corpus."
        )
    parameters = deployment_parameters(corpus, out)

    # Same defaults as pipeline.flow: a served pipeline never phones home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from prefect.settings import get_current_settings

    api_url = require_api_url(get_current_settings().api.url)
    check_server(api_url)

    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from pipeline.flow import mine_corpus

    mine_corpus.serve(
        name=name,
        schedule=Cron(cron, timezone=timezone),
        parameters=parameters,
        description=f"mine {parameters['corpus']} into {parameters['out']} on cron {cron!r} ({timezone})",
        limit=1,
        pause_on_shutdown=True,
        # A module path ("pipeline.flow.mine_corpus") resolves wherever the package is installed;
        # the default file path would tie the deployment to the directory serve was started from.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
