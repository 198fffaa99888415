"""Progress of a long command: one line per step, sent wherever the command wants it (stderr).

Flows call :func:`report` at each step; it does nothing unless a command has turned reporting on with
:func:`reporting` (the CLI does, on stderr, unless ``--quiet`` or ``--json``). Served and scripted runs
leave it off: their record of progress is Prefect's run logs. Tasks run in threads of the calling
process, so one process-wide sink reaches them all; Dask workers in other processes stay silent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Sink = Callable[[str], None]

_sink: Sink | None = None
_lock = threading.Lock()  # tasks report from worker threads: one line at a time


def report(message: str) -> None:
    """Say what the command is doing now, e.g. ``"project: building the fiscal baseline"``."""
    sink = _sink
    if sink is not None:
        with _lock:
            sink(message)


def enabled() -> bool:
    return _sink is not None


@contextmanager
def reporting(sink: Sink | None) -> Iterator[None]:
    """Send :func:`report` lines to ``sink`` inside the block (``None``: nowhere)."""
    global _sink
    previous, _sink = _sink, sink
    try:
        yield
    finally:
        _sink = previous
