"""Persistence: the half-life by hand, and the vectorised half-lives against the scalar definition."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from selloff.calibration.persistence import _half_lives, half_life_q


def test_half_life_by_hand() -> None:
    assert half_life_q([10.0, 8.0, 6.0, 4.0]) == pytest.approx(2.5)  # 5 is reached between h=2 and h=3
    assert half_life_q([10.0, 9.0, 8.0]) == math.inf
    assert math.isnan(half_life_q([-1.0, 0.0]))


def test_vectorised_half_lives_equal_the_scalar_definition() -> None:
    irf = np.random.default_rng(6).normal(5, 5, size=(500, 9))
    irf[:20, 0] = -1.0
    scalar = np.array([half_life_q(row) for row in irf])
    expected = np.where(np.isnan(scalar), np.inf, scalar)  # no positive impact: never decays
    assert_allclose(_half_lives(irf), expected, rtol=1e-12)
