"""selloff: foreign Treasury sell-offs, their yield impact and the federal interest bill.

The Python API (:mod:`selloff.api`) is loaded on first use, so ``import selloff`` stays cheap for the
command line: ``selloff.connect()``, ``selloff.tables.<view>()``, ``selloff.load_scenario(…)``,
``selloff.project(…)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The package version, the one source of it (pyproject reads it here; importlib.metadata would cost
~60 ms of every command's start-up)."""

if TYPE_CHECKING:
    from selloff.api import (
        ProjectionResult,
        Projector,
        Scenario,
        ScenarioError,
        Tables,
        Warehouse,
        connect,
        load_scenario,
        project,
        tables,
    )

__all__ = [
    "ProjectionResult",
    "Projector",
    "Scenario",
    "ScenarioError",
    "Tables",
    "Warehouse",
    "__version__",
    "connect",
    "load_scenario",
    "project",
    "tables",
]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    """PEP 562: the API's names, imported from :mod:`selloff.api` on first access."""
    if name in _API:
        from selloff import api

        return getattr(api, name)
    raise AttributeError(f"module 'selloff' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
