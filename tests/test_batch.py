"""prepare_batch: only new or changed documents are decoded and normalized again."""

from __future__ import annotations

import hashlib

from pipeline import batch


def test_prepare_batch_skips_unchanged_files_without_normalizing(tmp_path, monkeypatch):
    (tmp_path / "same.txt").write_text("Ketamine blocks the NMDA receptor.\n", encoding="utf-8")
    (tmp_path / "edited.txt").write_text("Esketamine treats depression.\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text("Psilocybin is a 5-HT2A receptor agonist.\n", encoding="utf-8")
    known = {
        "same": hashlib.sha256((tmp_path / "same.txt").read_bytes()).hexdigest(),
        "edited": hashlib.sha256(b"an earlier version").hexdigest(),
    }
    normalized = []
    real_normalize = batch.normalize
    monkeypatch.setattr(batch, "normalize", lambda text: normalized.append(text) or real_normalize(text))

    paths = {"edited.txt": "edited", "new.txt": "new", "same.txt": "same"}
    records = batch.prepare_batch(tmp_path, paths, known)

    assert [r.doc_id for r in records] == ["edited", "new"]
    assert all(r.status == "ok" and r.norm_text for r in records)
    assert normalized == ["Esketamine treats depression.\n", "Psilocybin is a 5-HT2A receptor agonist.\n"]


def test_prepare_batch_reports_a_known_file_that_became_unreadable(tmp_path):
    (tmp_path / "gone.txt").mkdir()  # a folder where the file was: reading it fails
    records = batch.prepare_batch(tmp_path, {"gone.txt": "gone"}, {"gone": "0" * 64})
    assert [(r.doc_id, r.status) for r in records] == [("gone", "error")]
    assert records[0].error.startswith("unreadable: ")
