"""Shared fixtures of the projection tests: the snapshot's yields and the prepared cbo-2025-01 baseline,
the golden numbers, and one hand-made cohort."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from selloff.ingest.snapshot import default_snapshot, read_fred_csv
from selloff.projection import fiscal
from selloff.projection.baselines import Baseline, load_baseline
from selloff.projection.curve import INSTRUMENT_NAMES, INSTRUMENTS
from selloff.projection.legacy import LegacyDebt, RebuildParams

RESULTS = Path(__file__).parents[1] / "results"
FRED_TENORS = {"TB3MS": "3m", "GS1": "1y", "GS2": "2y", "GS5": "5y", "GS10": "10y", "GS30": "30y"}


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
