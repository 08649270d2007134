"""Offset maps of the normalization passes: build one pass's map, and compose it with the maps before it.

A pass writes its output through ``_Builder``, which records for every output character the ``[start, end)``
span of the pass input it comes from; ``_compose`` maps those spans on through the raw map of that input.
"""

from __future__ import annotations

import numpy as np


class _Builder:
    """Output text of one pass plus, per output char, the [start, end) input span it comes from.

    Spans are recorded per run (a copied stretch or one emitted replacement), not per character, and
    expanded with numpy in ``result``: a per-character Python loop was most of normalization's time.
    """

    __slots__ = ("parts", "lengths", "starts", "ends", "steps")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lengths: list[int] = []
        self.starts: list[int] = []  # per run: the first char's start
        self.ends: list[int] = []  # per run: the first char's end
        self.steps: list[int] = []  # per run: 1 when chars map one to one (a copy), 0 when all share a span

    def copy(self, src: str, a: int, b: int) -> None:
        """Copy src[a:b] unchanged: char k maps to [k, k+1)."""
        if b > a:
            self.parts.append(src[a:b])
            self._run(b - a, a, a + 1, 1)

    def emit(self, text: str, a: int, b: int) -> None:
        """Emit text whose every char maps to [a, b): a replacement, an expansion, or (a == b) a separator."""
        if text:
            self.parts.append(text)
            self._run(len(text), a, b, 0)

    def _run(self, length: int, start: int, end: int, step: int) -> None:
        self.lengths.append(length)
        self.starts.append(start)
        self.ends.append(end)
        self.steps.append(step)

    def result(self) -> tuple[str, np.ndarray, np.ndarray]:
        text = "".join(self.parts)
        lengths = np.array(self.lengths, dtype=np.int64)
        run = np.repeat(np.arange(len(lengths)), lengths)  # the run each output char belongs to
        first = np.cumsum(lengths) - lengths  # output position of each run's first char
        steps = np.array(self.steps, dtype=np.int64)[run]
        offset = (np.arange(len(text), dtype=np.int64) - first[run]) * steps
        starts = np.array(self.starts, dtype=np.int64)[run] + offset
        ends = np.array(self.ends, dtype=np.int64)[run] + offset
        return text, starts, ends


def _as_numpy(values) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values.astype(np.int64, copy=False)
    return np.frombuffer(values, dtype=np.intc).astype(np.int64)


def _compose(
    starts: np.ndarray, ends: np.ndarray, inner_starts: np.ndarray, inner_ends: np.ndarray, n_raw: int
):
    """Map a pass's output (spans in its input) through its input's raw map (``inner_*``)."""
    s = _as_numpy(starts)
    e = _as_numpy(ends)
    starts_x = np.append(inner_starts, n_raw)  # a zero-width separator at the end maps to the end
    ends_x = np.append(inner_ends, n_raw)
    raw_starts = starts_x[s]
    raw_ends = np.where(e > s, ends_x[e - 1], raw_starts)
    return raw_starts, raw_ends
