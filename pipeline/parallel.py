"""A persistent pool of annotation worker processes: the pipeline loads once per worker, documents go
in as (doc_id, raw text) and only the small ``Annotation`` results come back.

    pool = get_pool(2)                                   # started once per (processes, model)
    pool.annotate([(doc_id, raw_text), ...])             # -> [(doc_id, annotation, error), ...]
    shutdown_pools()                                     # the flow does this at the end of a run

Why not ``nlp.pipe(n_process=2)``: it starts fresh workers on every call (each loads the pipeline and
the knowledge base again) and pickles whole ``Doc`` objects back to the parent, which then does the
relation rules and offset mapping alone; measured slower than one process. Here a worker
normalizes, runs NER and the relation rules and maps offsets itself, and returns a few hundred bytes
per document.

Start method ``spawn``: the flow process runs Prefect's threads (event loop, API client, log shipper),
and ``fork`` copies whatever locks those threads hold at that instant into the child, where nothing
will ever release them (a hang in logging or in an HTTP client, seen in practice with spaCy + threads +
fork); ``forkserver`` would avoid that too but is POSIX-only and adds a third process per run. A
spawned worker is a clean interpreter that imports the package and builds the pipeline once (a few
seconds, paid once per run: the pool is reused for every batch and started early so it loads while
documents are prepared).

Isolation matches ``batch.annotate_batch``: inside a worker a chunk that raises is retried one
document at a time, so only the culprit gets an error. A worker that dies outright (a segfault in an
extension, the OOM killer) breaks the whole ``ProcessPoolExecutor``; the pool is then restarted and
the documents of the chunks that were lost are annotated again one at a time, so the document that
kills a worker again is reported with the exit code or signal and the rest survive.

Results come back in input order whatever the workers' timing, so the output is byte-identical to
one process.

Keeping both cores busy. The flow runs several batch tasks at once (threads), each calling
``annotate``; their chunks queue up in the executor one call after another, so while one batch's last
chunks finish the next batch's first ones already keep the other worker busy (a call used to hold
the pool until its last chunk was back: every 200-document batch ended with one worker idle).
Chunks shrink towards the end of a call (guided self-scheduling: each takes 1/(2 x workers) of what
is left, at most ``MAX_CHUNK``, down to 1), so a run's final chunk is one document, and early
chunks are large: each task costs ~0.2 ms of CPU in the parent and ~0.2 ms in the worker (measured:
parent 0.24 / 0.11 / 0.05 s for 1000 BC5CDR abstracts in chunks of 1 / 8 / 32).
A document that breaks the pool is then found with the workers to itself: recovery waits for the
calls in flight to drain and holds new ones back (``_Gate``).
"""

from __future__ import annotations

import atexit
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

log = logging.getLogger(__name__)

START_METHOD = "spawn"
# Documents per task sent to a worker, at most: a task costs ~0.2 ms of CPU on each side of the pipe,
# 32 abstracts ~90 ms of annotation, so the round trip is noise. The last chunks of a call are smaller
# (``chunked``), so the other workers never wait long for the last one.
MAX_CHUNK = 32
# Each chunk takes 1/(TAIL_SHARE x workers) of the documents not yet chunked: sizes halve towards the
# end, with about TAIL_SHARE x workers x ln(...) chunks in all.
TAIL_SHARE = 2
# A worker that has not loaded the pipeline by then is stuck (the load takes seconds).
READY_TIMEOUT_S = 600.0
# How long a broken pool's processes get to exit (and have their exit codes recorded) before we say why.
EXIT_WAIT_S = 5.0

Item = tuple[str, "str | None"]  # (doc_id, raw text)
Result = tuple[str, object, "str | None"]  # (doc_id, Annotation | None, error)

# --------------------------------------------------------------------------- worker side

_worker_model: str | None = None
_worker_barrier = None


def _init_worker(model: str | None, barrier, setup: Callable[[], None] | None) -> None:
    """Runs once in each worker: load the pipeline and knowledge base, warm them up."""
    global _worker_model, _worker_barrier
    # Ctrl-C reaches the whole process group; the parent decides, and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_model, _worker_barrier = model, barrier
    if setup is not None:
        setup()
    from pipeline.annotate import warm_up

    warm_up(model)


def _ready() -> int:
    """A warm-up task: returns once every worker has loaded (each waits for the others)."""
    if _worker_barrier is not None:
        _worker_barrier.wait(timeout=READY_TIMEOUT_S)
    return os.getpid()


def _annotate_chunk(items: list[Item]) -> list[Result]:
    from pipeline.batch import annotate_isolated

    return annotate_isolated(items, model=_worker_model)


