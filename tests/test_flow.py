"""End-to-end runs of the Prefect flow (in-process, one temporary server for the session)."""

import shutil

import pytest
from conftest import COMMITTED_OUTPUTS, SEED_CORPUS

from pipeline import tables
from pipeline.flow import mine_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prefect_harness():
    """One temporary Prefect server (its own database) for this module's in-process flow runs.

    Module-scoped on purpose: the harness points this process' Prefect settings at its server, and
    other modules (tests/test_serve.py) check behaviour with no server configured.
    """
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".csv"}


def run(corpus, out, **kw):
    return mine_corpus(corpus=corpus, out=out, batch_size=kw.pop("batch_size", 2), **kw)


@pytest.fixture(scope="module")
def seed_run(prefect_harness, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "outputs"
    counts = run(SEED_CORPUS, out)
    return out, counts


def test_flow_seed_corpus_matches_committed_outputs(seed_run):
    """outputs/ in the repository is what `make run` produces: regenerate it and fail on drift."""
    out, _ = seed_run
    assert snapshot(out) == snapshot(COMMITTED_OUTPUTS), "outputs/ is stale: run `make run` and commit it"


def test_flow_seed_corpus_documents_and_duplicates(seed_run):
    import pandas as pd

    out, counts = seed_run
    assert set(counts) == set(tables.TABLES)
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert docs["status"].to_dict() == {
        "000_cf445b3e9f868d1e": "processed",
        "001_435352fd82d5fe52": "processed",
        "002_63ff1217b74b8ec2": "duplicate",
        "003_bbc711d5d2493919": "processed",
        "004_06711d36f1e60c8d": "processed",
    }
    assert docs.loc["002_63ff1217b74b8ec2", "duplicate_of"] == "003_bbc711d5d2493919"
    dups = pd.read_csv(out / "duplicates.csv", dtype=str)
    # After normalization the two renderings' analysis texts are the same words: an exact duplicate.
    assert dups[["doc_id", "duplicate_of", "method"]].values.tolist() == [
        ["002_63ff1217b74b8ec2", "003_bbc711d5d2493919", "exact"]
    ]
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert "002_63ff1217b74b8ec2" not in set(mentions["doc_id"])  # duplicates are not annotated
    raw = {p.stem: p.read_text(encoding="utf-8") for p in SEED_CORPUS.glob("*.txt")}
    for row in mentions.itertuples():  # every offset indexes the file as stored
        assert raw[row.doc_id][int(row.start) : int(row.end)] == row.text


def test_flow_rerun_processes_only_new_and_matches_a_full_run(prefect_harness, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "reviews").mkdir()
    out = tmp_path / "outputs"
    run(corpus, out)
    # a new article, a changed one and a deleted one
    (corpus / "reviews" / "new.md").write_text(
        "# Memantine in Alzheimer's disease\n\nMemantine blocks NMDA receptors and is used to treat "
        "Alzheimer's disease. Dizziness was the most common side effect.\n",
        encoding="utf-8",
    )
    (corpus / "001_435352fd82d5fe52.txt").write_text(
        (SEED_CORPUS / "001_435352fd82d5fe52.txt").read_text(encoding="utf-8") + "\nRiluzole treats ALS.\n",
        encoding="utf-8",
    )
    (corpus / "004_06711d36f1e60c8d.txt").unlink()
    # renamed, same bytes and same doc_id: prepared again, so the tables name the file as it is now
    (corpus / "000_cf445b3e9f868d1e.txt").rename(corpus / "000_cf445b3e9f868d1e.md")
    counts = run(corpus, out)
    incremental = snapshot(out)
    full_out = tmp_path / "full"
    run(corpus, full_out, full=True)
    assert incremental == snapshot(full_out)
    docs = incremental["documents.csv"].decode()
    assert "reviews/new," in docs and "004_06711d36f1e60c8d" not in docs
    assert "000_cf445b3e9f868d1e.md," in docs and "000_cf445b3e9f868d1e.txt" not in docs
    assert counts["documents"] == 5


def test_flow_document_crashing_annotation_is_recorded_and_the_rest_processed(
    prefect_harness, tmp_path, monkeypatch
):
    import pipeline.annotate as annotate

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Ketamine is an NMDA receptor antagonist.\n", encoding="utf-8")
    (corpus / "bad.txt").write_text("This text trips a bug in annotation.\n", encoding="utf-8")
    real = annotate.build_annotation

    def buggy(doc, norm, raw, kb, **kw):
        if "trips a bug" in raw:
            raise IndexError("pathological input")
        return real(doc, norm, raw, kb, **kw)

    monkeypatch.setattr(annotate, "build_annotation", buggy)
    run(corpus, tmp_path / "out", batch_size=10)
    import pandas as pd

    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).set_index(
        "doc_id"
    )
    assert docs.loc["bad", "status"] == "error"
    assert docs.loc["bad", "error"] == "annotation failed: IndexError: pathological input"
    assert docs.loc["good", "status"] == "processed"


