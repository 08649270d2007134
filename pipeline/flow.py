"""The Prefect flow: corpus/ in, CSV tables out, only new or changed documents processed.

discover (the corpus' files, listed into the state store) -> prepare (read, decode, normalize, sign;
per batch) -> dedupe (whole corpus, from stored signatures) -> annotate (NER + relations; per batch;
new, changed or newly canonical documents only) -> write tables (rebuilt from the state store into a
staging folder, swapped in atomically). Batches are read from the state store as their tasks are
submitted, so the flow holds nothing per document of the corpus.

Tasks are coarse (one per batch of documents, never one per document), each wrapping library
functions from ``pipeline.*``; the flow composes them and is the only writer of the state store
(discover, the one task that writes to it, is called in the flow's process, never submitted).
Batch tasks are submitted to the flow's task runner: by default one worker thread (annotation then
sends each batch to a pool of ``n_process`` worker processes, ``pipeline.parallel``, started once per
run and shut down when the run ends, however it ends), or a Dask cluster (``task_runner_for``). Importing this
module keeps Prefect offline and quiet (no analytics or telemetry); with no server configured
Prefect starts a temporary local one for the run.
"""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import sys  # noqa: E402
import time  # noqa: E402
from collections import deque  # noqa: E402
from collections.abc import Callable, Iterable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline import batch, dedupe, ingest, parallel, publish, state, tables  # noqa: E402

# Documents per batch task: large enough that Prefect's ~35 ms per submitted task run is noise next
# to the work (~1 s per 200 abstracts), small enough to bound memory and give progress often.
DEFAULT_BATCH_SIZE = 200
# Progress lines at most this often (seconds), and always after the last batch.
PROGRESS_INTERVAL = 10.0
# Batch tasks submitted ahead of the one whose result the flow waits for: enough to keep a Dask
# cluster's workers busy, few enough that the flow never holds the whole corpus' batches.
BATCHES_IN_FLIGHT = 16


def task_runner_for(*, dask_address: str | None = None, dask_workers: int = 0):
    """The task runner for batch tasks: None (the flow's default, one worker thread) or Dask.

    Dask workers are separate processes: each loads the NLP pipeline once. They report task runs to
    the Prefect API named by PREFECT_API_URL, so run a persistent server (``prefect server start``)
    when using a cluster; without one every worker would start its own temporary server.
    """
    if dask_address and dask_workers:
        raise ValueError("use either --dask-address (an existing cluster) or --dask-workers (a local one)")
    if not dask_address and not dask_workers:
        return None
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1, "processes": True}
    )


