"""Where the time goes: a throughput benchmark of every stage and two references.

``run_benchmark`` builds a corpus (a folder of real abstracts, a PubTator file such as BC5CDR, or
the seeded generator in ``pipeline.bench.corpus``), times each library stage on it (read, normalize,
dedupe signatures and clustering, NER, relations, state + tables), and in the same run measures two
references on the same texts: spaCy's blank English with scispacy's tokenizer (the floor of any
spaCy pipeline) and ``drug_named_entity_recognition.find_drugs`` on the token lists (the dictionary
lookup a user would otherwise pick). It profiles annotation with pyinstrument, measures the 1 -> 2
process speed-up, and with ``flow=True`` runs the Prefect flow on the same corpus to split its wall
time into library work, orchestration and Prefect start-up.

Numbers are measurements of this machine, returned as a dict and formatted by ``format_benchmark``;
nothing here asserts a speed.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from pipeline.bench.corpus import load_source, write_corpus
from pipeline.bench.timing import max_rss_mb, measure, rate

# Documents profiled and used for the process speed-up: enough for a stable picture (> 2 s of work),
# few enough that the benchmark stays a few minutes on 1k documents.
PROFILE_DOCS = 300
TOP_COSTS = 12
# Documents annotated for the process speed-up: seconds of work per process, so the last chunk's
# imbalance (a few documents) is noise.
SPEEDUP_DOCS = 2000
# Batch size the benchmark's library-equivalent run and the process speed-up use; the flow's default.
FLOW_BATCH = 200
# Batch calls the speed-up keeps in flight at once, from threads, as the flow's task runner does.
BATCHES_IN_FLIGHT = 4
# Timed passes of the warm (steady-state) speed-up, alternating 1 and N workers; the median is shown.
WARM_ROUNDS = 3


def _library_stages(texts: list[str], corpus: Path, work: Path) -> tuple[list[dict], dict]:
    """Time every library stage on the corpus; returns the stage rows and what the references need."""
    from pipeline import batch, dedupe, ingest, state, tables
    from pipeline.annotate import build_annotation
    from pipeline.kb import load_kb
    from pipeline.nlp import get_nlp
    from pipeline.normalize import normalize

    n, words = len(texts), sum(len(t.split()) for t in texts)
    stages = []
    _, row = measure("load NLP pipeline + KB (once per process)", 0, 0, lambda: (get_nlp(), load_kb()))
    stages.append(row)
    nlp, kb = get_nlp(), load_kb()
    nlp("Warm-up sentence.")  # first-call costs (lazy tables, regex compilation) are not throughput
    paths = ingest.discover(corpus)
    doc_ids = ingest.assign_doc_ids(paths)
    pairs = sorted(doc_ids.items())

    def run(name: str, fn: Callable[[], object]) -> object:
        result, row = measure(name, n, words, fn)
        stages.append(row)
        return result

    srcs = run("read + decode", lambda: [ingest.read_document(corpus, p, d) for d, p in pairs])
    raws = [s.text for s in srcs]
    norms = run("normalize", lambda: [normalize(t) for t in raws])
    sigs = run(
        "dedupe signatures",
        lambda: [
            dedupe.signature(s.doc_id, m.text, m.n_content_chars) for s, m in zip(srcs, norms, strict=True)
        ],
    )
    texts_by_id = {s.doc_id: m.text for s, m in zip(srcs, norms, strict=True)}
    duplicates = run("dedupe clustering", lambda: dedupe.find_duplicates(sigs, texts_by_id.__getitem__))
    docs = run("NER (nlp.pipe)", lambda: list(nlp.pipe([m.text for m in norms], batch_size=64)))
    annotations = run(
        "relations + offsets (build_annotation)",
        lambda: [build_annotation(d, m, r, kb) for d, m, r in zip(docs, norms, raws, strict=True)],
    )
    docs.clear()  # Docs are the largest objects here; the write stage should not carry them
    # Records as the flow stores them (this repeats read/normalize/sign, so it is not timed).
    records = [batch.prepare(corpus, p, d) for d, p in pairs]
    out = work / "tables"
    out.mkdir(parents=True, exist_ok=True)

    def write() -> dict:
        with state.StateStore(work / "state.sqlite", "bench") as store:
            store.put_documents(records)
            store.put_annotations([(s.doc_id, a, None) for s, a in zip(srcs, annotations, strict=True)])
            return tables.write_tables(
                tables.outcomes(store.records(), store.annotations(), duplicates), duplicates, out
            )

    run("state store + tables", write)
    extra = {"normalized": [m.text for m in norms], "annotations": annotations, "duplicates": len(duplicates)}
    return stages, extra


def _references(texts: list[str], n_words: int) -> tuple[list[dict], list]:
    """The two references, timed on the same texts: scispacy tokenizer, then find_drugs on its tokens."""
    import spacy
    from drug_named_entity_recognition import find_drugs
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    blank = spacy.blank("en")
    blank.tokenizer = combined_rule_tokenizer(blank)
    find_drugs(["warm", "up", "ketamine"])  # loads its dictionaries outside the timing
    blank("Warm-up sentence.")  # first-call costs stay out of the timing, as for our pipeline
    n = len(texts)
    docs, tok = measure(
        "reference: scispacy tokenizer", n, n_words, lambda: list(blank.tokenizer.pipe(texts))
    )
    token_lists = [[t.text for t in d] for d in docs]
    found, drug = measure(
        "reference: find_drugs on token lists", n, n_words, lambda: [find_drugs(t) for t in token_lists]
    )
    spans = [
        [(d[start].idx, d[end - 1].idx + len(d[end - 1].text)) for _, start, end in hits]
        for d, hits in zip(docs, found, strict=True)
    ]
    return [tok, drug], spans


def _accuracy(gold: list, annotations: list, drug_spans: list) -> dict:
    """Strict F1 on BC5CDR Chemical: our DRUG, our DRUG+CHEMICAL, and the drug finder's spans."""
    from pipeline.evaluate import GOLD_CLASSES, match_spans

    gold_spans = {
        (d.doc_id, e.start, e.end) for d in gold for e in d.entities if GOLD_CLASSES.get(e.type) == "chemical"
    }
    ours = {
        labels: {
            (d.doc_id, m.start, m.end) for d, a in zip(gold, annotations, strict=True)
            for m in a.mentions if m.label in labels
        }
        for labels in (("DRUG",), ("DRUG", "CHEMICAL"))
    }  # fmt: skip
    theirs = {(d.doc_id, s, e) for d, spans in zip(gold, drug_spans, strict=True) for s, e in spans}
    rows = {
        "ours DRUG vs Chemical": ours[("DRUG",)],
        "ours DRUG+CHEMICAL vs Chemical": ours[("DRUG", "CHEMICAL")],
        "find_drugs vs Chemical": theirs,
    }
    return {name: match_spans(pred, gold_spans, overlap=False)[0].as_dict() for name, pred in rows.items()}


