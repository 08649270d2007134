"""What every entity-adding component shares: the index it is initialized with, the span source
extension, and the one way new spans are merged into `doc.ents` and marked with their source.

* `KBComponent` -- the `initialize(index=...)` protocol of `pipeline.nlp.build_nlp` and the error a
  component built without it raises;
* `ensure_extensions` -- registers `Span._.ner_source` ("lexicon", "pattern", "abbreviation", "model"...);
* `mark` -- sets the source on spans a component made;
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


def mark(spans: Iterable[Span], source: str) -> list[Span]:
    """Set `Span._.ner_source` on each span; returns them as a list."""
    out = list(spans)
    for span in out:
        span._.ner_source = source
    return out


def commit(doc: Doc, ordered: list[Span], new: Iterable[Span], source: str) -> list[Span]:
    """Set `doc.ents` to the non-overlapping spans of `ordered` (longest first; on equal extent the
    earlier one in `ordered` wins) and mark `source` on each kept span with the extent of a `new` span.
    Returns the spans set."""
    covered = {(s.start, s.end) for s in new}
    merged = filter_spans(ordered)
    for span in merged:
        if (span.start, span.end) in covered:
            span._.ner_source = source
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