def test_flow_two_processes_write_the_same_tables_and_leave_no_worker(seed_run, tmp_path, monkeypatch):
    """--processes 2: batches go to a pool of spawned workers, shut down when the run ends."""
    import psutil

    from pipeline import parallel

    pools = []

    class Spy(parallel.AnnotationPool):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            pools.append(self)

    monkeypatch.setattr(parallel, "AnnotationPool", Spy)
    out = tmp_path / "outputs"
    run(SEED_CORPUS, out, n_process=2)
    assert snapshot(out) == snapshot(seed_run[0])
    assert len(pools) == 1 and pools[0].closed  # one pool for every batch of the run, closed after it
    workers = [pid for p in pools for pid in p._processes]
    assert len(workers) == 2
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in workers)
    assert not [c for c in psutil.Process().children(recursive=True) if "spawn_main" in " ".join(c.cmdline())]


def test_flow_deleted_state_folder_or_signature_files_are_rebuilt(seed_run, tmp_path):
    """The state folder (database and dedupe's memory-mapped signature files) can go at any time: the
    next run rebuilds it and writes the same tables; a rerun rewrites the signature files whole."""
    import numpy as np

    from pipeline import state

    out = tmp_path / "outputs"
    run(SEED_CORPUS, out)
    folder = state.state_dir_for(out)
    signatures = folder / "state.signatures"
    assert np.load(signatures / "values.npy", mmap_mode="r").shape == (5, 128)
    shutil.rmtree(signatures)
    run(SEED_CORPUS, out)  # nothing to prepare or annotate; dedupe rebuilds the files
    assert snapshot(out) == snapshot(seed_run[0])
    assert np.load(signatures / "values.npy", mmap_mode="r").shape == (5, 128)
    shutil.rmtree(folder)
    run(SEED_CORPUS, out)
    assert snapshot(out) == snapshot(seed_run[0])
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("state.sqlite")) == [
        "state.signatures"
    ]


def test_flow_batches_are_read_as_they_are_submitted_and_handed_out_in_order():
    """At most `window` batches are submitted and not yet handed out: the batches (read lazily from
    the state store) are never all held at once."""
    from pipeline.flow import _in_order

    read, outstanding, peak = [], [0], [0]

    def batches():
        for i in range(10):
            read.append(i)
            yield [i]

    def submit(batch):
        outstanding[0] += 1
        peak[0] = max(peak[0], outstanding[0])
        return f"future{batch[0]}"

    seen = []
    for batch, future in _in_order(submit, batches(), window=3):
        assert len(read) <= batch[0] + 3  # not read further ahead than the window
        seen.append((batch, future))
        outstanding[0] -= 1
    assert seen == [([i], f"future{i}") for i in range(10)] and peak[0] == 3