def profile_annotation(texts: list[str], top: int = TOP_COSTS) -> list[dict]:
    """pyinstrument over ``annotate_texts``: the functions with the most self time, with their share."""
    from pyinstrument import Profiler

    from pipeline.annotate import annotate_texts

    list(annotate_texts(["Warm-up sentence."]))
    profiler = Profiler(interval=0.001)
    profiler.start()
    list(annotate_texts(texts))
    profiler.stop()
    root = profiler.last_session.root_frame()
    if root is None:  # finished before the first sample: nothing to rank
        return []
    totals: dict[str, float] = {}
    stack = [root]
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if frame.is_synthetic:  # pyinstrument's "[self]"/"[await]" leaves: counted in their parent
            continue
        own = frame.time - sum(child.time for child in frame.children if not child.is_synthetic)
        if own > 0:
            where = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
            totals[where] = totals.get(where, 0.0) + own
    whole = root.time or 1.0
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [{"function": k, "self_seconds": round(v, 3), "share": round(v / whole, 3)} for k, v in ranked]


def _cpu_seconds(procs: list[psutil.Process]) -> list[float]:
    return [sum(p.cpu_times()[:2]) for p in procs]  # user + system


def _feed(pool, items: list[tuple[str, str]]) -> list:
    """``items`` through ``pool`` as the flow sends them: batches of FLOW_BATCH documents, several
    batch calls in flight from threads (the flow's task runner), results in order."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [items[i : i + FLOW_BATCH] for i in range(0, len(items), FLOW_BATCH)]
    with ThreadPoolExecutor(max_workers=BATCHES_IN_FLIGHT) as threads:
        return [r for part in threads.map(pool.annotate, batches) for r in part]


def _timed(pool, workers: list[psutil.Process], items: list[tuple[str, str]]) -> dict:
    """One timed pass of ``items`` through ``pool``: wall, parent CPU and each worker's CPU."""
    w0 = _cpu_seconds(workers)
    t0, c0 = time.perf_counter(), time.process_time()
    results = _feed(pool, items)
    seconds, parent_cpu = time.perf_counter() - t0, time.process_time() - c0
    worker_cpu = [b - a for a, b in zip(w0, _cpu_seconds(workers), strict=True)]
    return {"results": results, "seconds": seconds, "parent_cpu": parent_cpu, "worker_cpu": worker_cpu}


