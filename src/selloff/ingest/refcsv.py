"""Reading a reference CSV at the boundary: every field checked, every problem of the file collected.

The reference tables (ref.*) are small files shipped with the snapshot. A bad row is refused with its
file, row and field, and all the problems of a file are listed at once in one
:class:`ReferenceDataError` (a ``ValueError``: bad input, exit 2), before anything is written.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class RowProblem:
    """One bad field: ``row`` counts data rows from 1 (the header is line 1, so row 1 is on line 2)."""

    row: int
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row} (line {self.line}) {self.field}: {self.problem}"


class ReferenceDataError(ValueError):
    """A reference file broke its contract. One line naming the file and every problem in it."""

    def __init__(self, file: str, problems: Sequence[RowProblem | str]) -> None:
        listed = "; ".join(str(p) for p in problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{file}: {count}, nothing loaded: {listed}")
        self.file = file
        self.problems = tuple(problems)


@dataclass
class Row:
    """One data row, with helpers that parse a field or record why it cannot be parsed."""

    row_no: int
    line: int
    values: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.row_no, self.line, column, message))

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.values[column].strip()
        if not value:
            if required:
                self.problem(column, "is empty")
            return None
        return value

    def choice(self, column: str, allowed: Sequence[str]) -> str | None:
        value = self.values[column].strip()
        if value not in allowed:
            self.problem(column, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        """An ISO date ``YYYY-MM-DD``; empty is ``None`` (a problem if ``required``)."""
        value = self.values[column].strip()
        if not value:
            if required:
                self.problem(column, "is empty (expected a date YYYY-MM-DD)")
            return None
        parsed = iso_day(value)
        if parsed is None:
            self.problem(column, f"unknown date format {value!r} (expected YYYY-MM-DD)")
        return parsed

    def number(
        self, column: str, *, minimum: float | None = None, positive: bool = False, required: bool = False
    ) -> float | None:
        """A finite decimal number; empty is ``None`` (a problem if ``required``). ``minimum``/``positive``
        bound it."""
        value = self.values[column].strip()
        if not value:
            if required:
                self.problem(column, "is empty (expected a number)")
            return None
        if not _NUMBER.fullmatch(value):
            self.problem(column, f"{value!r} is not a number")
            return None
        number = float(value)
        if not math.isfinite(number):
            self.problem(column, f"{value!r} is not a finite number")
            return None
        if positive and not number > 0:
            self.problem(column, f"{value} is not allowed: the amount must be positive")
            return None
        if minimum is not None and number < minimum:
            self.problem(column, f"{value} is negative, which is not allowed here")
            return None
        return number


def iso_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or ``None``."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def iso_month(text: str) -> date | None:
    """``YYYY-MM`` as the month's first day, or ``None``."""
    if not _ISO_MONTH.fullmatch(text):
        return None
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        return None


def read_rows(path: Path, label: str, header: Sequence[str]) -> Iterator[Row]:
    """The rows of a UTF-8 CSV whose header must be exactly ``header``.

    A wrong header, bad encoding or a row with the wrong number of fields raises
    :class:`ReferenceDataError` at once (nothing in such a file can be read field by field).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(label, [f"not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise ReferenceDataError(label, [f"cannot be read: {exc.strerror}"]) from None
    reader = csv.reader(text.splitlines(keepends=True))
    found = next(reader, None)
    if found != list(header):
        raise ReferenceDataError(label, [f"header is {found}, expected {list(header)}"])
    line = reader.line_num
    for row_no, fields in enumerate(reader, start=1):
        first_line, line = line + 1, reader.line_num
        if len(fields) != len(header):
            raise ReferenceDataError(
                label,
                [
                    RowProblem(
                        row_no, first_line, "(row)", f"{len(fields)} fields, the header has {len(header)}"
                    )
                ],
            )
        yield Row(row_no, first_line, dict(zip(header, fields, strict=True)))
