import numpy as np

from pipeline.annotate import Annotation, Fact, Mention
from pipeline.state import (
    DocRecord,
    StateStore,
    annotation_from_json,
    annotation_to_json,
    pipeline_fingerprint,
)


def record(doc_id, sha="s1", status="ok"):
    return DocRecord(
        doc_id, f"{doc_id}.txt", sha, 10, "utf-8", status, None, "Title", 10, 8, "k", b"\x01\x02",
        "ketamine text", ({"start": 0, "end": 4, "reason": "share_link", "text": "Share"},),
    )  # fmt: skip


def annotation():
    drug = Mention(0, 0, 8, "Ketamine", "DRUG", "MESH:D007649", "ketamine", "lexicon")
    target = Mention(
        0, 18, 31, "NMDA receptor", "RECEPTOR", "LOCAL:RECEPTOR:NMDAR", "NMDA receptor", "lexicon"
    )
    fact = Fact(
        0, drug, "ANTAGONIST", target, False, True, "Ketamine blocks the NMDA receptor.", "verb:block"
    )
    return Annotation(((0, 32),), (drug, target), (fact,))


def test_state_annotation_round_trips_through_json():
    a = annotation()
    assert annotation_from_json(annotation_to_json(a)) == a


def test_state_store_keeps_records_per_fingerprint(tmp_path):
    path = tmp_path / "state.sqlite"
    with StateStore(path, "fp1") as store:
        store.put_documents([record("b"), record("a")])
        assert store.known() == {"a": "s1", "b": "s1"}
        assert store.known({"a": "a.txt"}) == {"a": "s1"} and store.count_known() == 2
        assert store.known({"a": "a.md", "b": "b.txt", "z": "z.txt"}) == {"b": "s1"}  # a moved: prepare again
        assert [r.doc_id for r in store.records()] == ["a", "b"]
        (rec,) = store.records(["a"], with_text=True)
        assert rec == record("a")
        assert store.norm_text("b") == "ketamine text"
    with StateStore(path, "fp2") as store:
        assert store.known() == {}  # a new pipeline fingerprint: everything is prepared again


def test_state_store_annotations_and_dropping_missing(tmp_path):
    with StateStore(tmp_path / "s.sqlite", "fp") as store:
        store.put_documents([record("a"), record("b"), record("c")])
        assert store.pending_annotation() == [("a", "a.txt"), ("b", "b.txt"), ("c", "c.txt")]
        store.put_annotations([("a", annotation(), None), ("b", None, "annotation failed: boom")])
        assert store.pending_annotation() == [("c", "c.txt")]
        assert store.pending_annotation(skip={"c"}) == []
        assert list(store.annotations()) == [
            ("a", annotation(), None),
            ("b", None, "annotation failed: boom"),
        ]
        store.put_documents([record("a", sha="s2")])  # changed content forgets the old annotation
        assert store.pending_annotation() == [("a", "a.txt"), ("c", "c.txt")]
        assert store.drop_missing(["a"]) == 2
        assert [r.doc_id for r in store.records()] == ["a"]
        assert store.status_counts() == {"ok": 1}


def test_state_fingerprint_depends_on_model():
    assert pipeline_fingerprint() == pipeline_fingerprint()
    assert pipeline_fingerprint() != pipeline_fingerprint("my_model")


def test_state_store_signature_table_holds_readable_documents_in_doc_id_order(tmp_path):
    from dataclasses import replace

    from pipeline.dedupe import signature

    sig = signature("x", "ketamine blocks the NMDA receptor", 30)
    with StateStore(tmp_path / "s.sqlite", "fp") as store:
        store.put_documents([
            replace(record("c"), minhash=sig.minhash, n_content_chars=30),
            replace(record("a"), minhash=None),  # a text without words has no MinHash values
            record("b", status="error"),
        ])  # fmt: skip
        table = store.signature_table()
    assert list(table.doc_ids) == ["a", "c"]
    assert table.sizes.tolist() == [0, 3] and table.n_content_chars.tolist() == [8, 30]
    assert table.values[1].tobytes() == sig.minhash[:-4]


def _signed_records(texts):
    from dataclasses import replace

    from pipeline.dedupe import signature

    out = []
    for doc_id, text in texts.items():
        sig = signature(doc_id, text, len(text))
        out.append(replace(record(doc_id), exact_key=sig.exact_key, minhash=sig.minhash or None,
                           n_content_chars=len(text), norm_text=text))  # fmt: skip
    return out


def _tables_equal(a, b):
    assert list(a.doc_ids) == list(b.doc_ids)
    for name in ("values", "sizes", "keys", "n_content_chars"):
        assert np.array_equal(np.asarray(getattr(a, name)), np.asarray(getattr(b, name))), name
    assert np.array_equal(a.folded, b.folded)
    for k in (0, 1, 127):
        assert np.array_equal(a.column(k), b.column(k))


