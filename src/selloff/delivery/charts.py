"""Charts for the report, drawn with matplotlib and returned as inline SVG (the report works offline, no CDN).

Each function takes a tidy frame and returns one ``<svg>`` element, ready to inline in HTML or save as a
file: the XML prolog and DOCTYPE are stripped, text stays text (``svg.fonttype = "none"``), and the output is
byte-identical for identical inputs (a fixed ``svg.hashsalt`` per chart, no date in the metadata).

Only the object-oriented API is used (:class:`matplotlib.figure.Figure`, never ``pyplot``), so no figure
is registered with a global figure manager and no GUI backend is loaded. Styling is applied with
:func:`matplotlib.rc_context`, which sets the global ``matplotlib.rcParams`` for the duration of one chart
and restores them afterwards (so charts are not to be drawn from several threads at once).

Layout is fixed (margins in inches, axis-label positions set) rather than measured: constrained layout or
``bbox_inches="tight"`` measure every artist before drawing and more than doubled the time to render.

Conventions: a date (``datetime64`` or ``datetime.date``) x axis gets matplotlib's date ticks; a numeric x
axis whose values are all whole numbers (fiscal years, quarters) gets integer ticks; ``NaN`` breaks a line
or band. Pure: no I/O.

The chart types know nothing of the report: which chart it draws, from which data and with which
title and caption, is :mod:`selloff.delivery.report.figures`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

PALETTE = ("#1f4e79", "#c0504d", "#6a9a2f", "#8064a2", "#e0802c", "#3a9bb5", "#7f7f7f")
"""Line colours, in order of use."""

WIDTH_IN = 7.5
"""Figure width in inches: 540 pt in the SVG, i.e. 720 CSS pixels at 100%."""

_BAND_LABEL = "p5–p95 of the draws"

_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, and no glyph outlines in the markup
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9.5,
    "text.color": "#222222",
    "axes.edgecolor": "#888888",
    "axes.labelcolor": "#444444",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    # limits are set by _limits; round_numbers makes the tick locators' view_limits round them to ticks
    "axes.autolimit_mode": "round_numbers",
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titley": 1.0,  # a fixed title position: no search for decorations above the plot
    "axes.titlepad": 5.0,
    "axes.formatter.useoffset": False,
    "grid.color": "#e3e6ea",
    "grid.linewidth": 0.8,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "legend.handlelength": 1.8,
    "legend.columnspacing": 1.6,
    "figure.titlesize": 11.5,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "lines.linewidth": 1.5,
}


# --------------------------------------------------------------------------------------------------
# figure plumbing
# --------------------------------------------------------------------------------------------------

# Fixed margins in inches, the same for every chart (see the module docstring for why).
_LEFT_IN = 0.85  # y tick labels (up to "−1000") and the y-axis label
_RIGHT_IN = 0.2
_TITLE_IN = 0.42  # the title band above the legend, plus _TITLE_LINE_IN for each extra line
_TITLE_LINE_IN = 0.21
_TITLE_CHARS = 80  # characters of the 11.5pt bold title in a line
_LEGEND_ROW_IN = 0.22
_YLABEL_IN = 0.55  # the y-axis label, left of the plot area (its baseline)
_XLABEL_IN = 0.26  # the x-axis label, below the plot area (its top)
_PLOT_IN = 2.6  # plot-area height of a one-panel chart
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)  # tick steps: these times a power of ten
_CHAR_PT = 5.5  # average width of a character of 9.5pt bold text, for wrapping panel titles


@contextmanager
def _style(title: str) -> Iterator[None]:
    """The house style for one chart; the hash salt is the title, so ids differ between inlined charts."""
    with mpl.rc_context({**_STYLE, "svg.hashsalt": f"selloff:{title}"}):
        yield


def _title_in(fig: Figure) -> float:
    """Height of the figure's title band (inches)."""
    return _TITLE_IN + _TITLE_LINE_IN * fig.get_suptitle().count("\n")


def _figure(title: str, body_in: float) -> Figure:
    """A figure of the report's width: ``title`` at its top left (wrapped), then ``body_in`` inches."""
    text = textwrap.fill(title, _TITLE_CHARS)
    height_in = _TITLE_IN + _TITLE_LINE_IN * text.count("\n") + body_in
    fig = Figure(figsize=(WIDTH_IN, height_in))
    fig.suptitle(text, x=0.1 / WIDTH_IN, y=1 - 0.1 / height_in, ha="left", va="top")
    return fig


