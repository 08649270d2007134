"""From raw text to mentions and facts with raw-text offsets: the one code path the flow and the
evaluation commands share.

normalize (``pipeline.normalize``) -> spaCy NER (``pipeline.nlp``) -> relation rules
(``pipeline.relate``) -> every span mapped back through the normalization offset map, so
``raw_text[m.start:m.end]`` is the mention as written in the file.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc, Span

from pipeline.components.spans import source
from pipeline.normalize import Normalized, normalize

# Excluded spans that are article content analysed on their own (see ``segments``).
CAPTION_REASONS = frozenset({"figure_caption", "table_caption"})


@dataclass(frozen=True)
class Mention:
    sentence_id: int  # 0-based index of the sentence in the document
    start: int  # raw-text offsets
    end: int
    text: str  # raw_text[start:end]
    label: str  # DRUG | CHEMICAL | RECEPTOR | EFFECT
    concept_id: str
    canonical_name: str
    source: str  # lexicon | pattern | abbreviation | model


@dataclass(frozen=True)
class Fact:
    sentence_id: int
    subject: Mention
    relation: str
    object: Mention
    negated: bool
    hedged: bool
    evidence: str  # the sentence, as normalized for reading (one line, hyphenation and wraps undone)
    method: str


@dataclass(frozen=True)
class Annotation:
    sentences: tuple[tuple[int, int], ...]  # raw spans of the sentences
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]

    def to_dict(self) -> dict:
        """``dataclasses.asdict(self)``, equal and with the same key order, without its deep copies
        (asdict took 60% of storing a batch's annotations). Every field above is a str, int, bool,
        a Mention, or a tuple of those, which is all this needs to convert."""
        def fact(f: Fact) -> dict:
            return {**vars(f), "subject": dict(vars(f.subject)), "object": dict(vars(f.object))}

        return {
            "sentences": tuple(tuple(s) for s in self.sentences),
            "mentions": tuple(dict(vars(m)) for m in self.mentions),
            "facts": tuple(fact(f) for f in self.facts),
        }


def _sentence_index(doc: Doc) -> dict[int, int]:
    """Token index of each sentence start -> sentence id."""
    return {sent.start: i for i, sent in enumerate(doc.sents)}


def _mention(span: Span, sentence_id: int, norm: Normalized, raw: str, kb, offset: int = 0) -> Mention:
    start, end = norm.to_raw(span.start_char, span.end_char)
    start, end = start + offset, end + offset
    concept_id = span.kb_id_
    return Mention(
        sentence_id=sentence_id,
        start=start,
        end=end,
        text=raw[start:end],
        label=span.label_,
        concept_id=concept_id,
        canonical_name=kb.concept(concept_id).canonical_name,
        source=source(span),  # span._.ner_source
    )


def build_annotation(
    doc: Doc, norm: Normalized, raw: str, kb, *, offset: int = 0, sentence_base: int = 0
) -> Annotation:
    """Turn one NER'd doc over ``norm.text`` into raw-offset mentions and facts.

    ``norm`` normalizes ``raw[offset:]`` (a caption is analysed on its own, see ``segments``);
    sentence ids are numbered from ``sentence_base``.
    """
    from pipeline.relate import extract_relations

    # Texts are slices of the doc's text, ``norm.text``: Span.text and Doc.text rebuild themselves from
    # Token objects, one per word.
    text = norm.text
    sentences = list(doc.sents)
    sentence_starts = [sent.start for sent in sentences]
    raw_sentences = []
    for sent in sentences:
        sent_text = text[sent.start_char : sent.end_char]
        lead = len(sent_text) - len(sent_text.lstrip())
        trail = len(sent_text) - len(sent_text.rstrip())
        if lead + trail >= len(sent_text):
            start, end = norm.to_raw(sent.start_char, sent.end_char)
        else:
            start, end = norm.to_raw(sent.start_char + lead, sent.end_char - trail)
        raw_sentences.append((start + offset, end + offset))
    # Keyed with the label too: a fact's argument may share its offsets with a mention of another label
    # ("serotonin" the chemical vs the elided "serotonin (transporter)"), and then keeps its own.
    mentions: dict[tuple[int, int, str], Mention] = {}
    for ent in doc.ents:
        sentence_id = sentence_base + bisect.bisect_right(sentence_starts, ent.start) - 1
        key = (ent.start_char, ent.end_char, ent.label_)
        mentions[key] = _mention(ent, sentence_id, norm, raw, kb, offset)
    facts = []
    for rel in extract_relations(doc):
        sentence_id = sentence_base + rel.sentence_id
        subject, obj = (
            mentions.get((span.start_char, span.end_char, span.label_))
            or _mention(span, sentence_id, norm, raw, kb, offset)
            for span in (rel.subject, rel.object)
        )
        sentence = sentences[rel.sentence_id]
        evidence = " ".join(text[sentence.start_char : sentence.end_char].split())
        facts.append(
            Fact(sentence_id, subject, rel.relation, obj, rel.negated, rel.hedged, evidence, rel.method)
        )
    return Annotation(
        sentences=tuple(raw_sentences),
        mentions=tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end, m.label))),
        facts=tuple(facts),
    )


@dataclass(frozen=True)
class Segment:
    """A piece of a document analysed as one text: the body, or a caption the body set aside."""

    offset: int  # raw offset where the segment's text starts
    norm: Normalized  # normalization of raw[offset : offset + its length]


def segments(raw: str, norm: Normalized) -> list[Segment]:
    """The body, then each figure/table caption the body excluded (captions carry findings, e.g.
    "CYP3A4 is the main enzyme responsible for ketamine's N-demethylation", but would cut a body
    sentence in two if left in place)."""
    parts = [Segment(0, norm)]
    for span in norm.excluded:
        if span.reason in CAPTION_REASONS:
            caption = normalize(raw[span.start : span.end], captions=False)
            if caption.text.strip():
                parts.append(Segment(span.start, caption))
    return parts


def _merge(parts: list[Annotation]) -> Annotation:
    return Annotation(
        sentences=tuple(s for a in parts for s in a.sentences),
        mentions=tuple(m for a in parts for m in a.mentions),
        facts=tuple(f for a in parts for f in a.facts),
    )


# Documents annotated inside one spaCy memory zone: every token string and lexeme the zone adds to the
# vocabulary is freed when it closes, so a long run's StringStore does not grow with the corpus (real
# abstracts add ~22 new strings each: 1000 BC5CDR abstracts take it from 1.3k to 23.5k). Annotations
# hold only Python strings, so nothing made inside a zone is used after it.
ZONE_DOCS = 256
# But inside a zone spaCy's tokenizer caches nothing, and scispacy's regex tokenizer is slow uncached:
# zones from the first document cost +27% CPU (BC5CDR, 4.2 vs 3.3 ms per abstract). So each process
# annotates its first WARM_DOCS documents outside any zone: the cache and vocabulary keep the frequent
# words for good (bounded: ~20k strings, a few MB), and the zones that follow cost ~nothing. The
# pipeline's tokenizer also keeps its own span cache across zones (`pipeline.tokenizer`): 1000 ChemProt
# abstracts tokenized in a zone after 1000 BC5CDR ones cost 0.47 s the first time, 0.22 s the next
# (spaCy's tokenizer alone: 0.61 and 0.57 s).
WARM_DOCS = 1000
_unzoned: dict[str | None, int] = {}  # model -> documents this process annotated outside a zone


def _zone(nlp, model: str | None, n_docs: int):
    done = _unzoned.get(model, 0)
    if done < WARM_DOCS:
        _unzoned[model] = done + n_docs
        return nullcontext()
    return nlp.memory_zone()


def warm_up(model: str | None = None) -> None:
    """Load the pipeline and the knowledge base and run them once, outside any memory zone, so that
    whatever they create lazily on first use (strings, caches) is permanent, not freed by a zone."""
    from pipeline.kb import load_kb
    from pipeline.nlp import get_nlp

    load_kb()
    get_nlp(model)("Warm-up: ketamine (an NMDA receptor antagonist) did not cause nausea.")


def annotate_normalized(
    items: Iterable[tuple[str, Normalized]], *, model: str | None = None
) -> Iterator[Annotation]:
    """Annotate (raw_text, normalized) pairs, in order, in this process."""
    from pipeline.kb import load_kb
    from pipeline.nlp import get_nlp

    nlp = get_nlp(model)
    kb = load_kb()
    items = iter(items)
    while batch := list(islice(items, ZONE_DOCS)):
        docs_segments = [(raw, segments(raw, norm)) for raw, norm in batch]
        out = []
        with _zone(nlp, model, len(batch)):
            texts = (seg.norm.text for _raw, segs in docs_segments for seg in segs)
            spacy_docs = nlp.pipe(texts, batch_size=64)
            for raw, segs in docs_segments:
                parts: list[Annotation] = []
                for seg in segs:
                    base = sum(len(a.sentences) for a in parts)
                    doc = next(spacy_docs)
                    parts.append(
                        build_annotation(doc, seg.norm, raw, kb, offset=seg.offset, sentence_base=base)
                    )
                out.append(_merge(parts))
        yield from out


def annotate_texts(
    texts: Iterable[str], *, model: str | None = None, n_process: int = 1
) -> Iterator[Annotation]:
    """Normalize and annotate raw texts, in order (the evaluation commands use this).

    With ``n_process`` > 1 the texts go to the process' worker pool (``pipeline.parallel``), which
    normalizes and annotates them in the workers; a text that fails raises here, as in one process.
    """
    if n_process <= 1:
        return annotate_normalized(((raw, normalize(raw)) for raw in texts), model=model)
    return _annotate_in_pool(list(texts), model, n_process)


def _annotate_in_pool(texts: list[str], model: str | None, n_process: int) -> Iterator[Annotation]:
    from pipeline.parallel import get_pool

    results = get_pool(n_process, model).annotate([(str(i), t) for i, t in enumerate(texts)])
    for i, annotation, error in results:
        if error is not None:
            raise RuntimeError(f"text {i}: {error}")
        yield annotation