def _start(n_process: int) -> tuple:
    """A fresh pool of ``n_process`` workers, loaded: (pool, worker processes, start-up seconds)."""
    from pipeline.parallel import AnnotationPool

    t0 = time.perf_counter()
    pool = AnnotationPool(n_process)
    workers = [psutil.Process(pid) for pid in pool.wait_ready()]
    return pool, workers, time.perf_counter() - t0


def _pool_run(items: list[tuple[str, str]], n_process: int) -> dict:
    """Annotate ``items`` with a fresh pool of ``n_process`` workers, timed once they have loaded."""
    pool, workers, startup = _start(n_process)
    with pool:
        startup_cpu = _cpu_seconds(workers)  # interpreter, imports, KB and pipeline load, warm-up
        return {**_timed(pool, workers, items), "startup": startup, "startup_cpu": startup_cpu}


def _cpu_figures(one: dict, many: dict, n_docs: int) -> dict:
    """What the CPU times of a 1-worker and an N-worker pass allow, whatever else the machine runs."""
    cpu_1, worker_cpu, parent_cpu = one["worker_cpu"][0], many["worker_cpu"], many["parent_cpu"]
    busiest, n_process = max(worker_cpu), len(worker_cpu)
    # With N workers on N cores the parent takes its CPU from theirs; one worker leaves it a core.
    shared = max(busiest, (sum(worker_cpu) + parent_cpu) / n_process)
    return {
        "cpu_seconds_1": round(cpu_1, 3),
        "worker_cpu_seconds": [round(c, 3) for c in worker_cpu],
        "parent_cpu_seconds": round(parent_cpu, 3),
        "parent_cpu_ms_per_doc": round(1000 * parent_cpu / n_docs, 4),
        # CPU the N workers spend beyond the single worker's, as a share of it (caches each worker
        # fills for itself, per-task overheads, cores competing for memory)
        "extra_worker_cpu_share": round(sum(worker_cpu) / cpu_1 - 1, 3) if cpu_1 > 0 else None,
        "cpu_bound_speedup": round(cpu_1 / busiest, 2) if busiest > 0 else None,
        # Also counting the parent's CPU, shared out over the workers' cores (it needs one too; with
        # one worker it has a core of its own, so it does not count there). Never above the former.
        "cpu_bound_speedup_with_parent": round(cpu_1 / shared, 2) if shared > 0 else None,
    }


def _warm_speedup(items: list[tuple[str, str]], n_process: int, rounds: int, expected: list) -> dict:
    """The steady state: fresh pools whose every worker first annotates all of ``items`` once,
    untimed (``AnnotationPool.warm``: the same documents in the same order through each, so every
    worker of both pools holds the same caches and vocabulary), then ``rounds`` timed passes of
    the same items, alternating 1 worker and ``n_process`` workers so that a change in the machine's
    load hits both alike. Figures are medians over the rounds, with the range of the speed-ups;
    ``identical``: every pass gave ``expected``, the annotations of an in-process run."""
    import statistics

    passes: dict[int, list[dict]] = {1: [], n_process: []}
    pools = {}
    try:
        for n in (1, n_process):
            pools[n] = _start(n)
            pools[n][0].warm(items)
        for _ in range(rounds):
            for n in (1, n_process):
                pool, workers, _ = pools[n]
                passes[n].append(_timed(pool, workers, items))
    finally:
        for pool, _, _ in pools.values():
            pool.close()
    ones, manys = passes[1], passes[n_process]
    pairs = list(zip(ones, manys, strict=True))
    speedups = sorted(a["seconds"] / b["seconds"] for a, b in pairs if b["seconds"] > 0)
    cpu = [_cpu_figures(a, b, len(items)) for a, b in pairs]

    def median(key: str):
        values = [c[key] for c in cpu if c[key] is not None]
        return round(statistics.median(values), 4) if values else None

    return {
        "rounds": rounds,
        "seconds_1": round(statistics.median(p["seconds"] for p in ones), 3),
        "seconds_2": round(statistics.median(p["seconds"] for p in manys), 3),
        "speedup": round(statistics.median(speedups), 2) if speedups else None,
        "speedup_range": [round(speedups[0], 2), round(speedups[-1], 2)] if speedups else None,
        "identical": all([a for _, a, _ in p["results"]] == expected for p in ones + manys),
        **{key: median(key) for key in (
            "cpu_bound_speedup", "cpu_bound_speedup_with_parent", "extra_worker_cpu_share",
            "parent_cpu_ms_per_doc", "cpu_seconds_1",
        )},  # fmt: skip
    }


