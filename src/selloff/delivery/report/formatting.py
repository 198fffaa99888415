"""How values are shown: number formats, the minus sign, and a table or paragraph in display form.

:func:`format_value` is the one rule for every number in the report (tables, running text, subtitle):
decimals by size and unit, thousands separators, a true minus sign (U+2212), missing as an en dash.
Beside each shown number the report keeps its unrounded value (``data-value`` in the HTML: the shortest
round-trip float text, ISO dates, ``true``/``false``), so tools can read the figures back and compare
them with the warehouse; every row carries ``data-row-key`` (its key columns joined by ``|``).
:func:`render_table` turns a frame and its :class:`~selloff.delivery.report.tables.TableSpec` into a
:class:`~selloff.delivery.report.blocks.RenderedTable`; :func:`num` and :func:`paragraph` do the same for
numbers in running text. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd

from selloff.delivery.report.blocks import (
    Cell,
    HeaderCell,
    HeaderGroup,
    Num,
    Paragraph,
    ParagraphStyle,
    RenderedTable,
    Row,
)
from selloff.delivery.report.tables import Fmt, TableSpec

_MINUS = "\u2212"


def is_missing(value: object) -> bool:
    """None, ``pd.NA``, ``pd.NaT`` or a float NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _decimals(value: float, fmt: Fmt) -> int:
    size = abs(value)
    if fmt == "usd_bn":
        return 0 if size >= 100 else 1 if size >= 1 else 2
    if fmt == "bp":
        return 0 if size >= 10 else 1
    if fmt == "pct":
        return 1 if size >= 10 else 2
    if fmt in ("price", "dec2"):
        return 2
    return 0 if size >= 1000 else 1 if size >= 10 else 2 if size >= 0.1 else 3


def format_value(value: object, fmt: Fmt) -> str:
    """How a value is shown in the report.

    Parameters
    ----------
    value
        A number, date, bool, text or list; None / NaN / NaT are missing.
    fmt
        The column's format: ``usd_bn`` (0 decimals from $100bn, 1 from $1bn, else 2), ``bp`` (0 from
        10 bp, else 1), ``pct`` (1 from 10%, else 2), ``dec2``/``price`` (2), ``num`` (by size), ``p``
        (p-values), ``int``, ``fy``, ``years``, ``month``, ``date``, ``bool`` or ``text``.

    Returns
    -------
    str
        Thousands separators, a true minus sign (U+2212), exact zero as ``0``; missing as an en dash.
    """
    if is_missing(value):
        return "–"
    if fmt == "text":
        if isinstance(value, list | tuple | np.ndarray):
            return ", ".join(str(v) for v in value)
        return str(value)
    if fmt == "bool":
        return "yes" if bool(value) else "no"
    if fmt in ("month", "date"):
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
        return stamp.strftime("%Y-%m") if fmt == "month" else stamp.strftime("%Y-%m-%d")
    number = float(value)  # type: ignore[arg-type]
    if fmt == "fy":
        return str(round(number))
    if fmt == "int":
        text = f"{round(number):,}"
    elif fmt == "years":
        text = f"{number:g}"
    elif fmt == "p":
        text = "<0.001" if number < 0.001 else f"{number:.3f}"
    else:
        decimals = _decimals(number, fmt)
        text = "0" if number == 0 else f"{number:,.{decimals}f}"
        if float(text.replace(",", "")) == 0:
            text = text.lstrip("-")  # "-0.0" reads as a sign error
    return text.replace("-", _MINUS)


def _raw(value: object, fmt: Fmt) -> str | None:
    """The unrounded value for ``data-value``: shortest round-trip float text, ISO dates, true/false."""
    if fmt == "text" or is_missing(value):
        return None
    if fmt == "bool":
        return "true" if bool(value) else "false"
    if fmt in ("month", "date"):
        return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if fmt in ("fy", "int") and number.is_integer() else repr(number)