def _add_axes(fig: Figure, left_in: float, bottom_in: float, width_in: float, height_in: float) -> Axes:
    """An Axes at a fixed place (inches from the figure's bottom left), its axis labels at fixed offsets."""
    fig_w, fig_h = fig.get_size_inches()
    ax = fig.add_axes((left_in / fig_w, bottom_in / fig_h, width_in / fig_w, height_in / fig_h))
    # fixed label positions: matplotlib would otherwise measure every tick label to place them
    ax.yaxis.set_label_coords(-_YLABEL_IN / width_in, 0.5)
    ax.xaxis.set_label_coords(0.5, -_XLABEL_IN / height_in)
    return ax


def _legend_columns(labels: Sequence[str]) -> int:
    """Keys per legend row: all in one row unless the labels are long (~85 characters fill the width)."""
    return len(labels) if sum(len(label) + 6 for label in labels) <= 85 else -(-len(labels) // 2)


def _legend(fig: Figure, handles: Sequence[Artist]) -> None:
    """A legend of ``handles`` (their labels) in rows under the title, left-aligned with the plot area."""
    labels = [str(h.get_label()) for h in handles]
    fig_w, fig_h = fig.get_size_inches()
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=((_LEFT_IN - 0.05) / fig_w, 1 - _title_in(fig) / fig_h),
        ncols=_legend_columns(labels),
        borderaxespad=0.0,
        borderpad=0.0,
    )


