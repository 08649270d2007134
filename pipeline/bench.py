"""Where the time goes: a throughput benchmark of every stage, two references, and dedupe at scale.

``run_benchmark`` builds a corpus (a folder of real abstracts, a PubTator file such as BC5CDR, or the
seeded generator below), times each library stage on it (read, normalize, dedupe signatures and
clustering, NER, relations, state + tables), and in the same run measures two references on the same
texts: spaCy's blank English with scispacy's tokenizer (the floor of any spaCy pipeline) and
``drug_named_entity_recognition.find_drugs`` on the token lists (the dictionary lookup a user would
otherwise pick). It profiles annotation with pyinstrument, measures the 1 -> 2 process speed-up, and
with ``flow=True`` runs the Prefect flow on the same corpus to split its wall time into library work,
orchestration and Prefect start-up. ``bench_dedupe`` plants near duplicates in 100k generated
documents and scores ``pipeline.dedupe`` on them.

Numbers are measurements of this machine, returned as a dict and formatted by ``format_benchmark``;
nothing here asserts a speed.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

# RSS sampling period: short enough to catch a stage's peak (stages last >= 0.1 s on 20 documents),
# long enough that the sampler thread costs nothing measurable.
RSS_SAMPLE_SECONDS = 0.02
# Documents profiled and used for the process speed-up: enough for a stable picture (> 2 s of work),
# few enough that the benchmark stays a few minutes on 1k documents.
PROFILE_DOCS = 300
TOP_COSTS = 12
# Batch size the benchmark's library-equivalent run uses; the flow's own default.
FLOW_BATCH = 200


class _PeakRss:
    """Peak resident set size (bytes) of this process while the block runs, by polling psutil."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self._stop.wait(RSS_SAMPLE_SECONDS)

    def __enter__(self) -> _PeakRss:
        self.peak = self.proc.memory_info().rss
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def _rate(n: float, seconds: float) -> float | None:
    return round(n / seconds, 1) if seconds > 0 else None


def measure(name: str, n_docs: int, n_words: int, fn: Callable[[], object]) -> tuple[object, dict]:
    """Run ``fn`` once; returns its result and the stage figures (seconds, docs/s, words/s, peak RSS)."""
    with _PeakRss() as rss:
        t0 = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - t0
    return result, {
        "stage": name,
        "seconds": round(seconds, 6),  # microseconds: reading 20 small files takes about 1 ms
        "docs_per_s": _rate(n_docs, seconds),
        "words_per_s": _rate(n_words, seconds),
        "peak_rss_mb": round(rss.peak / 2**20, 1),
    }


def load_source(source: Path | None, n_docs: int, seed: int = 0) -> tuple[list[str], list | None]:
    """The benchmark texts, and the gold documents when ``source`` is a PubTator file.

    ``source`` may be a PubTator file (texts are title + "\\n" + abstract, as the corpora's offsets
    expect), a folder of .txt/.md files (read as the flow reads them), or None for generated texts.
    """
    if source is None:
        return generate_texts(n_docs, seed=seed), None
    source = Path(source)
    if source.is_file():
        from pipeline.eval_formats import read_pubtator

        gold = read_pubtator(source)[:n_docs]
        return [d.text for d in gold], gold
    if source.is_dir():
        from pipeline.ingest import discover, read_document

        texts = [read_document(source, p).text for p in discover(source)[:n_docs]]
        return [t for t in texts if t], None
    raise ValueError(
        f"Benchmark source not found: {source}. Pass a PubTator file, a folder of .txt/.md files, "
        "or no source for generated texts."
    )