def _in_order(submit: Callable, batches: Iterable, window: int = BATCHES_IN_FLIGHT) -> Iterator:
    """(batch, future) for each batch, in order, with at most ``window`` submitted and not yet
    handed out: batches are read (from the state store) only as tasks are submitted."""
    pending: deque = deque()
    for batch_ in batches:
        pending.append((batch_, submit(batch_)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


class Handoff:
    """A batch task's results as one opaque object. Prefect keeps a dependency-tracking entry for the
    returned value and for every element of a returned list or tuple until the flow run ends (about
    350 bytes a document over a run); for this object it keeps one."""

    __slots__ = ("items",)

    def __init__(self, items: list) -> None:
        self.items = items


# Every task uses NO_CACHE: inputs are whole batches (hashing them costs more than the work), and
# reuse across runs is decided by content in the state store (sha256 + pipeline fingerprint).
@task(cache_policy=NO_CACHE)
def discover_task(corpus: Path, store_path: Path, fingerprint: str) -> int:
    """Lists the corpus' files and doc_ids into the state store (run by the flow, in its process);
    -> how many."""
    with state.StateStore(store_path, fingerprint) as store:
        return store.set_corpus(ingest.walk(corpus))


@task(cache_policy=NO_CACHE)
def prepare_task(corpus: Path, paths: dict[str, str], known: dict[str, str]) -> Handoff:
    """-> Handoff of the batch's new or changed ``state.DocRecord``s."""
    return Handoff(batch.prepare_batch(corpus, paths, known))


@task(cache_policy=NO_CACHE)
def dedupe_task(store_path: Path, fingerprint: str) -> list[dedupe.DuplicateRecord]:
    with state.StateStore(store_path, fingerprint) as store:
        # the signatures go to memory-mapped files beside the store: only the pages read are resident
        return dedupe.find_duplicates_in_table(store.signature_table(), store.norm_text)


@task(cache_policy=NO_CACHE)
def annotate_task(corpus: Path, items: list[tuple[str, str]], model: str | None, n_process: int) -> Handoff:
    """-> Handoff of (doc_id, annotation, error) for each item."""
    return Handoff(batch.annotate_batch(corpus, items, model=model, n_process=n_process))


@task(cache_policy=NO_CACHE)
def write_task(
    store_path: Path, fingerprint: str, duplicates: list[dedupe.DuplicateRecord], out: Path
) -> dict:
    staged = publish.staging(out)
    with state.StateStore(store_path, fingerprint) as store:
        docs = tables.outcomes(store.records(), store.annotations(), duplicates)
        counts = tables.write_tables(docs, duplicates, staged)
    publish.publish(staged, out, tables.TABLES)
    return counts


class _Progress:
    """Readable progress for long stages: done of total, rate, time remaining.

    Logged (so it shows in the Prefect UI's flow-run logs) at most every PROGRESS_INTERVAL seconds
    and after the last batch; drawn as a progress bar too when stderr is a terminal.
    """

    def __init__(self, logger, stage: str, total: int):
        self.logger, self.stage, self.total = logger, stage, total
        self.done, self.started, self.last = 0, time.monotonic(), time.monotonic()
        self.bar = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=stage, unit="doc", file=sys.stderr, leave=False)

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            if self.done >= self.total:
                self.bar.close()
        now = time.monotonic()
        if self.total and (now - self.last >= PROGRESS_INTERVAL or self.done >= self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            self.logger.info(
                "%s: %d/%d documents (%.0f%%), %.1f docs/s, %.0f s remaining",
                self.stage, self.done, self.total, 100 * self.done / self.total, rate, eta,
            )  # fmt: skip


@flow(name="mine-corpus", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=1))
def mine_corpus(
    corpus: Path = Path("corpus"),
    out: Path = Path("outputs"),
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    full: bool = False,
) -> dict:
    """Mine every .txt/.md file under ``corpus`` into the CSV tables in ``out``."""
    logger = get_run_logger()
    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    try:
        with publish.run_lock(out, log_waiting=logger.info):
            return _mine(logger, corpus, out, model, batch_size, n_process, full)
    finally:
        parallel.shutdown_pools()  # no worker outlives the run, whether it completed or failed


def _pool_in_this_process(n_process: int) -> bool:
    """Annotation batches run here (not on Dask workers) and may use a process pool."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    runner = getattr(ctx, "task_runner", None)
    return n_process > 1 and isinstance(runner, ThreadPoolTaskRunner) and parallel.can_start_workers()


def _mine(logger, corpus: Path, out: Path, model, batch_size: int, n_process: int, full: bool) -> dict:
    publish.clean_stale(out)
    fingerprint = state.pipeline_fingerprint(model)
    store_path = state.state_dir_for(out) / "state.sqlite"
    if full:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    # Nothing per document of the corpus is held here: the listing is in the store, read back one
    # batch at a time as batch tasks are submitted (at most BATCHES_IN_FLIGHT ahead).
    n_files = discover_task(corpus, store_path, fingerprint)
    with state.StateStore(store_path, fingerprint) as store:
        dropped = store.drop_missing()
        n_known = store.count_known()
        if _pool_in_this_process(n_process) and (full or n_known < n_files):
            # New documents will need annotating: the workers load the pipeline while they are prepared.
            parallel.get_pool(n_process, model)
        logger.info(
            "discover: %d files under %s; %d already prepared; %d removed since the last run",
            n_files, corpus, n_known, dropped,
        )  # fmt: skip

        progress = _Progress(logger, "prepare", n_files)

        def submit_prepare(chunk: list[tuple[str, str]]):
            ids = {path: doc_id for doc_id, path in chunk}
            # Only this batch's stored hashes: a Dask worker receives the task's arguments over the wire.
            return prepare_task.submit(corpus, ids, store.known(dict(chunk)))

        n_new = 0
        for chunk, future in _in_order(submit_prepare, store.corpus_batches(batch_size)):
            records = future.result().items  # new or changed documents (unchanged ones are skipped)
            store.put_documents(records)
            n_new += len(records)
            progress.advance(len(chunk))
            # Release the batch now: Prefect's futures and states reference each other, so a result
            # left to them is freed only by the cyclic garbage collector, late (memory then grows
            # with the corpus).
            records.clear()
            del chunk, future
        counts = store.status_counts()
        logger.info(
            "prepare: %d new or changed; %d ok, %d empty, %d errors in the corpus",
            n_new, counts.get("ok", 0), counts.get("empty", 0), counts.get("error", 0),
        )  # fmt: skip

    duplicates = dedupe_task(store_path, fingerprint)
    logger.info("dedupe: %d duplicates among %d documents", len(duplicates), counts.get("ok", 0))

    with state.StateStore(store_path, fingerprint) as store:
        skip = {d.doc_id for d in duplicates}
        n_todo = store.count_pending(skip)
        progress = _Progress(logger, "annotate", n_todo)

        def submit_annotate(chunk: list[tuple[str, str]]):
            return annotate_task.submit(corpus, chunk, model, n_process)

        n_failed = 0
        for _chunk, future in _in_order(submit_annotate, store.pending_batches(batch_size, skip)):
            results = future.result().items
            store.put_annotations(results)
            n_failed += sum(err is not None for _, _, err in results)
            progress.advance(len(results))
            results.clear()  # as for prepare's records
            del _chunk, future
        logger.info(
            "annotate: %d annotated (%d failed); %d reused from earlier runs",
            n_todo - n_failed, n_failed, counts.get("ok", 0) - len(duplicates) - n_todo,
        )  # fmt: skip
    parallel.shutdown_pools()  # the workers' memory is not needed for writing the tables

    written = write_task(store_path, fingerprint, duplicates, out)
    logger.info("write: %s into %s", ", ".join(f"{k} {v}" for k, v in written.items()), out)
    return written
