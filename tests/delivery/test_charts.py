"""The report's charts: each chart type returns one valid, inlinable SVG element whose title, legend labels
and tick labels are real text; identical inputs give identical bytes; NaN breaks a line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from selloff.delivery import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The chart as an element tree, after the checks every inlined chart must pass."""
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg  # inlined in HTML: no prolog
    assert "<script" not in svg and "<image" not in svg
    assert not re.search(r'(?:href|src)="(?!#)', svg) and "url(http" not in svg  # nothing fetched
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    """The visible text of the chart, one entry per ``<text>`` element (a wrapped line is one entry)."""
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def months(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)))


FAN = pd.DataFrame(
    {
        "month": months("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"),
        "mid": [5.0, 40.0, 75.0, 60.0],
        "p5": [-8.0, 10.0, 20.0, 15.0],
        "p95": [30.0, 90.0, 150.0, 110.0],
    }
)
FISCAL = pd.DataFrame(
    {
        "scenario": ["big"] * 3 + ["small"] * 3,
        "fy": [2026, 2027, 2028] * 2,
        "cum": [10.0, 300.0, 900.0, 0.1, 2.0, 5.0],
        "cum_p5": [5.0, 150.0, 400.0, -0.2, 0.5, 1.0],
        "cum_p95": [20.0, 600.0, 1900.0, 0.4, 4.0, 11.0],
    }
)
IRF = pd.DataFrame(
    {
        "horizon_q": [0, 1, 2] * 2,
        "tenor": ["2y"] * 3 + ["10y"] * 3,
        "est": [3.0, 5.0, 4.0, 8.0, 12.0, 10.0],
        "lo": [1.0, 2.0, 1.0, -2.0, 3.0, 1.0],
        "hi": [5.0, 8.0, 7.0, 18.0, 21.0, 19.0],
    }
)
BARS = pd.DataFrame(
    {"fy": [2027, 2026], "up": [3.0, 2.0], "down": [0.0, -1.0], "total": [3.0, 1.0]}  # unsorted on purpose
)

FOREST = pd.DataFrame(
    {
        "design": ["combination", "A", "D", "prior", "C"],  # unordered on purpose: ``order`` decides
        "impact": [1.0, 0.8, 0.03, 15.7, np.nan],
        "impact_lo": [-0.4, 0.4, -3.8, 2.8, np.nan],
        "impact_hi": [2.3, 1.2, 3.8, 28.6, np.nan],
        "persistent": [0.8, np.nan, 17.4, 3.8, 0.04],
        "persistent_lo": [-0.6, np.nan, -2.9, 0.7, -1.5],
        "persistent_hi": [2.2, np.nan, 37.7, 6.9, 1.6],
    }
)


def forest() -> str:
    return charts.forest_plot(
        FOREST,
        row="design",
        panels=(
            ("Impact", "impact", "impact_lo", "impact_hi"),
            ("Persistent effect", "persistent", "persistent_lo", "persistent_hi"),
        ),
        title="10-year effect by design (bp)",
        x_label="bp per $100bn",
        order=("A", "B", "C", "D", "prior", "combination"),
        labels={"A": "A · Fed QE/QT", "D": "D · custody flows"},
        prior="prior",
        combined="combination",
        diagnostic=("D",),
    )


