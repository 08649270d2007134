import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import dedupe
from pipeline.dedupe import DedupeInput, shingles, signature, similarity
from pipeline.dedupe import find_duplicates as find_duplicates_signed
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


# ------------------------------------------------------------------ signatures, candidates, bounds

# First MinHash values of one sentence: they change only when the hash scheme does (a new format).
PINNED_FIRST_VALUES = [767469506, 768701228, 264080507, 918610150]


def brute_force_pairs(texts: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair verification accepts, by comparing all pairs on their exact shingle sets."""
    sets = {d: shingles(t) for d, t in texts.items()}
    ids = sorted(texts)
    out = set()
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            jaccard, containment = similarity(sets[a], sets[b])
            if jaccard >= dedupe.MIN_JACCARD and containment >= dedupe.MIN_CONTAINMENT:
                out.add((a, b))
    return out


def near_copies(n_bases: int = 40, seed: int = 0) -> dict[str, str]:
    """Hand-made pairs down to the floors: prefixes keeping 33-100% of a text, edited copies, strangers."""
    rng = random.Random(seed)
    texts = {}
    for k in range(n_bases):
        base = article(1000 + k, rng.randint(60, 400))
        words = base.split()
        texts[f"b{k:03d}"] = base
        keep = rng.uniform(0.33, 1.0)  # Jaccard of a prefix against the whole is about its share
        texts[f"p{k:03d}"] = " ".join(words[: max(3, int(len(words) * keep))])
        edited = list(words)
        for _ in range(rng.randint(1, len(words) // 8)):
            edited[rng.randrange(len(edited))] = rng.choice(("alpha", "beta", "gamma"))
        texts[f"e{k:03d}"] = " ".join(edited)
    return texts


def test_dedupe_candidates_keep_every_pair_verification_accepts():
    texts = near_copies()
    accepted = brute_force_pairs(texts)
    jaccards = [similarity(shingles(texts[a]), shingles(texts[b]))[0] for a, b in accepted]
    assert len(accepted) > 80 and min(jaccards) < 0.4  # the floor region is exercised
    ids = sorted(texts)
    sigs = [signature(d, texts[d], len(texts[d])) for d in ids]
    stored = np.frombuffer(b"".join(s.minhash for s in sigs), dtype="<u4").reshape(len(ids), -1)
    values, sizes = np.ascontiguousarray(stored[:, :-1]), stored[:, -1].astype(np.int64)
    assert sizes.tolist() == [len(shingles(texts[d])) for d in ids]
    candidates = {(ids[i], ids[j]) for i, j in dedupe.candidate_pairs(values, sizes).tolist()}
    assert accepted <= candidates


@settings(max_examples=200, deadline=None)
@given(
    a=st.sets(st.integers(0, 60), min_size=1, max_size=40),
    b=st.sets(st.integers(0, 60), min_size=1, max_size=40),
)
def test_dedupe_required_jaccard_holds_for_every_accepted_pair(a, b):
    """The size-based floor the filter uses follows from the two acceptance rules (no pair is lost)."""
    jaccard, containment = similarity(a, b)
    small, big = sorted((len(a), len(b)))
    need = dedupe.required_jaccard(np.array([small]), np.array([big]))[0]
    if jaccard >= dedupe.MIN_JACCARD and containment >= dedupe.MIN_CONTAINMENT:
        assert jaccard >= need - 1e-12
        got = dedupe.min_matches(np.array([len(a), len(b)]), np.array([0]), np.array([1]))[0]
        assert got <= dedupe._MIN_MATCHES[int(jaccard * 1000)]  # table rises with the Jaccard


def test_dedupe_clusters_equal_all_pairs_reference():
    texts = near_copies(25, seed=3)
    texts.update({f"u{k:03d}": article(5000 + k) for k in range(30)})  # unrelated, same vocabulary
    uf = dedupe._UnionFind()
    for a, b in brute_force_pairs(texts):
        uf.union(a, b)
    expected: dict[str, set[str]] = {}
    for d in texts:
        expected.setdefault(uf.find(d), set()).add(d)
    records = find_duplicates([doc(d, t) for d, t in texts.items()])
    got: dict[str, set[str]] = {}
    for r in records:
        got.setdefault(r.duplicate_of, {r.duplicate_of}).add(r.doc_id)
    assert sorted(map(sorted, got.values())) == sorted(sorted(m) for m in expected.values() if len(m) > 1)


def test_dedupe_error_bounds_of_banding_and_filter():
    assert dedupe.band_miss_probability(0.30) < 1e-4
    assert dedupe.MIN_MATCHES == 18 and dedupe.filter_miss_probability(0.30, 18) < 1e-5
    assert (np.diff(dedupe._MIN_MATCHES) >= 0).all()
    for g in (300, 430, 600, 900):  # each required count misses a pair at that Jaccard rarely enough
        need = int(dedupe._MIN_MATCHES[g])
        assert dedupe.filter_miss_probability(g / 1000, need) <= dedupe.FILTER_MISS
        assert dedupe.filter_miss_probability(g / 1000, need + 1) > dedupe.FILTER_MISS
    assert dedupe.band_miss_probability(0.40) < dedupe.band_miss_probability(0.30)
    # the closed form against a simulation: positions match independently with probability J
    rng = np.random.default_rng(0)
    for j in (0.08, 0.12):
        match = rng.random((200_000, dedupe.NUM_PERM)) < j
        missed = ~(match & np.roll(match, -1, axis=1)).any(axis=1)
        assert missed.mean() == pytest.approx(dedupe.band_miss_probability(j), rel=0.05)


def test_dedupe_minhash_estimate_is_unbiased_with_binomial_spread():
    rng = np.random.default_rng(1)
    errors = []
    for _ in range(400):  # sets of random shingle hashes with a known overlap
        common = rng.integers(0, 2**64, size=60, dtype=np.uint64)
        a = np.concatenate([common, rng.integers(0, 2**64, size=90, dtype=np.uint64)])
        b = np.concatenate([common, rng.integers(0, 2**64, size=90, dtype=np.uint64)])
        matches = (dedupe.minhash_values(a) == dedupe.minhash_values(b)).mean()
        errors.append(matches - 60 / 240)
    sd = (0.25 * 0.75 / dedupe.NUM_PERM) ** 0.5
    assert abs(np.mean(errors)) < 3 * sd / len(errors) ** 0.5
    assert np.std(errors) == pytest.approx(sd, rel=0.15)


def test_dedupe_shingle_hashes_are_the_shingles_as_numbers():
    texts = [article(s, n) for s, n in ((1, 300), (2, 2), (3, 1), (4, 3))] + [
        "Ketamine — ßtraße, 5-HT2A; ΑΒΓ"
    ]
    for text in texts:
        assert len(set(dedupe.shingle_hashes(text).tolist())) == len(shingles(text))
    assert len(dedupe.shingle_hashes("")) == 0 and signature("x", " ,; ", 0).minhash == b""
    # a word too long for the vectorised path hashes to the same value: shared shingles still match
    long_word = "x" * 100
    assert (
        dedupe.shingle_hashes(f"alpha beta gamma {long_word}")[0]
        == dedupe.shingle_hashes("alpha beta gamma")[0]
    )
    assert (
        dedupe.shingle_hashes(f"beta gamma {long_word}")[0]
        == dedupe.shingle_hashes(f"beta gamma {long_word} a")[0]
    )


def test_dedupe_signature_values_are_pinned():
    """Stored signatures must stay comparable across runs and machines: the hash parameters are fixed."""
    values = np.frombuffer(signature("x", "Ketamine blocks the NMDA receptor.", 1).minhash, dtype="<u4")
    assert len(values) == dedupe.NUM_PERM + 1 and values[-1] == 3  # then the distinct shingle count
    assert values[:4].tolist() == PINNED_FIRST_VALUES


def test_dedupe_rejects_a_signature_of_another_format():
    sig = dedupe.Signature("a", "k", b"\0" * 64, 1)
    with pytest.raises(ValueError, match="recompute"):
        find_duplicates_signed([sig], lambda d: "")


def test_dedupe_shingle_cache_bound_is_honoured_and_changes_nothing():
    texts = near_copies(20, seed=5)
    sigs = [signature(d, t, len(t)) for d, t in texts.items()]
    unbounded, small = {}, {}
    expected = find_duplicates_signed(sigs, texts.__getitem__, shingle_cache_size=10_000, stats=unbounded)
    assert find_duplicates_signed(sigs, texts.__getitem__, shingle_cache_size=3, stats=small) == expected
    assert small["shingle_cache_peak"] <= 3 < unbounded["shingle_cache_peak"]
    assert small["shingle_sets_computed"] >= unbounded["shingle_sets_computed"]


def test_dedupe_shingle_cache_evicts_least_recently_used():
    calls = []
    cache = dedupe.ShingleCache(lambda d: calls.append(d) or f"{d} one two", maxsize=2)
    for d in ("a", "b", "a", "c", "a", "b"):
        cache(d)
    assert calls == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came in
    assert len(cache.data) == 2


def test_dedupe_output_does_not_depend_on_input_order():
    texts = near_copies(20, seed=7)
    texts["x1"] = texts["b001"].upper()  # an exact duplicate too
    docs = [doc(d, t) for d, t in texts.items()]
    expected = find_duplicates(docs)
    assert expected
    for seed in range(3):
        shuffled = list(docs)
        random.Random(seed).shuffle(shuffled)
        assert find_duplicates(shuffled) == expected


def test_dedupe_handles_no_words_and_tiny_corpora():
    assert find_duplicates([]) == []
    assert find_duplicates([doc("a", "one two three four")]) == []
    records = find_duplicates(
        [doc("a", " ,; "), doc("b", "--"), doc("c", "Ketamine."), doc("d", "KETAMINE.")]
    )
    # texts without words have no near-duplicate signature; folded-identical ones are still exact
    assert [(r.doc_id, r.duplicate_of, r.method) for r in records] == [("d", "c", "exact")]


def test_dedupe_signature_table_matches_signature_objects_and_holds_arrays_only():
    texts = near_copies(20, seed=11)
    texts["x1"] = texts["b002"].upper()  # exact duplicate
    texts["x2"] = " ;; "  # no words: exact key only
    sigs = sorted((signature(d, t, len(t)) for d, t in texts.items()), key=lambda s: s.doc_id)
    table = dedupe.SignatureTable.build(((s.doc_id, s.exact_key, s.minhash, s.n_content_chars) for s in sigs),
                                        len(sigs))  # fmt: skip
    assert table.values.shape == (len(sigs), dedupe.NUM_PERM) and table.values.dtype == np.uint32
    assert table.sizes[table.doc_ids.index("x2")] == 0
    expected = find_duplicates_signed(sigs, texts.__getitem__)
    assert any(r.method == "exact" for r in expected) and any(r.method == "near" for r in expected)
    assert dedupe.find_duplicates_in_table(table, texts.__getitem__) == expected


def test_dedupe_signature_table_rejects_unsorted_repeated_or_miscounted_rows():
    row = ("b", "k", signature("b", "one two three", 1).minhash, 1)
    with pytest.raises(ValueError, match="increasing order"):
        dedupe.SignatureTable.build([row, ("a", *row[1:])], 2)
    with pytest.raises(ValueError, match="increasing order"):
        dedupe.SignatureTable.build([row, row], 2)
    with pytest.raises(ValueError, match="1 signatures, 2 announced"):
        dedupe.SignatureTable.build([row], 2)
    with pytest.raises(ValueError, match="more signatures than the 1 announced"):
        dedupe.SignatureTable.build([row, ("c", *row[1:])], 1)


def test_dedupe_candidate_search_limited_to_given_rows_numbers_pairs_by_matrix_row():
    texts = near_copies(10, seed=3)
    sigs = [signature(d, t, len(t)) for d, t in sorted(texts.items())]
    stored = np.stack([np.frombuffer(s.minhash, dtype="<u4") for s in sigs])
    values = np.ascontiguousarray(stored[:, : dedupe.NUM_PERM])
    sizes = stored[:, dedupe.NUM_PERM].astype(np.int64)
    everything = dedupe.candidate_pairs(values, sizes)
    assert len(everything)
    rows = np.arange(0, len(sigs), 2)  # every other row
    limited = dedupe.candidate_pairs(values, sizes, rows=rows)
    kept = {tuple(p) for p in everything.tolist() if p[0] in set(rows) and p[1] in set(rows)}
    assert {tuple(p) for p in limited.tolist()} == kept


def test_dedupe_partitioned_sorts_and_chunked_reads_change_nothing(monkeypatch):
    """Band keys and exact keys are sorted in partitions of _SORT_ROWS rows: tiny partitions (many
    of them, runs split across read chunks) give the same candidates, counts and clusters."""
    texts = near_copies(30, seed=4)
    texts["x1"] = texts["b002"].upper()
    texts["x2"] = texts["b002"].lower()
    texts["x3"] = " ".join(texts["e005"].split()).upper()
    docs = [DedupeInput(d, t, len(t)) for d, t in texts.items()]
    sigs = [signature(d.doc_id, d.text, d.n_content_chars) for d in docs]
    expected_stats: dict = {}
    expected = find_duplicates_signed(sigs, texts.__getitem__, stats=expected_stats)
    assert {r.method for r in expected} == {"exact", "near"}
    for rows in (3, 64):
        monkeypatch.setattr(dedupe, "_SORT_ROWS", rows)
        stats: dict = {}
        assert find_duplicates_signed(sigs, texts.__getitem__, stats=stats) == expected
        assert stats == expected_stats


def test_dedupe_on_disk_table_equals_the_in_memory_one_and_survives_release(tmp_path, monkeypatch):
    monkeypatch.setattr(dedupe, "_BUILD_ROWS", 5)  # several chunks, columns written piecewise
    texts = near_copies(8, seed=2)
    texts["x1"] = texts["b001"].upper()
    texts["x2"] = " ;; "
    texts["é/ü"] = texts["b003"]  # a doc_id with non-ASCII characters and a folder
    sigs = sorted((signature(d, t, len(t)) for d, t in texts.items()), key=lambda s: s.doc_id)
    rows = [(s.doc_id, s.exact_key, s.minhash, s.n_content_chars) for s in sigs]
    memory = dedupe.SignatureTable.build(rows, len(rows))
    disk = dedupe.SignatureTable.build_on_disk(rows, len(rows), tmp_path / "sig")
    assert list(disk.doc_ids) == memory.doc_ids and disk.doc_ids[-1] == memory.doc_ids[-1]
    for name in ("values", "sizes", "keys", "n_content_chars", "folded"):
        assert np.array_equal(getattr(disk, name), getattr(memory, name)), name
    assert np.array_equal(disk.columns, memory.values.T)
    assert isinstance(disk.values, np.ndarray) and not disk.values.flags.writeable  # read-only maps
    disk.release()  # pages handed back are read again from the file
    assert np.array_equal(disk.values, memory.values)
    assert dedupe.find_duplicates_in_table(disk, texts.__getitem__) == dedupe.find_duplicates_in_table(
        memory, texts.__getitem__
    )
    reopened = dedupe.SignatureTable.open(tmp_path / "sig")
    assert list(reopened.doc_ids) == memory.doc_ids
    empty = dedupe.SignatureTable.build_on_disk([], 0, tmp_path / "empty")
    assert len(empty) == 0 and dedupe.find_duplicates_in_table(empty, texts.__getitem__) == []


def test_dedupe_on_disk_build_refuses_bad_rows_and_keeps_the_last_good_table(tmp_path):
    rows = [(d, "k" + d, signature(d, f"text {d} one two", 5).minhash, 5) for d in ("a", "b", "c")]
    dedupe.SignatureTable.build_on_disk(rows, 3, tmp_path / "sig")
    with pytest.raises(ValueError, match="increasing order"):
        dedupe.SignatureTable.build_on_disk([rows[1], rows[0]], 2, tmp_path / "sig")
    with pytest.raises(ValueError, match="2 signatures, 3 announced"):
        dedupe.SignatureTable.build_on_disk(rows[:2], 3, tmp_path / "sig")
    assert list(dedupe.SignatureTable.open(tmp_path / "sig").doc_ids) == ["a", "b", "c"]
    (tmp_path / "sig" / "sizes.npy").write_bytes((tmp_path / "sig" / "sizes.npy").read_bytes()[:-8])
    with pytest.raises(ValueError, match="incomplete"):
        dedupe.SignatureTable.open(tmp_path / "sig")
