"""Deterministic fault points for the fault-injection tests.

A writing run passes named points (``after_copy``, ``mid_load``, ``before_rename``, ``after_rename``,
and one per nightly step). When the entry point arms a point (``SELLOFF_FAULT_POINT``, read once by
:mod:`selloff.settings`), reaching it kills the process with SIGKILL, exactly as ``kill -9`` would, so
the tests can prove that a run killed there leaves the published warehouse as it was.
"""

from __future__ import annotations

import os
import signal
from typing import Final

FAULT_POINTS: Final = frozenset(
    {
        "after_copy",
        "mid_load",
        "before_rename",
        "after_rename",
        "after_refresh",
        "after_calibrate",
        "after_project",
        "after_report",
    }
)

_armed: set[str] = set()


def arm(points: str | None) -> None:
    """Arm the comma-separated fault points (``None`` or ``""`` disarms all)."""
    names = {p.strip() for p in (points or "").split(",") if p.strip()}
    unknown = names - FAULT_POINTS
    if unknown:
        raise ValueError(f"unknown fault point(s) {sorted(unknown)}; known: {sorted(FAULT_POINTS)}")
    _armed.clear()
    _armed.update(names)


def hit(point: str) -> None:
    """Kill this process with SIGKILL if ``point`` is armed; otherwise do nothing."""
    if point in _armed:
        os.kill(os.getpid(), signal.SIGKILL)
