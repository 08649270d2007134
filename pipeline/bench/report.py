"""Plain-text reports of benchmark results, for a terminal or a note."""

from __future__ import annotations


def _stage_line(row: dict) -> str:
    def num(v, fmt: str) -> str:
        return format(v, fmt) if v is not None else "-"

    return (f"  {row['stage']:<44}{row['seconds']:>9.2f}{num(row['docs_per_s'], ',.1f'):>11}"
            f"{num(row['words_per_s'], ',.0f'):>11}{row['peak_rss_mb']:>10.0f}")  # fmt: skip


def _cpu_line(s: dict) -> str:
    """The speed-up figures that CPU times give, which other load on the machine spoils far less."""
    def num(v, fmt: str) -> str:
        return format(v, fmt) if v is not None else "-"

    extra = s["extra_worker_cpu_share"]
    return (f"    by CPU time: speed-up {num(s['cpu_bound_speedup'], '.2f')}x if each worker has a core "
            f"({num(s['cpu_bound_speedup_with_parent'], '.2f')}x sharing them with the parent); the "
            f"workers' CPU {num(100 * extra if extra is not None else None, '+.1f')}% over one worker's; "
            f"parent {num(s['parent_cpu_ms_per_doc'], '.3f')} ms/doc")  # fmt: skip


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
            f"  CPU {r['cpu_seconds']:.1f} s; precision {r['precision'] or 0:.4f}; "
            f"candidate pairs verified {r['clustering'].get('candidates_verified', 0):,}",
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
        n = s["processes"]
        lines.append(f"  annotation, {s['documents']} documents on {s['cpus']} CPUs, fresh (cold) pools: "
                     f"1 process {s['seconds_1']:.2f} s, {n} processes {s['seconds_2']:.2f} s "
                     f"-> speed-up {s['speedup']:.2f}x (target >= 1.8)")  # fmt: skip
        lines.append(_cpu_line(s))
        if "warm" in s:
            w = s["warm"]
            lines.append(f"  annotation, warm pools (every worker first annotated the same texts), median of "
                         f"{w['rounds']} alternating passes: 1 process {w['seconds_1']:.2f} s, {n} processes "
                         f"{w['seconds_2']:.2f} s -> speed-up {w['speedup']:.2f}x "
                         f"(range {w['speedup_range'][0]:.2f}-{w['speedup_range'][1]:.2f})")  # fmt: skip
            lines.append(_cpu_line(w))
        lines.append(f"    parent pickling {s['parent_pickling_ms_per_doc']:.3f} ms/doc; "
                     f"{s['bytes_sent_per_doc']:,} bytes sent, {s['bytes_returned_per_doc']:,} returned "
                     f"per doc; pool start-up {s['pool_startup_seconds']:.1f} s "
                     f"({', '.join(f'{c:.1f}' for c in s['worker_startup_cpu_seconds'])} s CPU per worker); "
                     f"annotations identical to one process: "
                     f"{s['identical'] and s.get('warm', s)['identical']}")  # fmt: skip
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