def test_state_signature_files_are_rebuilt_from_the_database_on_every_call(tmp_path):
    """The memory-mapped signature files follow the database: documents added, changed or dropped
    since the last build, a half-written or deleted folder — the next table is the in-memory one."""
    import shutil

    from test_dedupe import near_copies

    texts = near_copies(12, seed=5)
    texts["x1"] = texts["b003"].upper()  # exact duplicate
    texts["x2"] = " ;; "  # no words
    path = tmp_path / "state" / "state.sqlite"
    with StateStore(path, "fp") as store:
        store.put_documents(_signed_records(texts))
        first = store.signature_table()
        assert store.signatures_dir == tmp_path / "state" / "state.signatures"
        assert np.load(store.signatures_dir / "values.npy", mmap_mode="r").shape == (len(texts), 128)
        _tables_equal(first, store.signature_table(on_disk=False))
        # a rerun: one changed, one dropped, one new document
        changed = {"b001": texts["b000"] + " extra words here", "n1": texts["b002"] + " appended tail"}
        store.put_documents(_signed_records(changed))
        store.drop_missing(set(texts) - {"b004"} | set(changed))
        second = store.signature_table()
        _tables_equal(second, store.signature_table(on_disk=False))
        assert "b004" not in list(second.doc_ids) and "n1" in list(second.doc_ids)
        assert list(first.doc_ids) != list(second.doc_ids)  # the first table's maps stay readable
        # a crash mid-build leaves a stray staging folder; a deleted folder is simply rebuilt
        (tmp_path / "state" / "state.signatures.new").mkdir()
        shutil.rmtree(store.signatures_dir)
        _tables_equal(store.signature_table(), second)
        assert not (tmp_path / "state" / "state.signatures.new").exists()


def test_state_on_disk_signature_table_clusters_like_the_in_memory_one(tmp_path):
    from test_dedupe import near_copies

    from pipeline import dedupe

    texts = near_copies(40, seed=9)
    texts["x1"] = texts["b007"].upper()
    texts["x2"] = "  ".join(texts["b011"].split())
    with StateStore(tmp_path / "s.sqlite", "fp") as store:
        store.put_documents(_signed_records(texts))
        on_disk = dedupe.find_duplicates_in_table(store.signature_table(), store.norm_text)
        in_memory = dedupe.find_duplicates_in_table(store.signature_table(on_disk=False), store.norm_text)
    assert (
        on_disk
        == in_memory
        == dedupe.find_duplicates_in_texts([dedupe.DedupeInput(d, t, len(t)) for d, t in texts.items()])
    )
    assert {r.method for r in on_disk} == {"exact", "near"}


def test_state_corpus_listing_assigns_doc_ids_like_ingest_and_pages_in_order(tmp_path):
    from pipeline.ingest import assign_doc_ids

    paths = ["b/c.txt", "a.txt", "a.md", "a.txt.txt", "z.md", "d.txt", "x/y.md", "x/y.txt", "é.txt"]
    with StateStore(tmp_path / "s.sqlite", "fp") as store:
        assert store.set_corpus(iter(paths)) == len(paths)
        pages = list(store.corpus_batches(2))
        assert [len(p) for p in pages] == [2, 2, 2, 2, 1]
        assert dict(item for page in pages for item in page) == assign_doc_ids(paths)
        assert [d for page in pages for d, _ in page] == list(assign_doc_ids(paths))  # doc_id order
        # a new listing replaces the last; documents no longer listed are dropped
        store.put_documents([record("d"), record("z"), record("gone")])
        assert store.set_corpus(["d.txt", "z.md"]) == 2
        assert store.drop_missing() == 1
        assert [r.doc_id for r in store.records()] == ["d", "z"]


def test_state_pending_batches_page_through_while_annotations_are_stored(tmp_path):
    with StateStore(tmp_path / "s.sqlite", "fp") as store:
        store.put_documents([record(f"d{i:02d}") for i in range(23)])
        skip = {"d03", "d04", "d20", "absent"}
        assert store.count_pending(skip) == 20
        seen = []
        for batch in store.pending_batches(3, skip):
            assert len(batch) == 3 or len(seen) == 18
            seen.extend(batch)
            store.put_annotations([(d, annotation(), None) for d, _ in batch])  # stored between pages
        assert seen == [(f"d{i:02d}", f"d{i:02d}.txt") for i in range(23) if f"d{i:02d}" not in skip]
        assert store.count_pending(skip) == 0 and store.pending_annotation() == [
            ("d03", "d03.txt"), ("d04", "d04.txt"), ("d20", "d20.txt")
        ]  # fmt: skip