def process_speedup(texts: list[str], n_process: int = 2, rounds: int = WARM_ROUNDS) -> dict:
    """Annotation of the same texts by a pool of 1 worker and by a pool of ``n_process`` workers.

    Cold (the top-level figures): both pools (``pipeline.parallel``) are fresh, spawned and loaded
    before the clock starts, and get the texts as the flow sends them (``_feed``): both begin with
    empty per-word caches and pay the same inter-process traffic. (Timing this process instead
    would favour one process: earlier stages of the benchmark warmed its caches on these very
    texts.) This is what a short run sees, including the cold-cache work every extra worker
    repeats: each fills its caches from its share of the texts, so words common to both shares are
    looked up the slow way once per worker (``extra_worker_cpu_share``). ``warm`` is the steady
    state of a long run, every worker of both pools first warmed on the same texts
    (``_warm_speedup``), as the median of ``rounds`` alternating passes (``rounds`` = 0: skipped).

    Besides wall times (which another busy process on the machine spoils), it reports what does not
    depend on a quiet machine: CPU seconds of each worker and of the parent, bytes crossing the
    process boundary per document, the parent's pickling time, and the speed-up the CPU times allow
    when every worker has a core of its own (``cpu_bound_speedup``: the single worker's CPU time over
    the busiest worker's). ``identical`` says the annotations equal an in-process run's exactly.
    """
    import pickle

    from pipeline.annotate import annotate_texts

    items = [(str(i), t) for i, t in enumerate(texts)]
    one = _pool_run(items, 1)
    many = _pool_run(items, n_process)
    results, seconds_1, seconds_n = many["results"], one["seconds"], many["seconds"]
    in_process = list(annotate_texts(texts))
    # What the parent spends on IPC: pickling the inputs and unpickling the results, timed alone.
    sent, returned = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL), pickle.dumps(results, protocol=5)
    c0 = time.process_time()
    pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(returned)
    pickling = time.process_time() - c0
    n = max(len(texts), 1)
    out = {
        "documents": len(texts),
        "cpus": psutil.cpu_count(logical=True),
        "processes": n_process,
        "seconds_1": round(seconds_1, 3),
        "seconds_2": round(seconds_n, 3),
        "speedup": round(seconds_1 / seconds_n, 2) if seconds_n > 0 else None,
        "identical": [a for _, a, _ in results] == in_process
        and [a for _, a, _ in one["results"]] == in_process,
        "errors": sum(err is not None for _, _, err in results),
        **_cpu_figures(one, many, n),
        "parent_pickling_ms_per_doc": round(1000 * pickling / n, 4),
        "bytes_sent_per_doc": round(len(sent) / n),
        "bytes_returned_per_doc": round(len(returned) / n),
        "pool_startup_seconds": round(many["startup"], 2),
        # CPU each worker spends before its first document: paid once per run, per worker
        "worker_startup_cpu_seconds": [round(c, 2) for c in many["startup_cpu"]],
    }
    if rounds > 0:
        out["warm"] = _warm_speedup(items, n_process, rounds, in_process)
    return out


