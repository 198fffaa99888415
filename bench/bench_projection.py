"""Monte Carlo benchmark: one scenario, 10,000 draws × 120 months, vectorised vs one draw at a time.

Run: ``.venv/bin/python bench/bench_projection.py [--draws 10000] [--loop-draws 10000]``.

Measures, in one run and on the embedded snapshot (japan-full-dump on its own baseline, cbo-2026-02):

* ``project()`` end to end (draws, yields, engine, percentiles, frames; mitigations off and on);
* the Monte Carlo core — draw kernels → yield paths → fiscal engine → Fed books → fiscal-year sums — for
  all draws at once, and the **same code called one draw at a time** (``--loop-draws`` of them), and the
  ratio of the per-draw times; the same for the fiscal engine alone;
* throughput (draws × months per second), scaling with draws and with the horizon;
* peak memory: ``tracemalloc`` (Python and numpy allocations) around the vectorised run, and the
  process's maximum resident set size.

The price impact is synthetic (10 bp per 1% of GDP on the 10-year, decaying to 4; 2,000 joint draws):
timings do not depend on its values. Not part of the test suite; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd

from selloff.calibration.impact import PriceImpact
from selloff.ingest.snapshot import default_snapshot, read_fred_csv
from selloff.projection.baselines import load_baseline
from selloff.projection.curve import instrument_yields
from selloff.projection.engine import run_engine, to_fiscal_years
from selloff.projection.fiscal import build_setup
from selloff.projection.holdings import TicHoldings
from selloff.projection.kernels import draw_kernels
from selloff.projection.prepare import PreparedScenario, prepare
from selloff.projection.project import project
from selloff.projection.scenarios import Scenario, resolve_scenario
from selloff.projection.simulate import simulate
from selloff.tenors import TENORS

FRED_TENORS = {"TB3MS": "3m", "GS1": "1y", "GS2": "2y", "GS5": "5y", "GS10": "10y", "GS30": "30y"}


def snapshot_yields() -> pd.DataFrame:
    snap = default_snapshot()
    frames = []
    for series, tenor in FRED_TENORS.items():
        obs = read_fred_csv(snap.path(f"fred/{series}.csv"), series).dropna()
        frames.append(pd.DataFrame({"date": obs["date"], "tenor": tenor, "yield_pct": obs["value"]}))
    return pd.concat(frames, ignore_index=True)


def synthetic_impact(n_draws: int = 2000) -> PriceImpact:
    h = np.arange(9)
    scale = np.array([0.3, 0.5, 0.7, 0.9, 1.0, 1.0])
    point = scale[:, None] * (4.0 + 6.0 * np.exp(-h / 2.0))[None, :]
    mult = 1.0 + 0.3 * np.random.default_rng(1).normal(size=n_draws)
    return PriceImpact(
        "bench", "prior", TENORS, h, point, 4.0 * scale, point[None] * mult[:, None, None],
        (4.0 * scale)[None] * mult[:, None], 30_000.0, 0.6,
    )  # fmt: skip


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def mc_core(prep: PreparedScenario, impact: PriceImpact, idx: np.ndarray) -> np.ndarray:
    """The Monte Carlo core for the draws ``idx``: ten-year Treasury-plus-Fed extra cost per draw ($bn)."""
    sim = simulate(prep, draw_kernels(prep, impact, idx))
    fy = prep.setup.paths.fy[: prep.T]
    _, delta = to_fiscal_years(sim.result.interest_usd_bn - prep.base.interest_usd_bn, fy)
    _, fed = to_fiscal_years(sim.fed_loss_usd_bn, fy)
    return np.asarray(delta.sum(axis=0) + fed.sum(axis=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--loop-draws", type=int, default=10_000, help="draws run one at a time")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenario", default="japan-full-dump")
    args = parser.parse_args(argv)

    scenario = resolve_scenario(args.scenario)
    t0 = time.perf_counter()
    setup = build_setup(load_baseline(scenario.baseline.name), snapshot_yields())  # the scenario's own
    setup_s = time.perf_counter() - t0
    raw = pd.read_csv(default_snapshot().path("tic/major_foreign_holders.csv"))
    holdings = TicHoldings.from_frame(raw.rename(columns={"holdings_bn": "holdings_usd_bn"}))
    impact = synthetic_impact()
    prep = prepare(scenario, setup, holdings)
    months = prep.T
    idx = np.random.default_rng(np.random.SeedSequence(scenario.seed)).integers(0, impact.n_draws, args.draws)

    print(f"machine: {len(__import__('os').sched_getaffinity(0))} CPUs; numpy {np.__version__}")
    print(f"setup (legacy rebuild + baseline run), once per run: {setup_s:.3f} s")
    print(f"scenario {scenario.name}: {args.draws:,} draws × {months} months\n")

    # --- project() end to end -------------------------------------------------------------------
    def run_project(mitigations: bool) -> None:
        project(scenario, impact, setup, holdings, run_id="bench", draws=args.draws, mitigations=mitigations)

    run_project(False)  # warm-up (imports, first-touch allocations)
    t_project = best_of(args.repeat, lambda: run_project(False))
    t_project_mit = best_of(args.repeat, lambda: run_project(True))
    print(f"project(), {args.draws:,} draws, mitigations off: {t_project:.3f} s  (target < 2 s)")
    print(f"project(), {args.draws:,} draws, with the 5 mitigation variants: {t_project_mit:.3f} s")
    print(f"throughput (project): {args.draws * months / t_project:,.0f} draw-months/s\n")

    # --- Monte Carlo core: vectorised vs one draw at a time ---------------------------------------
    t_vec = best_of(args.repeat, lambda: mc_core(prep, impact, idx))
    n_loop = min(args.loop_draws, args.draws)
    mc_core(prep, impact, idx[:1])
    start = time.perf_counter()
    looped = np.array([mc_core(prep, impact, idx[i : i + 1])[0] for i in range(n_loop)])
    t_loop = time.perf_counter() - start
    vectorised = mc_core(prep, impact, idx[:n_loop])
    gap = float(np.max(np.abs(looped - vectorised)) / np.max(np.abs(vectorised)))
    per_draw_vec, per_draw_loop = t_vec / args.draws, t_loop / n_loop
    print("Monte Carlo core (kernels → yields → engine → Fed → fiscal years):")
    print(f"  vectorised: {t_vec:.3f} s for {args.draws:,} draws ({per_draw_vec * 1e6:.1f} µs/draw)")
    print(f"  one at a time: {t_loop:.2f} s for {n_loop:,} draws ({per_draw_loop * 1e3:.2f} ms/draw)")
    print(f"  speed-up: {per_draw_loop / per_draw_vec:,.0f}×  (target ≥ 50×); "
          f"max relative gap between the two: {gap:.1e}")  # fmt: skip

    # --- the engine alone ---------------------------------------------------------------------------
    sim = simulate(prep, draw_kernels(prep, impact, idx))
    inst = instrument_yields(sim.pre_confidence_yields_pct)
    short = np.ascontiguousarray(sim.pre_confidence_yields_pct[:, :, TENORS.index("3m")])
    t_engine = best_of(args.repeat, lambda: run_engine(prep.plan, inst, short))
    n_engine = min(n_loop, 2000)
    start = time.perf_counter()
    for i in range(n_engine):
        run_engine(prep.plan, inst[:, i : i + 1], short[:, i : i + 1])
    t_engine_loop = (time.perf_counter() - start) / n_engine
    speedup = t_engine_loop * args.draws / t_engine
    print(f"fiscal engine alone: {t_engine:.3f} s vectorised; {t_engine_loop * 1e3:.2f} ms per single-draw "
          f"call ({n_engine:,} calls); speed-up {speedup:,.0f}×\n")  # fmt: skip

    # --- scaling ------------------------------------------------------------------------------------
    print("scaling with draws (project, mitigations off, 120 months):")

    def timed(sc: Scenario, n: int) -> float:
        return best_of(
            2, lambda: project(sc, impact, setup, holdings, run_id="b", draws=n, mitigations=False)
        )

    for n in (1_000, 2_500, 5_000, 10_000, 20_000):
        t = timed(scenario, n)
        print(f"  {n:>6,} draws: {t:.3f} s  ({n * months / t:,.0f} draw-months/s)")
    print(f"scaling with the horizon (project, mitigations off, {args.draws:,} draws):")
    for h in (24, 60, 120):
        t = timed(scenario.model_copy(update={"horizon_months": h}), args.draws)
        print(f"  {h:>3} months: {t:.3f} s  ({args.draws * h / t:,.0f} draw-months/s)")

    # --- memory -------------------------------------------------------------------------------------
    tracemalloc.start()
    run_project(True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux
    print(
        f"\npeak traced memory, project() with {args.draws:,} draws: {peak / 2**20:,.0f} MiB (target < 2 GB)"
    )
    print(f"process max RSS over the whole benchmark: {rss:,.0f} MiB")
    print(f"median ten-year Treasury+Fed extra cost, looped draws: {statistics.median(vectorised):,.1f} $bn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
