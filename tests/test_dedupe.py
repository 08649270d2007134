import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import DedupeInput, shingles, similarity
from pipeline.dedupe import find_duplicates_in_texts as find_duplicates

WORDS = (
    "ketamine esketamine memantine riluzole receptor antagonist glutamate synapse plasticity depression "
    "patients infusion response remission trial dose cortex neurons signaling pathway mechanism rapid "
    "sustained efficacy placebo randomized hippocampus mTOR BDNF AMPA NMDA throughput metabolite"
).split()


def article(seed: int, n_words: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words)) + "."


def doc(doc_id: str, text: str) -> DedupeInput:
    return DedupeInput(doc_id, text, sum(not c.isspace() for c in text))


def rewrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join([*lines, line])


def test_dedupe_exact_duplicate_differs_only_in_case_and_layout():
    a = article(1)
    records = find_duplicates([doc("a", a), doc("b", rewrap(a.upper()))])
    assert [(r.doc_id, r.duplicate_of, r.similarity, r.method) for r in records] == [("b", "a", 1.0, "exact")]


def test_dedupe_near_duplicate_keeps_most_complete_rendering():
    body = article(2)
    longer = body + " Figure 1 legend: " + article(3, 40)  # the PDF rendering carries a caption
    records = find_duplicates([doc("abstract_db", body), doc("pdf", longer), doc("other", article(4))])
    assert len(records) == 1
    (r,) = records
    assert (r.doc_id, r.duplicate_of, r.method) == ("abstract_db", "pdf", "near")
    assert 0.6 < r.similarity < 1.0


def test_dedupe_unrelated_articles_on_the_same_topic_do_not_cluster():
    docs = [doc(f"d{i}", article(100 + i)) for i in range(30)]
    assert find_duplicates(docs) == []


def test_dedupe_short_quote_of_a_long_article_is_not_a_duplicate():
    long = article(5, 2000)
    quote = " ".join(long.split()[100:160])  # a paragraph quoted in another piece
    assert find_duplicates([doc("long", long), doc("quote", quote + " " + article(6, 200))]) == []


def test_dedupe_canonical_tie_breaks_on_doc_id():
    a = article(7)
    records = find_duplicates([doc("z", a), doc("m", a)])
    assert [(r.doc_id, r.duplicate_of) for r in records] == [("z", "m")]


def test_dedupe_rejects_repeated_doc_ids():
    with pytest.raises(ValueError, match="doc_ids must be unique"):
        find_duplicates([doc("a", "x"), doc("a", "y")])


def test_dedupe_similarity_jaccard_and_containment():
    a, b = {"x", "y", "z", "w"}, {"x", "y"}
    assert similarity(a, b) == (0.5, 1.0)
    assert similarity(set(), b) == (0.0, 0.0)
    assert shingles("One two, three FOUR") == {"one two three", "two three four"}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), cut=st.integers(1, 30))
def test_dedupe_property_light_edits_still_cluster(seed, cut):
    base = article(seed)
    words = base.split()
    edited = " ".join(words[cut:])  # a rendering that lost a few leading words and was re-wrapped
    records = find_duplicates([doc("orig", base), doc("edit", rewrap(edited))])
    assert [(r.doc_id, r.duplicate_of) for r in records] == [("edit", "orig")]
