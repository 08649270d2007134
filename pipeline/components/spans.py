"""What every entity-adding component shares: the index it is initialized with, the span source
extension, and the one way new spans are merged into `doc.ents` and marked with their source.

* `KBComponent` -- the `initialize(index=...)` protocol of `pipeline.nlp.build_nlp` and the error a
  component built without it raises;
* `ensure_extensions` -- registers `Span._.ner_source` ("lexicon", "pattern", "abbreviation", "model"...);
* `mark`, `set_source`, `source` -- set and read the source of spans;
* `filter_extents` -- `filter_spans` on (start, end, ...) tuples;
* `commit` -- longest-first merge of spans given in precedence order (on equal extent the earlier span
  wins), the source set on every merged span whose extent is one of the new spans', then `doc.ents`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.kb_index import KBIndex

SOURCE_KEY = "ner_source"


def ensure_extensions() -> None:
    """Register `Span._.ner_source` (str) once; idempotent, safe in every worker process."""
    if not Span.has_extension(SOURCE_KEY):
        Span.set_extension(SOURCE_KEY, default="")


def _source_key(span: Span) -> tuple[str, str, int, int]:
    """Where spaCy keeps `span._.ner_source`: span extension values live in ``doc.user_data`` under
    ("._.", name, start_char, end_char) (``spacy.tokens.underscore.Underscore._get_key``).
    `set_source` and `source` use it directly: ``span._`` builds an `Underscore` object on every
    access, ~1.5 us, and the pipeline sets or reads the source of every entity (tests/test_components_spans.py
    checks both against ``span._.ner_source``)."""
    return ("._.", SOURCE_KEY, span.start_char, span.end_char)


def set_source(span: Span, source: str) -> None:
    """``span._.ner_source = source``."""
    span.doc.user_data[_source_key(span)] = source


def source(span: Span) -> str:
    """``span._.ner_source`` ("" when no component set it: the extension's default)."""
    return span.doc.user_data.get(_source_key(span), "")


def mark(spans: Iterable[Span], source: str) -> list[Span]:
    """Set `Span._.ner_source` on each span; returns them as a list."""
    out = list(spans)
    for span in out:
        set_source(span, source)
    return out


def filter_extents(extents: list[tuple]) -> list[tuple]:
    """`spacy.util.filter_spans` for (start, end, ...) tuples: the same choice (longest first, then the
    earliest; among equals the first given; kept ones in start order), made before any `Span` exists,
    so a component creates Span objects only for what it keeps."""
    ordered = sorted(extents, key=lambda x: (x[1] - x[0], -x[0]), reverse=True)
    result = []
    seen: set[int] = set()
    for extent in ordered:
        start, end = extent[0], extent[1]
        if start not in seen and end - 1 not in seen:
            result.append(extent)
            seen.update(range(start, end))
    return sorted(result, key=lambda x: x[0])


def commit(doc: Doc, ordered: list[Span], new: Iterable[Span], source: str) -> list[Span]:
    """Set `doc.ents` to the non-overlapping spans of `ordered` (longest first; on equal extent the
    earlier one in `ordered` wins) and mark `source` on each kept span with the extent of a `new` span.
    Returns the spans set."""
    covered = {(s.start, s.end) for s in new}
    merged = filter_spans(ordered)
    for span in merged:
        if (span.start, span.end) in covered:
            set_source(span, source)
    doc.set_ents(merged, default="outside")
    return merged


class KBComponent:
    """A pipeline component that reads the shared `KBIndex` handed over by `initialize(index=...)`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.index: KBIndex | None = None
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, index: KBIndex | None = None) -> None:
        self.index = index

    def require_index(self) -> KBIndex:
        """The index; a clear error when the component was built without `pipeline.nlp.build_nlp`."""
        if self.index is None:
            raise ValueError(
                f"Component '{self.name}' has no knowledge base index. Build the pipeline with "
                "pipeline.nlp.build_nlp(), which calls initialize(index=KBIndex(kb)) on it."
            )
        return self.index
