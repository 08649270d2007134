"""Readers for the benchmark formats, on tiny hand-made fixtures (invented sentences and ids)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.eval_formats import GoldFormatError, read_chemprot, read_pubtator, split_ids

FIXTURES = Path(__file__).parent / "fixtures" / "evaluate"


def _every_span_indexes_text(docs) -> None:
    for doc in docs:
        for ent in doc.entities:
            assert doc.text[ent.start:ent.end] == ent.text


def test_eval_formats_pubtator_builds_title_newline_abstract():
    docs = read_pubtator(FIXTURES / "bc5cdr_mini.PubTator")
    assert [d.doc_id for d in docs] == ["900001", "900002"]
    assert docs[1].text == (
        "Plinotide and quarrelon in chronic fatigue.\nPlinotide relieved chronic fatigue without nausea.")
    assert len(docs[0].entities) == 7 and len(docs[1].entities) == 6
    _every_span_indexes_text(docs)


def test_eval_formats_pubtator_composite_mentions_keep_all_ids_and_parts():
    doc = read_pubtator(FIXTURES / "bc5cdr_mini.PubTator")[0]
    composite = [e for e in doc.entities if e.text == "renal and hepatic failure"][0]
    assert composite.ids == ("D900011", "D900012")
    assert composite.parts == ("renal failure", "hepatic failure")
    assert composite.composite
    plain = [e for e in doc.entities if e.text == "tremor"][0]
    assert plain.ids == ("D900010",) and plain.parts == () and not plain.composite


def test_eval_formats_pubtator_minus_one_id_keeps_span_without_concept():
    doc = read_pubtator(FIXTURES / "bc5cdr_mini.PubTator")[0]
    dizziness = [e for e in doc.entities if e.text == "dizziness"][0]
    assert dizziness.ids == ()
    assert (dizziness.start, dizziness.end, dizziness.type) == (147, 156, "Disease")


def test_eval_formats_pubtator_relations():
    docs = read_pubtator(FIXTURES / "bc5cdr_mini.PubTator")
    assert [(r.type, r.arg1, r.arg2) for r in docs[0].relations] == [
        ("CID", "D900001", "D900010"), ("CID", "D900001", "D900012")]
    assert [(r.type, r.arg1, r.arg2) for r in docs[1].relations] == [("CID", "D900004", "D900014")]


def test_eval_formats_biored_crlf_is_stripped_and_ids_split():
    assert b"\r\n" in (FIXTURES / "biored_mini.PubTator").read_bytes()  # the fixture really is CRLF
    (doc,) = read_pubtator(FIXTURES / "biored_mini.PubTator")
    assert "\r" not in doc.text and doc.text.count("\n") == 1
    _every_span_indexes_text([doc])
    both = [e for e in doc.entities if e.text == "Foob1 or Foob2"][0]
    assert both.ids == ("90001", "90002")
    assert [e for e in doc.entities if e.text == "zorbaxine"][0].ids == ()
    assert [(r.type, r.arg1, r.arg2) for r in doc.relations] == [
        ("Bind", "D900004", "90001"), ("Negative_Correlation", "D900004", "D900020"),
        ("Association", "90001", "D900020")]


def test_eval_formats_chemprot_folder():
    (doc,) = read_chemprot(FIXTURES / "chemprot_mini")
    assert doc.doc_id == "700001" and doc.text.startswith("Velprazine blocks the QRX2 channel.\nVelprazine")
    _every_span_indexes_text([doc])
    assert [e.ref for e in doc.entities] == ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
    assert all(e.ids == () for e in doc.entities)
    assert [(r.type, r.arg1, r.arg2) for r in doc.relations] == [
        ("CPR:4", "T3", "T4"), ("CPR:3", "T3", "T5"), ("CPR:5", "T6", "T7")]


@pytest.mark.parametrize("raw, ids", [
    ("D1", ("D1",)), ("D1|D2", ("D1", "D2")), ("11,12,13", ("11", "12", "13")),
    ("-1", ()), ("-", ()), ("", ()), ("D1|-1", ("D1",)),
])
def test_eval_formats_split_ids(raw, ids):
    assert split_ids(raw) == ids


def test_eval_formats_shifted_offset_is_reported(tmp_path):
    bad = tmp_path / "bad.PubTator"
    bad.write_text("1|t|Abc drug.\n1|a|More text.\n1\t5\t9\tdrug\tChemical\tD1\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as err:
        read_pubtator(bad)
    assert str(err.value) == (
        f"Offsets 5-9 in {bad} line 3 do not index the mention 'drug' (the document text there is "
        "'rug.'). Documents are built as title + '\\n' + abstract; check that the file is unmodified "
        "(line ends, encoding) and belongs to this reader."
    )


def test_eval_formats_unknown_line_shape_is_reported(tmp_path):
    bad = tmp_path / "bad.PubTator"
    bad.write_text("1|t|Abc drug.\n1|a|More.\n1\tjunk\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"Cannot read line 3 of .*: 2 tab-separated fields"):
        read_pubtator(bad)


def test_eval_formats_chemprot_missing_file_is_reported(tmp_path):
    (tmp_path / "x_abstracts.tsv").write_text("1\tT\tA\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as err:
        read_chemprot(tmp_path)
    assert str(err.value) == (
        f"Expected exactly one '*_entities.tsv' file in the ChemProt folder '{tmp_path}', found: none. "
        "Pass a split folder such as chemprot/chemprot_development."
    )


_words = st.text(alphabet="abcdefgh XYZ-", min_size=1, max_size=30)


@given(title=_words, abstract=_words, crlf=st.booleans(), data=st.data())
def test_eval_formats_offsets_roundtrip(tmp_path_factory, title, abstract, crlf, data):
    """Any span written over title + '\\n' + abstract reads back as the same text, LF or CRLF."""
    text = title + "\n" + abstract
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    surface = text[start:end]
    if "\t" in surface or "\n" in surface:
        return
    eol = "\r\n" if crlf else "\n"
    body = eol.join([f"5|t|{title}", f"5|a|{abstract}", f"5\t{start}\t{end}\t{surface}\tChemical\tD5", ""])
    path = tmp_path_factory.mktemp("rt") / "doc.PubTator"
    path.write_bytes(body.encode("utf-8"))
    (doc,) = read_pubtator(path)
    assert doc.text == text
    assert (doc.entities[0].start, doc.entities[0].end, doc.entities[0].text) == (start, end, surface)
