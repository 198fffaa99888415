"""The report: files written, exports equal to the warehouse, the same numbers in Markdown, a clear error
without a projection, deterministic output — and the HTML opened in a real headless Chromium with the
network blocked, its table figures compared with SQL on the same warehouse.

Expected numbers are always read from the warehouse with independent SQL here, never from the report's own
frames, so a report that shows a wrong or stale figure fails.
"""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from selloff.delivery.report import assemble
from selloff.delivery.report.assemble import NoProjectionError, ReportSummary, build_report
from selloff.delivery.report.formatting import format_value

JAPAN = "japan-full-dump"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Built:
    warehouse: Path
    out: Path
    summary: ReportSummary


@pytest.fixture(scope="module")
def built(projected_warehouse_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The report of the projected snapshot warehouse (opened read-only: the master is not modified)."""
    out = tmp_path_factory.mktemp("report")
    with duckdb.connect(str(projected_warehouse_master), read_only=True) as con:
        summary = build_report(con, out, report_run_id="report-test")
    return Built(projected_warehouse_master, out, summary)


def query(warehouse: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def scalar(warehouse: Path, sql: str, params: list[object] | None = None) -> float:
    (row,) = query(warehouse, sql, params)
    return float(row[0])  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# files, exports, Markdown
# --------------------------------------------------------------------------------------------------


def test_report_writes_html_markdown_charts_and_every_table_in_both_formats(built: Built) -> None:
    summary = built.summary
    assert summary.html_path == built.out / "report.html" and summary.html_path.stat().st_size > 0
    assert summary.markdown_path == built.out / "report.md" and summary.markdown_path.stat().st_size > 0
    names = {p.stem for p in summary.table_paths}
    expected = {spec.name for spec in assemble.SQL_TABLES} | {
        "d_sensitivity",
        "scenario_settings",
        "price_yield",
        "maturity_profile",
        "debt_facts",
    }
    expected |= {f"report_{view}" for view in assemble.REPORT_VIEWS}
    assert names == expected | {"README"}
    manifest = (built.out / "tables" / "README.md").read_text(encoding="utf-8")
    for name in expected:
        for suffix in ("csv", "parquet"):
            assert (built.out / "tables" / f"{name}.{suffix}").is_file(), f"{name}.{suffix}"
        # one line per table in the manifest, saying what it holds
        (line,) = [row for row in manifest.splitlines() if row.startswith(f"| `{name}.csv`")]
        assert len(line.split("|")[2].strip()) > 10, name
        # a spreadsheet reads the CSV as UTF-8: it starts with the byte-order mark, then the header
        head = (built.out / "tables" / f"{name}.csv").read_bytes()[:4]
        assert head[:3] == assemble.UTF8_BOM and head[3:] != b"\xef", name
    assert len(summary.chart_paths) >= 10
    for path in summary.chart_paths:
        text = path.read_text(encoding="utf-8")
        # namespace names (xmlns="http://…") are identifiers, not fetched; any other URL would be
        assert "<svg" in text and "</svg>" in text and "http" not in re.sub(r'xmlns(:\w+)?="[^"]*"', "", text)
    html = summary.html_path.read_text(encoding="utf-8")
    # self-contained: nothing loaded from anywhere (the CSP forbids it; the browser test checks it works)
    for marker in ("<script", '<link rel="stylesheet"', "@import", 'src="http', 'href="http', "url(http"):
        assert marker not in html


def test_summary_carries_lineage_and_headlines_from_the_warehouse(built: Built) -> None:
    (lineage,) = query(
        built.warehouse,
        "select projection_run_id, calibration_run_id, refresh_run_id, data_vintage, package_version, "
        "calibration_method from report.lineage",
    )
    summary = built.summary
    assert (
        summary.projection_run_id,
        summary.calibration_run_id,
        summary.refresh_run_id,
        summary.data_vintage,
        summary.package_version,
        summary.calibration_method,
    ) == lineage
    assert summary.headline_scenario == JAPAN
    assert summary.scenarios[0].scenario == JAPAN
    long_run = scalar(
        built.warehouse,
        "select estimate from report.parameters where tenor = '10y' and term = 'long_run' "
        "and units = 'bp per $100bn' and method = ?",
        [lineage[5]],
    )
    assert summary.ten_year_long_run_bp_per_100bn == long_run
    extra, p5, p95 = query(
        built.warehouse,
        "select ten_year_extra_interest_usd_bn, ten_year_extra_interest_usd_bn_p5, "
        "ten_year_extra_interest_usd_bn_p95 from report.scenarios where scenario = ?",
        [JAPAN],
    )[0]
    japan = summary.scenarios[0]
    assert (japan.ten_year_extra_interest_usd_bn, japan.ten_year_extra_interest_usd_bn_p5) == (extra, p5)
    assert japan.ten_year_extra_interest_usd_bn_p95 == p95


@pytest.mark.parametrize("view", assemble.REPORT_VIEWS)
def test_exported_views_equal_the_warehouse(built: Built, view: str, tmp_path: Path) -> None:
    parquet = built.out / "tables" / f"report_{view}.parquet"
    csv = built.out / "tables" / f"report_{view}.csv"
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        # rows and types: the Parquet file, compared both ways (EXCEPT ALL keeps duplicates)
        missing = con.execute(
            f"select count(*) from (select * from report.{view} except all select * from read_parquet(?))",
            [str(parquet)],
        ).fetchone()
        extra = con.execute(
            f"select count(*) from (select * from read_parquet(?) except all select * from report.{view})",
            [str(parquet)],
        ).fetchone()
        count = con.execute(f"select count(*) from report.{view}").fetchone()
        described = con.execute(f"describe select * from report.{view}").fetchall()
        exported = con.execute("describe select * from read_parquet(?)", [str(parquet)]).fetchall()
        # the CSV: byte for byte what DuckDB writes for the view itself, after a UTF-8 byte-order mark
        fresh = tmp_path / "fresh.csv"
        con.execute(f"copy (select * from report.{view}) to '{fresh}' ({assemble.CSV_OPTIONS})")
        in_csv = con.execute("select count(*) from read_csv(?, header = true)", [str(csv)]).fetchone()
    assert count is not None and count[0] > 0, f"report.{view} is empty in the test warehouse"
    assert missing == (0,) and extra == (0,)
    assert [(c[0], c[1]) for c in exported] == [(c[0], c[1]) for c in described]
    assert csv.read_bytes() == assemble.UTF8_BOM + fresh.read_bytes()
    assert in_csv == count
    # dates and timestamps as a spreadsheet reads them: 2026-07-01, 2026-12-07 19:37:26 (UTC, no offset)
    with csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv_module.DictReader(handle))
    for name, kind, *_ in described:
        pattern = {
            "DATE": r"\d{4}-\d{2}-\d{2}",
            "TIMESTAMP WITH TIME ZONE": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
        }
        if kind in pattern:
            values = [row[name] for row in rows if row[name]]
            assert all(re.fullmatch(pattern[kind], v) for v in values), (view, name, values[:2])


def test_report_tables_equal_the_views_they_come_from(built: Built) -> None:
    tables = built.out / "tables"
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        fiscal_diff = con.execute(
            """
            select count(*) from (
                select scenario, fy, cumulative_delta_usd_bn, cumulative_delta_usd_bn_p5,
                       cumulative_delta_usd_bn_p95, rollover_usd_bn
                from report.fiscal_annual
                except all
                select scenario, fy, cumulative_delta_usd_bn, cumulative_delta_usd_bn_p5,
                       cumulative_delta_usd_bn_p95, rollover_usd_bn
                from read_parquet(?)
            )
            """,
            [str(tables / "fiscal_annual.parquet")],
        ).fetchone()
        rows = con.execute(
            "select count(*) from read_csv(?, header = true)", [str(tables / "fiscal_annual.csv")]
        ).fetchone()
        n_fiscal = con.execute("select count(*) from report.fiscal_annual").fetchone()
        check = con.execute(
            "select fy, model_net_interest_usd_bn, within_tolerance from read_csv(?, header = true) "
            "where binding order by fy",
            [str(tables / "baseline_check.csv")],
        ).fetchall()
        expected_check = con.execute(
            "select fy, model_net_interest_usd_bn, within_tolerance from report.baseline_check "
            "where binding order by fy"
        ).fetchall()
        blend = con.execute(
            "select blend_bp_per_100bn from read_parquet(?) where tenor = '10y' and term = 'long_run'",
            [str(tables / "price_impact.parquet")],
        ).fetchone()
        expected_blend = con.execute(
            "select estimate from report.parameters where tenor = '10y' and term = 'long_run' "
            "and units = 'bp per $100bn' and method = 'blend'"
        ).fetchone()
    assert fiscal_diff == (0,)
    assert rows == n_fiscal
    assert [fy for fy, *_ in check] == [2026]  # cbo-2026-02: CBO's net interest is published for FY2026 only
    assert check == expected_check
    assert blend == expected_blend


def test_price_yield_table_matches_the_seed_and_closed_forms(built: Built) -> None:
    with duckdb.connect() as con:
        rows = con.execute(
            "select maturity_years, yield_pct, yield_rise_bp, price_after_100bp_usd from read_parquet(?) "
            "order by maturity_years",
            [str(built.out / "tables" / "price_yield.parquet")],
        ).fetchall()
    by_years = {int(r[0]): r[1:] for r in rows}
    assert sorted(by_years) == [1, 2, 10, 30]
    # the seed: $100 face, 3% coupon, one year, bought at $90 -> (103 - 90)/90
    assert by_years[1][0] == pytest.approx((103 - 90) / 90 * 100, abs=1e-9)
    assert by_years[1][1] == pytest.approx(((103 - 90) / 90 * 100 - 3) * 100, abs=1e-7)
    # 30 years at 4% with a 3% annual coupon: annuity plus discounted face
    price_30 = 3 / 0.04 * (1 - 1.04**-30) + 100 * 1.04**-30
    assert by_years[30][2] == pytest.approx(price_30, abs=1e-9)
    # a longer bond: the same $10 discount is a smaller yield rise
    assert by_years[1][0] > by_years[2][0] > by_years[10][0] > by_years[30][0] > 3.0


def test_markdown_carries_the_same_key_numbers(built: Built) -> None:
    md = built.summary.markdown_path.read_text(encoding="utf-8")
    cumulative, p5, p95 = query(
        built.warehouse,
        "select cumulative_delta_usd_bn, cumulative_delta_usd_bn_p5, cumulative_delta_usd_bn_p95 "
        "from report.fiscal_annual where scenario = ? and fy = 2036",
        [JAPAN],
    )[0]
    blend = scalar(
        built.warehouse,
        "select estimate from report.parameters where tenor = '10y' and term = 'long_run' "
        "and units = 'bp per $100bn' and method = 'blend'",
    )
    model_2026 = scalar(
        built.warehouse, "select model_net_interest_usd_bn from report.baseline_check where fy = 2026"
    )

    def money(value: object) -> str:  # the report's $bn style, written out independently here
        number = float(value)  # type: ignore[arg-type]
        digits = 0 if abs(number) >= 100 else 1 if abs(number) >= 1 else 2
        return f"{number:,.{digits}f}".replace("-", "\u2212")

    def dollars(value: object) -> str:  # a negative amount reads −$16.6, not $−16.6
        text = money(value)
        return f"**\u2212${text[1:]}**" if text.startswith("\u2212") else f"$**{text}**"

    # the chain states the ten-year total and its band in bold, as the HTML does
    assert f"**{money(cumulative)}**bn of extra net interest" in md
    assert f"(p5–p95: {dollars(p5)}bn to {dollars(p95)}bn)" in md
    # the Japan fiscal table row for FY2036 (the last) and the 10-year long-run blend in the calibration table
    japan_rows = [
        line for line in md.splitlines() if line.startswith("| 2036 |") and money(cumulative) in line
    ]
    assert japan_rows, "no FY2036 row with the Japan cumulative figure"
    assert any(line.startswith("| 10y | long_run |") and f"{blend:.2f}" in line for line in md.splitlines())
    assert f"**{money(model_2026)}**bn against CBO's $**1,039**bn" in md
    # lineage and the honesty notes are in the Markdown too
    assert built.summary.projection_run_id in md and built.summary.calibration_run_id in md
    # the words follow the weights the identified designs carry, impact and long run apart
    weights = dict(
        query(
            built.warehouse,
            "select term, blend_weight * 100 from report.parameters where tenor = '10y' "
            "and units = 'bp per $100bn' and method = 'blend' and term in ('impact', 'long_run')",
        )
    )
    impact_words = "data-driven" if weights["impact"] >= 50.0 else "prior-driven"
    long_run_words = "data-driven" if weights["long_run"] >= 50.0 else "prior-driven"
    assert f"for the impact, which is therefore {impact_words}" in md
    assert f"for the long run, {long_run_words}" in md and "linear extrapolations" in md
    assert "(103 − 90)/90 = **14.44**%" in md


def test_report_is_deterministic(built: Built, tmp_path: Path) -> None:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        con.execute("set TimeZone = 'Asia/Tokyo'")  # the caller's session time zone must not leak in
        again = build_report(con, tmp_path / "again", report_run_id="report-test")
    first = sorted(p.relative_to(built.out) for p in built.summary.paths)
    second = sorted(p.relative_to(tmp_path / "again") for p in again.paths)
    assert first == second
    for relative in first:
        assert (built.out / relative).read_bytes() == (tmp_path / "again" / relative).read_bytes(), relative


def test_no_projection_is_a_clear_error_naming_the_fix(snapshot_warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        with pytest.raises(NoProjectionError, match=r"no projection in the warehouse: run `selloff project`"):
            build_report(con, tmp_path / "out")
    with duckdb.connect() as empty, pytest.raises(ValueError, match=r"run `selloff project`"):
        build_report(empty, tmp_path / "out")
    assert not (tmp_path / "out" / "report.html").exists()


@pytest.mark.parametrize("keep", ["rates-plus-100bp", "japan-mof-intervention"])
def test_report_of_a_single_scenario_projection(projected_warehouse: Path, tmp_path: Path, keep: str) -> None:
    """A projection of one scenario (no seller, or no Japanese full sale) still gives a whole report."""
    with duckdb.connect(str(projected_warehouse)) as con:
        for table in ("scenarios", "yield_paths", "bond_prices", "fiscal_annual", "mitigations"):
            con.execute(f"delete from proj.{table} where scenario <> ?", [keep])
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        summary = build_report(con, tmp_path / "out")
        extra = con.execute(
            "select ten_year_extra_interest_usd_bn from report.scenarios where scenario = ?", [keep]
        ).fetchone()
    assert summary.headline_scenario == keep
    assert [h.scenario for h in summary.scenarios] == [keep]
    assert extra is not None and summary.scenarios[0].ten_year_extra_interest_usd_bn == extra[0]
    html = summary.html_path.read_text(encoding="utf-8")
    assert f'data-figure="headline.{keep}.extra_interest_usd_bn"' in html


def test_report_leaves_the_callers_connection_as_it_was(built: Built, tmp_path: Path) -> None:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        zone = con.execute("select current_setting('TimeZone')").fetchone()
        build_report(con, tmp_path / "out")
        # frames built in Python were registered on the report's own cursor, not here
        with pytest.raises(duckdb.CatalogException):
            con.execute("select * from _report_published_rules")
        assert con.execute("select current_setting('TimeZone')").fetchone() == zone


# --------------------------------------------------------------------------------------------------
# the browser test: the HTML in a real headless Chromium, network blocked
# --------------------------------------------------------------------------------------------------


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)


def chromium_path() -> str:
    """Debian's Chromium, or skip — unless CI=true, where a missing browser is a failure."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    problem = None
    if not Path(path).exists():
        problem = "Chromium is not installed (Debian package `chromium`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}; CI must install it (see .ci/run)")
        pytest.skip(problem)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_offline(browser: object, path: Path) -> tuple[object, PageLog]:
    """Open ``path`` with every non-``file:`` request aborted and recorded, console errors collected."""
    from playwright.sync_api import Browser, Route

    assert isinstance(browser, Browser)
    log = PageLog()
    context = browser.new_context(viewport={"width": 1280, "height": 1600})

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            log.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "console",
        lambda message: log.console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", lambda request: log.requested.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, log


