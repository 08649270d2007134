"""The annotation worker pool (pipeline.parallel): same annotations as one process, in order; a document
that raises or kills its worker is isolated; no worker outlives the pool; memory zones keep the
vocabulary flat without corrupting later documents.

One pool for the module (spawned workers take seconds to load the pipeline). Its workers run
``_inject_faults`` first, so two magic phrases misbehave there and only there.
"""

from __future__ import annotations

import os

import psutil
import pytest

from pipeline import parallel
from pipeline.batch import annotate_isolated

TEXTS = [
    "Ketamine, an NMDA receptor antagonist, produced rapid antidepressant effects in mice.",
    "Esketamine nasal spray reduced depressive symptoms within 24 hours; nausea was common.",
    "Psilocybin is a 5-HT2A receptor agonist.\nIt reduced anhedonia in a small open-label study.\n",
    "# Zuranolone\n\nZuranolone, a GABA-A receptor positive allosteric modulator, treats postpartum "
    "depression. Dizziness and sedation were the most common adverse events.\n",
    "Dextromethorphan-bupropion blocks the NMDA receptor and the sigma-1 receptor.",
    "Brexanolone did not cause hepatotoxicity. Lithium may inhibit GSK-3.",
    "Ketamine is metabolized by CYP3A4 to norketamine.\n\nFigure 1. CYP3A4 is the main enzyme responsible "
    "for ketamine's N-demethylation.\n\nMemantine blocks NMDA receptors.\n",
    "",
]
# More documents than one chunk, so several chunks from both workers are merged back in order.
ITEMS = [
    (f"doc{i:02d}", f"{TEXTS[i % len(TEXTS)]} Trial {i} enrolled {10 * i + 7} patients.") for i in range(30)
]

RAISES = "This text trips a bug in annotation."
KILLS = "This text kills the worker outright."


def _inject_faults() -> None:
    """Runs in each worker before the pipeline loads (picklable by reference: a module function)."""
    import pipeline.annotate as annotate

    real = annotate.build_annotation

    def faulty(doc, norm, raw, kb, **kw):
        if RAISES in raw:
            raise IndexError("pathological input")
        if KILLS in raw:
            os._exit(3)  # as a segfault or the OOM killer would: no exception, no cleanup
        return real(doc, norm, raw, kb, **kw)

    annotate.build_annotation = faulty


@pytest.fixture(scope="module")
def pool():
    with parallel.AnnotationPool(2, setup=_inject_faults) as p:
        p.wait_ready()
        yield p


def test_parallel_two_processes_equal_one_in_order(pool):
    one = annotate_isolated(ITEMS)
    two = pool.annotate(ITEMS)
    assert [d for d, _, _ in two] == [d for d, _ in ITEMS]
    assert all(err is None for _, _, err in two)
    assert two == one
    assert sum(len(a.mentions) for _, a, _ in two) > 30  # the texts really were annotated
    caption = two[6][1]  # the figure caption is analysed on its own, with raw offsets
    assert any(m.text == "CYP3A4" and m.start > ITEMS[6][1].index("Figure 1") for m in caption.mentions)


def test_parallel_chunks_keep_order_and_cover_everything():
    items = list(range(203))
    chunks = parallel.chunked(items, 2)
    assert [x for c in chunks for x in c] == items
    assert max(len(c) for c in chunks) <= parallel.MAX_CHUNK
    assert parallel.chunked([], 2) == []


