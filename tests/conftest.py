"""Shared test constants. Prefect runs offline: analytics and telemetry off before anything imports it."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
COMMITTED_OUTPUTS = REPO / "outputs"
