"""The moving-block bootstrap: whole blocks, and the count-weighted regressions against lstsq (rtol 1e-9)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from selloff.calibration.resampling import _resampled_ols, block_bootstrap_indices


def test_block_bootstrap_draws_whole_blocks() -> None:
    idx = block_bootstrap_indices(np.random.default_rng(9), 50, 8, 100)
    assert idx.shape == (100, 50)
    assert idx.min() >= 0
    assert idx.max() < 50
    steps = np.diff(idx[:, :8], axis=1)
    assert np.all(steps == 1), "the first block is eight consecutive rows"
    assert np.array_equal(idx, block_bootstrap_indices(np.random.default_rng(9), 50, 8, 100))


def test_bootstrap_regressions_equal_lstsq_on_each_resample() -> None:
    """The count-weighted normal equations against an explicit lstsq on every resampled design."""
    rng = np.random.default_rng(4)
    T, B = 40, 60
    X = np.column_stack([np.ones(T), rng.normal(size=(T, 3))])
    y = X @ np.array([0.5, 1.0, -2.0, 0.0]) + rng.normal(size=T)
    idx = block_bootstrap_indices(rng, T, 5, B)
    counts = np.zeros((B, T))
    np.add.at(counts, (np.repeat(np.arange(B), T), idx.ravel()), 1.0)
    reference = np.array([np.linalg.lstsq(X[rows], y[rows], rcond=None)[0] for rows in idx])
    assert_allclose(_resampled_ols(counts, X, y), reference, rtol=1e-9, atol=1e-12)
