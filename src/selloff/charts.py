"""Charts for the report, written directly as inline SVG (the report must work offline, no CDN).

Each function takes a tidy frame and returns one ``<svg>`` element, ready to inline in HTML or save as a
file. The SVG is plain markup — lines, polygons, rectangles and text, no ids, no script, no fonts to fetch —
so several charts share a page without clashes and identical inputs give byte-identical output.

Why not matplotlib: its SVG backend spends tens of milliseconds per figure laying out tick artists, which
made the charts most of the report's build time; these few chart types need only axes, nice ticks, lines,
bands and bars, which take a millisecond or two to write by hand.

Conventions: a date (``datetime64``) x axis is drawn in decimal years with year labels; numeric x axes get
"nice" ticks (steps of 1, 2, 2.5 or 5 × 10^k); ``NaN`` breaks a line or band. Pure: no I/O, no globals.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

PALETTE = ("#1f4e79", "#c0504d", "#6a9a2f", "#8064a2", "#e0802c", "#3a9bb5", "#7f7f7f")
"""Line colours, in order of use."""

WIDTH = 720
"""Chart width in SVG user units (CSS pixels at 100%)."""

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_CHAR_W = 6.1  # average glyph width of the 11px font, for laying out legends and tick labels
_MINUS = "\u2212"

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------------------------------
# scales and ticks
# --------------------------------------------------------------------------------------------------


def _as_x(values: pd.Series) -> tuple[FloatArray, bool]:
    """x values as floats; dates become decimal years (returned flag: the axis is a date axis)."""
    if pd.api.types.is_datetime64_any_dtype(values) or (
        len(values) and isinstance(values.iloc[0], pd.Timestamp | np.datetime64)
    ):
        stamps = pd.to_datetime(values)
        days = np.where(stamps.dt.is_leap_year, 366.0, 365.0)
        return (stamps.dt.year + (stamps.dt.day_of_year - 1) / days).to_numpy(dtype=float), True
    if len(values) and hasattr(values.iloc[0], "year") and hasattr(values.iloc[0], "month"):
        return _as_x(pd.to_datetime(values))
    return values.to_numpy(dtype=float), False


def nice_ticks(low: float, high: float, target: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering ``[low, high]``.

    Parameters
    ----------
    low, high
        The data range (finite; swapped if reversed, widened by 10% if empty).
    target
        About how many intervals to aim for.
    integer
        Steps of at least 1 and whole (years, fiscal years, quarters).

    Returns
    -------
    list of float
        Ticks ``first, first + step, …, last`` with ``first <= low`` and ``last >= high``, the step being
        1, 2, 2.5 or 5 × 10^k — the smallest such step giving at most ``target`` intervals.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"tick range must be finite, got {low}..{high}")
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    if integer:
        step = max(1.0, round(step))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


def _tick_text(value: float, step: float) -> str:
    """A tick label with just the decimals its step needs (step = m × 10^k, m in 1, 2, 2.5, 5)."""
    if step <= 0:
        decimals = 0
    else:
        power = math.floor(math.log10(step) + 1e-12)
        mantissa = step / 10.0**power
        decimals = max(0, -power + (1 if abs(mantissa - 2.5) < 1e-9 else 0))
    text = f"{value:,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")
    return text.replace("-", _MINUS)


@dataclass(frozen=True)
class _Box:
    """A plot area in SVG units and the data ranges mapped onto it."""

    left: float
    top: float
    width: float
    height: float
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    def x(self, value: FloatArray | float) -> FloatArray:
        span = (self.x_hi - self.x_lo) or 1.0
        return self.left + (np.asarray(value, dtype=float) - self.x_lo) / span * self.width

    def y(self, value: FloatArray | float) -> FloatArray:
        span = (self.y_hi - self.y_lo) or 1.0
        return self.top + self.height - (np.asarray(value, dtype=float) - self.y_lo) / span * self.height


def _f(value: float) -> str:
    return f"{value:.1f}"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------------------------------
# SVG pieces
# --------------------------------------------------------------------------------------------------


class _Svg:
    """Accumulates SVG elements; :meth:`done` wraps them in the root element."""

    def __init__(self, height: float, title: str) -> None:
        self.height = height
        self.title = title
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 11,
        anchor: str = "start",
        weight: str = "normal",
        fill: str = "#333",
        rotate: bool = False,
    ) -> None:
        transform = f' transform="rotate(-90 {_f(x)} {_f(y)})"' if rotate else ""
        self.add(
            f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size:g}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}"{transform}>{_esc(content)}</text>'
        )

    def done(self) -> str:
        label = _esc(self.title)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(self.height)}" '
            f'width="{WIDTH}" height="{_f(self.height)}" role="img" aria-label="{label}" '
            f'font-family="{_esc(_FONT)}" style="width:100%;max-width:960px;height:auto">'
            f"<title>{label}</title>" + "".join(self.parts) + "</svg>"
        )


def _segments(xs: FloatArray, *columns: FloatArray) -> list[npt.NDArray[np.intp]]:
    """Index runs where ``xs`` and every column are finite (NaN breaks a line)."""
    ok = np.isfinite(xs)
    for column in columns:
        ok &= np.isfinite(column)
    runs: list[npt.NDArray[np.intp]] = []
    index = np.flatnonzero(ok)
    if index.size:
        breaks = np.flatnonzero(np.diff(index) > 1) + 1
        runs = [run for run in np.split(index, breaks) if run.size]
    return runs


def _points(box: _Box, xs: FloatArray, ys: FloatArray) -> str:
    return " ".join(f"{_f(a)},{_f(b)}" for a, b in zip(box.x(xs), box.y(ys), strict=True))


def _line(svg: _Svg, box: _Box, xs: FloatArray, ys: FloatArray, colour: str, width: float = 1.6) -> None:
    for run in _segments(xs, ys):
        svg.add(
            f'<polyline points="{_points(box, xs[run], ys[run])}" fill="none" stroke="{colour}" '
            f'stroke-width="{width:g}" stroke-linejoin="round"/>'
        )


def _markers(svg: _Svg, box: _Box, xs: FloatArray, ys: FloatArray, colour: str) -> None:
    for run in _segments(xs, ys):
        for a, b in zip(box.x(xs[run]), box.y(ys[run]), strict=True):
            svg.add(f'<circle cx="{_f(a)}" cy="{_f(b)}" r="2.3" fill="{colour}"/>')


def _band(
    svg: _Svg, box: _Box, xs: FloatArray, lo: FloatArray, hi: FloatArray, colour: str, alpha: float
) -> None:
    for run in _segments(xs, lo, hi):
        upper = _points(box, xs[run], hi[run])
        lower = _points(box, xs[run][::-1], lo[run][::-1])
        svg.add(f'<polygon points="{upper} {lower}" fill="{colour}" fill-opacity="{alpha:g}" stroke="none"/>')


def _ranges(values: Sequence[FloatArray], include_zero: bool) -> tuple[float, float]:
    finite = [v[np.isfinite(v)] for v in values]
    finite = [v for v in finite if v.size]
    if not finite:
        return (0.0, 1.0)
    lo = float(min(v.min() for v in finite))
    hi = float(max(v.max() for v in finite))
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    # a little headroom, so a line at the extreme of the data does not run along the frame
    pad = (hi - lo) * 0.03
    return lo - (pad if lo < 0 else 0.0), hi + (pad if hi > 0 else 0.0)


def _axes(
    svg: _Svg,
    box_area: tuple[float, float, float, float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    *,
    date_axis: bool,
    integer_x: bool,
    y_label: str,
    x_label: str | None = None,
    x_ticks: int = 6,
    y_ticks: int = 5,
    size: float = 11,
    zero_line: bool = True,
    x_tick_labels: Mapping[float, str] | None = None,
) -> _Box:
    """Draw grid, ticks and labels for a plot area; return the data → SVG mapping."""
    left, top, width, height = box_area
    y_values = nice_ticks(*y_range, target=y_ticks)
    x_values = nice_ticks(*x_range, target=x_ticks, integer=date_axis or integer_x)
    if date_axis or integer_x:
        # the data's own range (ticks outside it are not drawn); bars get half a slot either side
        pad = 0.5 if x_tick_labels is not None else 0.0
        x_lo, x_hi = x_range[0] - pad, x_range[1] + pad
    else:
        x_lo, x_hi = x_values[0], x_values[-1]
    box = _Box(left, top, width, height, x_lo, x_hi, y_values[0], y_values[-1])
    y_step = y_values[1] - y_values[0] if len(y_values) > 1 else 1.0
    for value in y_values:
        y = float(box.y(value))
        svg.add(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + width)}" y2="{_f(y)}" stroke="#e3e6ea"/>')
        svg.text(
            left - 6, y + size * 0.35, _tick_text(value, y_step), size=size - 1, anchor="end", fill="#555"
        )
    if zero_line and y_values[0] < 0 < y_values[-1]:
        y0 = float(box.y(0.0))
        svg.add(f'<line x1="{_f(left)}" y1="{_f(y0)}" x2="{_f(left + width)}" y2="{_f(y0)}" stroke="#222"/>')
    labels = x_tick_labels or {}
    x_step = x_values[1] - x_values[0] if len(x_values) > 1 else 1.0
    for value in x_values:
        if not (x_lo - 1e-9 <= value <= x_hi + 1e-9):
            continue
        x = float(box.x(value))
        svg.add(
            f'<line x1="{_f(x)}" y1="{_f(top + height)}" x2="{_f(x)}" '
            f'y2="{_f(top + height + 4)}" stroke="#888"/>'
        )
        text = labels.get(value) if labels else None
        if text is None:
            # years, fiscal years and quarters read without thousands separators
            text = str(round(value)) if date_axis or integer_x else _tick_text(value, x_step)
        svg.text(x, top + height + 5 + size, text, size=size - 1, anchor="middle", fill="#555")
    bottom = top + height
    svg.add(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(left + width)}" y2="{_f(bottom)}" stroke="#888"/>'
    )
    svg.add(f'<line x1="{_f(left)}" y1="{_f(top)}" x2="{_f(left)}" y2="{_f(bottom)}" stroke="#888"/>')
    svg.text(left - 44, top + height / 2, y_label, size=size - 1, anchor="middle", fill="#555", rotate=True)
    if x_label:
        svg.text(
            left + width / 2, bottom + 2 * size + 8, x_label, size=size - 1, anchor="middle", fill="#555"
        )
    return box


@dataclass(frozen=True)
class _Key:
    label: str
    colour: str
    kind: str  # "line", "band", "bar", "dot"


def _legend(svg: _Svg, keys: Sequence[_Key], top: float, left: float = 58.0) -> float:
    """Lay legend keys out in rows from ``top``; return the y below the last row."""
    x, y = left, top
    row_h = 16.0
    for key in keys:
        width = 22 + len(key.label) * _CHAR_W + 14
        if x + width > WIDTH - 10 and x > left:
            x, y = left, y + row_h
        if key.kind == "band":
            svg.add(
                f'<rect x="{_f(x)}" y="{_f(y - 6)}" width="18" height="9" fill="{key.colour}" '
                'fill-opacity="0.25"/>'
            )
        elif key.kind == "bar":
            svg.add(f'<rect x="{_f(x + 4)}" y="{_f(y - 6)}" width="10" height="9" fill="{key.colour}"/>')
        else:
            svg.add(
                f'<line x1="{_f(x)}" y1="{_f(y - 1.5)}" x2="{_f(x + 18)}" y2="{_f(y - 1.5)}" '
                f'stroke="{key.colour}" stroke-width="2"/>'
            )
            if key.kind == "dot":
                svg.add(f'<circle cx="{_f(x + 9)}" cy="{_f(y - 1.5)}" r="2.3" fill="{key.colour}"/>')
        svg.text(x + 22, y + 2.5, key.label, size=10.5)
        x += width
    return y + row_h


def _fit(text: str, width: float, size: float = 11) -> str:
    """``text`` cut to about ``width`` units (with an ellipsis): panel titles must not run into each other."""
    limit = int(width / (_CHAR_W * size / 11))
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def _names(frame: pd.DataFrame, column: str, order: Sequence[str] | None) -> list[str]:
    return list(order) if order is not None else sorted(frame[column].astype(str).unique())


_PLOT_LEFT = 66.0
_PLOT_RIGHT = 14.0


def _single(
    title: str,
    keys: Sequence[_Key],
    plot_height: float = 220.0,
    x_label: str | None = None,
) -> tuple[_Svg, tuple[float, float, float, float]]:
    """A one-panel chart: title, legend rows, then the plot area (returned as left, top, width, height)."""
    probe = _Svg(0, title)
    below_legend = _legend(probe, keys, top=40.0, left=_PLOT_LEFT) if keys else 30.0
    top = below_legend + 6
    bottom_margin = 44.0 if x_label else 28.0
    svg = _Svg(top + plot_height + bottom_margin, title)
    svg.text(8, 18, title, size=13, weight="600", fill="#111")
    if keys:
        _legend(svg, keys, top=40.0, left=_PLOT_LEFT)
    return svg, (_PLOT_LEFT, top, WIDTH - _PLOT_LEFT - _PLOT_RIGHT, plot_height)


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
        Column names; ``x`` may be dates (drawn in years) or numbers.
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
    names = [n for n in _names(frame, series, order) if (frame[series] == n).any()]
    xs_all, date_axis = _as_x(frame[x])
    ys_all = frame[y].to_numpy(dtype=float)
    keys = [_Key((labels or {}).get(n, n), c, "line") for c, n in zip(PALETTE * 3, names, strict=False)]
    svg, area = _single(title, keys)
    box = _axes(
        svg,
        area,
        _ranges([xs_all], False),
        _ranges([ys_all], zero_line),
        date_axis=date_axis,
        integer_x=False,
        y_label=y_label,
        zero_line=zero_line,
    )
    series_values = frame[series].to_numpy()
    for key, name in zip(keys, names, strict=False):
        mask = series_values == name
        order_idx = np.argsort(xs_all[mask], kind="stable")
        _line(svg, box, xs_all[mask][order_idx], ys_all[mask][order_idx], key.colour, width=1.4)
    return svg.done()


def fan_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    low: str,
    mid: str,
    high: str,
    title: str,
    y_label: str,
    band_label: str = "p5–p95 of the draws",
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
        One ``<svg>`` element; the y range always includes zero.
    """
    data = frame.sort_values(x)
    xs, date_axis = _as_x(data[x])
    lo, md, hi = (data[c].to_numpy(dtype=float) for c in (low, mid, high))
    colour = PALETTE[0]
    svg, area = _single(
        title, [_Key(mid_label, colour, "line"), _Key(band_label, colour, "band")], x_label=x_label
    )
    integer_x = not date_axis and bool(np.all(np.mod(xs[np.isfinite(xs)], 1) == 0))
    box = _axes(
        svg,
        area,
        _ranges([xs], False),
        _ranges([lo, md, hi], True),
        date_axis=date_axis,
        integer_x=integer_x,
        y_label=y_label,
        x_label=x_label,
    )
    _band(svg, box, xs, lo, hi, colour, 0.22)
    _line(svg, box, xs, md, colour, width=1.8)
    return svg.done()


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
        Titles per panel key (default: the key); cut with an ellipsis to fit.
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
    nrows = -(-len(names) // ncols)
    colour = PALETTE[0]
    probe = _Svg(0, title)
    top0 = (
        _legend(probe, [_Key("point projection", colour, "line"), _Key("p5–p95", colour, "band")], 40.0) + 4
    )
    panel_h, gap_y, gap_x = 120.0, 58.0, 62.0
    height = top0 + nrows * (panel_h + gap_y)
    svg = _Svg(height, title)
    svg.text(8, 18, title, size=13, weight="600", fill="#111")
    _legend(svg, [_Key("point projection", colour, "line"), _Key("p5–p95", colour, "band")], 40.0)
    xs_all, date_axis = _as_x(frame[x])
    x_range = _ranges([xs_all], False)
    integer_x = not date_axis and bool(np.all(np.mod(xs_all[np.isfinite(xs_all)], 1) == 0))
    panel_values = frame[panel].to_numpy()
    width = (WIDTH - _PLOT_LEFT - _PLOT_RIGHT - (ncols - 1) * gap_x) / ncols
    for i, name in enumerate(names):
        row, col = divmod(i, ncols)
        left = _PLOT_LEFT + col * (width + gap_x)
        top = top0 + 18 + row * (panel_h + gap_y)
        mask = panel_values == name
        sort = np.argsort(xs_all[mask], kind="stable")
        xs = xs_all[mask][sort]
        lo, md, hi = (frame[c].to_numpy(dtype=float)[mask][sort] for c in (low, mid, high))
        label = _fit((panel_titles or {}).get(name, name), width + 40, size=10.5)
        svg.text(left - 40, top - 8, label, size=10.5, weight="600", fill="#222")
        box = _axes(
            svg,
            (left, top, width, panel_h),
            x_range,
            _ranges([lo, md, hi], True),
            date_axis=date_axis,
            integer_x=integer_x,
            y_label=y_label,
            x_ticks=4,
            y_ticks=4,
            size=10,
        )
        _band(svg, box, xs, lo, hi, colour, 0.22)
        _line(svg, box, xs, md, colour, width=1.5)
    return svg.done()


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
        One ``<svg>`` element; the y range always includes zero.
    """
    names = [n for n in _names(frame, group, order) if (frame[group] == n).any()]
    xs_all, date_axis = _as_x(frame[x])
    mids = frame[mid].to_numpy(dtype=float)
    lows = frame[low].to_numpy(dtype=float) if low is not None else None
    highs = frame[high].to_numpy(dtype=float) if high is not None else None
    keys = [_Key((labels or {}).get(n, n), c, "dot") for c, n in zip(PALETTE * 3, names, strict=False)]
    svg, area = _single(title, keys, x_label=x_label)
    y_values = [mids] + [v for v in (lows, highs) if v is not None]
    integer_x = not date_axis and bool(np.all(np.mod(xs_all[np.isfinite(xs_all)], 1) == 0))
    box = _axes(
        svg,
        area,
        _ranges([xs_all], False),
        _ranges(y_values, True),
        date_axis=date_axis,
        integer_x=integer_x,
        y_label=y_label,
        x_label=x_label,
    )
    group_values = frame[group].to_numpy()
    for key, name in zip(keys, names, strict=False):
        mask = group_values == name
        sort = np.argsort(xs_all[mask], kind="stable")
        xs = xs_all[mask][sort]
        if lows is not None and highs is not None:
            _band(svg, box, xs, lows[mask][sort], highs[mask][sort], key.colour, 0.12)
        _line(svg, box, xs, mids[mask][sort], key.colour, width=1.5)
        _markers(svg, box, xs, mids[mask][sort], key.colour)
    return svg.done()


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
    categories = [str(v) for v in data[x]]
    positions = np.arange(len(data), dtype=float)
    values = [data[column].to_numpy(dtype=float) for column, _ in parts]
    up = np.sum([np.clip(v, 0, None) for v in values], axis=0) if values else np.zeros(len(data))
    down = np.sum([np.clip(v, None, 0) for v in values], axis=0) if values else np.zeros(len(data))
    keys = [_Key(label, c, "bar") for c, (_, label) in zip(PALETTE, parts, strict=False)]
    totals = data[total[0]].to_numpy(dtype=float) if total is not None else None
    if total is not None:
        keys.append(_Key(total[1], "#111", "dot"))
    svg, area = _single(title, keys)
    extra = [totals] if totals is not None else []
    box = _axes(
        svg,
        area,
        (0.0, float(len(data) - 1)),
        _ranges([up, down, *extra], True),
        date_axis=False,
        integer_x=True,
        y_label=y_label,
        x_ticks=len(data),
        x_tick_labels={float(i): c for i, c in enumerate(categories)},
    )
    slot = box.width / max(len(data), 1)
    bar_w = slot * 0.7
    base_up = np.zeros(len(data))
    base_down = np.zeros(len(data))
    for key, v in zip(keys, values, strict=False):
        for i, value in enumerate(v):
            if not math.isfinite(value) or value == 0:
                continue
            start = base_up[i] if value > 0 else base_down[i]
            y_a, y_b = float(box.y(start)), float(box.y(start + value))
            x0 = float(box.x(positions[i])) - bar_w / 2
            svg.add(
                f'<rect x="{_f(x0)}" y="{_f(min(y_a, y_b))}" width="{_f(bar_w)}" '
                f'height="{_f(abs(y_b - y_a))}" fill="{key.colour}"/>'
            )
            if value > 0:
                base_up[i] += value
            else:
                base_down[i] += value
    if totals is not None:
        _line(svg, box, positions, totals, "#111", width=1.2)
        _markers(svg, box, positions, totals, "#111")
    return svg.done()
