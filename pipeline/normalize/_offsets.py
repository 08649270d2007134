"""Offset maps of the normalization passes: build one pass's map, and compose it with the maps before it.

A pass writes its output through ``_Builder``, which records for every output character the ``[start, end)``
span of the pass input it comes from; ``_compose`` maps those spans on through the raw map of that input.
"""

from __future__ import annotations

from array import array

import numpy as np


class _Builder:
    """Output text of one pass plus, per output char, the [start, end) input span it comes from."""

    __slots__ = ("parts", "starts", "ends")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("i")
        self.ends = array("i")

    def copy(self, src: str, a: int, b: int) -> None:
        """Copy src[a:b] unchanged: char k maps to [k, k+1)."""
        if b > a:
            self.parts.append(src[a:b])
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))

    def emit(self, text: str, a: int, b: int) -> None:
        """Emit text whose every char maps to [a, b): a replacement, an expansion, or (a == b) a separator."""
        if text:
            self.parts.append(text)
            self.starts.extend([a] * len(text))
            self.ends.extend([b] * len(text))

    def result(self) -> tuple[str, array, array]:
        return "".join(self.parts), self.starts, self.ends


def _as_numpy(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.intc).astype(np.int64)


def _compose(starts: array, ends: array, inner_starts: np.ndarray, inner_ends: np.ndarray, n_raw: int):
    """Map a pass's output (spans in its input) through its input's raw map (``inner_*``)."""
    s = _as_numpy(starts)
    e = _as_numpy(ends)
    starts_x = np.append(inner_starts, n_raw)  # a zero-width separator at the end maps to the end
    ends_x = np.append(inner_ends, n_raw)
    raw_starts = starts_x[s]
    raw_ends = np.where(e > s, ends_x[e - 1], raw_starts)
    return raw_starts, raw_ends