@pytest.mark.parametrize("n_items, n_workers", [(1, 2), (7, 2), (200, 2), (1000, 2), (1000, 8), (50, 1)])
def test_parallel_chunks_shrink_to_single_documents_at_the_end(n_items, n_workers):
    """Guided: large chunks first (fewer round trips), one document last (the workers finish together)."""
    items = list(range(n_items))
    sizes = [len(c) for c in parallel.chunked(items, n_workers)]
    assert sum(sizes) == n_items and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True) and max(sizes) <= parallel.MAX_CHUNK
    # each chunk is at most its share of what was left, so no worker can be left with much at the end
    left = n_items
    for size in sizes:
        assert size <= max(1, -(-left // (parallel.TAIL_SHARE * n_workers)))
        left -= size
    if n_items >= 1000:
        assert len(sizes) < n_items / 8  # far fewer tasks than the 8-document chunks of before


def test_parallel_calls_from_several_threads_overlap_and_each_gets_its_own_results(pool):
    """The flow runs batch tasks in threads: their calls share the workers, each result in order."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [ITEMS[i::3] for i in range(3)] + [ITEMS[:1], []]
    with ThreadPoolExecutor(max_workers=len(batches)) as threads:
        results = list(threads.map(pool.annotate, batches))
    assert results == [annotate_isolated(b) for b in batches]


def test_parallel_a_worker_killed_during_other_calls_costs_only_the_culprit(pool):
    from concurrent.futures import ThreadPoolExecutor

    deadly = [*ITEMS[:6], ("killer", KILLS), *ITEMS[6:12]]
    batches = [ITEMS[12:24], deadly, ITEMS[24:30]]
    with ThreadPoolExecutor(max_workers=len(batches)) as threads:
        results = list(threads.map(pool.annotate, batches))
    assert results[1][6] == ("killer", None, "annotation failed: worker process died (exit code 3)")
    assert results[1][:6] + results[1][7:] == annotate_isolated(ITEMS[:12])
    assert results[0] == annotate_isolated(ITEMS[12:24]) and results[2] == annotate_isolated(ITEMS[24:30])
    assert len(pool.pids()) == 2


def test_parallel_warm_runs_the_items_once_in_every_worker(pool):
    pids = pool.warm(ITEMS[:4])
    assert sorted(pids) == pool.pids() and len(set(pids)) == 2
    assert pool.annotate(ITEMS[:4]) == annotate_isolated(ITEMS[:4])  # warm leaves the pool usable


def test_parallel_gate_exclusive_waits_for_calls_in_flight_and_holds_back_new_ones():
    import threading
    import time

    gate, order = parallel._Gate(), []
    release = threading.Event()

    def call_in_flight():
        with gate.shared():
            release.wait()
            order.append("in flight done")

    def recovery():
        with gate.exclusive():
            order.append("exclusive")

    def later_call():
        with gate.shared():
            order.append("later call")

    first = threading.Thread(target=call_in_flight)
    first.start()
    while gate._shared != 1:
        time.sleep(0.001)
    second = threading.Thread(target=recovery)
    second.start()
    while gate._waiting != 1:
        time.sleep(0.001)
    third = threading.Thread(target=later_call)
    third.start()
    release.set()
    for t in (first, second, third):
        t.join(timeout=10)
    assert order == ["in flight done", "exclusive", "later call"]


def test_parallel_document_raising_in_a_worker_is_isolated(pool):
    items = [*ITEMS[:5], ("bad", RAISES), *ITEMS[5:12]]
    results = pool.annotate(items)
    assert [d for d, _, _ in results] == [d for d, _ in items]
    bad = results[5]
    assert bad == ("bad", None, "annotation failed: IndexError: pathological input")
    good = [r for r in results if r[0] != "bad"]
    assert good == annotate_isolated([i for i in items if i[0] != "bad"])


def test_parallel_document_killing_its_worker_is_isolated_and_the_pool_recovers(pool):
    items = [*ITEMS[:10], ("killer", KILLS), *ITEMS[10:20]]
    before = pool.restarts
    results = pool.annotate(items)
    assert [d for d, _, _ in results] == [d for d, _ in items]
    assert results[10] == ("killer", None, "annotation failed: worker process died (exit code 3)")
    good = [r for r in results if r[0] != "killer"]
    assert good == annotate_isolated([i for i in items if i[0] != "killer"])
    assert pool.restarts > before
    assert pool.annotate(ITEMS[:3]) == annotate_isolated(ITEMS[:3])  # still usable afterwards
    assert len(pool.pids()) == 2


def test_parallel_unreadable_document_is_reported_not_sent(pool):
    results = pool.annotate([("gone", None), ITEMS[0]])
    assert results[0] == ("gone", None, "annotation failed: the document became unreadable during the run")
    assert results[1][2] is None


def test_parallel_registry_reuses_and_shuts_down(monkeypatch):
    started = []

    class Fake:
        closed = False

        def __init__(self, n, model):
            started.append((n, model))

        def close(self):
            self.closed = True

    monkeypatch.setattr(parallel, "AnnotationPool", Fake)
    monkeypatch.setattr(parallel, "_pools", {})
    a = parallel.get_pool(2)
    assert parallel.get_pool(2) is a and started == [(2, None)]
    parallel.shutdown_pools()
    assert a.closed and parallel._pools == {}
    assert parallel.get_pool(2) is not a  # a new run starts a new pool


def test_parallel_worker_death_reason():
    assert parallel._death_reason([-15, 3]) == "worker process died (exit code 3)"
    assert parallel._death_reason([-9, -15]) == "worker process died (signal SIGKILL)"
    assert parallel._death_reason([None, 0]) == "worker process died"


def test_memory_zone_frees_new_strings_and_later_documents_are_unharmed(monkeypatch):
    import pipeline.annotate as annotate
    from pipeline.annotate import annotate_texts, warm_up
    from pipeline.nlp import get_nlp

    warm_up()
    monkeypatch.setattr(annotate, "WARM_DOCS", 0)  # every document inside a zone from now on
    strings = get_nlp().vocab.strings
    reference = list(annotate_texts(TEXTS))
    n_strings = len(strings)
    novel = [f"Ketamine (dose Zq{i}x{i * 7}mg) blocked NMDA receptors in cohort Wv{i}kk." for i in range(300)]
    annotated = list(annotate_texts(novel))
    assert all(a.mentions for a in annotated)
    assert len(strings) <= n_strings + 10  # the 900 new token strings were freed with their zones
    assert list(annotate_texts(TEXTS)) == reference
    assert all(m.label and m.concept_id for a in annotated for m in a.mentions)


def test_parallel_close_leaves_no_worker_process(pool):
    """Last in the module: closes the shared pool."""
    pids = pool.pids()
    assert len(pids) == 2 and all(psutil.pid_exists(pid) for pid in pids)
    pool.close()
    assert pool.closed
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids)
    with pytest.raises(RuntimeError, match="closed"):
        pool.annotate(ITEMS[:1])


class _ReapedElsewhere:
    """A dead worker whose exit code another thread (the executor's) has reaped but not yet recorded:
    ``exitcode`` reads None a few times before the code appears."""

    def __init__(self, code: int, none_reads: int):
        self.code, self.none_reads = code, none_reads

    def join(self, timeout=None) -> None:
        pass

    @property
    def exitcode(self):
        if self.none_reads:
            self.none_reads -= 1
            return None
        return self.code


def test_parallel_exit_reason_waits_for_an_exit_code_being_recorded():
    pool = object.__new__(parallel.AnnotationPool)  # no workers: only the bookkeeping is exercised
    pool._executor = None
    pool._processes = {1: _ReapedElsewhere(3, none_reads=5), 2: _ReapedElsewhere(-15, none_reads=0)}
    assert pool._exit_reason() == "worker process died (exit code 3)"
