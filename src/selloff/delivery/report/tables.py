"""How a report table is declared, and the report's tables once written and read back.

A table is a :class:`TableSpec`: its file name (``tables/<name>.csv|parquet``), title, row key, the
columns shown (:class:`Col`: header with units, number format, header group, p5/p95 band) and static
SQL over the ``report.*`` views (or ``None`` for a frame built in Python). The declarations themselves
are in :mod:`~selloff.delivery.report.results_tables` (the body: scenarios, yields, prices, interest,
budget, levers, sensitivity, the CBO check) and :mod:`~selloff.delivery.report.appendix_tables`
(calibration and assumptions).

Conventions
-----------
Units are in every column name and header: ``_usd_bn`` / ($bn), ``_bp`` / (bp), ``_pct`` / (%), ``fy`` =
federal fiscal year (October–September, named by the year it ends). A sale is written positive and pushes
yields up; a loss is positive; ``p5``/``p95`` are the 5th/95th percentiles across the projection's draws
(for prices, p5 pairs with the yield's p95).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

Fmt = Literal[
    "text", "usd_bn", "bp", "pct", "price", "dec2", "years", "num", "p", "int", "fy", "month", "date", "bool"
]


@dataclass(frozen=True)
class Col:
    """A displayed column: the query's column name, its header (with units) and number format."""

    key: str
    header: str
    fmt: Fmt = "num"
    group: str = ""
    """Header group spanning adjacent columns with the same group (e.g. "Peak" over point/p5/p95)."""
    band: bool = False
    """A p5/p95 column: shown lighter, beside its point value."""


@dataclass(frozen=True)
class TableSpec:
    """A report table: its file name, title, SQL (or a Python-built frame), row key and columns."""

    name: str
    title: str
    key: tuple[str, ...]
    columns: tuple[Col, ...]
    sql: str | None = None
    """Static SQL over the report.* / stg / meta / marts relations; None for frames built here."""
    note: str = ""


def band(prefix: str, header: str, fmt: Fmt, group: str) -> tuple[Col, Col, Col]:
    """A point value and its p5/p95 band: columns ``prefix``, ``prefix_p5``, ``prefix_p95``."""
    return (
        Col(prefix, header, fmt, group),
        Col(f"{prefix}_p5", "p5", fmt, group, band=True),
        Col(f"{prefix}_p95", "p95", fmt, group, band=True),
    )


TENOR_ORDER_SQL = "['3m', '1y', '2y', '5y', '10y', '30y']"
"""The tenors in display order, as a SQL list literal (the only text interpolated into the tables' SQL)."""


# --------------------------------------------------------------------------------------------------
# the tables once written: specs and frames by name, and the row lookups prose and charts use
# --------------------------------------------------------------------------------------------------


@dataclass
class Tables:
    """Fetched frames by table name, and the specs to render and export them."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    specs: dict[str, TableSpec] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)
    """Every CSV and Parquet file written."""


def one(frame: pd.DataFrame, **where: object) -> pd.Series:
    """The single row of ``frame`` matching ``where`` (a lookup, not arithmetic)."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    rows = frame.loc[mask]
    if len(rows) != 1:
        raise ValueError(f"expected one row where {where}, found {len(rows)}")
    return rows.iloc[0]


def for_scenario(frame: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The rows of one scenario (a lookup, not arithmetic)."""
    return frame.loc[frame["scenario"] == scenario]
