"""The embedded snapshot: verified against its manifest, parsed as FRED writes its files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from selloff.ingest.snapshot import (
    Snapshot,
    SnapshotError,
    SnapshotHoldingsSource,
    SnapshotSeriesSource,
    build_manifest,
    default_snapshot,
    read_fred_csv,
)


def test_manifest_is_current() -> None:
    snapshot = default_snapshot()
    snapshot.verify()
    rebuilt = build_manifest(snapshot.root, snapshot.snapshot_date)
    assert rebuilt["files"] == snapshot.manifest["files"]
    assert "PROVENANCE.md" in snapshot.manifest["files"]


@pytest.fixture
def snapshot_copy(tmp_path: Path) -> Snapshot:
    root = tmp_path / "snapshot"
    shutil.copytree(default_snapshot().root, root)
    return Snapshot(root)


def test_a_truncated_file_is_refused_by_name(snapshot_copy: Snapshot) -> None:
    path = snapshot_copy.root / "fred" / "GS10.csv"
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(SnapshotError, match=r"fred/GS10.csv is truncated"):
        snapshot_copy.verify()


def test_a_corrupted_file_is_refused_by_name(snapshot_copy: Snapshot) -> None:
    path = snapshot_copy.root / "tic" / "major_foreign_holders.csv"
    data = bytearray(path.read_bytes())
    data[100] = ord("9") if data[100] != ord("9") else ord("8")
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match=r"major_foreign_holders.csv is corrupted"):
        snapshot_copy.verify()


def test_read_fred_csv_keeps_dots_as_nan_and_refuses_text(tmp_path: Path) -> None:
    path = tmp_path / "X.csv"
    path.write_text("observation_date,X\n2020-01-01,1.5\n2020-02-01,\n2020-03-01,.\n")
    frame = read_fred_csv(path, "X")
    assert frame["value"].isna().tolist() == [False, True, True]
    path.write_text("observation_date,X\n2020-01-01,1.5\n2020-02-01,n/a\n")
    with pytest.raises(SnapshotError, match="non-numeric value 'n/a' on 2020-02-01"):
        read_fred_csv(path, "X")


def test_snapshot_rows_carry_the_snapshot_date() -> None:
    snapshot = default_snapshot()
    frame = SnapshotSeriesSource(snapshot).observations("GS10", observation_start=date(2026, 1, 1))
    assert frame["date"].min() == pd.Timestamp("2026-01-01")
    assert set(frame["realtime_start"]) == {pd.Timestamp(snapshot.snapshot_date)}
    # spot check from PROVENANCE.md: GS10 1981-09-01 = 15.32
    full = SnapshotSeriesSource(snapshot).observations("GS10")
    assert full.loc[full["date"] == "1981-09-01", "value"].item() == 15.32


def test_tic_break_months_carry_both_columns() -> None:
    holdings = SnapshotHoldingsSource(default_snapshot()).holdings()
    japan = holdings[(holdings["country"] == "Japan") & (holdings["date"] == "2011-06-01")]
    assert japan[["holdings_usd_bn", "holdings_old_series_usd_bn"]].iloc[0].tolist() == [
        pytest.approx(japan["holdings_usd_bn"].item()),
        911.1,
    ]
    # from PROVENANCE.md: FDHBFIN 2024-01-01 = 8107.9 = TIC Grand Total, March 2024
    total = holdings[(holdings["country"] == "Grand Total") & (holdings["date"] == "2024-03-01")]
    assert total["holdings_usd_bn"].item() == 8107.9


# Each daily series and FRED's monthly average of it (FRED computes GS10 etc. as the mean of the month's
# daily values and rounds to 0.01): months wholly covered by the daily file (its first and last month may
# be partial) must agree within 0.01 pp.
DAILY_VS_MONTHLY = {
    "DGS1": ("GS1", 770),
    "DGS2": ("GS2", 595),
    "DGS5": ("GS5", 770),
    "DGS10": ("GS10", 770),
    "DGS30": ("GS30", 580),
    "DTB3": ("TB3MS", 860),
}


@pytest.mark.parametrize("daily_id", list(DAILY_VS_MONTHLY))
def test_daily_yields_average_to_fred_monthly_series_within_a_hundredth(daily_id: str) -> None:
    monthly_id, min_months = DAILY_VS_MONTHLY[daily_id]
    snapshot = default_snapshot()
    daily = read_fred_csv(snapshot.path(f"fred/{daily_id}.csv"), daily_id).dropna()
    monthly = read_fred_csv(snapshot.path(f"fred/{monthly_id}.csv"), monthly_id).dropna()
    months = daily["date"].dt.to_period("M")
    means = daily.groupby(months)["value"].mean().iloc[1:-1]  # drop the partial first and last months
    fred = monthly.set_index(monthly["date"].dt.to_period("M"))["value"]
    common = means.index.intersection(fred.index)
    assert len(common) >= min_months, f"only {len(common)} months in common"
    difference = (means[common] - fred[common]).abs()
    assert difference.max() <= 0.01, difference.idxmax()
    # FRED rounds the monthly mean to two decimals: the difference is that rounding, at most 0.005
    np.testing.assert_array_less(difference.to_numpy(), 0.005 + 1e-9)


def test_threefytp10_keeps_the_later_2016_copy_and_adds_1990_onwards() -> None:
    frame = read_fred_csv(default_snapshot().path("fred/THREEFYTP10.csv"), "THREEFYTP10")
    assert frame["date"].is_monotonic_increasing and frame["date"].is_unique
    assert frame["date"].iloc[0] == pd.Timestamp("1990-01-02")
    value = frame.set_index("date")["value"]
    assert value["1990-01-02"] == 1.8064  # = Kim-Wright feds200533.csv rounded to 4 decimals (PROVENANCE.md)
    # the later vintage on the overlap: 2026-07-23 is 0.8488 there, 0.8477 in the 2026-08-07 copy
    assert value["2026-07-23"] == 0.8488
    # FRED's "." holiday rows only from the 2016 copy on (the 1990 copy has no holiday rows)
    holidays = frame.loc[frame["value"].isna(), "date"]
    assert len(holidays) == 110 and holidays.min() >= pd.Timestamp("2016-09-26")