def _flow_split(corpus: Path, work: Path, library_seconds_of: Callable[[Path], float]) -> dict:
    """Prefect start-up (a no-op flow) and the flow's wall time; orchestration = wall - library work."""
    from prefect import flow

    from pipeline.flow import mine_corpus

    @flow(name="bench-noop")
    def _noop() -> int:
        return 0

    t0 = time.perf_counter()
    _noop()
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    mine_corpus(corpus=corpus, out=work / "flow-out", batch_size=FLOW_BATCH, full=True)
    wall = time.perf_counter() - t1
    library = library_seconds_of(work / "library-out")
    overhead = max(wall - library, 0.0)
    return {
        "prefect_startup_seconds": round(startup, 3),
        "flow_wall_seconds": round(wall, 3),
        "library_seconds": round(library, 3),
        "orchestration_seconds": round(overhead, 3),
        "orchestration_share": round(overhead / wall, 3) if wall > 0 else None,
    }


def library_equivalent(corpus: Path, out: Path, batch_size: int = FLOW_BATCH) -> float:
    """The flow's work without Prefect: the same library calls on the same batches; returns seconds."""
    from pipeline import batch, dedupe, ingest, publish, state, tables

    t0 = time.perf_counter()
    store_path = out.parent / f"{out.name}.state.sqlite"
    with state.StateStore(store_path, "bench") as store:
        doc_paths = ingest.assign_doc_ids(ingest.discover(corpus))
        items = sorted(doc_paths.items())
        for i in range(0, len(items), batch_size):
            store.put_documents(batch.prepare_batch(corpus, {p: d for d, p in items[i : i + batch_size]}, {}))
        duplicates = dedupe.find_duplicates_in_table(store.signature_table(), store.norm_text)
        gone = {d.doc_id for d in duplicates}
        todo = [(d, doc_paths[d]) for d, _ in items if d not in gone]
        for i in range(0, len(todo), batch_size):
            store.put_annotations(batch.annotate_batch(corpus, todo[i : i + batch_size]))
        staged = publish.staging(out)
        docs = tables.outcomes(store.records(), store.annotations(), duplicates)
        tables.write_tables(docs, duplicates, staged)
    publish.publish(staged, out, tables.TABLES)
    return time.perf_counter() - t0


def run_benchmark(
    *, n_docs: int = 1000, source: Path | None = None, processes: int = 1, flow: bool = False
) -> dict:
    """Benchmark every stage on ``n_docs`` documents; see the module docstring for what is measured.

    ``processes`` > 1 also measures the 1 -> ``processes`` speed-up of annotation (2 is the target
    figure); ``flow`` adds the Prefect flow run and the orchestration share.
    """
    if n_docs < 1:
        raise ValueError(f"n_docs must be at least 1, got {n_docs}. Pass the number of documents to build.")
    texts, gold = load_source(source, n_docs)
    if not texts:
        raise ValueError(
            f"No readable texts in {source}. Pass a folder with .txt/.md files or a PubTator file."
        )
    n_words = sum(len(t.split()) for t in texts)
    result: dict = {
        "source": str(source) if source else f"generated (seed 0, {n_docs} documents)",
        "documents": len(texts),
        "words": n_words,
    }
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        work = Path(tmp)
        corpus = write_corpus(texts, work / "corpus")
        stages, extra = _library_stages(texts, corpus, work)
        refs, drug_spans = _references(texts, n_words)
        result["stages"] = stages
        result["references"] = refs
        result["duplicates_found"] = extra["duplicates"]
        per_doc = [s for s in stages if s["stage"] not in ("load NLP pipeline + KB (once per process)",)]
        full_seconds = sum(s["seconds"] for s in per_doc)
        result["full_pipeline"] = {
            "seconds": round(full_seconds, 3),
            "words_per_s": rate(n_words, full_seconds),
            "ratio_to_tokenizer": round(refs[0]["seconds"] / full_seconds, 3) if full_seconds else None,
            "ratio_to_find_drugs": round(refs[1]["seconds"] / full_seconds, 3) if full_seconds else None,
        }
        if gold is not None:
            result["accuracy"] = _accuracy(gold, extra["annotations"], drug_spans)
        sample = random.Random(0).sample(texts, min(PROFILE_DOCS, len(texts)))
        result["profile"] = profile_annotation(sample)
        if processes > 1:
            result["speedup"] = process_speedup(texts[:SPEEDUP_DOCS], processes)
        if flow:
            result["flow"] = _flow_split(corpus, work, lambda out: library_equivalent(corpus, out))
    result["peak_rss_mb"] = round(max_rss_mb(), 1)
    return result
