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
    assert table.doc_ids == ["a", "c"]
    assert table.sizes.tolist() == [0, 3] and table.n_content_chars.tolist() == [8, 30]
    assert table.values[1].tobytes() == sig.minhash[:-4]
