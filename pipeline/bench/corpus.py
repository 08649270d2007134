"""Benchmark corpora: real texts from a folder or PubTator file, or a seeded generator of
abstract-like documents, with planted near duplicates for the dedupe benchmark."""

from __future__ import annotations

import random
from pathlib import Path


def load_source(source: Path | None, n_docs: int, seed: int = 0) -> tuple[list[str], list | None]:
    """The benchmark texts, and the gold documents when ``source`` is a PubTator file.

    ``source`` may be a PubTator file (texts are title + "\\n" + abstract, as the corpora's offsets
    expect), a folder of .txt/.md files (read as the flow reads them), or None for generated texts.
    """
    if source is None:
        return generate_texts(n_docs, seed=seed), None
    source = Path(source)
    if source.is_file():
        from pipeline.eval_formats import read_pubtator

        gold = read_pubtator(source)[:n_docs]
        return [d.text for d in gold], gold
    if source.is_dir():
        from pipeline.ingest import discover, read_document

        texts = [read_document(source, p).text for p in discover(source)[:n_docs]]
        return [t for t in texts if t], None
    raise ValueError(
        f"Benchmark source not found: {source}. Pass a PubTator file, a folder of .txt/.md files, "
        "or no source for generated texts."
    )


def write_corpus(texts: list[str], folder: Path) -> Path:
    """Write texts as ``doc00000.txt``... so the flow and the library-equivalent run read the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(len(texts))))
    for i, text in enumerate(texts):
        (folder / f"doc{i:0{width}d}.txt").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------- generated corpus

# A small template grammar over names the knowledge base knows, so generated abstracts exercise NER
# and the relation rules like real ones. Numbers (sample sizes, doses, p-values, hours) make every
# document distinct; slots drawn per sentence keep unrelated documents far below dedupe's thresholds.
_DRUGS = (
    "ketamine",
    "esketamine",
    "arketamine",
    "hydroxynorketamine",
    "psilocybin",
    "brexanolone",
    "zuranolone",
    "dextromethorphan",
    "bupropion",
    "esmethadone",
    "rapastinel",
    "scopolamine",
    "lithium",
    "memantine",
    "riluzole",
    "nitrous oxide",
    "fluoxetine",
    "sertraline",
    "vortioxetine",
    "agomelatine",
    "buprenorphine",
    "ganaxolone",
)
_TARGETS = (
    "NMDA receptor",
    "AMPA receptor",
    "5-HT2A receptor",
    "GABA-A receptor",
    "sigma-1 receptor",
    "mTOR",
    "BDNF",
    "GluN2B",
    "TrkB",
    "mGluR2",
    "5-HT1A receptor",
    "HCN1",
    "eEF2",
    "GSK-3",
    "kappa-opioid receptor",
    "D2 receptor",
    "SERT",
)
_EFFECTS = (
    "depression",
    "suicidal ideation",
    "dissociation",
    "anhedonia",
    "nausea",
    "headache",
    "hypertension",
    "treatment-resistant depression",
    "anxiety",
    "insomnia",
    "psychosis",
    "cognitive impairment",
    "weight gain",
    "seizures",
    "postpartum depression",
    "major depressive disorder",
    "bipolar depression",
)
_CHEMICALS = ("glutamate", "dopamine", "serotonin")
_MODES = ("antagonist", "agonist", "partial agonist", "positive allosteric modulator", "inhibitor")
_ACTS = ("blocks", "activates", "inhibits", "potentiates", "binds to")
_CHANGES = ("reduced", "improved", "worsened", "did not change", "rapidly reduced", "attenuated")
_PLACES = ("prefrontal cortex", "hippocampus", "nucleus accumbens", "amygdala", "lateral habenula")
_SPECIES = ("mice", "rats", "healthy volunteers", "adult patients", "adolescents", "older adults")
_DESIGNS = (
    "a randomized, double-blind, placebo-controlled trial",
    "an open-label study",
    "a retrospective cohort",
    "a crossover trial",
    "a meta-analysis of {k} trials",
)
_TEMPLATES = (
    "{Drug} is a {mode} of the {target}.",
    "{Drug} {act} the {target} and increases {chem} release in the {place}.",
    "In {design} of {n} {species}, {drug} {change} {effect} within {h} hours (p = 0.0{p}).",
    "A single dose of {drug} ({dose} mg/kg) {change} {effect} in {species}.",
    "The most common adverse events were {effect} and {effect2}, which resolved within {h} hours.",
    "Blockade of the {target} by {drug} enhanced {target2} signalling in the {place}.",
    "These effects were abolished by pretreatment with {drug2}, suggesting a role for the {target}.",
    "{Drug} did not cause {effect} at doses up to {dose} mg.",
    "Response rates were {pct}% with {drug} versus {pct2}% with placebo at week {w}.",
    "Levels of {chem} in the {place} correlated with the reduction of {effect} (r = 0.{p}).",
)
_TITLES = (
    "{Drug} and the {target} in {effect}: {kind}",
    "Rapid antidepressant effects of {drug} in {species} with {effect}",
    "{target} signalling mediates the action of {drug}: {kind}",
)
_KINDS = ("a review", "a randomized trial", "preclinical evidence", "a systematic review", "a cohort study")


def _fill(template: str, rng: random.Random) -> str:
    drug, drug2 = rng.sample(_DRUGS, 2)
    target, target2 = rng.sample(_TARGETS, 2)
    effect, effect2 = rng.sample(_EFFECTS, 2)
    slots = dict(
        drug=drug, Drug=drug[0].upper() + drug[1:], drug2=drug2, target=target, target2=target2,
        effect=effect, effect2=effect2, chem=rng.choice(_CHEMICALS), mode=rng.choice(_MODES),
        act=rng.choice(_ACTS), change=rng.choice(_CHANGES), place=rng.choice(_PLACES),
        species=rng.choice(_SPECIES), design=rng.choice(_DESIGNS).format(k=rng.randint(3, 60)),
        n=rng.randint(12, 2400), h=rng.randint(2, 72), p=rng.randint(1, 49),
        dose=rng.choice((0.5, 1, 5, 10, 30)),
        pct=rng.randint(30, 80), pct2=rng.randint(5, 40), w=rng.randint(1, 12), kind=rng.choice(_KINDS),
    )  # fmt: skip
    return template.format(**slots)


def generate_text(rng: random.Random) -> str:
    """One abstract-like document: a title line, then 8-16 sentences in one paragraph (~110-260 words)."""
    title = _fill(rng.choice(_TITLES), rng)
    sentences = [_fill(rng.choice(_TEMPLATES), rng) for _ in range(rng.randint(8, 16))]
    return title + "\n" + " ".join(sentences)


def generate_texts(n_docs: int, *, seed: int = 0) -> list[str]:
    """``n_docs`` documents, identical for the same seed on every machine."""
    rng = random.Random(seed)
    return [generate_text(rng) for _ in range(n_docs)]


# ------------------------------------------------------------------- dedupe: originals and copies

# The template grammar above reuses ten sentence frames, so two unrelated generated abstracts share
# ~10% of their word 3-shingles (Jaccard median 0.10, 99th percentile 0.17): far above real
# abstracts (900 BC5CDR + BioRED abstracts, all pairs: median 0, 99th percentile 0.007, 99.9th 0.014),
# which would turn a dedupe benchmark into a measure of the generator's repetitiveness. The dedupe
# corpus's originals are therefore mostly free sentences drawn from a Zipf-distributed vocabulary
# (function words and domain terms at the top, a long tail of pseudo-words), with one sentence in
# seven from the template grammar: Jaccard median 0.002, 99th percentile 0.03, 99.9th 0.04, i.e.
# still several times more overlap than real abstracts, and far below the 0.30 / 0.60 floors.
_COMMON_WORDS = (
    "of the and in to a with was were for by that is or after on this not as an be at from we had during "
    "these than which are has been but between both more no all its it also their our compared patients "
    "treatment study effects dose increased significantly results group groups levels associated response "
    "observed may can reduced mg kg days weeks months clinical data analysis"
).split()
_SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu "
    "na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi "
    "tion ment al ic ine ate ol ase ide in er ous ive ism ity"
).split()
_VOCABULARY_SIZE = 20_000
_TEMPLATE_SHARE = 0.15
_vocabulary_cache: tuple[list[str], list[float]] | None = None


def _zipf_vocabulary() -> tuple[list[str], list[float]]:
    """Words by rank (common words, domain terms, pseudo-words) and cumulative Zipf (s = 1) weights."""
    global _vocabulary_cache
    if _vocabulary_cache is None:
        rng = random.Random(7)
        words = list(dict.fromkeys(_COMMON_WORDS))
        for name in (*_DRUGS, *_TARGETS, *_EFFECTS, *_CHEMICALS, *_PLACES, *_SPECIES):
            words.extend(w for w in name.split() if w not in words)
        seen = set(words)
        while len(words) < _VOCABULARY_SIZE:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        cum, total = [], 0.0
        for rank in range(len(words)):
            total += 1.0 / (rank + 1)
            cum.append(total)
        _vocabulary_cache = (words, cum)
    return _vocabulary_cache


def generate_low_overlap_texts(n_docs: int, *, seed: int = 0) -> list[str]:
    """``n_docs`` documents shaped like ``generate_dedupe_original``: unrelated documents overlap about
    as little as real abstracts, so a corpus of any size dedupes in near-linear time (the template
    corpus of ``generate_texts`` makes dedupe verify a quadratic number of candidate pairs)."""
    rng = random.Random(seed)
    return [generate_dedupe_original(rng) for _ in range(n_docs)]


def generate_dedupe_original(rng: random.Random) -> str:
    """An abstract-length original for the dedupe benchmark: a title line, then 8-14 sentences."""
    words, cum = _zipf_vocabulary()
    title = _fill(rng.choice(_TITLES), rng)
    sentences = []
    for _ in range(rng.randint(8, 14)):
        if rng.random() < _TEMPLATE_SHARE:
            sentences.append(_fill(rng.choice(_TEMPLATES), rng))
            continue
        ws = rng.choices(words, cum_weights=cum, k=rng.randint(10, 24))
        if rng.random() < 0.5:  # a number: a dose, a sample size, a p-value's digits
            ws.insert(rng.randrange(len(ws)), str(rng.randint(2, 999)))
        sentences.append(" ".join(ws).capitalize() + ".")
    return title + "\n" + " ".join(sentences)


_OCR_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("l", "1"), ("i", "l"), ("e", "c"), ("o", "0"), ("fi", "f i"))


def variant(text: str, rng: random.Random) -> str:
    """A near duplicate as another source would render it.

    Kinds: re-wrapped at a PDF column width with a page header; reformatted (upper-case title, blank
    lines: an exact duplicate once case and white space are folded); shortened by a sentence or two;
    a few words changed (a corrected reprint); an abstract-length rendering (the title and the first
    40-75% of the words, whole sentences; Jaccard about 0.4-0.75 against the full text); PDF text
    extraction errors (OCR-style character confusions in ~3% of the words). A quarter of the copies
    are then re-wrapped as well.
    """
    kind = rng.randrange(6)
    out = _variant_of_kind(text, kind, rng)
    if kind != 0 and rng.random() < 0.25:
        out = _variant_of_kind(out, 0, rng)
    return out


def _variant_of_kind(text: str, kind: int, rng: random.Random) -> str:
    words = text.split()
    if kind == 0:  # re-wrapped at a PDF column width, with a page header
        lines, line = [], []
        for w in words:
            line.append(w)
            if sum(len(x) + 1 for x in line) > rng.randint(50, 80):
                lines.append(" ".join(line))
                line = []
        return "Journal of Psychopharmacology 12\n\n" + "\n".join(lines + [" ".join(line)])
    if kind == 1:  # reformatted: upper-case title, blank lines between sentences
        title, _, body = text.partition("\n")
        return title.upper() + "\n\n" + body.replace(". ", ".\n\n")
    if kind == 2:  # abbreviated: the last sentence or two dropped (an abstract-length rendering)
        sentences = text.split(". ")
        return ". ".join(sentences[: max(len(sentences) - rng.randint(1, 2), 3)])
    if kind == 3:  # a few words changed (a corrected reprint)
        for _ in range(3):
            i = rng.randrange(len(words))
            words[i] = rng.choice(("markedly", "significantly", "also", "further", "notably"))
        return " ".join(words)
    if kind == 4:  # abstract-length rendering of a longer text: title and the first sentences
        sentences = text.split(". ")
        goal, kept, n = rng.uniform(0.40, 0.75) * len(words), [], 0
        for sentence in sentences:
            if n >= goal:
                break
            kept.append(sentence)
            n += len(sentence.split())
        return ". ".join(kept) + ("." if not kept[-1].endswith(".") else "")
    for i, w in enumerate(words):  # text-extraction errors in ~3% of the words
        if rng.random() < 0.03:
            a, b = rng.choice(_OCR_CONFUSIONS)
            words[i] = w.replace(a, b, 1) if a in w else w + rng.choice(("-", "'", "*"))
    return " ".join(words)


def plant_duplicates(
    n_docs: int, *, seed: int = 0, share: float = 0.1, templated: bool = False
) -> tuple[list[str], list[str]]:
    """``n_docs`` texts of which ``share`` are near duplicates of another; returns (texts, origin ids).

    Originals come from ``generate_dedupe_original`` (``generate_text``, the template grammar, with
    ``templated``: a stress case whose unrelated documents overlap far more than real ones);
    ``origin[i]`` is the id (``d%06d``) of the document text ``i`` was made from (itself for originals).
    """
    rng = random.Random(seed)
    n_planted = int(n_docs * share)
    make = generate_text if templated else generate_dedupe_original
    texts = [make(rng) for _ in range(n_docs - n_planted)]
    origin = [f"d{i:06d}" for i in range(len(texts))]
    for _ in range(n_planted):
        source = rng.randrange(n_docs - n_planted)
        texts.append(variant(texts[source], rng))
        origin.append(f"d{source:06d}")
    return texts, origin