def _single(title: str, labels: Sequence[str], x_label: bool) -> tuple[Figure, Axes]:
    """A one-panel chart: title, legend rows, the plot area, room for an x label when there is one."""
    rows = -(-len(labels) // _legend_columns(labels)) if labels else 0
    bottom_in = 0.6 if x_label else 0.35
    fig = _figure(title, rows * _LEGEND_ROW_IN + 0.15 + _PLOT_IN + bottom_in)
    ax = _add_axes(fig, _LEFT_IN, bottom_in, WIDTH_IN - _LEFT_IN - _RIGHT_IN, _PLOT_IN)
    return fig, ax


def _to_svg(fig: Figure, title: str) -> str:
    """The figure as one ``<svg>`` element: no prolog, no DOCTYPE, no date; ``title`` as its ``<title>``."""
    buf = io.StringIO()
    fig.savefig(
        buf,
        format="svg",
        metadata={"Title": title, "Date": None, "Creator": None, "Format": None, "Type": None},
    )
    text = buf.getvalue()
    return text[text.index("<svg") :].rstrip()


def _as_x(values: pd.Series) -> tuple[npt.NDArray[np.generic], bool]:
    """x values for plotting: dates as ``datetime64`` (flag: a date axis), anything else as floats."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.to_datetime(values).to_numpy(), True
    if len(values) and hasattr(values.iloc[0], "year") and hasattr(values.iloc[0], "month"):
        return pd.to_datetime(values).to_numpy(), True
    return values.to_numpy(dtype=float), False


def _ticks(ax: Axes, xs: npt.NDArray[np.generic], date_axis: bool, *, x_bins: int, y_bins: int) -> None:
    """At most about ``x_bins`` / ``y_bins`` intervals between ticks (each tick is costly to draw).

    A date axis gets matplotlib's date ticks; a numeric x axis whose values are all whole numbers (fiscal
    years, quarters) gets integer ticks.
    """
    if date_axis:
        locator = AutoDateLocator(minticks=2, maxticks=x_bins)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))
    else:
        finite = xs[np.isfinite(xs.astype(float))].astype(float)
        whole = bool(finite.size) and bool(np.all(np.mod(finite, 1) == 0))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=x_bins, steps=_STEPS, integer=whole))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=y_bins, steps=_STEPS))


def _zero_line(ax: Axes) -> None:
    """A dark line at y = 0 (which also brings zero into the y range)."""
    ax.axhline(0.0, color="#222222", linewidth=0.8, zorder=1.5)


def _limits(axes: Sequence[Axes], x_pad: float = 0.0) -> None:
    """Axis limits from the data: x its joint range (widened by ``x_pad`` of it either side), y per Axes.

    The y range gets 3% headroom on each side away from zero (so a line at the extreme does not run
    along the frame, while a zero baseline stays on the frame), then goes out to the next round tick.
    """
    x_lo = min(ax.dataLim.x0 for ax in axes)
    x_hi = max(ax.dataLim.x1 for ax in axes)
    if np.isfinite(x_lo) and np.isfinite(x_hi) and x_hi > x_lo:
        pad = x_pad * (x_hi - x_lo)
        for ax in axes:
            ax.set_xlim(x_lo - pad, x_hi + pad)
    for ax in axes:
        y_lo, y_hi = ax.dataLim.intervaly
        if not (np.isfinite(y_lo) and np.isfinite(y_hi)):
            continue
        if y_hi == y_lo:  # one value: a range around it
            y_lo, y_hi = y_lo - (abs(y_lo) * 0.1 or 1.0), y_hi + (abs(y_hi) * 0.1 or 1.0)
        span = y_hi - y_lo
        # the tolerance: bars built on zero can report a bottom of -4e-15 after the transforms
        y_lo -= 0.03 * span if y_lo < -1e-9 * span else 0.0
        y_hi += 0.03 * span if y_hi > 1e-9 * span else 0.0
        ax.set_ylim(ax.yaxis.get_major_locator().view_limits(y_lo, y_hi))


def _names(frame: pd.DataFrame, column: str, order: Sequence[str] | None) -> list[str]:
    present = set(frame[column].astype(str).unique())
    names = list(order) if order is not None else sorted(present)
    return [n for n in names if n in present]


# --------------------------------------------------------------------------------------------------
# chart types
# --------------------------------------------------------------------------------------------------


def line_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    title: str,
    y_label: str,
    order: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    zero_line: bool = False,
) -> str:
    """One line per value of ``series``.

    Parameters
    ----------
    frame
        Tidy data: one row per (``series``, ``x``).
    x, y, series
        Column names; ``x`` may be dates or numbers.
    title, y_label
        Chart title and y-axis label (with units).
    order, labels
        Which series to draw and in what order (default: all, sorted), and their legend labels.
    zero_line
        Include zero in the y range and draw it.

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    names = _names(frame, series, order)
    legend = [(labels or {}).get(n, n) for n in names]
    xs_all, date_axis = _as_x(frame[x])
    ys_all = frame[y].to_numpy(dtype=float)
    keys = frame[series].astype(str).to_numpy()
    with _style(title):
        fig, ax = _single(title, legend, x_label=False)
        handles: list[Artist] = []
        for colour, name, label in zip(PALETTE * 3, names, legend, strict=False):
            mask = keys == name
            sort = np.argsort(xs_all[mask], kind="stable")
            handles += ax.plot(
                xs_all[mask][sort], ys_all[mask][sort], color=colour, linewidth=1.4, label=label
            )
        if zero_line:
            _zero_line(ax)
        _ticks(ax, xs_all, date_axis, x_bins=8, y_bins=5)
        _limits([ax])
        ax.set_ylabel(y_label)
        _legend(fig, handles)
        return _to_svg(fig, title)


def fan_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    low: str,
    mid: str,
    high: str,
    title: str,
    y_label: str,
    band_label: str = _BAND_LABEL,
    mid_label: str = "point projection",
    x_label: str | None = None,
) -> str:
    """A central line with a shaded band (e.g. the p5–p95 range of Monte Carlo draws).

    Parameters
    ----------
    frame
        One row per ``x``.
    x, low, mid, high
        Column names: the x values (dates or numbers), the band's edges and the central line.
    title, y_label, x_label
        Chart title and axis labels (with units).
    band_label, mid_label
        Legend labels.

    Returns
    -------
    str
        One ``<svg>`` element; the y range always includes zero, drawn as a line.
    """
    data = frame.sort_values(x)
    xs, date_axis = _as_x(data[x])
    lo, md, hi = (data[c].to_numpy(dtype=float) for c in (low, mid, high))
    colour = PALETTE[0]
    with _style(title):
        fig, ax = _single(title, [mid_label, band_label], x_label=bool(x_label))
        (line,) = ax.plot(xs, md, color=colour, linewidth=1.8, label=mid_label)
        band = ax.fill_between(xs, lo, hi, color=colour, alpha=0.22, linewidth=0, label=band_label)
        _zero_line(ax)
        _ticks(ax, xs, date_axis, x_bins=8, y_bins=5)
        _limits([ax])
        ax.set_ylabel(y_label)
        if x_label:
            ax.set_xlabel(x_label)
        _legend(fig, [line, band])
        return _to_svg(fig, title)