@pytest.mark.slow
def test_offline_guard_catches_network_use_and_console_errors(browser: object, tmp_path: Path) -> None:
    """The checks below can fail: a page that fetches and logs an error is caught by the same guard."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><body><img src="http://example.invalid/x.png">'
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    page, log = open_offline(browser, bad)
    page.context.close()  # type: ignore[attr-defined]
    assert any("example.invalid" in url for url in log.blocked)
    assert any("boom" in text for text in log.console_errors)
    assert any("undefinedFunction" in text for text in log.page_errors)


@pytest.mark.slow
def test_html_renders_offline_and_its_figures_equal_the_warehouse(built: Built, browser: object) -> None:
    page, log = open_offline(browser, built.summary.html_path)
    try:
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.blocked == []
        assert all(url.startswith(("file:", "data:")) for url in log.requested)

        def attribute_and_text(table: str, key: str, column: str) -> tuple[str, str]:
            selector = f'table[data-table="{table}"] tr[data-row-key="{key}"] td[data-column="{column}"]'
            handles = page.query_selector_all(selector)  # type: ignore[attr-defined]
            assert len(handles) == 1, f"{selector}: {len(handles)} cells"
            return str(handles[0].get_attribute("data-value")), str(handles[0].inner_text())

        def cell(table: str, key: str, column: str) -> tuple[float, str]:
            raw, text = attribute_and_text(table, key, column)
            return float(raw), text

        def shown(text: str) -> float:
            return float(text.replace(",", "").replace("\u2212", "-"))

        w = built.warehouse
        # the Japan scenario's cumulative extra interest in FY2035, with its band
        expected = query(
            w,
            "select cumulative_delta_usd_bn, cumulative_delta_usd_bn_p5, cumulative_delta_usd_bn_p95 "
            "from report.fiscal_annual where scenario = ? and fy = 2035",
            [JAPAN],
        )[0]
        for column, value in zip(
            ("cumulative_delta_usd_bn", "cumulative_delta_usd_bn_p5", "cumulative_delta_usd_bn_p95"),
            expected,
            strict=True,
        ):
            raw, text = cell("fiscal_annual", f"{JAPAN}|2035", column)
            assert raw == value
            assert abs(shown(text) - float(value)) <= 0.5 + 1e-9  # shown to the nearest $bn (≥ $100bn)
        # the 10-year long-run price impact of the blend, bp per $100bn
        blend = scalar(
            w,
            "select estimate from report.parameters where tenor = '10y' and term = 'long_run' "
            "and units = 'bp per $100bn' and method = 'blend'",
        )
        raw, text = cell("price_impact", "10y|long_run", "blend_bp_per_100bn")
        assert raw == blend
        assert abs(shown(text) - blend) <= 0.005 + 1e-9
        # the binding FY2026 baseline check against CBO's $1,039bn (February 2026, the default baseline)
        model, _, within = query(
            w,
            "select model_net_interest_usd_bn, cbo_net_interest_usd_bn, within_tolerance "
            "from report.baseline_check where fy = 2026",
        )[0]
        assert cell("baseline_check", "2026", "model_net_interest_usd_bn")[0] == model
        assert cell("baseline_check", "2026", "cbo_net_interest_usd_bn") == (1038.976, "1,039")
        flag = attribute_and_text("baseline_check", "2026", "within_tolerance")
        assert flag == (("true", "yes") if within else ("false", "no"))
        # the headline peak of the 10-year yield with its band
        peak = query(
            w,
            "select peak_10y_bp, peak_10y_bp_p5, peak_10y_bp_p95 from report.scenarios where scenario = ?",
            [JAPAN],
        )[0]
        assert [
            cell("scenarios", JAPAN, c)[0] for c in ("peak_10y_bp", "peak_10y_bp_p5", "peak_10y_bp_p95")
        ] == list(peak)
        # the chain's figures carry the same values
        figure = page.query_selector(f'[data-figure="headline.{JAPAN}.extra_interest_usd_bn"]')  # type: ignore[attr-defined]
        ten_year = scalar(
            w, "select sum(delta_interest_usd_bn) from report.fiscal_annual where scenario = ?", [JAPAN]
        )
        assert figure is not None and math.isclose(
            float(figure.get_attribute("data-value")), ten_year, rel_tol=1e-12
        )
        lineage = page.query_selector('[data-figure="lineage.projection_run_id"]')  # type: ignore[attr-defined]
        assert lineage is not None and lineage.inner_text() == built.summary.projection_run_id
        # every chart is drawn with a real size
        boxes = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "figure.chart svg",
            "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
        )
        assert len(boxes) >= 10 and all(w_ > 300 and h_ > 150 for w_, h_ in boxes)
    finally:
        page.context.close()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# the report as a policy brief: print, phone, accessibility, plain words
# --------------------------------------------------------------------------------------------------

PRINT_CONTENT_WIDTH_PX = 960
"""Letter landscape (11 in at 96 px) less the stylesheet's 12 mm margins: the width a printed page offers."""

