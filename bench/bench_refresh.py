"""Benchmark: the nightly refresh against a FRED-compatible server with realistic latency.

Side by side in one run, against the local server (tests/fakefred.py) answering every request after
100–300 ms, at FRED's real pacing (2 requests in any 1-second window):

* a full first load (every series' metadata and observations, plus TIC);
* a no-change refresh (nothing moved: one metadata request per series, no observation request);
* a refresh where one series changed (one extra observations request);
* a ``--full`` refetch of everything;

each against the floor FRED's rate sets: ``n`` requests cannot finish before ``(n - 2) / 2`` seconds
plus one round trip. Target: the no-change refresh makes at most one request per catalogued series,
no observation request, and finishes within 1.2x its floor.

The refresh flow runs in-process against a temporary Prefect server started beforehand, so Prefect's
own start-up (measured separately in bench_main_job.py) is not in these times.

Run: ``.venv/bin/python bench/bench_refresh.py`` (about a minute; prints a table and JSON).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from selloff.ingest.catalog import series_ids
from tests.fakefred import TEST_KEY, FakeFred

LATENCY_S = (0.1, 0.3)
MAX_REQUESTS, WINDOW_S = 2, 1.0


def floor_seconds(n_requests: int, mean_latency_s: float) -> float:
    """The least time ``n_requests`` can take at FRED's rate: paced issue plus the last round trip."""
    return max(0, n_requests - MAX_REQUESTS) * WINDOW_S / MAX_REQUESTS + mean_latency_s


def main() -> int:
    os.environ["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    workdir = Path(tempfile.mkdtemp(prefix="selloff-bench-refresh-"))
    os.environ["PREFECT_HOME"] = str(workdir / "prefect")
    from prefect.testing.utilities import prefect_test_harness

    from flows.refresh import refresh_flow

    results = []
    with FakeFred(latency_s=LATENCY_S, seed=1) as server, prefect_test_harness(server_startup_timeout=180):
        os.environ.update(
            {
                "FRED_API_KEY": TEST_KEY,
                "SELLOFF_FRED_API_URL": server.url,
                "SELLOFF_TIC_CURRENT_URL": server.tic_table5_url,
                "SELLOFF_TIC_HISTORY_URL": server.tic_history_url,
                "SELLOFF_FRED_MAX_REQUESTS": str(MAX_REQUESTS),
                "SELLOFF_FRED_WINDOW_SECONDS": str(WINDOW_S),
            }
        )
        warehouse = str(workdir / "selloff.duckdb")
        mean_latency = statistics.mean(LATENCY_S)

        def measure(label: str, **kwargs: object) -> None:
            server.clear_requests()
            start = time.perf_counter()
            summary = refresh_flow(warehouse=warehouse, **kwargs)  # type: ignore[arg-type]
            seconds = time.perf_counter() - start
            fred = server.requests_matching()
            fred = [r for r in fred if r.endpoint != "tic"]
            observations = [r for r in fred if r.endpoint == "observations"]
            floor = floor_seconds(len(fred), mean_latency)
            results.append(
                {
                    "case": label,
                    "status": summary["status"],
                    "fred_requests": len(fred),
                    "observation_requests": len(observations),
                    "seconds": round(seconds, 2),
                    "floor_seconds": round(floor, 2),
                    "ratio_to_floor": round(seconds / floor, 2) if floor else None,
                }
            )

        measure("first load (all series + TIC)", source="auto")
        measure("no change", source="fred")
        server.revise("GDP", date(2025, 10, 1), 31_000.5)
        measure("one series changed", source="fred")
        measure("full refetch", source="fred", full=True)

    n = len(series_ids())
    no_change = next(r for r in results if r["case"] == "no change")
    print(f"{'case':<32} {'requests':>8} {'obs req':>7} {'seconds':>8} {'floor':>7} {'ratio':>6}")
    for r in results:
        print(
            f"{r['case']:<32} {r['fred_requests']:>8} {r['observation_requests']:>7} {r['seconds']:>8.2f} "
            f"{r['floor_seconds']:>7.2f} {r['ratio_to_floor']:>6.2f}"
        )
    full = next(r for r in results if r["case"] == "full refetch")
    print(f"no-change vs full refetch: {full['seconds'] / no_change['seconds']:.1f}x faster")
    ok = (
        no_change["fred_requests"] <= n
        and no_change["observation_requests"] == 0
        and no_change["ratio_to_floor"] <= 1.2
    )
    print(f"target (<= {n} requests, no observation request, <= 1.2x floor): {'met' if ok else 'MISSED'}")
    print(json.dumps({"latency_s": LATENCY_S, "series": n, "results": results}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