def _key_part(value: object) -> str:
    if isinstance(value, datetime | pd.Timestamp):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def row_key(values: Iterable[object]) -> str:
    """The ``data-row-key`` of a row: its key columns' values joined by ``|``."""
    return "|".join(_key_part(v) for v in values)


def render_table(
    spec: TableSpec, frame: pd.DataFrame, *, title: str | None = None, note: str | None = None
) -> RenderedTable:
    """The display form of ``frame`` under ``spec``: formatted cells with their unrounded values.

    Parameters
    ----------
    spec
        The table's columns (with units and formats) and row key.
    frame
        The rows to show (all of the table, or one scenario's).
    title, note
        Override the spec's title and note (e.g. to name the scenario).

    Returns
    -------
    RenderedTable
        Header rows (grouped columns under a spanning cell), Markdown headers and the rows.

    Raises
    ------
    ValueError
        ``frame`` lacks a column the spec displays or keys on.
    """
    missing = [c.key for c in spec.columns if c.key not in frame.columns] + [
        k for k in spec.key if k not in frame.columns
    ]
    if missing:
        raise ValueError(f"table {spec.name}: the query has no column(s) {missing}")
    columns = spec.columns
    groups: list[HeaderGroup] = []
    for col in columns:
        if groups and col.group and groups[-1].label == col.group:
            groups[-1] = HeaderGroup(col.group, groups[-1].span + 1)
        else:
            groups.append(HeaderGroup(col.group, 1))
    grouped = any(g.label for g in groups)
    top: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    position = 0
    for group in groups:
        members = columns[position : position + group.span]
        position += group.span
        if grouped and group.label:
            top.append(HeaderCell(group.label, group.span, 1, True, False))
            bottom += [HeaderCell(c.header, 1, 1, c.fmt not in ("text", "bool"), c.band) for c in members]
        else:
            top += [
                HeaderCell(c.header, 1, 2 if grouped else 1, c.fmt not in ("text", "bool"), c.band)
                for c in members
            ]
    rows = []
    key_values = frame[list(spec.key)].itertuples(index=False, name=None)
    value_columns = [frame[c.key].tolist() for c in columns]
    for i, key in enumerate(key_values):
        cells = tuple(
            Cell(
                text=format_value(value_columns[j][i], col.fmt),
                column=col.key,
                value=_raw(value_columns[j][i], col.fmt),
                numeric=col.fmt not in ("text", "bool"),
                band=col.band,
            )
            for j, col in enumerate(columns)
        )
        rows.append(Row(key=row_key(key), cells=cells))
    return RenderedTable(
        name=spec.name,
        title=spec.title if title is None else title,
        note=spec.note if note is None else note,
        top=tuple(top),
        bottom=tuple(bottom),
        md_headers=tuple(f"{c.group}: {c.header}" if c.group else c.header for c in columns),
        numeric=tuple(c.fmt not in ("text", "bool") for c in columns),
        rows=tuple(rows),
    )


def num(value: object, fmt: Fmt, figure: str) -> Num:
    """A number for running text: shown by :func:`format_value`, its unrounded value, named ``figure``."""
    return Num(text=format_value(value, fmt), value=_raw(value, fmt) or "", figure=figure)


def paragraph(*parts: str | Num, style: ParagraphStyle = "p") -> Paragraph:
    """A paragraph; a negative amount written after a literal "$" reads "−$16.6bn", not "$−16.6bn"."""
    fixed: list[str | Num] = list(parts)
    for i in range(1, len(fixed)):
        before, part = fixed[i - 1], fixed[i]
        if not (isinstance(part, Num) and part.text.startswith(_MINUS)):
            continue
        if isinstance(before, str) and before.endswith("$"):
            fixed[i - 1] = before[:-1]
            fixed[i] = replace(part, text=f"{_MINUS}${part.text[1:]}")
    return Paragraph(parts=tuple(fixed), style=style)
