"""The output tables: their columns (the contract users build on), how rows derive from the stored
per-document results, and how they are written.

Tables are rebuilt from the state store on every run, streamed in doc_id order (memory does not
grow with the corpus: only the per-concept and per-fact aggregates of entities.csv and the summaries
are held), so an incremental run and a from-scratch run on the same corpus give byte-identical files.
CSV: UTF-8, header row, ``\\n`` line ends, booleans ``true``/``false``, missing values empty, floats
with 4 decimals, deterministic row order.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.annotate import Annotation
from pipeline.dedupe import DuplicateRecord
from pipeline.schema import DRUG, EFFECT, RECEPTOR, TARGET_SUBJECT_LABELS
from pipeline.state import DocRecord

DOCUMENTS = (
    "doc_id", "source_path", "sha256", "n_bytes", "encoding", "title", "n_chars", "n_sentences",
    "status", "duplicate_of", "error",
)  # fmt: skip
DUPLICATES = ("doc_id", "duplicate_of", "similarity", "method")
EXCLUDED = ("doc_id", "start", "end", "reason", "text")
MENTIONS = (
    "doc_id",
    "sentence_id",
    "start",
    "end",
    "text",
    "label",
    "concept_id",
    "canonical_name",
    "source",
)
ENTITIES = ("concept_id", "canonical_name", "label", "n_docs", "n_mentions", "surface_forms")
RELATIONS = (
    "doc_id", "sentence_id", "subject_id", "subject_name", "subject_label", "relation", "object_id",
    "object_name", "object_label", "negated", "hedged", "subject_text", "object_text", "subject_start",
    "subject_end", "object_start", "object_end", "evidence", "method",
)  # fmt: skip
SUMMARY = (
    "subject_id", "subject_name", "relation", "object_id", "object_name", "n_docs", "n_sentences",
    "n_negated", "n_hedged", "doc_ids",
)  # fmt: skip
# drug_targets also holds endogenous CHEMICAL subjects (schema.TARGET_SUBJECT_LABELS), so it says which
# label each subject has: a user can filter glutamate or dopamine out and keep the drugs.
DRUG_TARGETS = SUMMARY[:2] + ("subject_label",) + SUMMARY[2:]
# Corpus summaries: table name -> (subject labels, object label) of the facts it summarizes.
SUMMARIES = {
    "drug_targets": (TARGET_SUBJECT_LABELS, RECEPTOR),
    "drug_effects": ((DRUG,), EFFECT),
    "target_effects": ((RECEPTOR,), EFFECT),
}
SUMMARY_COLUMNS = {"drug_targets": DRUG_TARGETS, "drug_effects": SUMMARY, "target_effects": SUMMARY}
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": DOCUMENTS,
    "duplicates": DUPLICATES,
    "excluded": EXCLUDED,
    "mentions": MENTIONS,
    "entities": ENTITIES,
    "relations": RELATIONS,
    **SUMMARY_COLUMNS,
}
TABLES = tuple(COLUMNS)


@dataclass(frozen=True)
class DocumentOutcome:
    """One document's place in this run: its stored record plus what this run decided."""

    record: DocRecord
    status: str  # processed | duplicate | empty | error
    duplicate_of: str | None
    annotation: Annotation | None
    error: str | None


def outcomes(
    records: Iterable[DocRecord],
    annotations: Iterable[tuple[str, Annotation | None, str | None]],
    duplicates: Iterable[DuplicateRecord],
) -> Iterator[DocumentOutcome]:
    """Merge records and annotations (both in doc_id order) with this run's dedupe decisions."""
    duplicate_of = {d.doc_id: d.duplicate_of for d in duplicates}
    ann_iter = iter(annotations)
    pending = next(ann_iter, None)
    for rec in records:
        while pending is not None and pending[0] < rec.doc_id:
            pending = next(ann_iter, None)
        annotation, ann_error = (
            (pending[1], pending[2]) if pending and pending[0] == rec.doc_id else (None, None)
        )
        if rec.status != "ok":
            yield DocumentOutcome(rec, rec.status, None, None, rec.error)
        elif rec.doc_id in duplicate_of:
            yield DocumentOutcome(rec, "duplicate", duplicate_of[rec.doc_id], None, None)
        elif ann_error is not None:
            yield DocumentOutcome(rec, "error", None, None, ann_error)
        elif annotation is None:
            raise RuntimeError(f"document {rec.doc_id} was never annotated; rerun with --full")
        else:
            yield DocumentOutcome(rec, "processed", None, annotation, None)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


# Cell types the csv module already writes as we want (None as an empty cell, str and int as is);
# bool and float go through ``_cell``. Checked by exact type: bool is a subclass of int.
_AS_IS = frozenset({str, int, type(None)})


class _CsvWriter:
    def __init__(self, path: Path, columns: tuple[str, ...]):
        self.fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
        self.writer = csv.writer(self.fh, lineterminator="\n")
        self.writer.writerow(columns)
        self.n_rows = 0

    def write(self, row: Iterable[object]) -> None:
        self.writer.writerow([v if type(v) in _AS_IS else _cell(v) for v in row])
        self.n_rows += 1

    def close(self) -> None:
        self.fh.close()


