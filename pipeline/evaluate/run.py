"""Run the annotator under evaluation over gold documents, timed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from time import perf_counter

from pipeline.eval_formats import GoldDocument

Annotate = Callable[[Iterable[str]], Iterable]


def run_annotator(docs: list[GoldDocument], annotate: Annotate | None) -> tuple[list, dict]:
    """Annotate the documents' texts; returns the annotations and the speed figures.

    The annotator is warmed up on one short text first so that loading the pipeline (once per
    process) is reported as ``startup_seconds`` and not folded into the throughput.
    """
    if annotate is None:
        from pipeline.annotate import annotate_texts as annotate  # lazy: heavy, and owned elsewhere
    texts = [d.text for d in docs]
    t0 = perf_counter()
    list(annotate(["Warm-up sentence."]))
    t1 = perf_counter()
    annotations = list(annotate(texts))
    t2 = perf_counter()
    if len(annotations) != len(texts):
        raise RuntimeError(
            f"The annotator returned {len(annotations)} annotations for {len(texts)} documents; it must "
            "yield exactly one Annotation per input text, in input order."
        )
    words = sum(len(t.split()) for t in texts)
    seconds = t2 - t1
    speed = {"documents": len(texts), "words": words, "seconds": round(seconds, 3),
             "words_per_second": round(words / seconds) if seconds > 0 else None,
             "startup_seconds": round(t1 - t0, 3)}
    return annotations, speed


def _limit(docs: list[GoldDocument], limit: int | None) -> list[GoldDocument]:
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be a positive number of documents or None, got {limit}.")
    return docs[:limit] if limit else docs
