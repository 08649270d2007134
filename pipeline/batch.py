"""Per-batch library functions the flow's tasks wrap: prepare (read, decode, normalize, sign) and
annotate (NER + relations).

Plain Python, testable without Prefect, and free of shared state: a task may run in another process
or on a Dask worker, so it gets file paths and returns small results; only the flow writes state. A
document that fails at any stage is returned with status ``error`` and the reason; it never stops
the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline.annotate import CAPTION_REASONS, Annotation, annotate_normalized
from pipeline.dedupe import signature
from pipeline.ingest import file_sha256, read_document
from pipeline.normalize import Normalized, normalize
from pipeline.state import DocRecord

log = logging.getLogger(__name__)

# Characters of an excluded span shown in excluded.csv (the offsets give the whole span).
EXCLUDED_PREVIEW = 200


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def prepare(corpus: Path, relative_path: str, doc_id: str | None = None) -> DocRecord:
    """Read, decode, normalize and sign one document."""
    src = read_document(corpus, relative_path, doc_id)
    base = dict(
        doc_id=src.doc_id, source_path=src.source_path, sha256=src.sha256, n_bytes=src.n_bytes,
        encoding=src.encoding, status=src.status, error=src.error, title=None,
        n_chars=len(src.text) if src.text is not None else None, n_content_chars=0, exact_key=None,
        minhash=None, norm_text=None, excluded=(),
    )  # fmt: skip
    if src.status != "ok":
        return DocRecord(**base)
    try:
        norm = normalize(src.text)
        # The most complete rendering also carries its captions (analysed on their own, see annotate).
        captions = (src.text[x.start : x.end] for x in norm.excluded if x.reason in CAPTION_REASONS)
        completeness = norm.n_content_chars + sum(len("".join(c.split())) for c in captions)
        sig = signature(src.doc_id, norm.text, completeness)
    except Exception as e:  # a bug or a pathological input in one document must not stop the run
        log.warning("normalization failed for %s: %s", src.doc_id, describe(e))
        return DocRecord(**{**base, "status": "error", "error": f"normalization failed: {describe(e)}"})
    excluded = tuple(
        {
            "start": s.start,
            "end": s.end,
            "reason": s.reason,
            "text": " ".join(src.text[s.start : s.end].split())[:EXCLUDED_PREVIEW],
        }
        for s in norm.excluded
    )
    return DocRecord(
        **{
            **base,
            "status": "ok" if norm.text.strip() else "empty",
            "title": norm.title,
            "n_content_chars": completeness,
            "exact_key": sig.exact_key,
            "minhash": sig.minhash,
            "norm_text": norm.text,
            "excluded": excluded,
        }
    )


def prepare_batch(corpus: Path, paths: Mapping[str, str], known: Mapping[str, str]) -> list[DocRecord]:
    """Prepare the documents whose content is new or changed.

    ``paths`` maps relative path -> doc_id; ``known`` maps doc_id -> sha256 stored for it.

    Unchanged documents (same sha256 under the same pipeline fingerprint) are skipped after a cheap
    hash of their bytes; the caller keeps their stored record.
    """
    records = []
    for path, doc_id in paths.items():
        stored = known.get(doc_id)
        if stored and file_sha256(corpus, path) == stored:
            continue  # unchanged: neither decoded nor normalized again
        record = prepare(corpus, path, doc_id)
        if known.get(record.doc_id) != record.sha256 or not record.sha256:
            records.append(record)
    return records


def annotate_batch(
    corpus: Path, items: Sequence[tuple[str, str]], *, model: str | None = None, n_process: int = 1
) -> list[tuple[str, Annotation | None, str | None]]:
    """Annotate (doc_id, relative_path) items; returns (doc_id, annotation, error) for each, in order.

    With ``n_process`` > 1 the raw texts go to this process' worker pool (``pipeline.parallel``, started
    on first use and reused for every batch until ``shutdown_pools``); otherwise they are annotated
    here. Either way a failing document is isolated (``annotate_isolated``).
    """
    texts = [(doc_id, read_document(corpus, path, doc_id).text) for doc_id, path in items]
    if n_process > 1:
        from pipeline import parallel

        if parallel.can_start_workers():
            return parallel.get_pool(n_process, model).annotate(texts)
        log.warning("annotating in this process: a daemonic process (a Dask worker) may not start workers")
    return annotate_isolated(texts, model=model)


def annotate_isolated(
    texts: Sequence[tuple[str, str | None]], *, model: str | None = None
) -> list[tuple[str, Annotation | None, str | None]]:
    """Normalize (once) and annotate (doc_id, raw text) pairs in this process, in order.

    A batch that fails is retried one document at a time, reusing the normalizations, so only the
    culprit is lost. This is also what each worker of ``pipeline.parallel`` runs on its chunks.
    """
    results: dict[int, tuple[str, Annotation | None, str | None]] = {}
    pairs: list[tuple[int, str, Normalized]] = []
    for i, (doc_id, text) in enumerate(texts):
        if text is None:
            results[i] = (doc_id, None, "annotation failed: the document became unreadable during the run")
            continue
        try:
            pairs.append((i, text, normalize(text)))
        except Exception as e:
            log.warning("normalization failed for %s: %s", doc_id, describe(e))
            results[i] = (doc_id, None, f"annotation failed: normalization failed: {describe(e)}")
    try:
        annotations = list(annotate_normalized(((raw, norm) for _, raw, norm in pairs), model=model))
        for (i, _, _), a in zip(pairs, annotations, strict=True):
            results[i] = (texts[i][0], a, None)
    except Exception as e:
        if len(pairs) > 1:
            log.warning("annotating %d documents failed (%s); retrying one by one", len(pairs), describe(e))
        for i, raw, norm in pairs:
            doc_id = texts[i][0]
            try:
                (a,) = annotate_normalized([(raw, norm)], model=model)
                results[i] = (doc_id, a, None)
            except Exception as e:
                log.warning("annotation failed for %s: %s", doc_id, describe(e))
                results[i] = (doc_id, None, f"annotation failed: {describe(e)}")
    return [results[i] for i in range(len(texts))]
