"""Discover corpus files and decode them without losing a byte.

Reads every regular ``.txt``/``.md`` file below the corpus folder (recursively) and decodes it:

- UTF-8 with a BOM, UTF-16/UTF-32 with a BOM: decoded by that BOM (the BOM is not part of the text).
- Otherwise strict UTF-8; failing that, charset-normalizer detects the encoding, which is recorded.
- Content that looks binary (NUL bytes outside a UTF-16/32 BOM, or no plausible encoding) becomes
  status ``error`` with the reason; empty or whitespace-only text becomes status ``empty``.

The decoded text is kept exactly as stored (no newline translation), so every offset the pipeline
reports indexes it directly: ``text[start:end]`` is what a user finds in the file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

SUFFIXES = (".txt", ".md")

# BOMs, longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# charset-normalizer's "chaos" (mess) ratio above which a detection is not trusted. Its own default
# threshold is 0.2; real Latin-1/cp1252 prose scores 0.0-0.05, random bytes score far above 0.2.
_MAX_CHAOS = 0.2


class CorpusError(Exception):
    """A problem with the corpus folder itself (not with one document): the run cannot start."""


@dataclass(frozen=True)
class SourceDocument:
    """One corpus file after decoding. ``text`` is None unless status is 'ok' or 'empty'."""

    doc_id: str
    source_path: str  # relative to the corpus folder, '/'-separated
    sha256: str
    n_bytes: int
    encoding: str | None
    text: str | None
    status: str  # ok | empty | error
    error: str | None = None


def doc_id_for(relative_path: str) -> str:
    """``reviews/smith2024.txt`` -> ``reviews/smith2024``."""
    for suffix in SUFFIXES:
        if relative_path.endswith(suffix):
            return relative_path[: -len(suffix)]
    return relative_path


def discover(corpus: Path) -> list[str]:
    """Relative, '/'-separated paths of every corpus file, sorted (deterministic order).

    Symbolic links to files are followed; hidden files and folders (``.state``) are skipped.
    """
    return sorted(walk(corpus))


def walk(corpus: Path) -> Iterator[str]:
    """``discover``'s paths one at a time, in no particular order (nothing the size of the corpus is
    held: ``state.StateStore.set_corpus`` sorts them on disk)."""
    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"Corpus folder not found: {corpus}. Pass an existing folder with --corpus.")
    if not corpus.is_dir():
        raise CorpusError(f"Corpus path is not a folder: {corpus}. Pass a folder of .txt/.md files.")
    return _walk(corpus)


def _walk(corpus: Path) -> Iterator[str]:
    # One directory entry at a time (os.scandir), not Path.rglob (Python 3.11's keeps a set of every
    # path it has yielded: about 1 KB a file) nor os.walk (a list of every name in a folder: a flat
    # corpus of 40k files is one 40k-name list).
    folders = [(os.fspath(corpus), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # an unreadable folder is skipped, as os.walk does
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_folder = entry.is_dir()  # follows a symbolic link
                except OSError:
                    is_folder = False
                relative = f"{prefix}{name}"
                if is_folder:
                    if not entry.is_symlink():  # symlinked folders not entered
                        folders.append((entry.path, f"{relative}/"))
                elif name.lower().endswith(SUFFIXES) and os.path.isfile(entry.path):  # follows file links
                    yield relative


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; returns (text, encoding). Raises ValueError with a reason when impossible."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as e:
                raise ValueError(f"has a {name} byte-order mark but is not valid {name}: {e}") from e
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes and no UTF-16/32 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise ValueError("undecodable: not UTF-8 and no plausible text encoding detected")
    return str(best), best.encoding


def assign_doc_ids(relative_paths: list[str]) -> dict[str, str]:
    """doc_id -> relative path, sorted by doc_id. Files whose ids would collide (``a.txt`` and
    ``a.md``) keep their suffix in the doc_id, so neither is lost; a file whose path is another's
    doc_id (``a.txt`` beside ``a.txt.txt`` and ``a.md``) keeps that doc_id and the other its path.
    ``state.StateStore.set_corpus`` applies the same rule on disk."""
    by_stem: dict[str, int] = {}
    for path in relative_paths:
        stem = doc_id_for(path)
        by_stem[stem] = by_stem.get(stem, 0) + 1
    assigned = {}
    for path in relative_paths:
        stem = doc_id_for(path)
        assigned[path] = stem if by_stem[stem] == 1 else path
    while True:  # a doc_id taken twice goes back to the path for every file it is not the path of
        taken: dict[str, int] = {}
        for doc_id in assigned.values():
            taken[doc_id] = taken.get(doc_id, 0) + 1
        clashes = {path for path, doc_id in assigned.items() if taken[doc_id] > 1 and doc_id != path}
        if not clashes:
            break
        assigned.update((path, path) for path in clashes)
    return dict(sorted((doc_id, path) for path, doc_id in assigned.items()))


def file_sha256(corpus: Path, relative_path: str) -> str | None:
    """sha256 of a corpus file's bytes (what ``read_document`` records), or None if it cannot be read."""
    try:
        return hashlib.sha256((Path(corpus) / relative_path).read_bytes()).hexdigest()
    except OSError:
        return None


def read_document(corpus: Path, relative_path: str, doc_id: str | None = None) -> SourceDocument:
    """Read and decode one corpus file. Never raises for a bad document: status says what happened."""
    doc_id = doc_id or doc_id_for(relative_path)
    try:
        data = (Path(corpus) / relative_path).read_bytes()
    except OSError as e:
        return SourceDocument(doc_id, relative_path, "", 0, None, None, "error", f"unreadable: {e.strerror}")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        text, encoding = decode(data)
    except ValueError as e:
        return SourceDocument(doc_id, relative_path, sha256, len(data), None, None, "error", str(e))
    status = "empty" if not text.strip() else "ok"
    return SourceDocument(doc_id, relative_path, sha256, len(data), encoding, text, status)


def read_documents(corpus: Path, relative_paths: list[str]) -> Iterator[SourceDocument]:
    for relative_path in relative_paths:
        yield read_document(corpus, relative_path)
