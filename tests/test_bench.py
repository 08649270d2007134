"""The benchmark: deterministic generated corpora, planted duplicates, result structure, sane values.

No timing thresholds (machines are noisy): the tests check that every stage is measured on every
document, that figures are positive and consistent with each other, and that the report shows them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline import bench
from pipeline.dedupe import exact_key, shingles, similarity

STAGES = (
    "read + decode", "normalize", "dedupe signatures", "dedupe clustering", "NER (nlp.pipe)",
    "relations + offsets (build_annotation)", "state store + tables",
)  # fmt: skip


def test_bench_generate_texts_is_deterministic_and_distinct() -> None:
    a, b = bench.generate_texts(50, seed=3), bench.generate_texts(50, seed=3)
    assert a == b
    assert bench.generate_texts(50, seed=4) != a
    assert len(set(a)) == 50
    for text in a:
        title, _, body = text.partition("\n")
        assert title and body.endswith(".")
        assert 60 <= len(body.split()) <= 400


def test_bench_generated_documents_are_not_near_duplicates_of_each_other() -> None:
    texts = bench.generate_texts(40, seed=0)
    sets = [shingles(t) for t in texts]
    worst = max(similarity(sets[i], sets[j])[1] for i in range(40) for j in range(i + 1, 40))
    assert worst < 0.6  # dedupe's containment floor: generated originals must stay below it


@pytest.mark.parametrize("seed", [0, 1])
def test_bench_plant_duplicates_marks_origins(seed: int) -> None:
    texts, origin = bench.plant_duplicates(200, seed=seed, share=0.1)
    assert len(texts) == len(origin) == 200
    planted = [i for i, o in enumerate(origin) if o != f"d{i:06d}"]
    assert len(planted) == 20
    for i in planted:
        source = int(origin[i][1:])
        assert source < 180 and texts[i] != texts[source]
        jaccard, containment = similarity(shingles(texts[i]), shingles(texts[source]))
        # every planted copy is a duplicate by dedupe's own definition, so recall is measurable
        assert (containment >= 0.6 and jaccard >= 0.3) or exact_key(texts[i]) == exact_key(texts[source])


def test_bench_dedupe_originals_are_far_from_each_other_like_real_abstracts() -> None:
    texts, origin = bench.plant_duplicates(300, seed=2, share=0.0)
    sets = [shingles(t) for t in texts[:80]]
    sims = [similarity(sets[i], sets[j]) for i in range(80) for j in range(i + 1, 80)]
    assert max(s[0] for s in sims) < 0.1 and max(s[1] for s in sims) < 0.3  # floors: 0.30 and 0.60
    assert sorted(s[0] for s in sims)[len(sims) // 2] < 0.01  # median: unrelated texts share almost nothing
    for text in texts:
        title, _, body = text.partition("\n")
        assert title and body.endswith(".") and 60 <= len(body.split()) <= 400


def test_bench_variants_cover_every_rendering() -> None:
    rng = random.Random(0)
    text = bench.generate_text(rng)
    variants = {bench.corpus.variant(text, random.Random(s)) for s in range(40)}
    assert any("Journal of Psychopharmacology" in v for v in variants)  # re-wrapped with a header
    assert any(v.split("\n")[0].isupper() for v in variants)  # reformatted title
    assert any(len(v) < len(text) * 0.95 and text.startswith(v) for v in variants)  # shortened
    sims = [similarity(shingles(v), shingles(text)) for v in variants]
    assert any(0.3 <= j < 0.75 and c > 0.9 for j, c in sims)  # an abstract-length rendering
    assert any(0.6 < j < 1.0 and c < 1.0 for j, c in sims)  # words edited or mis-extracted


def test_bench_load_source_rejects_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ValueError) as e:
        bench.load_source(missing, 5)
    assert str(e.value) == (
        f"Benchmark source not found: {missing}. Pass a PubTator file, a folder of .txt/.md files, "
        "or no source for generated texts."
    )


def test_bench_load_source_reads_pubtator_with_gold(tmp_path: Path) -> None:
    title, abstract = "Ketamine for depression", "Ketamine blocks the NMDA receptor."
    path = tmp_path / "tiny.pubtator"
    path.write_text(
        f"1|t|{title}\n1|a|{abstract}\n1\t0\t8\tKetamine\tChemical\tD007649\n\n", encoding="utf-8"
    )
    texts, gold = bench.load_source(path, 10)
    assert texts == [f"{title}\n{abstract}"]
    assert gold[0].entities[0].start == 0


def test_bench_measure_reports_rates_and_memory() -> None:
    result, row = bench.measure("sum", 10, 1000, lambda: sum(range(100_000)))
    assert result == sum(range(100_000))
    assert row["stage"] == "sum" and row["seconds"] >= 0
    assert row["peak_rss_mb"] > 10  # a Python process with numpy and spaCy imported
    assert row["docs_per_s"] is None or row["docs_per_s"] > 0


@pytest.fixture(scope="module")
def small_run() -> dict:
    return bench.run_benchmark(n_docs=20)


def test_bench_run_benchmark_measures_every_stage(small_run: dict) -> None:
    r = small_run
    assert r["documents"] == 20 and r["words"] == sum(len(t.split()) for t in bench.generate_texts(20))
    assert [s["stage"] for s in r["stages"]][1:] == list(STAGES)
    for s in r["stages"][1:]:
        assert s["seconds"] > 0 and s["docs_per_s"] > 0 and s["words_per_s"] > s["docs_per_s"]
        assert s["peak_rss_mb"] > 0
    assert [s["stage"] for s in r["references"]] == [
        "reference: scispacy tokenizer", "reference: find_drugs on token lists"
    ]  # fmt: skip
    full = r["full_pipeline"]
    assert full["seconds"] == pytest.approx(sum(s["seconds"] for s in r["stages"][1:]), abs=0.01)
    tokenizer_seconds = r["references"][0]["seconds"]
    # the ratio is rounded to 3 places from unrounded seconds, and full["seconds"] to 1 ms: allow both
    ratio = tokenizer_seconds / full["seconds"]
    slack = 0.0005 + ratio * 0.0005 / full["seconds"] * 1.01 + 1e-9
    assert full["ratio_to_tokenizer"] == pytest.approx(ratio, abs=slack)
    assert r["duplicates_found"] == 0  # generated originals are distinct articles
    assert "accuracy" not in r and "speedup" not in r and "flow" not in r
    assert r["profile"] and all(0 < p["share"] <= 1 for p in r["profile"])
    shares = [p["share"] for p in r["profile"]]
    # each share is rounded to 3 places, so with few sampled functions their sum may pass 1 by the rounding
    assert shares == sorted(shares, reverse=True) and sum(shares) <= 1 + 0.0005 * len(shares) + 1e-9


def test_bench_format_benchmark_shows_every_figure(small_run: dict) -> None:
    text = bench.format_benchmark(small_run)
    for stage in STAGES:
        assert stage in text
    assert "ratio to the tokenizer reference" in text and "(target >= 0.5)" in text
    assert f"{small_run['documents']:,} documents" in text
    assert small_run["profile"][0]["function"] in text


def test_bench_accuracy_scores_both_annotators_against_gold(tmp_path: Path) -> None:
    path = tmp_path / "tiny.pubtator"
    path.write_text(
        "7|t|Lithium and ketamine\n7|a|Ketamine was given with lithium to rats.\n"
        "7\t0\t7\tLithium\tChemical\tD018020\n7\t12\t20\tketamine\tChemical\tD007649\n"
        "7\t21\t29\tKetamine\tChemical\tD007649\n7\t45\t52\tlithium\tChemical\tD018020\n\n",
        encoding="utf-8",
    )
    result = bench.run_benchmark(n_docs=5, source=path)
    acc = result["accuracy"]
    assert set(acc) == {"ours DRUG vs Chemical", "ours DRUG+CHEMICAL vs Chemical", "find_drugs vs Chemical"}
    for score in acc.values():
        assert score["n_gold"] == 4
        assert score["tp"] + score["fn"] == 4
    assert acc["ours DRUG vs Chemical"]["tp"] == 4  # both drugs are in the knowledge base
    assert acc["find_drugs vs Chemical"]["tp"] >= 2  # its dictionary knows both, in lower case at least
    assert "find_drugs vs Chemical" in bench.format_benchmark(result)


def test_bench_dedupe_finds_planted_duplicates_small() -> None:
    r = bench.bench_dedupe(n_docs=400, seed=1)
    assert r["documents"] == 400 and r["planted_duplicates"] == 40
    assert r["recall"] == 1.0 and r["precision"] == 1.0
    assert r["false_clusters"] == 0
    assert r["duplicates_reported"] >= 40 * r["recall"]
    assert "recall 1.0000; false clusters 0" in bench.format_benchmark(r)
    assert [row["stage"] for row in r["stages"]] == ["signatures", "clustering"]
    assert all(row["cpu_seconds"] > 0 for row in r["stages"])
    assert r["cpu_seconds"] == pytest.approx(sum(row["cpu_seconds"] for row in r["stages"]), abs=0.002)
    c = r["clustering"]
    near = r["by_method"]["near"]
    assert c["pairs_accepted"] >= near and c["candidates_verified"] >= c["pairs_accepted"]
    assert c["shingle_cache_peak"] <= c["shingle_sets_computed"]
    assert r["background"]["max_jaccard"] < 0.1 and r["background"]["max_containment"] < 0.3


def test_bench_dedupe_templated_originals_are_a_harder_but_correct_case() -> None:
    r = bench.bench_dedupe(n_docs=300, seed=1, templated=True)
    assert r["originals"] == "templated" and r["recall"] == 1.0 and r["false_clusters"] == 0
    assert r["background"]["max_jaccard"] > 0.1  # template phrases shared by unrelated documents


def test_bench_run_benchmark_rejects_zero_documents() -> None:
    with pytest.raises(ValueError, match="n_docs must be at least 1, got 0"):
        bench.run_benchmark(n_docs=0)


def test_bench_low_overlap_texts_are_deterministic_and_far_apart() -> None:
    from pipeline.bench.corpus import generate_low_overlap_texts

    texts = generate_low_overlap_texts(60, seed=5)
    assert texts == generate_low_overlap_texts(60, seed=5) and len(set(texts)) == 60
    sets = [shingles(t) for t in texts]
    worst = max(similarity(sets[i], sets[j])[0] for i in range(60) for j in range(i + 1, 60))
    assert worst < 0.1  # far below dedupe's Jaccard floor (0.30), like unrelated real abstracts


@pytest.mark.slow
def test_bench_process_speedup_compares_two_fresh_pools_on_the_same_texts() -> None:
    from pipeline.bench.throughput import process_speedup

    texts = bench.generate_texts(12)
    s = process_speedup(texts, 2)
    assert s["documents"] == 12 and s["processes"] == 2 and s["errors"] == 0
    assert s["identical"] is True  # both pools' annotations equal an in-process run's
    assert s["seconds_1"] > 0 and s["seconds_2"] > 0
    # the seconds are rounded to 1 ms and the speed-up to 0.01, so on these tiny runs the ratio of
    # the rounded seconds may differ from the speed-up by the rounding of each figure
    ratio = s["seconds_1"] / s["seconds_2"]
    slack = 0.005 + ratio * (0.0005 / s["seconds_1"] + 0.0005 / s["seconds_2"]) * 1.01
    assert s["speedup"] == pytest.approx(ratio, abs=slack)
    assert len(s["worker_cpu_seconds"]) == 2 and s["cpu_seconds_1"] > 0
    assert s["bytes_sent_per_doc"] > 0 and s["bytes_returned_per_doc"] > 0
    assert s["parent_cpu_ms_per_doc"] == pytest.approx(1000 * s["parent_cpu_seconds"] / 12, abs=0.05)
    assert s["cpu_bound_speedup_with_parent"] <= s["cpu_bound_speedup"]  # the parent only takes from it
    assert len(s["worker_startup_cpu_seconds"]) == 2 and min(s["worker_startup_cpu_seconds"]) > 0
    w = s["warm"]  # every worker warmed on the same texts, then alternating timed passes
    assert w["rounds"] == 3 and w["identical"] is True
    assert w["speedup_range"][0] <= w["speedup"] <= w["speedup_range"][1]
    assert w["seconds_1"] > 0 and w["seconds_2"] > 0 and w["cpu_seconds_1"] >= 0
    text = bench.format_benchmark({**_report_base(), "speedup": s})
    assert "fresh (cold) pools" in text and "warm pools" in text and "by CPU time" in text
    assert "annotations identical to one process: True" in text


def _report_base() -> dict:
    """The smallest benchmark result ``format_benchmark`` accepts, for checking one section."""
    full = {"seconds": 1.0, "words_per_s": 1.0, "ratio_to_tokenizer": 0.5, "ratio_to_find_drugs": 0.1}
    return {"documents": 12, "words": 100, "source": "generated", "stages": [], "references": [],
            "full_pipeline": full, "duplicates_found": 0, "peak_rss_mb": 1.0, "profile": []}  # fmt: skip


def test_bench_process_speedup_feeds_the_pool_as_the_flow_does(monkeypatch) -> None:
    """Batches of the flow's size, several calls in flight from threads, results in input order."""
    import threading

    from pipeline.bench import throughput

    calls = []

    class Pool:
        def annotate(self, items):
            calls.append((threading.get_ident(), len(items)))
            return [(d, f"annotation of {d}", None) for d, _ in items]

    monkeypatch.setattr(throughput, "FLOW_BATCH", 5)
    items = [(str(i), f"text {i}") for i in range(23)]
    results = throughput._feed(Pool(), items)
    assert [d for d, _, _ in results] == [str(i) for i in range(23)]
    assert sorted(n for _, n in calls) == [3, 5, 5, 5, 5]


def test_bench_cpu_figures_share_the_cores_with_the_parent() -> None:
    from pipeline.bench.throughput import _cpu_figures

    one = {"worker_cpu": [2.0], "parent_cpu": 0.5}  # with one worker the parent has a core of its own
    two = {"worker_cpu": [1.1, 1.0], "parent_cpu": 0.2}
    f = _cpu_figures(one, two, 1000)
    assert f["cpu_bound_speedup"] == round(2.0 / 1.1, 2)
    assert f["cpu_bound_speedup_with_parent"] == round(2.0 / ((1.1 + 1.0 + 0.2) / 2), 2)  # 3 on 2 cores
    assert f["extra_worker_cpu_share"] == round(2.1 / 2.0 - 1, 3)
    assert f["parent_cpu_ms_per_doc"] == 0.2 and f["worker_cpu_seconds"] == [1.1, 1.0]
    idle_parent = _cpu_figures(one, {"worker_cpu": [1.5, 0.5], "parent_cpu": 0.0}, 1000)
    assert idle_parent["cpu_bound_speedup_with_parent"] == idle_parent["cpu_bound_speedup"] == 1.33
