import pytest

from pipeline.cli import main


def test_cli_missing_corpus_exits_2_with_one_clear_line(tmp_path, capsys):
    assert main(["run", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"error: Corpus folder not found: {tmp_path / 'nope'}. Pass an existing folder with --corpus.\n"
    )


def test_cli_unwritable_output_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["run", "--corpus", str(tmp_path), "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: Output folder not writable: {blocker / 'out'} (")
    assert err.endswith("). Pass a writable folder with --out.\n")
    assert err.count("\n") == 1


def test_cli_dask_options_are_exclusive(tmp_path, capsys):
    args = ["run", "--corpus", str(tmp_path), "--out", str(tmp_path / "o"), "--dask-workers", "2"]
    assert main([*args, "--dask-address", "tcp://127.0.0.1:8786"]) == 2
    assert (
        "use either --dask-address (an existing cluster) or --dask-workers (a local one)"
        in capsys.readouterr().err
    )


def test_cli_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "serve", "kb", "evaluate", "bench"):
        assert command in out


def test_cli_kb_lookup_needs_a_term(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["kb", "lookup"])
    assert exc.value.code == 2
    assert "kb lookup needs a TERM" in capsys.readouterr().err


def test_cli_evaluate_missing_benchmark_is_one_clear_line(tmp_path, capsys):
    assert main(["evaluate", "ner", "--pubtator", str(tmp_path / "none.txt")]) == 2
    assert capsys.readouterr().err == (
        f"error: Benchmark file or folder not found: {tmp_path / 'none.txt'}. "
        "See ../shared/eval/README.md for the layout.\n"
    )


def test_cli_serve_refuses_without_a_server(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    code = main(["serve", "--cron", "0 6 * * *", "--corpus", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "PREFECT_API_URL" in capsys.readouterr().err


def test_cli_bench_missing_source_is_one_clear_line(tmp_path, capsys):
    assert main(["bench", "--docs", "5", "--source", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == (
        f"error: Benchmark source not found: {tmp_path / 'none'}. Pass a PubTator file, a folder of "
        ".txt/.md files, or no --source for generated texts.\n"
    )


def test_cli_bench_dedupe_prints_the_report_and_writes_json(tmp_path, capsys):
    import json

    out = tmp_path / "dedupe.json"
    assert main(["bench", "--dedupe", "--docs", "300", "--seed", "2", "--json", str(out)]) == 0
    report = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["documents"] == 300 and figures["planted_duplicates"] == 30
    assert report.startswith("dedupe: 300 documents, 30 planted near duplicates")
    assert f"recall {figures['recall']:.4f}; false clusters {figures['false_clusters']}" in report
