"""`selloff explore`: the engine against the projection, its HTTP errors, the command's refusals, and the
page in a real headless Chromium (load, move a control, bands, save a scenario that `selloff project`
accepts, reload the URL, CSV, the reverse stress test), offline."""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pandas as pd
import pytest

import selloff
from selloff.delivery.explorer.engine import Explorer
from selloff.projection.scenarios import parse_scenario
from tests.conftest import VENV_BIN, PrefectServer, run_cli
from tests.delivery.report import test_report

BASELINE = "cbo-2025-01"

browser = test_report.browser  # the report tests' real headless Chromium (a module-scoped fixture)


@pytest.fixture(scope="module")
def warehouse(projected_warehouse_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explore") / "selloff.duckdb"
    shutil.copyfile(projected_warehouse_master, path)
    return path


@pytest.fixture(scope="module")
def explorer(warehouse: Path) -> Explorer:
    return Explorer(warehouse, default_baseline=BASELINE)


class Response:
    def __init__(self, status: int, text: str, headers: dict[str, str]) -> None:
        self.status_code, self.text, self.headers = status, text, headers

    def json(self) -> dict[str, object]:
        data: dict[str, object] = json.loads(self.text)
        return data


class Client:
    """Plain HTTP to the running `selloff explore` (no test client: the real server and socket)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=600) as reply:  # a guard, not a speed check
                return Response(
                    reply.status, reply.read().decode(), {k.lower(): v for k, v in reply.headers.items()}
                )
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read().decode(), {k.lower(): v for k, v in exc.headers.items()})


# --------------------------------------------------------------------------------------------------
# the engine is the projection
# --------------------------------------------------------------------------------------------------


def test_point_results_are_the_projections_point_columns(explorer: Explorer, warehouse: Path) -> None:
    c = explorer.controls({"seller": "Japan", "size": "share", "share": "0.5", "pace": "18", "fed": "0.25"})
    point = explorer.point(c)
    scenario = explorer.scenario(c)
    assert scenario.sale is not None and scenario.sale.share_of_holdings == 0.5
    # the API projects the same scenario with 200 draws: point columns do not depend on the draws
    reference = selloff.project(scenario, draws=200, seed=3, warehouse=warehouse)
    fa = reference.fiscal_annual
    # the JSON payload rounds $bn to 6 decimals: an absolute error up to 5e-7
    np.testing.assert_allclose(
        point["fiscal"]["delta_interest_usd_bn"], fa["delta_interest_usd_bn"], rtol=1e-6, atol=1e-6
    )
    assert point["headline"]["peak_10y_bp"] == pytest.approx(reference.headline.peak_10y_bp, rel=1e-12)
    ten = reference.yield_paths[reference.yield_paths["tenor"] == "10y"]["shock_bp"].to_numpy()
    np.testing.assert_allclose(point["shock_bp"]["10y"], ten, rtol=1e-6, atol=1e-6)  # 6 decimals
    # the window runs from the data's end to the end of the baseline's last fiscal year
    assert len(point["months"]) == explorer.horizon_months == len(reference.yield_paths["month"].unique())
    assert point["fiscal"]["fy"] == [int(fy) for fy in fa["fy"]]


def test_the_bond_arithmetic_is_the_seeds(explorer: Explorer) -> None:
    a = explorer.point(explorer.controls({"seller": "Japan"}))["arithmetic"]["one_year"]
    # a one-year annual-coupon bond: P = (100 + c)/(1 + y); bought at P it yields (100 + c - P)/P = y
    assert a["yield_pct"] == pytest.approx(a["yield_check_pct"], abs=1e-9)
    assert (a["cash_flow"] - a["price"]) / a["price"] * 100.0 == pytest.approx(a["yield_pct"], rel=1e-12)


def test_bands_bracket_the_point(explorer: Explorer) -> None:
    c = explorer.controls({"seller": "Japan", "draws": "300"})
    bands = explorer.bands(c)
    point = explorer.point(c)
    assert bands["draws"] == 300
    h = bands["headline"]
    assert h["peak_10y_bp_p5"] <= point["headline"]["peak_10y_bp"] <= h["peak_10y_bp_p95"]
    assert h["ten_year_extra_interest_usd_bn_p5"] < h["ten_year_extra_interest_usd_bn_p95"]


def test_reverse_stress_test_finds_the_smallest_sale(explorer: Explorer) -> None:
    c = explorer.controls({"seller": "Japan", "pace": "12"})
    base = explorer.point(replace(c, size="usd", amount=0.0))["fiscal"]
    threshold = max(base["baseline_interest_pct_outlays"]) + 0.3
    result = explorer.stress(c, "outlays", threshold, 2035)
    assert result["status"] == "found"
    amount = result["amount_usd_bn"]

    def peak(amount_usd_bn: float) -> float:
        return max(explorer.point(c.with_amount(amount_usd_bn))["fiscal"]["scenario_interest_pct_outlays"])

    # the sale found reaches the threshold and one a little smaller does not (tolerance $1bn or 0.1%)
    assert peak(amount) >= threshold > peak(amount - max(1.0, 0.001 * amount))
    assert explorer.stress(c, "outlays", threshold - 1.0, 2035)["status"] == "baseline"
    not_reached = explorer.stress(c, "revenues", 99.0, 2035)
    assert not_reached["status"] == "not_reached"
    assert not_reached["tested_up_to_usd_bn"] == explorer.projector.holdings.by_country_usd_bn["Japan"]


def test_bad_parameters_are_one_line_400s(client: Client) -> None:
    for query, fragment in [
        ("pace=0", "pace: must be between 1 and "),  # the horizon: data's end to the baseline's last FY
        ("seller=Narnia", "seller: must be one of"),
        ("share=nan", "share: must be between 0 and 1"),
        ("amount=1e300&size=usd", "amount: must be between 0 and 100000"),
        ("method=nope", "method: must be one of"),
        ("start=119&pace=1&bills=5&consolidation=11", "consolidation: must be between 0 and 10"),
    ]:
        response = client.get(f"/api/point?{query}")
        assert response.status_code == 400, query
        assert fragment in response.json()["error"]
        assert "\n" not in response.json()["error"]
    assert client.get("/api/scenario.toml?name=Bad%20Name").status_code == 400
    assert client.get("/api/stress?metric=gdp&threshold=5&by=2030").status_code == 400
    assert client.get("/api/table.csv?table=calib.draws").status_code == 400


def test_requests_for_another_host_are_refused(client: Client) -> None:
    """A page on another site cannot reach the explorer through DNS rebinding."""
    assert client.get("/api/options", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/options").status_code == 200


def test_the_saved_scenario_parses_and_round_trips(client: Client, explorer: Explorer) -> None:
    response = client.get(
        "/api/scenario.toml?seller=China%2C%20Mainland&size=usd&amount=250&pace=24&start=6&fed=0.1"
        "&consolidation=0.5&bills=20&persistence=permanent&name=china-250&title=China%20sells%20%24250bn"
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="china-250.toml"'
    scenario = parse_scenario(response.text, known_sellers=explorer.projector.holdings.sellers)
    assert scenario.name == "china-250" and scenario.title == "China sells $250bn"
    assert scenario.sale is not None
    assert (scenario.sale.seller, scenario.sale.amount_usd_bn, scenario.sale.pace_months) == (
        "China, Mainland",
        250.0,
        24,
    )
    assert scenario.sale.start_month == 6 and scenario.fed.absorption_share == 0.1
    assert scenario.fiscal.consolidation_pct_gdp == 0.5 and scenario.persistence == "permanent"
    assert scenario.issuance.coupon_to_bills_pct == 20.0 and scenario.issuance.shift_start_month == 6


def test_tables_download_as_csv(client: Client) -> None:
    response = client.get("/api/table.csv?table=fiscal_annual&seller=Japan")
    frame = pd.read_csv(io.StringIO(response.text))
    point_fys = client.get("/api/point?seller=Japan").json()["fiscal"]["fy"]  # type: ignore[index]
    assert list(frame["fy"]) == point_fys and len(point_fys) >= 10
    assert "delta_interest_usd_bn" in frame and "delta_interest_usd_bn_p95" not in frame
    banded = pd.read_csv(io.StringIO(client.get("/api/table.csv?table=fiscal_annual&bands=1&draws=50").text))
    assert (banded["delta_interest_usd_bn_p5"] <= banded["delta_interest_usd_bn_p95"]).all()


# --------------------------------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------------------------------


def test_explore_refuses_a_warehouse_without_a_calibration(snapshot_warehouse: Path, tmp_path: Path) -> None:
    result = run_cli("--warehouse", str(snapshot_warehouse), "explore", "--port", "0")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        "error: explore: no successful calibration in the warehouse: run `selloff calibrate` first"
    )
    missing = run_cli("--warehouse", str(tmp_path / "none.duckdb"), "explore", "--port", "0")
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1 and "run `selloff refresh`" in missing.stderr


class Server:
    def __init__(self, warehouse: Path, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
        self.process = subprocess.Popen(
            [str(VENV_BIN / "selloff"), "--warehouse", str(warehouse), "explore", "--port", "0", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.process.stderr is not None
        self.line = self.process.stderr.readline()  # blocks until the server is up (or has failed)
        assert self.line.startswith("selloff explore: http://127.0.0.1:"), self.line
        self.url = self.line.split()[2]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def server(warehouse: Path) -> Iterator[Server]:
    running = Server(warehouse)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server: Server) -> Client:
    return Client(server.url)


def test_explore_binds_loopback_and_refuses_a_busy_port(server: Server, warehouse: Path) -> None:
    assert urlparse(server.url).hostname == "127.0.0.1"
    port = str(urlparse(server.url).port)
    busy = run_cli("--warehouse", str(warehouse), "explore", "--port", port)
    assert busy.returncode == 1
    assert busy.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")


# --------------------------------------------------------------------------------------------------
# the page, in a real headless Chromium with every request off this server refused
# --------------------------------------------------------------------------------------------------


class Page:
    """A page of the explorer, with the requests it made, any it tried off this server, and errors."""

    def __init__(self, browser: object, server: Server, downloads: Path) -> None:
        from playwright.sync_api import Browser, Route

        assert isinstance(browser, Browser)
        self.origin = server.url.rstrip("/")
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)

        def guard(route: Route) -> None:
            if route.request.url.startswith((self.origin, "data:", "blob:")):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self.context.route("**/*", guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.wait_updates(1)
        self.wait_rendered()

    def wait_updates(self, n: int) -> None:
        self.page.wait_for_function(f"Number(document.body.dataset.updates || 0) >= {n}", timeout=300_000)

    def wait_rendered(self) -> None:
        """Until what is on screen is the state the controls show."""
        self.page.wait_for_function(
            "document.body.dataset.state === window.selloffExplorer.state()", timeout=300_000
        )

    def change(self, action: Callable[[], None]) -> None:
        """Do ``action`` (a key press, a selection) and wait for its result on screen."""
        before = self.page.evaluate("window.selloffExplorer.state()")
        action()
        self.page.wait_for_function(f"window.selloffExplorer.state() !== {json.dumps(before)}")
        self.wait_rendered()

    def peak(self) -> float:
        return float(self.page.get_attribute("#peak-10y", "data-value") or "nan")

    def state(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.page.url).query)

    def latency_ms(self) -> float:
        return float(self.page.evaluate("document.body.dataset.latencyMs"))

    def close(self) -> None:
        self.context.close()


@pytest.mark.slow
def test_the_page_end_to_end(
    browser: object, server: Server, tmp_path: Path, prefect_server: PrefectServer, warehouse: Path
) -> None:
    view = Page(browser, server, tmp_path)
    page = view.page
    view.open(server.url + "?seller=Japan&size=share&share=1&pace=12")
    assert page.title().startswith("selloff explore")
    full = view.peak()
    assert full > 0

    # move a control with the keyboard, as a person would: the number changes, the URL follows
    latencies = []
    for _ in range(5):
        view.change(lambda: (page.focus("#share"), page.keyboard.press("PageDown")))  # 10% of the range
        latencies.append(view.latency_ms())
    assert float(view.state()["share"][0]) == pytest.approx(0.5)
    half = view.peak()
    assert 0 < half < full  # selling half moves the 10-year less than selling everything
    print(
        f"explorer point latency, browser-measured: median {statistics.median(latencies):.0f} ms {latencies}"
    )

    # the seller and the Fed: a select and a slider
    view.change(lambda: page.select_option("#seller", "China, Mainland"))
    assert view.state()["seller"] == ["China, Mainland"]
    view.change(lambda: (page.focus("#fed"), page.keyboard.press("End")))  # the Fed absorbs all of it
    assert view.state()["fed"] == ["1"]
    assert view.peak() == 0.0  # full Fed absorption: no yield impact
    view.change(lambda: (page.focus("#fed"), page.keyboard.press("Home")))
    china = view.peak()
    assert china > 0

    # bands on request
    page.click("#bands-button")
    page.wait_for_function(
        "document.body.dataset.bandsState === window.selloffExplorer.state()", timeout=300_000
    )
    assert "p5–p95" in (page.text_content("#peak-10y-band") or "")
    bands_ms = page.evaluate("document.body.dataset.bandsMs")
    print(f"explorer bands ({view.state()['draws'][0]} draws): {bands_ms} ms")

    # save as scenario: the file is one `selloff project` accepts, and projects the same point numbers
    page.fill("#save-name", "explored-china")
    with page.expect_download() as download:
        page.click("#save-button")
    saved = tmp_path / "explored-china.toml"
    download.value.save_as(saved)
    assert "selloff project --scenario" in (page.text_content("#save-status") or "")
    result = run_cli(
        "--warehouse", str(warehouse), "project", "--scenario", str(saved), "--draws", "50", "--json",
        prefect=prefect_server,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (headline,) = json.loads(result.stdout)["scenarios"]
    assert headline["scenario"] == "explored-china"
    assert headline["peak_10y_bp"] == pytest.approx(china, rel=1e-9)

    # reload the URL in a fresh page: the same state and the same numbers
    url = page.url
    again = Page(browser, server, tmp_path)
    again.open(url)
    for control in ("seller", "share", "pace", "fed", "size", "draws"):
        assert again.page.input_value(f"#{control}" if control != "size" else "input[name=size]:checked") == (
            page.input_value(f"#{control}" if control != "size" else "input[name=size]:checked")
        )
    assert again.peak() == view.peak()
    again.wait_rendered()
    again.page.wait_for_function(
        "document.body.dataset.bandsState === window.selloffExplorer.state()", timeout=300_000
    )
    assert again.page.text_content("#peak-10y-band") == page.text_content("#peak-10y-band")

    # CSV of what is shown
    href = page.get_attribute("#csv-fiscal_annual", "href") or ""
    csv = page.request.get(view.origin + href)
    frame = pd.read_csv(io.StringIO(csv.text()))
    fys = list(frame["fy"])
    assert fys == list(range(fys[0], fys[0] + len(fys))) and len(fys) >= 10  # consecutive fiscal years
    assert "delta_interest_usd_bn_p95" in frame

    # the reverse stress test: a threshold between the baseline's peak and what selling everything
    # reaches (both asked of the server first), so a sale in between is the answer
    probe = page.request.get(
        view.origin + "/api/stress?" + urlparse(page.url).query + "&metric=outlays&threshold=99&by=2035"
    ).json()
    assert probe["status"] == "not_reached"
    threshold = round((probe["baseline_peak_pct"] + probe["level_pct"]) / 2.0, 2)
    page.fill("#stress-threshold", str(threshold))
    page.select_option("#stress-metric", "outlays")
    page.select_option("#stress-by", "2035")
    page.click("#stress-button")
    page.wait_for_selector("#stress-result[data-status]", timeout=300_000)
    assert page.get_attribute("#stress-result", "data-status") == "found"
    amount = float(page.get_attribute("#stress-result", "data-amount") or "nan")
    assert 0 < amount < probe["tested_up_to_usd_bn"]
    assert (page.text_content("#stress-result") or "").startswith(
        "China, Mainland would have to sell at least"
    )

    page.screenshot(path=str(tmp_path / "explorer.png"), full_page=True)
    for v in (view, again):
        assert v.blocked == [], v.blocked  # offline: nothing but this server
        assert v.errors == [], v.errors
        v.close()


def test_the_set_up_is_paid_once_and_results_are_cached(explorer: Explorer) -> None:
    c = explorer.controls({"seller": "Japan", "share": "0.3"})
    setup = explorer.projector.setup(BASELINE)
    explorer.point(c)
    assert explorer.projector.setup(BASELINE) is setup  # the baseline is not rebuilt per request
    assert explorer.projection(c) is explorer.projection(c)  # one projection per state
