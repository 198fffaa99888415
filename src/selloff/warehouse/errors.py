"""The warehouse's error types: every message says what to do."""

from __future__ import annotations


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened, locked or published; the message says what to do."""


class WarehouseLockedError(WarehouseError):
    """Another writer holds the warehouse lock for longer than the timeout."""
