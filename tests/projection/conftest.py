"""Shared fixtures of the projection tests: the snapshot's yields and the prepared cbo-2025-01 baseline,
the golden numbers, a synthetic price impact, the snapshot's TIC holdings, and one hand-made cohort."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from selloff.calibration.impact import PriceImpact
from selloff.ingest.snapshot import default_snapshot, read_fred_csv
from selloff.projection import fiscal
from selloff.projection.baselines import Baseline, load_baseline
from selloff.projection.curve import INSTRUMENT_NAMES, INSTRUMENTS
from selloff.projection.holdings import TicHoldings
from selloff.projection.legacy import LegacyDebt, RebuildParams
from selloff.tenors import TENORS

RESULTS = Path(__file__).parents[1] / "results"
FRED_TENORS = {"TB3MS": "3m", "GS1": "1y", "GS2": "2y", "GS5": "5y", "GS10": "10y", "GS30": "30y"}
TENOR_SCALE = np.array([0.3, 0.5, 0.7, 0.9, 1.0, 1.0])  # 3m … 30y relative to the 10-year


def snapshot_yields() -> pd.DataFrame:
    """``stg.yields_monthly`` as the warehouse serves it, built from the snapshot's FRED files."""
    snap = default_snapshot()
    frames = []
    for series, tenor in FRED_TENORS.items():
        obs = read_fred_csv(snap.path(f"fred/{series}.csv"), series).dropna()
        frames.append(pd.DataFrame({"date": obs["date"], "tenor": tenor, "yield_pct": obs["value"]}))
    return pd.concat(frames, ignore_index=True)


def golden() -> dict[str, object]:
    data: dict[str, object] = json.loads((RESULTS / "golden.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def cbo() -> Baseline:
    return load_baseline("cbo-2025-01")


@pytest.fixture(scope="module")
def yields() -> pd.DataFrame:
    return snapshot_yields()


@pytest.fixture(scope="module")
def setup(cbo: Baseline, yields: pd.DataFrame) -> fiscal.FiscalSetup:
    return fiscal.build_setup(cbo, yields)


def one_cohort(amount: float, coupon: float, months_left: int, instrument: str = "note_10y") -> LegacyDebt:
    inst = INSTRUMENTS[INSTRUMENT_NAMES.index(instrument)]
    cohorts = pd.DataFrame(
        {
            "instrument": [instrument],
            "security_type": [inst.security_type],
            "kind": [inst.kind],
            "issue_month": [pd.Timestamp("2020-01-01")],
            "months_to_maturity": [months_left],
            "amount_usd_bn": [amount],
            "coupon_pct": [coupon],
        }
    )
    return LegacyDebt(
        start_month=pd.Timestamp("2025-10-01"),
        cohorts=cohorts,
        params=RebuildParams(0.0, 0.5),
        gross_shares={name: float(name == "note_2y") for name in INSTRUMENT_NAMES},
        frn_spread_pct=0.0,
        diagnostics=pd.DataFrame(),
    )


def synthetic_impact(
    n_draws: int = 2000, spread: float = 0.3, largest_sale_pct_gdp: float = 0.6
) -> PriceImpact:
    """A stand-in calibration: the 10-year moves 10 bp per sale of 1% of GDP on impact, decaying to 4.

    Draws are joint (one multiplier per draw for every tenor and horizon) and antithetic, so the
    distribution of any linear outcome is symmetric around the point projection.
    """
    h = np.arange(9)
    point = TENOR_SCALE[:, None] * (4.0 + 6.0 * np.exp(-h / 2.0))[None, :]
    long_run = 4.0 * TENOR_SCALE
    z = np.random.default_rng(1).normal(size=n_draws // 2)
    mult = 1.0 + spread * np.concatenate([z, -z])
    return PriceImpact(
        calibration_run_id="synthetic",
        method="prior",
        tenors=TENORS,
        horizons_q=h,
        point_irf_bp_per_pct_gdp=point,
        point_long_run_bp_per_pct_gdp=long_run,
        irf_bp_per_pct_gdp=point[None] * mult[:, None, None],
        long_run_bp_per_pct_gdp=long_run[None] * mult[:, None],
        reference_gdp_usd_bn=30_000.0,
        largest_sale_pct_gdp=largest_sale_pct_gdp,
    )


def snapshot_holdings() -> TicHoldings:
    raw = pd.read_csv(default_snapshot().path("tic/major_foreign_holders.csv"))
    return TicHoldings.from_frame(raw.rename(columns={"holdings_bn": "holdings_usd_bn"}))


@pytest.fixture(scope="module")
def impact() -> PriceImpact:
    return synthetic_impact()


@pytest.fixture(scope="module")
def holdings() -> TicHoldings:
    return snapshot_holdings()
