"""Fixtures of the calibration tests: the checked-in prior, loaded once per test module."""

from __future__ import annotations

import pytest

from selloff.calibration import store as calib_store
from selloff.calibration.prior import PriorTable


@pytest.fixture(scope="module")
def prior() -> PriorTable:
    return calib_store.load_prior()
