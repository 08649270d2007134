"""Shared fixtures. Prefect runs offline: analytics and telemetry off before anything imports it."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
COMMITTED_OUTPUTS = REPO / "outputs"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (its own database) for every in-process flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