CONTRAST_JS = """
els => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return els.map(e => {
    const a = lum(rgb(getComputedStyle(e).color).slice(0, 3)), b = lum(background(e));
    return [e.tagName + '.' + e.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}
"""


def pdftotext_path() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is not installed; CI must install it (see .ci/run)")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return path


@pytest.mark.slow
def test_the_report_prints_every_section_and_every_column_of_the_scenario_table(
    built: Built, browser: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    tool = pdftotext_path()
    context = browser.new_context(viewport={"width": PRINT_CONTENT_WIDTH_PX, "height": 1200})
    page = context.new_page()
    try:
        page.goto(built.summary.html_path.as_uri(), wait_until="load")
        # what must be on paper, read from the page as a reader on screen sees it
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.innerText)")
        summaries = page.eval_on_selector_all("details > summary", "els => els.map(e => e.innerText)")
        headers = page.eval_on_selector_all(
            'table[data-table="scenarios"] th', "els => els.map(e => e.innerText)"
        )
        japan = page.eval_on_selector_all(
            f'table[data-table="scenarios"] tr[data-row-key="{JAPAN}"] td', "els => els.map(e => e.innerText)"
        )
        # every collapsed section's first table row as one run of text (cells in order), e.g. each scenario's
        # yields, prices and interest tables: on paper the section must be open to carry it
        collapsed = page.eval_on_selector_all(
            "details",
            """els => els.map(d => {
                const row = d.querySelector('tbody tr');
                return row ? [...row.querySelectorAll('td')].map(c => c.textContent).join('') : d.textContent;
            })""",
        )
        assert len(summaries) >= 7 * 3 and len(collapsed) == len(summaries) and len(japan) >= 20
        page.emulate_media(media="print")
        # on paper no table or chart is wider than the page
        too_wide = page.eval_on_selector_all(
            "table, figure.chart svg",
            f"els => els.filter(e => e.getBoundingClientRect().right > {PRINT_CONTENT_WIDTH_PX} + 1)"
            ".map(e => e.closest('[data-table]') ? e.closest('[data-table]').dataset.table : e.tagName)",
        )
        assert too_wide == []
        pdf = tmp_path / "report.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        context.close()
    # -raw keeps the content stream's order: a wrapped cell's lines stay together
    text = subprocess.run([tool, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)

    def printed(label: str) -> bool:
        return re.sub(r"\s+", "", label) in flat

    missing = [t for t in [*headings, *summaries, *headers, *japan] if t.strip() and not printed(t)]
    assert missing == []
    # every collapsed section printed open (this fails when the print stylesheet leaves <details> closed)
    assert [row[:60] for row in collapsed if not printed(row)] == []


@pytest.mark.slow
def test_the_report_fits_a_phone_with_legible_charts(built: Built, browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(built.summary.html_path.as_uri(), wait_until="load")
        # no horizontal scroll of the page
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1] == 390
        # charts: each may scroll inside its own box, and its text is drawn at 9 px or more
        sizes = page.eval_on_selector_all(
            "figure.chart svg",
            """els => els.map(svg => {
                const box = svg.viewBox.baseVal;
                const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
                const t = svg.querySelector('text');
                return t ? parseFloat(getComputedStyle(t).fontSize) * scale : 99;
            })""",
        )
        assert len(sizes) >= 10 and min(sizes) >= 9.0, sizes
        # a table row reads as a card: each cell carries its column's name
        labels = page.eval_on_selector_all(
            f'table[data-table="scenarios"] tr[data-row-key="{JAPAN}"] td',
            "els => els.map(e => getComputedStyle(e, '::before').content)",
        )
        assert all(label not in ("none", '""') for label in labels)
    finally:
        context.close()


@pytest.mark.slow
def test_the_report_is_accessible(built: Built, browser: object) -> None:
    page, _ = open_offline(browser, built.summary.html_path)
    try:
        # every header cell says what it heads; every table has a caption
        scopes = page.eval_on_selector_all("th", "els => els.map(e => e.getAttribute('scope'))")  # type: ignore[attr-defined]
        assert scopes and set(scopes) <= {"col", "colgroup", "row"}
        tables = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "table", "els => els.map(e => e.caption ? e.caption.textContent.trim() : '')"
        )
        assert tables and all(tables)
        # every chart has a text alternative that names it
        charts = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "figure.chart",
            "els => els.map(e => e.querySelector('[role=img]')?.getAttribute('aria-label') || '')",
        )
        assert len(charts) >= 10 and all(len(alt) > 40 for alt in charts)
        # text contrast of the band columns, the notes and the muted captions: 4.5:1 or more (WCAG AA)
        ratios = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "td.band, th.band, p.tnote, figure.chart figcaption, p.note, p.warning, .subtitle", CONTRAST_JS
        )
        assert len(ratios) > 50
        low = [(what, round(r, 2)) for what, r in ratios if r < 4.5]
        assert low == []
    finally:
        page.context.close()  # type: ignore[attr-defined]


