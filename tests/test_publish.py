import multiprocessing
import time

from pipeline.publish import clean_stale, publish, run_lock, staging

TABLES = ("documents", "mentions")


def test_publish_swaps_the_whole_set_and_keeps_user_files(tmp_path):
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "documents.csv").write_text("old\n")
    (out / "stale_table_from_older_version.csv").write_text("x\n")
    (out / "NOTES.txt").write_text("mine\n")
    staged = staging(out)
    (staged / "documents.csv").write_text("new\n")
    (staged / "mentions.csv").write_text("new m\n")
    publish(staged, out, TABLES + ("stale_table_from_older_version",))
    assert sorted(p.name for p in out.iterdir()) == ["NOTES.txt", "documents.csv", "mentions.csv"]
    assert (out / "documents.csv").read_text() == "new\n"
    assert not staged.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["outputs"]  # nothing left beside it


def test_publish_creates_a_missing_output_folder(tmp_path):
    out = tmp_path / "new" / "outputs"
    staged = staging(out)
    (staged / "documents.csv").write_text("a\n")
    publish(staged, out, TABLES)
    assert (out / "documents.csv").read_text() == "a\n"


def test_publish_clean_stale_removes_leftovers_of_a_killed_run(tmp_path):
    out = tmp_path / "outputs"
    leftover = staging(out)
    (leftover / "documents.csv").write_text("partial")
    clean_stale(out)
    assert not leftover.exists()


def _hold_lock(out, seconds, ready):
    with run_lock(out):
        ready.set()
        time.sleep(seconds)


def test_publish_second_run_waits_for_the_first_and_says_so(tmp_path):
    out = tmp_path / "outputs"
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(out, 1.5, ready))
    holder.start()
    assert ready.wait(30)
    messages = []
    started = time.monotonic()
    with run_lock(out, log_waiting=messages.append):
        waited = time.monotonic() - started
    holder.join()
    assert waited > 0.5
    assert messages[0].startswith(
        f"another run is writing {out} (pid {holder.pid}); waiting for it to finish"
    )
    assert messages[1].startswith("the other run finished after")
