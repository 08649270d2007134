"""From raw text to mentions and facts with raw-text offsets: the one code path the flow and the
evaluation commands share.

normalize (``pipeline.normalize``) -> spaCy NER (``pipeline.nlp``) -> relation rules
(``pipeline.relate``) -> every span mapped back through the normalization offset map, so
``raw_text[m.start:m.end]`` is the mention as written in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

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


def _sentence_index(doc: Doc) -> dict[int, int]:
    """Token index of each sentence start -> sentence id."""
    return {sent.start: i for i, sent in enumerate(doc.sents)}


def _mention(span: Span, sentence_id: int, norm: Normalized, raw: str, kb, offset: int = 0) -> Mention:
    start, end = norm.to_raw(span.start_char, span.end_char)
    start, end = start + offset, end + offset
    concept = kb.concept(span.kb_id_)
    return Mention(
        sentence_id=sentence_id,
        start=start,
        end=end,
        text=raw[start:end],
        label=span.label_,
        concept_id=span.kb_id_,
        canonical_name=concept.canonical_name,
        source=span._.ner_source,
    )


def build_annotation(
    doc: Doc, norm: Normalized, raw: str, kb, *, offset: int = 0, sentence_base: int = 0
) -> Annotation:
    """Turn one NER'd doc over ``norm.text`` into raw-offset mentions and facts.

    ``norm`` normalizes ``raw[offset:]`` (a caption is analysed on its own, see ``segments``);
    sentence ids are numbered from ``sentence_base``.
    """
    from pipeline.relate import extract_relations

    sentences = list(doc.sents)
    sent_of_token = {}
    for i, sent in enumerate(sentences):
        for t in range(sent.start, sent.end):
            sent_of_token[t] = sentence_base + i
    raw_sentences = []
    for sent in sentences:
        text = sent.text
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        if lead + trail >= len(text):
            start, end = norm.to_raw(sent.start_char, sent.end_char)
        else:
            start, end = norm.to_raw(sent.start_char + lead, sent.end_char - trail)
        raw_sentences.append((start + offset, end + offset))
    mentions: dict[tuple[int, int], Mention] = {}
    for ent in doc.ents:
        mentions[(ent.start_char, ent.end_char)] = _mention(
            ent, sent_of_token[ent.start], norm, raw, kb, offset
        )
    facts = []
    for rel in extract_relations(doc):
        sentence_id = sentence_base + rel.sentence_id
        subject, obj = (
            mentions.get((span.start_char, span.end_char))
            or _mention(span, sentence_id, norm, raw, kb, offset)
            for span in (rel.subject, rel.object)
        )
        evidence = " ".join(sentences[rel.sentence_id].text.split())
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


def annotate_normalized(
    items: Iterable[tuple[str, Normalized]], *, model: str | None = None, n_process: int = 1
) -> Iterator[Annotation]:
    """Annotate (raw_text, normalized) pairs, in order."""
    from pipeline.kb import load_kb
    from pipeline.nlp import get_nlp

    nlp = get_nlp(model)
    kb = load_kb()
    docs_segments = [(raw, segments(raw, norm)) for raw, norm in items]
    texts = (seg.norm.text for _raw, segs in docs_segments for seg in segs)
    spacy_docs = nlp.pipe(texts, n_process=n_process, batch_size=64)
    for raw, segs in docs_segments:
        parts: list[Annotation] = []
        for seg in segs:
            base = sum(len(a.sentences) for a in parts)
            parts.append(
                build_annotation(next(spacy_docs), seg.norm, raw, kb, offset=seg.offset, sentence_base=base)
            )
        yield _merge(parts)


def annotate_texts(
    texts: Iterable[str], *, model: str | None = None, n_process: int = 1
) -> Iterator[Annotation]:
    """Normalize and annotate raw texts, in order (the evaluation commands use this)."""
    return annotate_normalized(((raw, normalize(raw)) for raw in texts), model=model, n_process=n_process)
