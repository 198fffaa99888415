"""The report as a document: the blocks the HTML and Markdown templates render.

A report is a tuple of :class:`Section`; a section holds blocks (:data:`Block`): a rendered table, a
paragraph whose numbers are :class:`Num` (shown rounded, carrying the unrounded value and a stable
``data-figure`` name), a bullet list, a chart (inline SVG) or a titled group of blocks. Everything here
is already formatted text: the templates only lay it out (see ``templates/report.html.j2`` and
``report.md.j2``), keyed on each block's ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from markupsafe import Markup

ParagraphStyle = Literal["p", "note", "warning", "lead"]
"""A plain paragraph, a note (smaller), a warning (stands out) or the lead (the opening summary)."""


@dataclass(frozen=True)
class Cell:
    text: str
    column: str
    value: str | None
    """Unrounded value for ``data-value`` (None for text)."""
    numeric: bool
    band: bool


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class HeaderGroup:
    label: str
    span: int


@dataclass(frozen=True)
class HeaderCell:
    """An HTML header cell: grouped columns get a spanning cell on top, ungrouped ones span both rows."""

    label: str
    colspan: int
    rowspan: int
    numeric: bool
    band: bool


@dataclass(frozen=True)
class RenderedTable:
    kind: ClassVar[str] = "table"
    name: str
    title: str
    note: str
    top: tuple[HeaderCell, ...]
    bottom: tuple[HeaderCell, ...]
    """Second header row (empty when no column is grouped)."""
    md_headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Num:
    """A number inside running text, with its unrounded value and a stable name (``data-figure``)."""

    text: str
    value: str
    figure: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    parts: tuple[str | Num, ...]
    style: ParagraphStyle = "p"


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[Paragraph, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Chart:
    kind: ClassVar[str] = "chart"
    name: str
    title: str
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Group:
    """A titled group of blocks: open or collapsed (``<details>``) in HTML, a sub-heading in Markdown."""

    kind: ClassVar[str] = "group"
    title: str
    blocks: tuple[Block, ...]
    open: bool = True


Block = RenderedTable | Paragraph | Bullets | Chart | Group


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FooterItem:
    label: str
    value: str
    figure: str