def write_corpus(texts: list[str], folder: Path) -> Path:
    """Write texts as ``doc00000.txt``... so the flow and the library-equivalent run read the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(len(texts))))
    for i, text in enumerate(texts):
        (folder / f"doc{i:0{width}d}.txt").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------- generated corpus

# A small template grammar over names the knowledge base knows, so generated abstracts exercise NER
# and the relation rules like real ones. Numbers (sample sizes, doses, p-values, hours) make every
# document distinct; slots drawn per sentence keep unrelated documents far below dedupe's thresholds.
_DRUGS = ("ketamine", "esketamine", "arketamine", "hydroxynorketamine", "psilocybin", "brexanolone",
          "zuranolone", "dextromethorphan", "bupropion", "esmethadone", "rapastinel", "scopolamine",
          "lithium", "memantine", "riluzole", "nitrous oxide", "fluoxetine", "sertraline", "vortioxetine",
          "agomelatine", "buprenorphine", "ganaxolone")
_TARGETS = ("NMDA receptor", "AMPA receptor", "5-HT2A receptor", "GABA-A receptor", "sigma-1 receptor",
            "mTOR", "BDNF", "GluN2B", "TrkB", "mGluR2", "5-HT1A receptor", "HCN1", "eEF2", "GSK-3",
            "kappa-opioid receptor", "D2 receptor", "SERT")
_EFFECTS = ("depression", "suicidal ideation", "dissociation", "anhedonia", "nausea", "headache",
            "hypertension", "treatment-resistant depression", "anxiety", "insomnia", "psychosis",
            "cognitive impairment", "weight gain", "seizures", "postpartum depression",
            "major depressive disorder", "bipolar depression")
_CHEMICALS = ("glutamate", "dopamine", "serotonin")
_MODES = ("antagonist", "agonist", "partial agonist", "positive allosteric modulator", "inhibitor")
_ACTS = ("blocks", "activates", "inhibits", "potentiates", "binds to")
_CHANGES = ("reduced", "improved", "worsened", "did not change", "rapidly reduced", "attenuated")
_PLACES = ("prefrontal cortex", "hippocampus", "nucleus accumbens", "amygdala", "lateral habenula")
_SPECIES = ("mice", "rats", "healthy volunteers", "adult patients", "adolescents", "older adults")
_DESIGNS = ("a randomized, double-blind, placebo-controlled trial", "an open-label study",
            "a retrospective cohort", "a crossover trial", "a meta-analysis of {k} trials")
_TEMPLATES = (
    "{Drug} is a {mode} of the {target}.",
    "{Drug} {act} the {target} and increases {chem} release in the {place}.",
    "In {design} of {n} {species}, {drug} {change} {effect} within {h} hours (p = 0.0{p}).",
    "A single dose of {drug} ({dose} mg/kg) {change} {effect} in {species}.",
    "The most common adverse events were {effect} and {effect2}, which resolved within {h} hours.",
    "Blockade of the {target} by {drug} enhanced {target2} signalling in the {place}.",
    "These effects were abolished by pretreatment with {drug2}, suggesting a role for the {target}.",
    "{Drug} did not cause {effect} at doses up to {dose} mg.",
    "Response rates were {pct}% with {drug} versus {pct2}% with placebo at week {w}.",
    "Levels of {chem} in the {place} correlated with the reduction of {effect} (r = 0.{p}).",
)
_TITLES = (
    "{Drug} and the {target} in {effect}: {kind}",
    "Rapid antidepressant effects of {drug} in {species} with {effect}",
    "{target} signalling mediates the action of {drug}: {kind}",
)
_KINDS = ("a review", "a randomized trial", "preclinical evidence", "a systematic review", "a cohort study")


def _fill(template: str, rng: random.Random) -> str:
    drug, drug2 = rng.sample(_DRUGS, 2)
    target, target2 = rng.sample(_TARGETS, 2)
    effect, effect2 = rng.sample(_EFFECTS, 2)
    slots = dict(
        drug=drug, Drug=drug[0].upper() + drug[1:], drug2=drug2, target=target, target2=target2,
        effect=effect, effect2=effect2, chem=rng.choice(_CHEMICALS), mode=rng.choice(_MODES),
        act=rng.choice(_ACTS), change=rng.choice(_CHANGES), place=rng.choice(_PLACES),
        species=rng.choice(_SPECIES), design=rng.choice(_DESIGNS).format(k=rng.randint(3, 60)),
        n=rng.randint(12, 2400), h=rng.randint(2, 72), p=rng.randint(1, 49),
        dose=rng.choice((0.5, 1, 5, 10, 30)),
        pct=rng.randint(30, 80), pct2=rng.randint(5, 40), w=rng.randint(1, 12), kind=rng.choice(_KINDS),
    )  # fmt: skip
    return template.format(**slots)


def generate_text(rng: random.Random) -> str:
    """One abstract-like document: a title line, then 8-16 sentences in one paragraph (~110-260 words)."""
    title = _fill(rng.choice(_TITLES), rng)
    sentences = [_fill(rng.choice(_TEMPLATES), rng) for _ in range(rng.randint(8, 16))]
    return title + "\n" + " ".join(sentences)


def generate_texts(n_docs: int, *, seed: int = 0) -> list[str]:
    """``n_docs`` documents, identical for the same seed on every machine."""
    rng = random.Random(seed)
    return [generate_text(rng) for _ in range(n_docs)]


def _variant(text: str, rng: random.Random) -> str:
    """A near duplicate as another source would render it: re-wrapped, reformatted, shortened, edited."""
    words = text.split()
    kind = rng.randrange(4)
    if kind == 0:  # re-wrapped at a PDF column width, with a page header
        lines, line = [], []
        for w in words:
            line.append(w)
            if sum(len(x) + 1 for x in line) > rng.randint(50, 80):
                lines.append(" ".join(line))
                line = []
        return "Journal of Psychopharmacology 12\n\n" + "\n".join(lines + [" ".join(line)])
    if kind == 1:  # reformatted: upper-case title, blank lines between sentences
        title, _, body = text.partition("\n")
        return title.upper() + "\n\n" + body.replace(". ", ".\n\n")
    if kind == 2:  # abbreviated: the last sentence or two dropped (an abstract-length rendering)
        sentences = text.split(". ")
        return ". ".join(sentences[: max(len(sentences) - rng.randint(1, 2), 3)])
    for _ in range(3):  # a few words changed (a corrected reprint)
        i = rng.randrange(len(words))
        words[i] = rng.choice(("markedly", "significantly", "also", "further", "notably"))
    return " ".join(words)


def plant_duplicates(n_docs: int, *, seed: int = 0, share: float = 0.1) -> tuple[list[str], list[str]]:
    """``n_docs`` texts of which ``share`` are near duplicates of another; returns (texts, origin ids).

    ``origin[i]`` is the id (``d%06d``) of the document text ``i`` was made from (itself for originals).
    """
    rng = random.Random(seed)
    n_planted = int(n_docs * share)
    texts = [generate_text(rng) for _ in range(n_docs - n_planted)]
    origin = [f"d{i:06d}" for i in range(len(texts))]
    for _ in range(n_planted):
        source = rng.randrange(n_docs - n_planted)
        texts.append(_variant(texts[source], rng))
        origin.append(f"d{source:06d}")
    return texts, origin


# ------------------------------------------------------------------------------------ stages


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


def process_speedup(texts: list[str]) -> dict:
    """Wall time of ``annotate_texts`` with 1 and 2 processes on the same texts (pipeline pre-loaded)."""
    from pipeline.annotate import annotate_texts

    list(annotate_texts(["Warm-up sentence."]))
    seconds = {}
    for n_process in (1, 2):
        t0 = time.perf_counter()
        list(annotate_texts(texts, n_process=n_process))
        seconds[n_process] = time.perf_counter() - t0
    return {
        "documents": len(texts),
        "cpus": psutil.cpu_count(logical=True),
        "seconds_1": round(seconds[1], 3),
        "seconds_2": round(seconds[2], 3),
        "speedup": round(seconds[1] / seconds[2], 2) if seconds[2] > 0 else None,
    }


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
        sigs = [
            dedupe.Signature(r.doc_id, r.exact_key, r.minhash or b"", r.n_content_chars)
            for r in store.records() if r.status == "ok"
        ]  # fmt: skip
        duplicates = dedupe.find_duplicates(sigs, store.norm_text)
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
            "words_per_s": _rate(n_words, full_seconds),
            "ratio_to_tokenizer": round(refs[0]["seconds"] / full_seconds, 3) if full_seconds else None,
            "ratio_to_find_drugs": round(refs[1]["seconds"] / full_seconds, 3) if full_seconds else None,
        }
        if gold is not None:
            result["accuracy"] = _accuracy(gold, extra["annotations"], drug_spans)
        sample = random.Random(0).sample(texts, min(PROFILE_DOCS, len(texts)))
        result["profile"] = profile_annotation(sample)
        if processes > 1:
            result["speedup"] = process_speedup(sample)
        if flow:
            result["flow"] = _flow_split(corpus, work, lambda out: library_equivalent(corpus, out))
    result["peak_rss_mb"] = round(_max_rss_mb(), 1)
    return result


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


# ------------------------------------------------------------------------------------- dedupe


def bench_dedupe(*, n_docs: int = 100_000, seed: int = 0) -> dict:
    """Plant near duplicates in ``n_docs`` generated documents, deduplicate, and score the clusters.

    Recall: planted copies put in their original's cluster. A false cluster: one that joins documents
    of two different originals. Timing covers what the flow does for dedupe (signatures, then
    clustering); normalization is timed by ``run_benchmark`` and not repeated here (the variants
    differ in layout only where dedupe's own case/white-space folding already ignores it).
    """
    from pipeline import dedupe

    texts, origin = plant_duplicates(n_docs, seed=seed)
    ids = [f"d{i:06d}" for i in range(len(texts))]
    n_words = sum(len(t.split()) for t in texts)
    sigs, sig_row = measure(
        "signatures", len(texts), n_words,
        lambda: [dedupe.signature(i, t, len("".join(t.split()))) for i, t in zip(ids, texts, strict=True)],
    )  # fmt: skip
    by_id = dict(zip(ids, texts, strict=True))
    records, cluster_row = measure(
        "clustering", len(texts), n_words, lambda: dedupe.find_duplicates(sigs, by_id.__getitem__)
    )
    root_of = dict(zip(ids, origin, strict=True))
    cluster_of = {r.doc_id: r.duplicate_of for r in records}
    planted = [i for i, o in zip(ids, origin, strict=True) if i != o]
    found = sum(1 for i in planted if cluster_of.get(i, i) == cluster_of.get(root_of[i], root_of[i]))
    members: dict[str, set[str]] = {}
    for r in records:
        members.setdefault(r.duplicate_of, {r.duplicate_of}).add(r.doc_id)
    false_clusters = sum(1 for m in members.values() if len({root_of[d] for d in m}) > 1)
    seconds = sig_row["seconds"] + cluster_row["seconds"]
    return {
        "documents": len(texts),
        "planted_duplicates": len(planted),
        "stages": [sig_row, cluster_row],
        "seconds": round(seconds, 3),
        "duplicates_reported": len(records),
        "recall": round(found / len(planted), 4) if planted else None,
        "false_clusters": false_clusters,
        "by_method": {m: sum(r.method == m for r in records) for m in ("exact", "near")},
    }


# ------------------------------------------------------------------------------------- report


def _stage_line(row: dict) -> str:
    def num(v, fmt: str) -> str:
        return format(v, fmt) if v is not None else "-"

    return (f"  {row['stage']:<44}{row['seconds']:>9.2f}{num(row['docs_per_s'], ',.1f'):>11}"
            f"{num(row['words_per_s'], ',.0f'):>11}{row['peak_rss_mb']:>10.0f}")  # fmt: skip


def format_benchmark(result: dict) -> str:
    """A plain-text report of ``run_benchmark`` or ``bench_dedupe`` output, for a terminal or a note."""
    head = f"  {'stage':<44}{'seconds':>9}{'docs/s':>11}{'words/s':>11}{'RSS MB':>10}"
    if "planted_duplicates" in result:
        r = result
        return "\n".join([
            f"dedupe: {r['documents']:,} documents, {r['planted_duplicates']:,} planted near duplicates",
            head, *(_stage_line(row) for row in r["stages"]),
            f"  total {r['seconds']:.1f} s; reported {r['duplicates_reported']:,} duplicates "
            f"({r['by_method']['exact']} exact, {r['by_method']['near']} near); "
            f"recall {r['recall']:.4f}; false clusters {r['false_clusters']}",
        ])  # fmt: skip
    full = result["full_pipeline"]
    lines = [f"benchmark: {result['documents']:,} documents, {result['words']:,} words ({result['source']})",
             head, *(_stage_line(r) for r in result["stages"]),
             "  references (same texts):", *(_stage_line(r) for r in result["references"]),
             f"  full pipeline (all per-document stages): {full['seconds']:.2f} s, "
             f"{full['words_per_s']:,.0f} words/s",
             f"    ratio to the tokenizer reference: {full['ratio_to_tokenizer']:.3f} (target >= 0.5)",
             f"    ratio to find_drugs: {full['ratio_to_find_drugs']:.3f}",
             f"  duplicates found in the corpus: {result['duplicates_found']}",
             f"  peak RSS of the benchmark process: {result['peak_rss_mb']:.0f} MB"]  # fmt: skip
    if "accuracy" in result:
        lines.append("  accuracy (strict span match against the gold Chemical mentions):")
        for name, s in result["accuracy"].items():
            lines.append(f"    {name:<34} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    if "speedup" in result:
        s = result["speedup"]
        lines.append(f"  annotation, {s['documents']} documents on {s['cpus']} CPUs: "
                     f"1 process {s['seconds_1']:.2f} s, 2 processes {s['seconds_2']:.2f} s "
                     f"-> speed-up {s['speedup']:.2f}x (target >= 1.8)")  # fmt: skip
    if "flow" in result:
        f = result["flow"]
        lines.append(f"  Prefect flow: wall {f['flow_wall_seconds']:.2f} s "
                     f"= library {f['library_seconds']:.2f} s"
                     f" + orchestration {f['orchestration_seconds']:.2f} s "
                     f"({100 * f['orchestration_share']:.1f}%); Prefect start-up (no-op flow, separate) "
                     f"{f['prefect_startup_seconds']:.2f} s")  # fmt: skip
    lines.append("  top costs of annotation (pyinstrument, self time):")
    for p in result["profile"]:
        lines.append(f"    {100 * p['share']:5.1f}%  {p['self_seconds']:7.2f} s  {p['function']}")
    return "\n".join(lines)