# Every chart type, with the title and the legend labels it must show.
CASES: dict[str, tuple[Callable[[], str], str, list[str]]] = {
    "line_chart": (
        lambda: charts.line_chart(
            pd.DataFrame(
                {
                    "date": months("2024-01-31", "2025-01-31", "2024-01-31", "2025-01-31"),
                    "holder": ["Japan", "Japan", "China, Mainland", "China, Mainland"],
                    "usd_bn": [1100.0, 1080.0, 800.0, 760.0],
                }
            ),
            x="date",
            y="usd_bn",
            series="holder",
            title="Holdings ($bn)",
            y_label="$bn",
            order=("Japan", "China, Mainland", "absent"),
            labels={"China, Mainland": "China (mainland)"},
        ),
        "Holdings ($bn)",
        ["Japan", "China (mainland)"],
    ),
    "fan_chart": (
        lambda: charts.fan_chart(
            FAN, x="month", low="p5", mid="mid", high="p95", title="10-year yield (bp)", y_label="bp"
        ),
        "10-year yield (bp)",
        ["point projection", "p5–p95 of the draws"],
    ),
    "fan_grid": (
        lambda: charts.fan_grid(
            FISCAL,
            panel="scenario",
            x="fy",
            low="cum_p5",
            mid="cum",
            high="cum_p95",
            title="Cumulative extra interest ($bn)",
            y_label="$bn",
            order=("big", "small"),
            panel_titles={"big": "A big sale", "small": "A small sale"},
        ),
        "Cumulative extra interest ($bn)",
        ["point projection", "p5–p95", "A big sale", "A small sale"],
    ),
    "bands_chart": (
        lambda: charts.bands_chart(
            IRF,
            x="horizon_q",
            group="tenor",
            mid="est",
            low="lo",
            high="hi",
            title="Impulse responses (bp)",
            y_label="bp",
            x_label="quarters after the sale",
            order=("2y", "10y"),
        ),
        "Impulse responses (bp)",
        ["2y", "10y", "quarters after the sale"],
    ),
    "stacked_bars": (
        lambda: charts.stacked_bars(
            BARS,
            x="fy",
            parts=(("up", "rollover"), ("down", "snowball")),
            total=("total", "total"),
            title="Extra interest by fiscal year ($bn)",
            y_label="$bn",
        ),
        "Extra interest by fiscal year ($bn)",
        ["rollover", "snowball", "total", "2026", "2027"],
    ),
    "forest_plot": (
        forest,
        "10-year effect by design (bp)",
        ["identified design, 90% interval", "diagnostic (not combined)", "literature prior", "combination"],
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_each_chart_is_one_svg_with_its_title_and_legend_as_text(kind: str) -> None:
    make, title, labels = CASES[kind]
    root = parse(make())
    # the title twice: as the accessible name (<title>, first child) and drawn as text
    assert root[0].tag == f"{SVG}title" and root[0].text == title
    shown = texts(root)
    assert title in shown
    for label in labels:
        assert label in shown, f"{label!r} not drawn in {kind}"
    # text stays text (svg.fonttype = "none"): no glyph outlines
    assert not any(e.get("id", "").startswith("DejaVu") for e in root.iter())
    # sized for the report: 7.5in = 540pt = 720 CSS px wide
    assert root.get("width") == "540pt" and root.get("viewBox", "").startswith("0 0 540 ")


@pytest.mark.parametrize("kind", CASES)
def test_identical_inputs_give_identical_bytes(kind: str) -> None:
    make, _, _ = CASES[kind]
    assert make() == make()


def test_charts_inlined_on_one_page_do_not_share_ids() -> None:
    """Clip paths and markers are referenced by id; the hash salt is per title, so two charts on a page
    never define the same id (a shared salt would give both charts' identical plot areas the same one)."""

    def defined(svg: str) -> set[str]:
        return {e.get("id", "") for e in parse(svg).iter() if e.tag in (f"{SVG}clipPath", f"{SVG}path")} - {
            ""
        }

    first = charts.fan_chart(FAN, x="month", low="p5", mid="mid", high="p95", title="one", y_label="bp")
    second = charts.fan_chart(FAN, x="month", low="p5", mid="mid", high="p95", title="two", y_label="bp")
    assert defined(first) and defined(second)
    assert not defined(first) & defined(second)


def test_title_is_escaped_and_long_titles_wrap() -> None:
    title = "Japan <&> China " + "sell everything over twelve months " * 3
    root = parse(charts.fan_chart(FAN, x="month", low="p5", mid="mid", high="p95", title=title, y_label="bp"))
    assert root[0].text == title
    drawn = [
        t for t in texts(root) if t.startswith("Japan") or t.startswith("sell") or t.startswith("months")
    ]
    assert drawn[0].startswith("Japan <&> China") and len(drawn) >= 2  # one line would run off the chart


def test_nan_breaks_a_line() -> None:
    frame = pd.DataFrame(
        {
            "month": months("2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"),
            "series": ["a"] * 5,
            "value": [1.0, 2.0, float("nan"), 4.0, 3.0],
        }
    )
    svg = charts.line_chart(frame, x="month", y="value", series="series", title="T", y_label="bp")
    assert "nan" not in svg.lower()
    colour = charts.PALETTE[0]
    # the data line is the clipped path in the first colour (its legend key is not clipped)
    (line,) = [
        e
        for e in parse(svg).iter(f"{SVG}path")
        if f"stroke: {colour}" in e.get("style", "") and e.get("clip-path")
    ]
    assert line.get("d", "").count("M") == 2  # two runs: before and after the NaN


def test_axes_read_as_the_data() -> None:
    # fiscal years: whole years, no thousands separator, no offset, no decimals
    grid = texts(parse(CASES["fan_grid"][0]()))
    assert "2026" in grid and "2028" in grid
    assert not any(re.fullmatch(r"20\d\d\.\d+|2,0\d\d|\+.*", t) for t in grid)
    # a band below zero puts a negative tick (with a real minus sign) and a zero on the y axis
    fan = texts(parse(CASES["fan_chart"][0]()))
    assert "0" in fan and any(t.startswith("\u2212") for t in fan)
    # a negative part is stacked below zero
    bars = texts(parse(CASES["stacked_bars"][0]()))
    assert any(t.startswith("\u2212") for t in bars)
    # dates: a year appears on a multi-year date axis
    line = texts(parse(CASES["line_chart"][0]()))
    assert "2025" in line


def test_fan_grid_validates_its_layout() -> None:
    def grid(order: tuple[str, ...], ncols: int) -> str:
        return charts.fan_grid(
            FISCAL,
            panel="scenario",
            x="fy",
            low="cum_p5",
            mid="cum",
            high="cum_p95",
            title="t",
            y_label="$bn",
            order=order,
            ncols=ncols,
        )

    with pytest.raises(ValueError, match="at least one panel"):
        grid((), 2)
    with pytest.raises(ValueError, match="ncols"):
        grid(("big",), 0)


def test_fan_grid_draws_one_panel_per_key_with_its_own_y_scale() -> None:
    root = parse(CASES["fan_grid"][0]())
    panels = [g for g in root.iter(f"{SVG}g") if re.fullmatch(r"axes_\d+", g.get("id", ""))]
    assert len(panels) == 2
    # the big scenario's axis reaches past 1000, the small one's stays below 100
    tick_values = []
    for g in panels:
        values = []
        for tick in g.iter(f"{SVG}g"):
            if re.fullmatch(r"ytick_\d+", tick.get("id", "")):
                values += [float(t.replace("\u2212", "-")) for t in texts(tick)]
        tick_values.append(values)
    assert max(tick_values[0]) >= 1000 and max(tick_values[1]) < 100
    assert np.all(np.diff(tick_values[0]) > 0)


def test_forest_plot_draws_each_row_with_its_interval_and_says_where_there_is_none() -> None:
    root = parse(forest())
    shown = texts(root)
    # rows top down in the given order (B is absent from the data: no row); labels on the first panel only
    labels = [t for t in shown if t in ("A · Fed QE/QT", "C", "D · custody flows", "prior", "combination")]
    # (then the legend's "combination")
    assert labels == ["A · Fed QE/QT", "C", "D · custody flows", "prior", "combination", "combination"]
    assert "B" not in shown
    # a missing estimate is said, once per panel where it is missing (C impact; A persistent)
    assert shown.count("no estimate") == 2
    # each panel has its own x scale: the impact panel reaches past the prior's 28.6 bp high end
    ticks = [float(t.replace("\u2212", "-")) for t in shown if re.fullmatch("\u2212?\\d+", t)]
    assert max(ticks) >= 28.6 and min(ticks) <= -3.8
    assert "Impact" in shown and "Persistent effect" in shown and shown.count("bp per $100bn") == 2
    with pytest.raises(ValueError, match="at least one row"):
        charts.forest_plot(FOREST, row="design", panels=(), title="t", x_label="x", order=("A",))