def fan_grid(
    frame: pd.DataFrame,
    *,
    panel: str,
    x: str,
    low: str,
    mid: str,
    high: str,
    title: str,
    y_label: str,
    order: Sequence[str],
    panel_titles: Mapping[str, str] | None = None,
    ncols: int = 2,
) -> str:
    """Small multiples: one fan (``mid`` with a ``low``–``high`` band) per value of ``panel``.

    Each panel has its own y scale: scenarios differ by an order of magnitude, and a shared scale would
    flatten the small ones. The x range is shared.

    Parameters
    ----------
    frame
        Tidy data: one row per (``panel``, ``x``).
    panel, x, low, mid, high
        Column names: the panel key, x values (dates or numbers), band edges and central line.
    title, y_label
        Figure title and each panel's y-axis label (with units).
    order
        The panels to draw, in order (row by row).
    panel_titles
        Titles per panel key (default: the key); long ones wrap onto more lines.
    ncols
        Panels per row.

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    names = list(order)
    if not names:
        raise ValueError("fan_grid needs at least one panel")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    xs_all, date_axis = _as_x(frame[x])
    keys = frame[panel].astype(str).to_numpy()
    columns = [frame[c].to_numpy(dtype=float) for c in (low, mid, high)]
    colour = PALETTE[0]
    gap_x_in, panel_h_in, ticks_in, line_in = 0.75, 1.45, 0.3, 0.17
    panel_w_in = (WIDTH_IN - _LEFT_IN - _RIGHT_IN - (ncols - 1) * gap_x_in) / ncols
    # panel titles wrapped to the panel's width
    width_chars = max(int(panel_w_in * 72 / _CHAR_PT), 10)
    wrapped = [textwrap.fill((panel_titles or {}).get(n, n), width_chars) for n in names]
    rows = [wrapped[i : i + ncols] for i in range(0, len(wrapped), ncols)]
    # each row, top down: its titles' lines, the plot area, the x tick labels
    row_h_in = [max(t.count("\n") + 1 for t in row) * line_in + 0.1 + panel_h_in + ticks_in for row in rows]
    with _style(title):
        fig = _figure(title, _LEGEND_ROW_IN + 0.1 + sum(row_h_in) + 0.05)
        axes: list[Axes] = []
        bottom_in = fig.get_size_inches()[1] - _title_in(fig) - _LEGEND_ROW_IN - 0.1
        for row, (titles, row_h) in enumerate(zip(rows, row_h_in, strict=True)):
            bottom_in -= row_h
            for col, panel_title in enumerate(titles):
                left_in = _LEFT_IN + col * (panel_w_in + gap_x_in)
                ax = _add_axes(fig, left_in, bottom_in + ticks_in, panel_w_in, panel_h_in)
                mask = keys == names[row * ncols + col]
                sort = np.argsort(xs_all[mask], kind="stable")
                lo, md, hi = (column[mask][sort] for column in columns)
                (line,) = ax.plot(xs_all[mask][sort], md, color=colour, label="point projection")
                band = ax.fill_between(
                    xs_all[mask][sort], lo, hi, color=colour, alpha=0.22, linewidth=0, label="p5–p95"
                )
                _zero_line(ax)
                _ticks(ax, xs_all, date_axis, x_bins=5, y_bins=5)
                ax.set_title(panel_title)
                ax.set_ylabel(y_label)
                if not axes:
                    _legend(fig, [line, band])
                axes.append(ax)
        _limits(axes)
        return _to_svg(fig, title)


def bands_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    group: str,
    mid: str,
    low: str | None,
    high: str | None,
    title: str,
    y_label: str,
    x_label: str,
    order: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Several lines with markers (one per ``group``), each with a band when ``low``/``high`` are given.

    Parameters
    ----------
    frame
        Tidy data: one row per (``group``, ``x``).
    x, group, mid
        Column names of the x values, the grouping and the central values.
    low, high
        Column names of each group's band, or None for lines only.
    title, y_label, x_label
        Chart title and axis labels (with units).
    order, labels
        Which groups to draw and in what order, and their legend labels.

    Returns
    -------
    str
        One ``<svg>`` element; the y range always includes zero, drawn as a line.
    """
    names = _names(frame, group, order)
    legend = [(labels or {}).get(n, n) for n in names]
    xs_all, date_axis = _as_x(frame[x])
    mids = frame[mid].to_numpy(dtype=float)
    lows = frame[low].to_numpy(dtype=float) if low is not None else None
    highs = frame[high].to_numpy(dtype=float) if high is not None else None
    keys = frame[group].astype(str).to_numpy()
    with _style(title):
        fig, ax = _single(title, legend, x_label=True)
        handles: list[Artist] = []
        for colour, name, label in zip(PALETTE * 3, names, legend, strict=False):
            mask = keys == name
            sort = np.argsort(xs_all[mask], kind="stable")
            xs = xs_all[mask][sort]
            handles += ax.plot(xs, mids[mask][sort], color=colour, marker="o", markersize=3.5, label=label)
            if lows is not None and highs is not None:
                ax.fill_between(
                    xs, lows[mask][sort], highs[mask][sort], color=colour, alpha=0.12, linewidth=0
                )
        _zero_line(ax)
        _ticks(ax, xs_all, date_axis, x_bins=8, y_bins=5)
        _limits([ax], x_pad=0.02)  # room for the end markers
        ax.set_ylabel(y_label)
        ax.set_xlabel(x_label)
        _legend(fig, handles)
        return _to_svg(fig, title)