# Aggregates hold counts, not sets of (document, sentence) keys: documents arrive once each, in doc_id
# order, so "seen in this document already" needs only the last doc_id counted.
@dataclass
class _EntityAgg:
    canonical_name: str
    n_docs: int = 0
    last_doc: str | None = None
    n_mentions: int = 0
    forms: set[str] = field(default_factory=set)  # distinct surface forms: bounded by the vocabulary


@dataclass
class _FactAgg:
    subject_name: str
    object_name: str
    docs: list[str] = field(default_factory=list)  # positive facts' documents: the doc_ids column
    n_sentences: int = 0
    n_negated: int = 0
    n_hedged: int = 0
    # this document's sentences counted so far, by kind (reset when the next document starts)
    doc: str | None = None
    seen: set[tuple[str, int]] = field(default_factory=set)

    def add(self, doc_id: str, sentence_id: int, negated: bool, hedged: bool) -> None:
        if doc_id != self.doc:
            self.doc, self.seen = doc_id, set()
        kind = "negated" if negated else "positive"
        if (kind, sentence_id) not in self.seen:
            self.seen.add((kind, sentence_id))
            if negated:
                self.n_negated += 1
            else:
                if not self.docs or self.docs[-1] != doc_id:
                    self.docs.append(doc_id)
                self.n_sentences += 1
        if hedged and not negated and ("hedged", sentence_id) not in self.seen:
            self.seen.add(("hedged", sentence_id))
            self.n_hedged += 1


def _summary_order(row: dict) -> tuple:
    return (row["subject_name"].casefold(), row["relation"], row["object_name"].casefold(), row["subject_id"],
            row["object_id"], row["subject_label"])


def write_tables(
    docs: Iterable[DocumentOutcome], duplicates: Iterable[DuplicateRecord], out_dir: Path
) -> dict[str, int]:
    """Write every table into ``out_dir`` (streaming); returns the row count of each."""
    out_dir = Path(out_dir)
    w = {name: _CsvWriter(out_dir / f"{name}.csv", cols) for name, cols in COLUMNS.items()}
    entities: dict[tuple[str, str], _EntityAgg] = {}
    facts: dict[tuple[str, str, str, str, str], _FactAgg] = {}
    try:
        for d in docs:
            r = d.record
            n_sentences = len(d.annotation.sentences) if d.annotation is not None else None
            w["documents"].write(
                (r.doc_id, r.source_path, r.sha256, r.n_bytes, r.encoding, r.title, r.n_chars, n_sentences,
                 d.status, d.duplicate_of, d.error)
            )  # fmt: skip
            for s in sorted(r.excluded, key=lambda s: (s["start"], s["end"])):
                w["excluded"].write((r.doc_id, s["start"], s["end"], s["reason"], s["text"]))
            if d.annotation is None:
                continue
            for m in sorted(d.annotation.mentions, key=lambda m: (m.start, m.end, m.label)):
                w["mentions"].write(
                    (r.doc_id, m.sentence_id, m.start, m.end, m.text, m.label, m.concept_id, m.canonical_name,
                     m.source)
                )  # fmt: skip
                agg = entities.setdefault((m.label, m.concept_id), _EntityAgg(m.canonical_name))
                if agg.last_doc != r.doc_id:
                    agg.n_docs, agg.last_doc = agg.n_docs + 1, r.doc_id
                agg.n_mentions += 1
                agg.forms.add(" ".join(m.text.split()))
            key = lambda f: (f.sentence_id, f.subject.start, f.object.start, f.relation)  # noqa: E731
            for f in sorted(d.annotation.facts, key=key):
                s, o = f.subject, f.object
                w["relations"].write(
                    (r.doc_id, f.sentence_id, s.concept_id, s.canonical_name, s.label, f.relation,
                     o.concept_id, o.canonical_name, o.label, f.negated, f.hedged, s.text, o.text, s.start,
                     s.end, o.start, o.end, f.evidence, f.method)
                )  # fmt: skip
                agg = facts.setdefault(
                    (s.label, o.label, s.concept_id, f.relation, o.concept_id),
                    _FactAgg(s.canonical_name, o.canonical_name),
                )
                agg.add(r.doc_id, f.sentence_id, f.negated, f.hedged)
        for dup in sorted(duplicates, key=lambda x: x.doc_id):
            w["duplicates"].write((dup.doc_id, dup.duplicate_of, float(dup.similarity), dup.method))
        for (label, concept_id), agg in sorted(entities.items()):
            w["entities"].write(
                (
                    concept_id,
                    agg.canonical_name,
                    label,
                    agg.n_docs,
                    agg.n_mentions,
                    "|".join(sorted(agg.forms)),
                )
            )
        for name, (subject_labels, object_label) in SUMMARIES.items():
            rows = [
                {"subject_id": sid, "subject_name": agg.subject_name, "subject_label": sl, "relation": rel,
                 "object_id": oid, "object_name": agg.object_name, "n_docs": len(agg.docs),
                 "n_sentences": agg.n_sentences, "n_negated": agg.n_negated,
                 "n_hedged": agg.n_hedged, "doc_ids": ";".join(sorted(agg.docs))}
                for (sl, ol, sid, rel, oid), agg in facts.items()
                if sl in subject_labels and ol == object_label and agg.n_sentences
            ]  # fmt: skip
            for row in sorted(rows, key=_summary_order):
                w[name].write(tuple(row[c] for c in COLUMNS[name]))
    finally:
        for writer in w.values():
            writer.close()
    return {name: writer.n_rows for name, writer in w.items()}