def _annotate_then_wait(items: list[Item]) -> int:
    """One of ``n_process`` tasks of ``AnnotationPool.warm``: the barrier keeps a worker that has
    finished from taking a second one, so each worker runs exactly one."""
    for i in range(0, len(items), MAX_CHUNK):  # in the chunks ``annotate`` would send at most
        _annotate_chunk(items[i : i + MAX_CHUNK])
    _ready()
    return os.getpid()


# --------------------------------------------------------------------------- parent side


def chunked(items: Sequence, n_workers: int) -> list[list]:
    """Consecutive chunks of ``items`` (order kept), guided: each holds 1/(TAIL_SHARE x n_workers) of
    the items left, at most MAX_CHUNK and at least 1, so the last chunks are single documents and a
    call ends with its workers finishing within about one document of each other."""
    out, i, n = [], 0, len(items)
    while i < n:
        size = max(1, min(MAX_CHUNK, math.ceil((n - i) / (TAIL_SHARE * n_workers))))
        out.append(list(items[i : i + size]))
        i += size
    return out


class _Gate:
    """Shared/exclusive access to the pool. Annotate calls share it: any number may have chunks in
    flight. Restarting the pool, recovering a lost chunk one document at a time, and closing need
    the workers to themselves: an exclusive holder waits for the calls in flight to finish, and
    calls that arrive meanwhile wait for it (so a recovery is never starved)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._shared = 0
        self._exclusive = False
        self._waiting = 0  # exclusive holders waiting

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._exclusive or self._waiting:
                self._cond.wait()
            self._shared += 1
        try:
            yield
        finally:
            with self._cond:
                self._shared -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            try:
                while self._exclusive or self._shared:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._exclusive = True
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


def _death_reason(exitcodes: list[int | None]) -> str:
    """'worker process died (exit code 3)' or '(signal SIGKILL)' from the workers' exit codes."""
    # The executor SIGTERMs the surviving workers after one dies: prefer any other code.
    codes = [c for c in exitcodes if c not in (None, 0)]
    codes.sort(key=lambda c: c == -signal.SIGTERM)
    if not codes:
        return "worker process died"
    code = codes[0]
    if code < 0:
        try:
            return f"worker process died (signal {signal.Signals(-code).name})"
        except ValueError:
            return f"worker process died (signal {-code})"
    return f"worker process died (exit code {code})"


