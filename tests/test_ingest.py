import codecs

import pytest

from pipeline.ingest import CorpusError, decode, discover, doc_id_for, read_document


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "smith2024.txt").write_text("Ketamine blocks NMDA receptors.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Memantine\n", encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".state").mkdir()
    (tmp_path / ".state" / "hidden.txt").write_text("not corpus")
    return tmp_path


def test_ingest_discover_is_recursive_sorted_and_filtered(corpus):
    assert discover(corpus) == ["notes.md", "reviews/smith2024.txt"]


def test_ingest_discover_follows_file_links_not_folder_links_any_suffix_case(corpus, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "linked.txt").write_text("Esketamine.\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "inside.txt").write_text("Memantine.\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside / "linked.txt")
    (corpus / "dangling.txt").symlink_to(outside / "missing.txt")
    (corpus / "linked_folder").symlink_to(outside / "folder", target_is_directory=True)
    (corpus / "reviews" / "LOUD.TXT").write_text("Ketamine.\n", encoding="utf-8")
    (corpus / "reviews" / ".hidden.md").write_text("x\n", encoding="utf-8")
    assert discover(corpus) == ["link.txt", "notes.md", "reviews/LOUD.TXT", "reviews/smith2024.txt"]


def test_ingest_doc_id_drops_suffix_and_keeps_folders():
    assert doc_id_for("reviews/smith2024.txt") == "reviews/smith2024"
    assert doc_id_for("000_cf445b3e9f868d1e.txt") == "000_cf445b3e9f868d1e"
    assert doc_id_for("notes.md") == "notes"


def test_ingest_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="Corpus folder not found: .*missing. Pass an existing folder"):
        discover(tmp_path / "missing")


TEXT = "γ-aminobutyric acid (GABA) and “ketamine” – 2R,6R\r\nline two"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    ],
)
def test_ingest_decode_unicode_with_and_without_bom(data, encoding):
    text, detected = decode(data)
    assert text == TEXT  # BOM excluded, \r\n kept: offsets index the text as stored
    assert detected == encoding


def test_ingest_decode_latin1_is_detected():
    latin = "Les patients traités par kétamine ont présenté une amélioration rapide des symptômes dépressifs."
    text, encoding = decode(latin.encode("latin-1"))
    assert text == latin
    assert encoding in {"latin_1", "cp1252", "iso8859_15", "cp1250", "iso8859_2"}


def test_ingest_binary_file_is_an_error_with_reason(tmp_path):
    (tmp_path / "scan.txt").write_bytes(bytes(range(256)) * 4)
    doc = read_document(tmp_path, "scan.txt")
    assert doc.status == "error"
    assert doc.error == "binary content (NUL bytes and no UTF-16/32 byte-order mark)"
    assert doc.text is None and doc.n_bytes == 1024 and len(doc.sha256) == 64


def test_ingest_undecodable_without_nul_is_an_error(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xFE, 0xC3]) * 50)
    doc = read_document(tmp_path, "noise.txt")
    assert doc.status == "error"
    assert doc.error.startswith("undecodable")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_ingest_empty_or_whitespace_is_empty(tmp_path, content):
    (tmp_path / "blank.txt").write_bytes(content)
    doc = read_document(tmp_path, "blank.txt")
    assert doc.status == "empty"
    assert doc.error is None


def test_ingest_records_sha256_of_raw_bytes(tmp_path):
    import hashlib

    data = codecs.BOM_UTF16_LE + "ketamine".encode("utf-16-le")
    (tmp_path / "a.txt").write_bytes(data)
    doc = read_document(tmp_path, "a.txt")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.text, doc.encoding, doc.n_bytes, doc.status) == ("ketamine", "utf-16", len(data), "ok")


def test_ingest_colliding_doc_ids_keep_their_suffix():
    from pipeline.ingest import assign_doc_ids

    assert assign_doc_ids(["a.md", "a.txt", "b/c.txt"]) == {
        "a.md": "a.md",
        "a.txt": "a.txt",
        "b/c": "b/c.txt",
    }