def test_the_report_reads_for_a_reader(built: Built) -> None:
    html = built.summary.html_path.read_text(encoding="utf-8")
    (subtitle,) = re.findall(r'<p class="subtitle">(.*?)</p>', html, flags=re.DOTALL)
    # the plain subtitle: the data's end, the window, the baseline by its title, the calibration; no run ids
    start, end, quarter = query(
        built.warehouse,
        "select min(start_month), max(end_month), any_value(reference_gdp_quarter) from report.scenarios",
    )[0]
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    data_end = start - dt.timedelta(days=1)
    assert f"Data to {data_end:%B %Y}; projection {start:%B %Y} – {end:%B %Y}." in subtitle
    assert "The Budget and Economic Outlook: 2026 to 2036" in subtitle and str(quarter) in subtitle
    assert built.summary.projection_run_id not in subtitle and "project-" not in subtitle
    # run ids appear in the lineage footer only
    body = html.split('<footer id="lineage">')[0]
    assert built.summary.projection_run_id not in body and built.summary.calibration_run_id not in body
    # no reference to files that are not shipped with the report
    for unshipped in ("anchors-calibration", "shared/research", "PROVENANCE.md", ".toml", "golden.json"):
        assert unshipped not in body, unshipped
    # each input's own "data to" date, and a freshness warning for the stale ones (GS30 stops in October 2025)
    stale = query(built.warehouse, "select description from report.inputs where stale order by input")
    assert stale, "the snapshot has stale inputs"
    (inputs_section,) = re.findall(r'<section id="inputs">(.*?)</section>', html, flags=re.DOTALL)
    (warning,) = re.findall(r'<p class="warning">(.*?)</p>', inputs_section, flags=re.DOTALL)
    for (description,) in stale:
        assert str(description) in warning
    assert inputs_section.count('data-column="data_to"') == scalar(
        built.warehouse, "select count(*) from report.inputs"
    )


