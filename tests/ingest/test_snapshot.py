"""The embedded snapshot: verified against its manifest, parsed as FRED writes its files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

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
