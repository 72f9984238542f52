"""Candidate pairs of drums from a uniform 3-D grid (each meeting pair found once).

Cells are as large as 90 % of the drums' boxes; a larger drum is entered into
every cell it covers, so thousands of drums are paired in well under a second.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

__all__ = ["PairGrid", "candidate_pairs"]


class PairGrid:
    """Boxes ``[lo - pad, hi + pad]`` entered into a uniform grid.

    Each box goes into every cell it covers (cell side >= 90 % of the boxes,
    so those cover at most 2 cells per axis); a pair is reported only in the cell that holds
    the lower corner of the boxes' intersection, so each meeting pair appears
    once. ``raw`` is the number of same-cell pairs before that filter.
    """

    def __init__(self, lo: np.ndarray, hi: np.ndarray, pad: float) -> None:
        n = lo.shape[0]
        self.lo = lo - pad
        self.hi = hi + pad
        self.raw = 0
        self.m = 0
        if n < 2:
            return
        size = (self.hi - self.lo).max(axis=1)
        # cells as large as most boxes (90 %); larger boxes span more cells (<= 9 a side)
        self.cell = max(float(np.quantile(size, 0.9)), float(size.max()) / 8) * (1 + 1e-9) + 1e-9
        self.origin = self.lo.min(axis=0)
        cmin = np.floor((self.lo - self.origin) / self.cell).astype(np.int64)
        cmax = np.floor((self.hi - self.origin) / self.cell).astype(np.int64)
        self.dims = cmax.max(axis=0) + 2
        span = cmax - cmin + 1
        ncell = span.prod(axis=1)
        drum = np.repeat(np.arange(n), ncell)
        local = np.arange(int(ncell.sum())) - np.repeat(np.cumsum(ncell) - ncell, ncell)
        sy, sz = span[drum, 1], span[drum, 2]
        c = cmin[drum] + np.stack([local // (sy * sz), (local // sz) % sy, local % sz], axis=1)
        key = self._key(c)
        order = np.argsort(key, kind="stable")
        self.drum, self.key = drum[order], key[order]
        self.m = m = self.key.shape[0]
        starts = np.r_[0, np.nonzero(np.diff(self.key))[0] + 1]
        ends = np.r_[starts[1:], m]
        self.counts = np.repeat(ends, ends - starts) - np.arange(m) - 1
        self.raw = int(self.counts.sum())

    def _key(self, c: np.ndarray) -> np.ndarray:
        return (c[:, 0] * self.dims[1] + c[:, 1]) * self.dims[2] + c[:, 2]

    def chunks(self, chunk: int = 2_000_000) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Yield the meeting pairs (i, j) in chunks of about ``chunk`` raw pairs."""
        lo, hi, counts, pos = self.lo, self.hi, getattr(self, "counts", None), 0
        while pos < self.m:
            csum = np.cumsum(counts[pos:])
            stop = pos + max(1, int(np.searchsorted(csum, chunk, side="right")))
            cnt = counts[pos:stop]
            total = int(cnt.sum())
            if total:
                a = np.repeat(np.arange(pos, stop), cnt)
                first = np.repeat(np.cumsum(cnt) - cnt, cnt)
                b = a + 1 + (np.arange(total) - first)
                i, j = self.drum[a], self.drum[b]
                keep = (lo[i] <= hi[j]).all(axis=1) & (lo[j] <= hi[i]).all(axis=1)
                i, j, k = i[keep], j[keep], self.key[a][keep]
                corner = np.floor((np.maximum(lo[i], lo[j]) - self.origin) / self.cell)
                keep = self._key(corner.astype(np.int64)) == k
                yield i[keep], j[keep]
            pos = stop


def candidate_pairs(lo: np.ndarray, hi: np.ndarray, pad: float,
                     chunk: int = 2_000_000) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i, j), i != j, whose boxes ``[lo - pad, hi + pad]`` meet, each once."""
    parts = list(PairGrid(lo, hi, pad).chunks(chunk))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
