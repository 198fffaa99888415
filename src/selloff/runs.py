"""Run identity and provenance: run ids, the clock at the edges, and the exact versions in use."""

from __future__ import annotations

import platform
import resource
import time
import uuid
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from selloff import __version__

# The packages whose exact versions decide the numbers; recorded on every run.
RECORDED_PACKAGES = ("pandas", "numpy", "duckdb", "prefect", "statsmodels", "scipy", "fredapi", "pandera")


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_run_id(kind: str, now: datetime | None = None) -> str:
    """A sortable, unique run id such as ``refresh-20261130T030512Z-3f9a1c``."""
    stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%SZ")
    return f"{kind}-{stamp}-{uuid.uuid4().hex[:6]}"


def package_versions() -> dict[str, str]:
    """``{package: version}`` for Python, selloff and the packages that decide the numbers."""
    found = {"python": platform.python_version(), "selloff": __version__}
    for name in RECORDED_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


class StepTimer:
    """Wall time per step of the main job (reported in the summary and by bench/bench_main_job.py)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def start(self, step: str) -> str:
        self.stop()
        self._current = (step, time.perf_counter())
        return step

    def stop(self) -> None:
        if self._current is not None:
            name, began = self._current
            self.seconds[name] = round(time.perf_counter() - began, 3)
            self._current = None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
