"""The series catalog matches the data that exist, and the coverage table is generated from the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from selloff.ingest.catalog import get_spec, load_catalog
from selloff.ingest.snapshot import default_snapshot, read_fred_csv


def test_every_catalogued_series_is_in_the_snapshot_and_vice_versa() -> None:
    snapshot = default_snapshot()
    files = {Path(rel).stem for rel in snapshot.manifest["files"] if rel.startswith("fred/")}
    assert files == {spec.id for spec in load_catalog()}


def test_catalog_is_honest_about_stand_ins() -> None:
    treast = get_spec("TREAST")
    assert (treast.stand_in_for, treast.unit_scale, treast.frequency, treast.aggregation) == (
        "FDHBFRBN",
        "usd_mn",
        "W",  # FRED's native frequency: Wednesday levels, averaged to quarters in SQL
        "eop",
    )
    assert "quarterly average" in (treast.notes or "")
    assert get_spec("W006RC1Q027SBEA").stand_in_for == "FGRECPT"
    assert "not budget receipts" in (get_spec("W006RC1Q027SBEA").notes or "")
    assert get_spec("WMTSECL1").valuation_basis == "face"
    assert get_spec("FDHBFIN").valuation_basis == "market"


def test_unknown_series_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="GS10"):
        get_spec("DGS7")


def test_coverage_table_matches_the_snapshot(snapshot_warehouse: Path) -> None:
    with duckdb.connect(str(snapshot_warehouse), read_only=True) as con:
        rows = con.execute(
            "select dataset, units, first_date, last_date, n_observations, n_null, breaks from marts.coverage"
        ).fetchall()
    coverage = {r[0]: r[1:] for r in rows}
    snapshot = default_snapshot()
    for spec in load_catalog():
        frame = read_fred_csv(snapshot.path(f"fred/{spec.id}.csv"), spec.id)
        units, first, last, n, _, _ = coverage[spec.id]
        assert (units, first, last, n) == (
            spec.units,
            frame["date"].min().date(),
            frame["date"].max().date(),
            len(frame),
        ), spec.id
    # breaks: what the source marks as missing, stand-ins, and TIC series breaks
    assert coverage["WMTSECL1"][4] == 237  # zeros before 2007-07-04, read as not reported
    assert "237 zeros read as not reported (to 2007-06-27)" in coverage["WMTSECL1"][5]
    assert coverage["THREEFYTP10"][5] == '110 "." values'
    assert "stand-in for FDHBFRBN" in coverage["TREAST"][5]
    assert coverage["TIC:Japan"][5] == (
        "series breaks (old and new column) at 2000-03, 2002-06, 2003-06, 2004-06, 2005-06, 2006-06, "
        "2007-06, 2008-06, 2009-06, 2010-06, 2011-06"
    )
    assert coverage["GS10"][5] == ""
