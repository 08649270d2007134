"""Command line: a thin layer over the library (``python -m pipeline --help``).

Exit codes: 0 success; 2 a fatal problem with the command's inputs (one clear line on stderr).
A bad document is never fatal: it is reported in documents.csv with its reason.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


class UsageError(Exception):
    """A fatal, user-fixable problem: printed as one line, exit code 2."""


def _check_output_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as e:
        raise UsageError(
            f"Output folder not writable: {out} ({e.strerror}). Pass a writable folder with --out."
        ) from e


def _run(args: argparse.Namespace) -> int:
    from pipeline.ingest import CorpusError, walk

    corpus, out = Path(args.corpus), Path(args.out)
    try:
        walk(corpus)  # fail fast, before Prefect starts, on a missing corpus folder (lists nothing)
    except CorpusError as e:
        raise UsageError(str(e)) from e
    _check_output_folder(out)
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {args.batch_size}.")

    if args.processes < 1:
        raise UsageError(f"--processes must be at least 1, got {args.processes}.")

    from pipeline.flow import mine_corpus, task_runner_for

    try:
        runner = task_runner_for(dask_address=args.dask_address, dask_workers=args.dask_workers)
    except ValueError as e:
        raise UsageError(str(e)) from e
    run_flow = mine_corpus.with_options(task_runner=runner) if runner is not None else mine_corpus
    state = run_flow(
        corpus=corpus,
        out=out,
        model=args.model,
        batch_size=args.batch_size,
        n_process=args.processes,
        full=args.full,
        return_state=True,
    )
    if not state.is_completed():
        raise UsageError(f"the run did not complete ({state.name}): {state.message}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pipeline.serve import ServeError, serve

    _check_output_folder(Path(args.out))
    try:
        serve(
            cron=args.cron,
            corpus=Path(args.corpus),
            out=Path(args.out),
            name=args.name,
            timezone=args.timezone,
        )
    except ServeError as e:
        raise UsageError(str(e)) from e
    return 0


def _kb(args: argparse.Namespace) -> int:
    from pipeline.kb import format_lookup, format_stats, load_kb

    kb = load_kb()
    if args.term:
        print(format_lookup(kb, " ".join(args.term)))
    else:
        print(format_stats(kb))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline import evaluate
    from pipeline.eval_formats import GoldFormatError

    report_dir = Path(args.report_dir)
    source = Path(args.pubtator if args.task == "ner" else args.path)
    if not source.exists():
        raise UsageError(
            f"Benchmark file or folder not found: {source}. See ../shared/eval/README.md for the layout."
        )
    try:
        if args.task == "ner":
            result = evaluate.evaluate_ner(source, report_dir, limit=args.limit)
        else:
            result = evaluate.evaluate_relations(args.corpus, source, report_dir, limit=args.limit)
    except GoldFormatError as e:
        raise UsageError(str(e)) from e
    print(evaluate.format_report(result))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from pipeline import bench

    if args.docs < 1:
        raise UsageError(f"--docs must be at least 1, got {args.docs}.")
    if args.dedupe:
        result = bench.bench_dedupe(n_docs=args.docs, seed=args.seed)
    else:
        source = Path(args.source) if args.source else None
        if source is not None and not source.exists():
            raise UsageError(
                f"Benchmark source not found: {source}. Pass a PubTator file, a folder of .txt/.md files, "
                "or no --source for generated texts."
            )
        try:
            result = bench.run_benchmark(
                n_docs=args.docs, source=source, processes=args.processes, flow=args.flow
            )
        except ValueError as e:
            raise UsageError(str(e)) from e
    print(bench.format_benchmark(result))
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Mine pharmacology articles for drugs, targets, effects and how they relate.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the Prefect flow on a corpus folder and write the CSV tables")
    run.add_argument("--corpus", default="corpus", help="folder of .txt/.md articles (default: corpus)")
    run.add_argument("--out", default="outputs", help="folder for the CSV tables (default: outputs)")
    run.add_argument(
        "--model", default=None, help="optional statistical spaCy pipeline (name or path) to merge"
    )
    run.add_argument("--batch-size", type=int, default=200, help="documents per Prefect task (default: 200)")
    run.add_argument("--processes", type=int, default=1, help="annotation processes per task (default: 1)")
    run.add_argument("--full", action="store_true", help="ignore stored results: process everything again")
    run.add_argument(
        "--dask-address", default=None, help="run batch tasks on this Dask scheduler (tcp://HOST:PORT)"
    )
    run.add_argument(
        "--dask-workers",
        type=int,
        default=0,
        help="run batch tasks on a local Dask cluster of N worker processes",
    )
    run.set_defaults(func=_run)

    srv = sub.add_parser(
        "serve",
        help="register a cron-scheduled deployment on the Prefect server at PREFECT_API_URL and serve it",
    )
    srv.add_argument("--cron", required=True, help='cron schedule, e.g. "0 6 * * *" (06:00 every day)')
    srv.add_argument("--corpus", default="corpus", help="folder of .txt/.md articles (default: corpus)")
    srv.add_argument("--out", default="outputs", help="folder for the CSV tables (default: outputs)")
    srv.add_argument("--name", default="mine-corpus-scheduled", help="deployment name")
    srv.add_argument("--timezone", default="UTC", help="IANA timezone the cron schedule is evaluated in")
    srv.set_defaults(func=_serve)

    kb = sub.add_parser("kb", help="inspect the knowledge base")
    kb.add_argument("--stats", action="store_true", help="counts per label and source, and the version")
    kb.add_argument("term", nargs="*", help="'lookup TERM': how TERM resolves, and why")
    kb.set_defaults(func=_kb)

    ev = sub.add_parser("evaluate", help="score against a benchmark corpus")
    ev_sub = ev.add_subparsers(dest="task", required=True)
    ner = ev_sub.add_parser("ner", help="mentions vs BC5CDR-style PubTator annotations")
    ner.add_argument("--pubtator", required=True, help="PubTator file (title + '\\n' + abstract offsets)")
    rel = ev_sub.add_parser("relations", help="facts vs ChemProt / BC5CDR CID / BioRED relations")
    rel.add_argument("--corpus", required=True, choices=["chemprot", "bc5cdr", "biored"])
    rel.add_argument("path", help="the PubTator file, or the ChemProt split folder")
    for p in (ner, rel):
        p.add_argument("--report-dir", default="eval-reports", help="where misses and false positives go")
        p.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ev.set_defaults(func=_evaluate)

    bn = sub.add_parser(
        "bench", help="throughput benchmark per stage with references, or dedupe at scale (--dedupe)"
    )
    bn.add_argument("--docs", type=int, default=None, help="documents (default: 1000; 100000 with --dedupe)")
    bn.add_argument(
        "--source", default=None, help="PubTator file or folder of .txt/.md texts (default: generated)"
    )
    bn.add_argument("--processes", type=int, default=1, help="also measure the 1 -> N process speed-up")
    bn.add_argument("--flow", action="store_true", help="also run the Prefect flow: orchestration share")
    bn.add_argument(
        "--dedupe", action="store_true", help="plant near duplicates in generated documents and score dedupe"
    )
    bn.add_argument("--seed", type=int, default=0, help="generator seed for --dedupe (default: 0)")
    bn.add_argument("--json", default=None, help="also write the figures as JSON to this file")
    bn.set_defaults(func=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "kb" and args.term and args.term[0] == "lookup":
        args.term = args.term[1:]
        if not args.term:
            parser.error("kb lookup needs a TERM, e.g. python -m pipeline kb lookup Spravato")
    elif args.command == "kb" and args.term:
        parser.error(f"unknown kb command {args.term[0]!r}; use --stats or lookup TERM")
    if args.command == "bench" and args.docs is None:
        args.docs = 100_000 if args.dedupe else 1000
    try:
        return args.func(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