def stacked_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    parts: Sequence[tuple[str, str]],
    title: str,
    y_label: str,
    total: tuple[str, str] | None = None,
) -> str:
    """Bars per ``x`` stacked from ``parts`` (column, label); positive parts stack up, negative down.

    Parameters
    ----------
    frame
        One row per ``x`` category (e.g. fiscal year).
    x
        Column of the categories, drawn in sorted order.
    parts
        (column, legend label) of each stacked component.
    title, y_label
        Chart title and y-axis label (with units).
    total
        (column, legend label) of the total, drawn as a line with markers so that a decomposition that
        nets out can still be read.

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    data = frame.sort_values(x)
    positions = np.arange(len(data), dtype=float)
    up = np.zeros(len(data))
    down = np.zeros(len(data))
    legend = [label for _, label in parts] + ([total[1]] if total is not None else [])
    with _style(title):
        fig, ax = _single(title, legend, x_label=False)
        handles: list[Artist] = []
        for colour, (column, label) in zip(PALETTE, parts, strict=False):
            values = data[column].to_numpy(dtype=float)
            values = np.where(np.isfinite(values), values, 0.0)
            ax.bar(positions, values, bottom=np.where(values >= 0, up, down), width=0.7, color=colour)
            handles.append(Patch(color=colour, label=label))
            up += np.clip(values, 0.0, None)
            down += np.clip(values, None, 0.0)
        if total is not None:
            totals = data[total[0]].to_numpy(dtype=float)
            handles += ax.plot(
                positions, totals, color="#111111", linewidth=1.2, marker="o", markersize=3.5, label=total[1]
            )
        _zero_line(ax)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=_STEPS))
        _limits([ax])
        ax.set_xticks(positions, [str(v) for v in data[x]])
        ax.set_xlim(-0.6, len(data) - 0.4)
        ax.tick_params(axis="x", length=0)
        ax.set_ylabel(y_label)
        _legend(fig, handles)
        return _to_svg(fig, title)


def forest_plot(
    frame: pd.DataFrame,
    *,
    row: str,
    panels: Sequence[tuple[str, str, str, str]],
    title: str,
    x_label: str,
    order: Sequence[str],
    labels: Mapping[str, str] | None = None,
    prior: str | None = None,
    combined: str | None = None,
    diagnostic: Sequence[str] = (),
) -> str:
    """A forest plot: per row, a point and its interval, one panel per estimated quantity, rows top down.

    Parameters
    ----------
    frame
        One row per ``row`` value (e.g. a design); missing values show as "no estimate" in that panel.
    row
        Column of the row keys; ``order`` the rows to draw, top down, and ``labels`` their axis labels.
    panels
        (panel title, point column, interval low column, interval high column) of each panel, left to right;
        each panel has its own x scale, zero drawn as a line.
    title, x_label
        Figure title and each panel's x-axis label (with units).
    prior, combined
        The row keys of the prior (drawn as a grey diamond) and of the combination (a black square); the
        other rows are circles.
    diagnostic
        Row keys drawn hollow and grey with a dashed interval (shown, but not part of the combination).

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    names = [n for n in order if n in set(frame[row].astype(str))]
    if not names or not panels:
        raise ValueError("forest_plot needs at least one row and one panel")
    keys = frame[row].astype(str).tolist()
    value = {c: dict(zip(keys, frame[c].to_numpy(dtype=float), strict=True)) for p in panels for c in p[1:]}
    ys = np.arange(len(names), dtype=float)[::-1]  # the first row at the top
    left_in, gap_in, row_in = 2.1, 0.3, 0.3  # room for the row labels
    panel_w_in = (WIDTH_IN - left_in - _RIGHT_IN - (len(panels) - 1) * gap_in) / len(panels)
    plot_h_in = row_in * len(names) + 0.2
    styles: dict[str, dict[str, Any]] = {
        "design": {"color": PALETTE[0], "marker": "o", "mfc": PALETTE[0], "ls": "-"},
        "diagnostic": {"color": PALETTE[6], "marker": "o", "mfc": "white", "ls": "--"},
        "prior": {"color": PALETTE[6], "marker": "D", "mfc": PALETTE[6], "ls": "-"},
        "combined": {"color": "#111111", "marker": "s", "mfc": "#111111", "ls": "-"},
    }
    legend_text = {
        "design": "identified design, 90% interval",
        "diagnostic": "diagnostic (not combined)",
        "prior": "literature prior",
        "combined": "combination",
    }

    def kind(name: str) -> str:
        if name == prior:
            return "prior"
        if name == combined:
            return "combined"
        return "diagnostic" if name in diagnostic else "design"

    kinds = [kind(n) for n in names]
    legend_kinds = [k for k in legend_text if k in kinds]
    with _style(title):
        fig = _figure(title, _LEGEND_ROW_IN + 0.15 + _TITLE_LINE_IN + plot_h_in + 0.6)
        bottom_in = 0.6
        handles: list[Artist] = []
        for i, (panel_title, mid, low, high) in enumerate(panels):
            ax = _add_axes(fig, left_in + i * (panel_w_in + gap_in), bottom_in, panel_w_in, plot_h_in)
            ax.grid(False, axis="y")
            ax.grid(True, axis="x")
            missing: list[float] = []
            for y, name, k in zip(ys, names, kinds, strict=True):
                point, lo, hi = (value[c][name] for c in (mid, low, high))
                if not np.isfinite(point):
                    missing.append(y)
                    continue
                style = styles[k]
                if np.isfinite(lo) and np.isfinite(hi):
                    ax.plot([lo, hi], [y, y], color=style["color"], linestyle=style["ls"], linewidth=1.6)
                ax.plot(
                    [point],
                    [y],
                    linestyle="none",
                    marker=style["marker"],
                    markersize=6,
                    color=style["color"],
                    markerfacecolor=style["mfc"],
                )
            ax.axvline(0.0, color="#222222", linewidth=0.8, zorder=1.5)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=_STEPS))
            x_lo, x_hi = ax.dataLim.intervalx
            pad = 0.05 * (x_hi - x_lo) if x_hi > x_lo else 1.0
            ax.set_xlim(ax.xaxis.get_major_locator().view_limits(x_lo - pad, x_hi + pad))
            ax.set_ylim(-0.6, len(names) - 0.4)
            ax.set_yticks(ys, [(labels or {}).get(n, n) for n in names] if i == 0 else [])
            ax.tick_params(axis="y", length=0)
            for y in missing:
                ax.text(
                    0.03,
                    y,
                    "no estimate",
                    transform=ax.get_yaxis_transform(),
                    va="center",
                    color="#666666",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
                    zorder=3,
                )
            ax.set_title(panel_title)
            ax.set_xlabel(x_label)
        for k in legend_kinds:
            style = styles[k]
            handles.append(
                Line2D(
                    [],
                    [],
                    color=style["color"],
                    linestyle=style["ls"],
                    marker=style["marker"],
                    markerfacecolor=style["mfc"],
                    label=legend_text[k],
                )
            )
        fig.legend(
            handles,
            [legend_text[k] for k in legend_kinds],
            loc="upper left",
            bbox_to_anchor=((left_in - 0.05) / WIDTH_IN, 1 - _title_in(fig) / fig.get_size_inches()[1]),
            ncols=_legend_columns([legend_text[k] for k in legend_kinds]),
            borderaxespad=0.0,
            borderpad=0.0,
        )
        return _to_svg(fig, title)
