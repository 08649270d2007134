"""The shared span helpers every entity-adding component uses (pipeline/components/spans.py)."""

import pytest
import spacy
from spacy.util import filter_spans

from pipeline.components.spans import (
    KBComponent,
    commit,
    ensure_extensions,
    filter_extents,
    mark,
    set_source,
    source,
)


@pytest.fixture()
def doc():
    ensure_extensions()
    return spacy.blank("en")("Rats got ketamine hydrochloride and memantine daily.")


def test_spans_mark_sets_the_source(doc):
    spans = mark([doc[2:3], doc[5:6]], "lexicon")
    assert [s._.ner_source for s in spans] == ["lexicon", "lexicon"]


def test_spans_commit_keeps_longest_then_earliest_and_marks_new_extents(doc):
    old = mark([doc.char_span(9, 17, label="DRUG")], "lexicon")  # "ketamine"
    longer = doc.char_span(9, 31, label="DRUG")  # "ketamine hydrochloride"
    same = doc.char_span(36, 45, label="CHEMICAL")  # "memantine", new
    earlier = doc.char_span(36, 45, label="DRUG")  # same extent, given first: it wins
    merged = commit(doc, [earlier, *old, longer, same], [longer, same], "pattern")
    assert [(e.text, e.label_, e._.ner_source) for e in doc.ents] == [
        ("ketamine hydrochloride", "DRUG", "pattern"),
        ("memantine", "DRUG", "pattern"),  # the kept span has a new span's extent: marked
    ]
    assert [(e.start, e.end) for e in merged] == [(e.start, e.end) for e in doc.ents]


def test_spans_component_without_index_says_how_to_build_it():
    component = KBComponent("pharma_x")
    with pytest.raises(ValueError, match="pharma_x.*build_nlp"):
        component.require_index()
    component.initialize(index="an index")
    assert component.require_index() == "an index"


def test_spans_set_source_and_source_are_the_extension(doc):
    # They write and read where span._.ner_source keeps its value.
    span = doc[2:4]
    assert source(span) == span._.ner_source == ""
    set_source(span, "pattern")
    assert span._.ner_source == "pattern"
    assert source(doc[2:4]) == "pattern"  # a new Span object over the same characters
    doc[5:6]._.ner_source = "lexicon"
    assert source(doc[5:6]) == "lexicon"
    assert source(doc[2:3]) == ""


@pytest.mark.parametrize("seed", range(200))
def test_spans_filter_extents_chooses_as_filter_spans(doc, seed):
    import random

    rng = random.Random(seed)
    extents = []
    for _ in range(rng.randint(0, 12)):
        start = rng.randrange(len(doc))
        extents.append((start, rng.randint(start + 1, min(len(doc), start + 4)), len(extents)))
    spans = [doc[s:e] for s, e, _ in extents]
    for span, (_, _, k) in zip(spans, extents, strict=True):
        span.label_ = f"L{k}"  # which input each kept span came from, among equal extents too
    expected = [(sp.start, sp.end, int(sp.label_[1:])) for sp in filter_spans(spans)]
    assert filter_extents(extents) == expected