class AnnotationPool:
    """``n_process`` spawned workers with the pipeline loaded; see the module docstring.

    ``setup`` runs in each worker before the pipeline loads (a picklable module-level function;
    tests use it to inject faults).
    """

    def __init__(self, n_process: int, model: str | None = None, *, setup: Callable[[], None] | None = None):
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, got {n_process}")
        self.n_process, self.model, self.setup = n_process, model, setup
        self._ctx = multiprocessing.get_context(START_METHOD)
        self._gate = _Gate()
        self._submit_lock = threading.Lock()  # a call's chunks enter the queue together, in order
        self._executor: ProcessPoolExecutor | None = None
        self._processes: dict = {}
        self._ready: list[Future] = []
        self.restarts = 0
        self._start()

    # -- lifecycle

    def _start(self) -> None:
        barrier = self._ctx.Barrier(self.n_process)
        self._executor = ProcessPoolExecutor(
            max_workers=self.n_process,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(self.model, barrier, self.setup),
        )
        # One warm-up task per worker, each waiting for the others: spawns every worker now (the
        # executor spawns on demand) and lets ``wait_ready`` know when all have loaded.
        self._ready = [self._executor.submit(_ready) for _ in range(self.n_process)]
        self._track()

    def _track(self) -> None:
        """Remember the worker processes (the executor forgets them once broken; we need exit codes)."""
        if self._executor is not None:
            self._processes.update(getattr(self._executor, "_processes", None) or {})

    def wait_ready(self, timeout: float | None = READY_TIMEOUT_S) -> list[int]:
        """Block until every worker has loaded the pipeline; returns their pids."""
        return [f.result(timeout=timeout) for f in self._ready]

    def warm(self, items: Sequence[Item]) -> list[int]:
        """Every worker annotates all of ``items`` once (results dropped); returns their pids.

        For measurements: afterwards every worker has the same caches and vocabulary (the same
        documents, in the same order, went through each), whatever the number of workers."""
        with self._gate.exclusive():
            if self._executor is None:
                raise RuntimeError("the annotation pool is closed")
            futures = [self._executor.submit(_annotate_then_wait, list(items)) for _ in range(self.n_process)]
            return [f.result() for f in futures]  # bounded: a worker waits READY_TIMEOUT_S at most

    def pids(self) -> list[int]:
        self._track()
        return sorted(p.pid for p in self._processes.values() if p.is_alive())

    def _restart(self) -> None:
        self._shutdown_executor()
        self.restarts += 1
        self._processes = {}
        self._start()

    def _shutdown_executor(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        self._track()
        executor.shutdown(wait=True, cancel_futures=True)
        for proc in self._processes.values():  # belt and braces: nothing outlives the pool
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)

    def close(self) -> None:
        """Stop the workers, once the calls in flight have their results."""
        with self._gate.exclusive():
            self._shutdown_executor()

    @property
    def closed(self) -> bool:
        return self._executor is None

    def __enter__(self) -> AnnotationPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- work

    def annotate(self, items: Sequence[Item]) -> list[Result]:
        """(doc_id, annotation, error) for each (doc_id, raw text), in input order.

        Thread-safe, and calls from several threads overlap: each call's chunks are queued behind
        those of the calls before it, so the workers go on to the next batch while this one's last
        chunks finish."""
        chunks = chunked(items, self.n_process)
        out: list[list[Result] | None] = []
        broken = False
        with self._gate.shared():
            executor = self._executor
            if executor is None:
                raise RuntimeError("the annotation pool is closed")
            futures: list[Future | None] = []
            with self._submit_lock:
                for chunk in chunks:
                    try:
                        futures.append(executor.submit(_annotate_chunk, chunk))
                    except BrokenProcessPool:  # another call's document killed a worker just now
                        futures.append(None)
                self._track()
            for future in futures:
                try:
                    if future is None:
                        raise BrokenProcessPool("the pool broke before this chunk was queued")
                    out.append(future.result())
                except BrokenProcessPool:
                    broken = True
                    out.append(None)
                except Exception as e:  # e.g. a result that would not unpickle: retried per document
                    log.warning("annotation chunk failed in the pool (%s); retrying one by one", e)
                    out.append(None)
        if any(part is None for part in out):
            with self._gate.exclusive():  # the calls in flight have drained; new ones wait
                if self._executor is None:
                    raise RuntimeError("the annotation pool is closed")
                if (broken and self._executor is executor) or self._is_broken():
                    # (a call that shared the broken pool may have restarted it already)
                    log.warning("%s; restarting the pool", self._exit_reason())
                    self._restart()
                for i, chunk in enumerate(chunks):
                    if out[i] is None:
                        out[i] = self._recover(chunk)
        return [r for part in out for r in part]

    def _is_broken(self) -> bool:
        return bool(getattr(self._executor, "_broken", False))

    def _exit_reason(self) -> str:
        self._track()
        procs = list(self._processes.values())
        deadline = time.monotonic() + EXIT_WAIT_S
        for proc in procs:
            proc.join(timeout=max(0.0, deadline - time.monotonic()))
        # The executor's own thread reaps these processes at the same moment (it joins them too). A
        # process it has reaped but whose exit code it has not yet recorded reads as None here (our
        # waitpid finds no child): under load that dropped the culprit's code and reported only the
        # SIGTERM the executor sent the survivors. Wait for the record.
        while any(p.exitcode is None for p in procs) and time.monotonic() < deadline:
            time.sleep(0.01)
        return _death_reason([p.exitcode for p in procs])

    def _run_alone(self, chunk: list[Item]) -> tuple[list[Result] | None, str | None]:
        """Run one chunk with nothing else in flight: (results, None) or (None, why it failed)."""
        try:
            future = self._executor.submit(_annotate_chunk, chunk)
            self._track()
            return future.result(), None
        except BrokenProcessPool:
            reason = self._exit_reason()
            self._restart()
            return None, reason
        except Exception as e:
            return None, f"{type(e).__name__}: {e}"

    def _recover(self, chunk: list[Item]) -> list[Result]:
        """A chunk lost with a dead worker (or that failed in transit): again one document at a time,
        nothing else in flight, so a document that kills its worker again is the culprit. A document
        costs ~3 ms, a pool restart seconds: this keeps to one restart per culprit."""
        out = []
        for item in chunk:
            results, reason = self._run_alone([item])
            if results is None:
                log.warning("annotation failed for %s: %s", item[0], reason)
                results = [(item[0], None, f"annotation failed: {reason}")]
            out.extend(results)
        return out


# --------------------------------------------------------------------------- per-process registry

_pools: dict[tuple[int, str | None], AnnotationPool] = {}
_registry_lock = threading.Lock()


def can_start_workers() -> bool:
    """False inside a daemonic process (a Dask worker): it may not have children of its own."""
    return not multiprocessing.current_process().daemon


def get_pool(n_process: int, model: str | None = None) -> AnnotationPool:
    """The process' pool for (n_process, model), started on first use and reused until shut down."""
    with _registry_lock:
        pool = _pools.get((n_process, model))
        if pool is None or pool.closed:
            pool = _pools[(n_process, model)] = AnnotationPool(n_process, model)
        return pool


def shutdown_pools() -> None:
    """Stop every pool of this process and wait for its workers to exit (idempotent)."""
    with _registry_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


atexit.register(shutdown_pools)
