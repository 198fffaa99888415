"""The warehouse's error types: every message says what to do."""

from __future__ import annotations


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened, locked or published; the message says what to do."""


class WarehouseLockedError(WarehouseError):
    """Another writer holds the warehouse lock for longer than the timeout."""


class NotAWarehouseError(WarehouseError):
    """The warehouse path names something that is not a selloff warehouse (bad input, exit code 2):
    a directory, a special file, a file that is not a DuckDB database, another application's database."""


def first_line(exc: BaseException) -> str:
    """An exception's first line (DuckDB's messages run on with context lines), or its type's name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