# --------------------------------------------------------------------------------------------------
# the calibration appendix: each design, the prior and the combination (issue 10 §3)
# --------------------------------------------------------------------------------------------------


def test_calibration_designs_view_has_one_row_per_tenor_and_design_of_the_latest_projection(
    built: Built,
) -> None:
    (calibration,) = query(
        built.warehouse,
        "select calibration_run_id from report.projection_runs where reportable "
        "order by finished_at desc limit 1",
    )[0]
    rows = query(built.warehouse, "select run_id, tenor, design from report.calibration_designs")
    assert {r[0] for r in rows} == {calibration}
    keys = [(t, d) for _, t, d in rows]
    assert len(keys) == len(set(keys))
    designs = query(
        built.warehouse, "select distinct tenor, design from calib.designs where run_id = ?", [calibration]
    )
    tenors = query(
        built.warehouse, "select distinct tenor from calib.combination where run_id = ?", [calibration]
    )
    expected = set(designs) | {(t, kind) for (t,) in tenors for kind in ("prior", "combination")}
    assert set(keys) == expected
    assert {"A", "B", "C", "D"} <= {d for t, d in keys if t == "10y"}

    # numbers: the main rows and the combination as stored; the prior converted by hand (normal 90%)
    def view(design: str, column: str) -> float:
        return scalar(
            built.warehouse,
            f"select {column} from report.calibration_designs where tenor = '10y' and design = ?",
            [design],
        )

    a = query(
        built.warehouse,
        "select estimate_bp_per_100bn, ci_low_bp_per_100bn, n from calib.designs "
        "where run_id = ? and design = 'A' and variant = 'main' and tenor = '10y' and term = 'impact'",
        [calibration],
    )[0]
    assert (view("A", "impact_bp_per_100bn"), view("A", "impact_ci_low_bp_per_100bn")) == a[:2]
    assert view("A", "impact_n") == a[2]
    mean, sd, gdp, combined, data_share, weights = query(
        built.warehouse,
        "select prior_mean_bp_per_pct_gdp, prior_sd_bp_per_pct_gdp, reference_gdp_usd_bn, "
        "estimate_bp_per_100bn, data_share, weights from calib.combination "
        "where run_id = ? and tenor = '10y' and term = 'impact'",
        [calibration],
    )[0]
    assert isinstance(mean, float) and isinstance(sd, float) and isinstance(gdp, float)
    z90 = 1.6448536269514722  # the 95th percentile of the standard normal
    assert view("prior", "impact_bp_per_100bn") == pytest.approx(mean * 10_000 / gdp, rel=1e-12)
    assert view("prior", "impact_ci_high_bp_per_100bn") == pytest.approx((mean + z90 * sd) * 10_000 / gdp)
    assert view("combination", "impact_bp_per_100bn") == combined
    # the weights shown are the ones used, and the label follows them
    shares = json.loads(str(weights))
    assert view("prior", "impact_weight") == pytest.approx(shares["prior"])
    assert view("D", "impact_weight") == 0.0
    (label,) = query(
        built.warehouse,
        "select impact_label from report.calibration_designs where tenor = '10y' and design = 'combination'",
    )[0]
    assert label == ("data-driven" if 1 - shares["prior"] > 0.5 else "prior-driven")
    assert data_share == pytest.approx(1 - shares["prior"])
    # the Japan headline with each source alone, through the engine (calib.design_headlines), on the
    # 10-year rows: the prior's is the projection's prior-only headline, the combination's its point peak
    japan = query(
        built.warehouse,
        "select prior_only_peak_10y_bp, peak_10y_bp from report.scenarios where scenario = 'japan-full-dump'",
    )[0]
    assert view("prior", "japan_alone_peak_10y_bp") == pytest.approx(japan[0], rel=0, abs=1e-9)
    assert view("combination", "japan_alone_peak_10y_bp") == pytest.approx(japan[1], rel=0, abs=1e-9)
    terms = dict(
        query(
            built.warehouse,
            "select design, japan_alone_terms from report.calibration_designs where tenor = '10y'",
        )
    )
    assert terms == {
        "A": "impact", "B": "impact", "C": "persistent", "D": "impact and persistent",
        "prior": "impact and persistent", "combination": "impact and persistent",
    }  # fmt: skip
    assert (
        scalar(
            built.warehouse,
            "select count(*) from report.calibration_designs "
            "where tenor <> '10y' and japan_alone_peak_10y_bp is not null",
        )
        == 0
    )


