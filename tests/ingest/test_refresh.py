"""The refresh step: planning, fetching with validation, loading, run status — and the flow end to end."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from selloff.ingest import refresh
from selloff.ingest.catalog import get_spec, series_ids
from selloff.ingest.reference import REFERENCE_DATASETS
from selloff.ingest.snapshot import SnapshotSeriesSource, default_snapshot
from selloff.ingest.sources import SourceError
from selloff.pipeline import BadInputError, plan_refresh
from tests.conftest import PrefectServer, table_counts

RUN_DATE = default_snapshot().snapshot_date  # the day the snapshot's vintage was taken


def test_plan_is_offline_without_a_key_and_live_with_one() -> None:
    offline = plan_refresh("auto", None, has_fred_key=False)
    assert (offline.series_source, offline.holdings_source) == ("snapshot", "snapshot")
    assert [s.id for s in offline.series] == list(series_ids())
    live = plan_refresh("auto", None, has_fred_key=True)
    assert (live.series_source, live.holdings_source) == ("fred", "tic")


def test_plan_series_accepts_commas_and_repeats_and_leaves_tic_alone() -> None:
    plan = plan_refresh("snapshot", ["gs10,GS2", "FEDFUNDS"], has_fred_key=False)
    assert [s.id for s in plan.series] == ["GS2", "GS10", "FEDFUNDS"]  # catalog order
    assert plan.holdings_source is None


@pytest.mark.parametrize(
    ("choice", "series", "has_key", "references", "label"),
    [
        ("auto", None, False, True, "series:snapshot,tic:snapshot,ref:snapshot"),
        ("snapshot", None, True, True, "series:snapshot,tic:snapshot,ref:snapshot"),
        ("ref", None, True, True, "ref:snapshot"),
        # a live refresh keeps the reference tables as they are; so does a refresh of chosen series
        ("auto", None, True, False, "series:fred,tic:tic"),
        ("fred", None, True, False, "series:fred"),
        ("tic", None, True, False, "tic:tic"),
        ("snapshot", ["GS10"], False, False, "series:snapshot"),
    ],
)
def test_plan_loads_the_reference_tables_only_from_the_snapshot(
    choice: str, series: list[str] | None, has_key: bool, references: bool, label: str
) -> None:
    plan = plan_refresh(choice, series, has_fred_key=has_key)  # type: ignore[arg-type]
    assert (plan.references, plan.label) == (references, label)


@pytest.mark.parametrize(
    ("choice", "series"), [("auto", ["GS10,NOPE"]), ("tic", ["GS10"]), ("ref", ["GS10"])]
)
def test_plan_rejects_bad_input(choice: str, series: list[str]) -> None:
    with pytest.raises(BadInputError):
        plan_refresh(choice, series, has_fred_key=False)  # type: ignore[arg-type]


def test_observation_start_is_last_date_minus_revision_window() -> None:
    stored = refresh.StoredState("x", pd.Timestamp("2026-06-01").date())
    assert str(refresh.observation_start_for(stored, full=False, revision_window_days=31)) == "2026-05-01"
    assert refresh.observation_start_for(stored, full=True, revision_window_days=31) is None
    assert refresh.observation_start_for(refresh.StoredState(), full=False, revision_window_days=31) is None


class _BrokenSource(SnapshotSeriesSource):
    """The snapshot, except one series comes back broken in a given way."""

    def __init__(self, broken: str, how: str) -> None:
        super().__init__(default_snapshot())
        self.broken, self.how = broken, how

    def observations(self, series_id: str, *, observation_start=None):  # type: ignore[no-untyped-def]
        frame = super().observations(series_id, observation_start=observation_start)
        if series_id != self.broken:
            return frame
        if self.how == "error":
            raise SourceError(series_id, "HTTP 500 after 6 attempts", permanent=False)
        if self.how == "duplicate":
            return pd.concat([frame, frame.tail(1)])  # a duplicated date
        bad = frame.copy()
        if self.how == "future-vintage":  # a revision stamped 2099 would be the latest vintage for ever
            bad.loc[bad.index[-1], "realtime_start"] = pd.Timestamp("2099-01-01")
        elif self.how == "huge":
            bad.loc[bad.index[-1], "value"] = 1e308
        elif self.how == "negative":  # fine for a yield; for debt or receipts it is garbage
            bad.loc[bad.index[-1], "value"] = -1.0
        return bad


@pytest.mark.parametrize(
    ("how", "broken", "named"),
    [
        ("error", "GS5", "HTTP 500"),
        ("duplicate", "GS5", "date"),
        (
            "future-vintage",
            "GS5",
            f"realtime_start after the run date {RUN_DATE} (a vintage from the future) (e.g. 2099-01-01)",
        ),
        ("huge", "GS5", "values must lie in [-5, 30] (%) for a yield series (e.g. 1e+308)"),
        ("negative", "GFDEBTN", "values must lie in [0, 1e+09] (Millions of Dollars) for a debt series"),
    ],
)
def test_a_bad_series_is_named_and_the_others_load(tmp_path: Path, how: str, broken: str, named: str) -> None:
    import duckdb

    from selloff.warehouse import schema

    source = _BrokenSource(broken, how)
    specs = [get_spec(i) for i in ("GS2", broken, "GS10")]
    fetches = [
        refresh.fetch_series(
            source, s, refresh.StoredState(), full=False, revision_window_days=0, run_date=RUN_DATE
        )
        for s in specs
    ]
    assert [f.status for f in fetches] == ["fetched", "failed", "fetched"]
    assert fetches[1].message is not None
    assert fetches[1].message.startswith(f"{broken}: ")
    assert named in fetches[1].message
    con = duckdb.connect(":memory:")
    schema.apply_sql(con)
    schema.load_catalog_table(con)
    checks = refresh.load_all(con, fetches, None, run_id="r", fetched_at=pd.Timestamp.now(tz="UTC"))
    assert refresh.run_status(checks) == "partial"
    loaded = dict(con.execute("select series_id, count(*) from raw.observations group by 1").fetchall())
    assert set(loaded) == {"GS2", "GS10"}
    assert (
        con.execute("select status, message from meta.load_checks where dataset = ?", [broken]).fetchone()[0]
        == "failed"
    )


def test_a_vintage_up_to_a_day_after_the_run_date_is_time_zones_not_the_future() -> None:
    """FRED dates vintages in US Central time; a run dated in UTC may be a day behind or ahead of it."""
    frame = SnapshotSeriesSource(default_snapshot()).observations("GS10")
    frame.loc[frame.index[-1], "realtime_start"] = pd.Timestamp(RUN_DATE) + pd.Timedelta(days=1)
    checked = refresh.validate_observations(frame, get_spec("GS10"), run_date=RUN_DATE)
    assert len(checked) == len(frame)


def test_unchanged_last_updated_skips_the_observations_request() -> None:
    class Counting(SnapshotSeriesSource):
        calls = 0

        def observations(self, series_id: str, *, observation_start=None):  # type: ignore[no-untyped-def]
            Counting.calls += 1
            return super().observations(series_id, observation_start=observation_start)

    source = Counting(default_snapshot())
    info = source.series_info("GS10")
    stored = refresh.StoredState(info.last_updated, pd.Timestamp("2026-06-01").date())
    fetch = refresh.fetch_series(
        source, get_spec("GS10"), stored, full=False, revision_window_days=0, run_date=RUN_DATE
    )
    assert (fetch.status, Counting.calls) == ("not_updated", 0)
    fetch = refresh.fetch_series(
        source, get_spec("GS10"), stored, full=True, revision_window_days=0, run_date=RUN_DATE
    )
    assert (fetch.status, Counting.calls) == ("fetched", 1)


# --- the flow, under Prefect's test harness ---------------------------------------------------------------


def test_refresh_flow_loads_the_snapshot_and_a_second_run_changes_nothing(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    from flows.refresh import refresh_flow

    path = tmp_path / "wh" / "selloff.duckdb"
    first = refresh_flow(source="snapshot", warehouse=str(path))
    assert first["status"] == "ok"
    assert {c["status"] for c in first["checks"]} == {"loaded"}
    counts = table_counts(path)
    series = [c for c in first["checks"] if c["dataset"] != "TIC" and not c["dataset"].startswith("ref:")]
    assert counts["raw.observations"] == sum(c["rows_added"] for c in series)
    references = {c["dataset"]: c["rows_added"] for c in first["checks"] if c["dataset"].startswith("ref:")}
    assert references == {
        f"ref:{name}": counts[f"raw.{name}"] for name in (d.name for d in REFERENCE_DATASETS)
    }
    second = refresh_flow(source="snapshot", warehouse=str(path))
    statuses = {c["dataset"]: c["status"] for c in second["checks"] if c["dataset"] != "TIC"}
    assert {s for d, s in statuses.items() if not d.startswith("ref:")} == {"not_updated"}
    assert {s for d, s in statuses.items() if d.startswith("ref:")} == {"unchanged"}  # same version
    after = table_counts(path)
    assert after["raw.observations"] == counts["raw.observations"]
    assert after["raw.tic_holdings"] == counts["raw.tic_holdings"]
    assert all(after[f"raw.{d.name}"] == counts[f"raw.{d.name}"] for d in REFERENCE_DATASETS)
    assert after["meta.runs"] == counts["meta.runs"] + 1
