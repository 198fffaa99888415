"""Benchmark: interactive use — a bad scenario refused, the Python API, and `selloff explore`'s latency.

Run: ``.venv/bin/python bench/bench_explorer.py [--warehouse PATH] [--repeat 5]``.

Without ``--warehouse`` it builds one with ``selloff run --draws 200`` in a temporary directory. Then:

* **validation**: ``selloff project --scenario bad.toml`` (five errors, the adversarial review's values) —
  the wall time of the command until it exits 2, median of ``--repeat``; and the in-process check
  (:func:`selloff.projection.input_files.check_scenario_files`) alone;
* **API**: ``import selloff`` (the package, not the API), the first ``selloff.project(…)`` (reads the
  warehouse, prepares the baseline) and the next ones (1,000 draws);
* **explorer**: the engine's start-up (:class:`~selloff.delivery.explorer.engine.Explorer`), one point
  projection per state (server side, fresh states), the HTTP round trip of ``/api/point``, bands of 1,000
  draws, a reverse stress test — then the page in headless Chromium: a slider moved with the keyboard,
  the time from the key press to the number on screen (the page's own ``performance.now()``), median.

No timing is asserted anywhere; read the load average printed with the results.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

BIN = Path(sys.executable).parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
BAD = """\
name = "bad"
title = "The adversarial review's values"
[sale]
seller = "Narnia"
amount_usd_bn = true
pace_months = 1e15
start_month = 1e12
[baseline]
rate_shift_bp = 1e300
"""


def timed(fn: object, *args: object, **kwargs: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - started, result


def ms(seconds: list[float]) -> str:
    return (
        f"median {statistics.median(seconds) * 1000:.0f} ms (min {min(seconds) * 1000:.0f}, n={len(seconds)})"
    )


def build_warehouse(workdir: Path) -> Path:
    path = workdir / "selloff.duckdb"
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "CRITICAL", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    subprocess.run(
        [str(BIN / "selloff"), "--warehouse", str(path), "run", "--draws", "200", "--quiet"],
        check=True, env=env, cwd=workdir,
    )  # fmt: skip
    return path


def bench_validation(warehouse: Path, workdir: Path, repeat: int) -> None:
    from selloff.projection import input_files
    from selloff.projection.scenarios import ScenarioError

    bad = workdir / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    walls, cpus = [], []
    for _ in range(repeat):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, result = timed(
            subprocess.run,
            [str(BIN / "selloff"), "--warehouse", str(warehouse), "project", "--scenario", str(bad)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
        walls.append(seconds)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
    print(f"selloff project --scenario bad.toml (exit 2, 5 errors): {ms(walls)}; CPU (user+sys) {ms(cpus)}")
    print(f"  message: {result.stderr.strip()[:160]}…")  # type: ignore[attr-defined]
    checks = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            input_files.check_scenario_files([str(bad)], warehouse)
        except ScenarioError:
            checks.append(time.perf_counter() - started)
    print(f"  the check alone, in-process (sellers read from the warehouse): {ms(checks)}")


def bench_api(warehouse: Path, repeat: int) -> None:
    code = "import time; t = time.perf_counter(); import selloff; print(time.perf_counter() - t)"
    imports = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    ]
    print(f"import selloff (the API loads on first use): {ms(imports)}")
    import selloff

    first, _ = timed(selloff.project, "japan-gradual", warehouse=warehouse, draws=1000)
    print(f"selloff.project(), first call (reads inputs, builds the baseline), 1,000 draws: {first:.2f} s")
    later = [
        timed(selloff.project, "japan-gradual", warehouse=warehouse, draws=1000, seed=s)[0]
        for s in range(repeat)
    ]
    print(f"selloff.project(), later calls, 1,000 draws (with the mitigation variants): {ms(later)}")


def bench_explorer(warehouse: Path, repeat: int) -> None:
    with warnings.catch_warnings():  # Starlette 0.5x: "use httpx2"; the in-process client still works
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from selloff.delivery.explorer.app import create_app
    from selloff.delivery.explorer.engine import Explorer

    startup, explorer = timed(Explorer, warehouse, default_baseline="cbo-2025-01")
    print(f"explorer start-up (inputs, calibration methods, every baseline): {startup:.2f} s")
    assert isinstance(explorer, Explorer)
    points, cpus = [], []
    for k in range(max(repeat, 10)):
        c = explorer.controls({"seller": "Japan", "share": f"{0.31 + 0.01 * k:.2f}", "pace": "12"})
        cpu = time.process_time()
        points.append(timed(explorer.point, c)[0])
        cpus.append(time.process_time() - cpu)
    print(f"point projection + payload, server side, fresh states: {ms(points)}; CPU {ms(cpus)}")
    client = TestClient(create_app(explorer), base_url="http://127.0.0.1")
    trips = []
    for k in range(max(repeat, 10)):
        seconds, response = timed(client.get, f"/api/point?seller=Japan&share={0.51 + 0.01 * k:.2f}")
        assert response.status_code == 200  # type: ignore[attr-defined]
        trips.append(seconds)
    print(f"/api/point HTTP round trip (in-process client), fresh states: {ms(trips)}")
    bands, _ = timed(explorer.bands, explorer.controls({"seller": "Japan", "share": "0.77", "draws": "1000"}))
    print(f"bands, 1,000 draws: {bands:.2f} s")
    c = explorer.controls({"seller": "Japan", "share": "1"})
    fa = explorer.point(c)["fiscal"]
    threshold = max(fa["baseline_interest_pct_outlays"]) + 0.5
    stress_s, result = timed(explorer.stress, c, "outlays", threshold, 2035)
    print(f"reverse stress test ({result['evaluations']} point projections): {stress_s:.2f} s")  # type: ignore[index]


def bench_browser(warehouse: Path, repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "PREFECT_"))}
    process = subprocess.Popen(
        [str(BIN / "selloff"), "--warehouse", str(warehouse), "explore", "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        url = process.stderr.readline().split()[2]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(url + "?seller=Japan&share=1")
            page.wait_for_function("Number(document.body.dataset.updates || 0) >= 1", timeout=300_000)
            latencies = []
            for _ in range(max(repeat, 8)):
                before = int(page.evaluate("Number(document.body.dataset.updates)"))
                page.focus("#share")
                page.keyboard.press("ArrowLeft")
                page.wait_for_function(f"Number(document.body.dataset.updates) > {before}", timeout=300_000)
                latencies.append(float(page.evaluate("document.body.dataset.latencyMs")) / 1000.0)
            print(f"browser: key press on a slider → the new number on screen: {ms(latencies)}")
            page.click("#bands-button")
            page.wait_for_function(
                "document.body.dataset.bandsState === document.body.dataset.state", timeout=300_000
            )
            bands_ms = float(page.evaluate("document.body.dataset.bandsMs"))
            print(f"browser: bands on request, 1,000 draws: {bands_ms:.0f} ms")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        warehouse = args.warehouse or build_warehouse(workdir)
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        bench_validation(warehouse, workdir, args.repeat)
        bench_api(warehouse, args.repeat)
        bench_explorer(warehouse, args.repeat)
        bench_browser(warehouse, args.repeat)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