def test_calibration_appendix_shows_the_designs_table_and_the_forest_plot(built: Built) -> None:
    html = built.summary.html_path.read_text(encoding="utf-8")
    (appendix,) = re.findall(r'<section id="calibration">(.*?)</section>', html, flags=re.DOTALL)
    # the table: every row of the view, the combination's label and weights as used
    (table,) = re.findall(r'<table data-table="calibration_designs">(.*?)</table>', appendix, flags=re.DOTALL)
    assert "Identified designs, the prior and the combination" in table
    keys = re.findall(r'<tr data-row-key="(\w+)\|(\w+)">', table)
    assert sorted(keys) == sorted(
        query(built.warehouse, "select tenor, design from report.calibration_designs")
    )
    label, weights = query(
        built.warehouse,
        "select label, weights from calib.combination where tenor = '10y' and term = 'long_run' "
        "and run_id = (select calibration_run_id from report.lineage)",
    )[0]
    (row,) = re.findall(r'<tr data-row-key="10y\|combination">(.*?)</tr>', table, flags=re.DOTALL)
    (use,) = re.findall(r'data-column="persistent_use"[^>]*>(.*?)</td>', row)
    assert use.startswith(f"{label}: ")
    for design, share in json.loads(str(weights)).items():
        if share > 0:
            assert f"{design} {round(share * 100)}%" in use
    # D is shown as excluded, for the stated reason, never as used
    (d_row,) = re.findall(r'<tr data-row-key="10y\|D">(.*?)</tr>', table, flags=re.DOTALL)
    assert "excluded: diagnostic only" in d_row
    # the Japan headline with each design alone (the engine's), on the 10-year rows
    (a_row,) = re.findall(r'<tr data-row-key="10y\|A">(.*?)</tr>', table, flags=re.DOTALL)
    (peak,) = re.findall(r'data-column="japan_alone_peak_10y_bp"[^>]*>(.*?)</td>', a_row)
    a_peak = scalar(
        built.warehouse,
        "select japan_alone_peak_10y_bp from report.calibration_designs where tenor = '10y' and design = 'A'",
    )
    assert peak == format_value(a_peak, "bp")
    assert "Japan headline with this alone" in table
    # the forest plot, with its caption and a text alternative carrying the 10-year numbers
    (figure,) = re.findall(
        r'<figure class="chart" id="chart-designs_forest_10y">(.*?)</figure>', appendix, flags=re.DOTALL
    )
    (alt,) = re.findall(r'role="img" aria-label="([^"]*)"', figure)
    assert "diagnostic, never combined" in alt and "<figcaption" in figure
    combined = scalar(
        built.warehouse,
        "select estimate_bp_per_100bn from calib.combination where tenor = '10y' and term = 'impact' "
        "and run_id = (select calibration_run_id from report.lineage)",
    )
    assert f"combination: impact {format_value(combined, 'num')} bp" in alt.replace("&#39;", "'")
    svg = (built.out / "charts" / "designs_forest_10y.svg").read_text(encoding="utf-8")
    for text in ("Impact", "Persistent effect", "D · custody flows", "combination", "no estimate"):
        assert text in svg, text
