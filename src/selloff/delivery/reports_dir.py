"""Where reports live: one directory per report run, and a ``latest`` link swapped atomically.

``reports/latest`` is a symbolic link to ``reports/runs/<run_id>/``. A new report is written in full
into its own directory, then the link is replaced with ``os.replace`` (atomic on POSIX), so a reader of
``reports/latest/report.html`` sees the old report or the new one, never a half-written one, and a run
that fails before publishing leaves the last report in place.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

KEEP_RUNS = 5
"""Report directories kept under ``runs/`` (the published one is never removed)."""


class ReportsDirError(RuntimeError):
    """The reports location cannot be used (e.g. ``latest`` is a real directory)."""


def run_dir(latest: Path, run_id: str) -> Path:
    """A fresh directory for one report run, beside the ``latest`` link."""
    path = latest.parent / "runs" / run_id
    path.mkdir(parents=True, exist_ok=False)
    return path


def publish(latest: Path, built: Path) -> None:
    """Point ``latest`` at ``built`` atomically, then prune old run directories."""
    if latest.exists() and not latest.is_symlink():
        raise ReportsDirError(
            f"{latest} is a real directory, not the link selloff maintains; move it away or pass --out"
        )
    temporary = latest.with_name(f".{latest.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(os.path.relpath(built, latest.parent))
    os.replace(temporary, latest)
    _prune(latest, keep=KEEP_RUNS)


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)


def _prune(latest: Path, keep: int) -> None:
    runs = latest.parent / "runs"
    current = latest.resolve()
    # run ids start with a UTC timestamp, so name order is age order
    for old in sorted(p for p in runs.iterdir() if p.is_dir())[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
