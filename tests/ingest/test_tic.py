"""TIC Major Foreign Holders: the parsers against the real layout and the snapshot, and the live source
over real HTTP against the local server (tests/fakefred.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd
import pytest

from selloff.ingest.snapshot import SnapshotHoldingsSource, default_snapshot
from selloff.ingest.sources import HOLDINGS_COLUMNS, SourceError
from selloff.ingest.tic import TicHoldingsSource, clean_country, merge_holdings, parse_current, parse_history
from selloff.ingest.validate import validate_holdings
from selloff.settings import Settings
from tests.fakefred import FakeFred, render_current, render_history, render_table5

SNAPSHOT = default_snapshot()
HOLDINGS = SnapshotHoldingsSource(SNAPSHOT).holdings()
VINTAGE = SNAPSHOT.snapshot_date
LAST_13 = HOLDINGS[HOLDINGS["date"] >= HOLDINGS["date"].max() - pd.DateOffset(months=12)].reset_index(
    drop=True
)


def _tabs(*cells: str) -> str:
    return "\t".join(cells)


def _line(label: str, values: str, trailing: int = 0) -> str:
    """A data row: the label, the space-separated amounts, then ``trailing`` empty cells."""
    return _tabs(label, *values.split(), *[""] * trailing)


# Lines copied verbatim from Treasury's history file as published 3/18/26 (the copy stored in
# DimuthuAttanayake/US_foreign_debt, mfhhis01.txt @ a2f19c5e, the file the snapshot was transcribed
# from): the 2011 block's break (Series 16/ XII vs XI, two June columns), the 2002 block's n.a. cells
# and footnoted labels, the 2000 block's March break in an 11-column block, the start of the footer.
REAL_EXCERPT = "\r\n".join(
    [
        _tabs("", "", "", "MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES", *[""] * 10),
        _tabs("", "", "", "", "    (in billions of dollars)", *[""] * 9),
        _tabs("", "", "", "", "HOLDINGS 1/ AT END OF PERIOD", *[""] * 9),
        _tabs(*[""] * 14),
        _tabs("", "Series 17/", "Series", "", "", "", "", "Series 16/", "Series", "", "", "", "", ""),
        _tabs("", " XIII", " XII", "", "", "", "", " XII", " XI", "", "", "", "", ""),
        _tabs("", "Dec", "Nov", "Oct", "Sep", "Aug", "Jul", "Jun", "Jun", "May", "Apr", "Mar", "Feb", "Jan"),
        _tabs("Country", *["2011"] * 13),
        _tabs("", *["------"] * 13),
        _line(
            '"China, Mainland"',
            "1151.9 1254.6 1256 1270.2 1278.5 1314.9 1307 1165.5 1159.8 1152.5 1144.9 1154.1 1154.7",
        ),
        _line("Oil Exporters 3/", "260.8 254.1 248.3 252.4 246 243.9 242.6 233.1 230 221.6 222.5 219 215.5"),
        _line(
            "United Kingdom 2/", "114.3 125.2 107.1 117.5 181.2 141 135.7 347 344.5 333.2 326.2 296.7 277.6"
        ),
        _line(
            "Grand Total",
            "5004.4 5008.8 4921.7 4912.1 4763.3 4667.9 4690.6 4533.6 4536.6 4496.5 4481.4 4466.9 4435.4",
        ),
        _tabs(*[""] * 14),
        _tabs("Of which:", *[""] * 13),
        _line(
            "  For. Official",
            "3620.6 3628.5 3600.7 3619.5 3517.2 3509.6 3514.6 3242 3242.8 3219.6 3183.3 3193.3 3184.1",
        ),
        _line(
            "    Treasury Bills",
            "357.2 378.7 374.5 387.3 409.2 392 411.1 411.1 423.2 421.7 414.9 432.4 438.9",
        ),
        _line(
            "    T-Bonds & Notes",
            "3263.4 3249.9 3226.2 3232.2 3108 3117.6 3103.5 2830.9 2819.6 2798 2768.4 2760.9 2745.2",
        ),
        _tabs(*[""] * 14),
        _tabs("", "", "", "", "", "", "", "Series 7/", "Series", "", "", "", "", ""),
        _tabs("", "", "", "", "", "", "", "III", "II", "", "", "", "", ""),
        _tabs("", "Dec", "Nov", "Oct", "Sep", "Aug", "Jul", "Jun", "Jun", "May", "Apr", "Mar", "Feb", "Jan"),
        _tabs("Country", *["2002"] * 13),
        _tabs("", *["------"] * 13),
        _line("Luxembourg", "23.9 23.7 23.3 23.8 22.8 22.9 23.1 n.a. n.a. n.a. n.a. n.a. n.a."),
        _line("Spain ", "19.1 17.2 14.5 15.4 17.5 16.8 16.5 15 14.7 14.5 15.8 16.5 17.5"),
        _line("Belgium  5/", "13 13.2 12.8 13.2 13.3 11.6 11.3 22.9 21.7 21.8 22.4 21.2 21.8"),
        _tabs(*[""] * 14),
        _tabs("", "", "", "", "", "", "", "", "", "", "Series 6/", "Series", "", ""),
        _tabs("", "", "", "", "", "", "", "", "", "", "  II", "I", "", ""),
        _tabs("", "Dec", "Nov", "Oct", "Sep", "Aug", "Jul", "Jun", "May", "Apr", "Mar", "Mar", "", ""),
        _tabs("Country", *["2000"] * 11, "", ""),
        _tabs("", *["------"] * 11, "", ""),
        _line("United Kingdom 2/", "50.2 54.5 60.4 64.3 66.4 63.1 68.1 77.5 77.7 78.6 235.7", trailing=2),
        _line("Belgium-Luxembourg ", "29.6 24.3 23.4 23.3 24.6 25 25.2 25.3 26.1 27.1 26.4", trailing=2),
        _line('"Korea, South "', "29.6 27.3 28.3 28.1 27.5 28.1 28.9 25.8 25 24.7 27.1", trailing=2),
        _tabs(*[""] * 14),
        _tabs("Department of the Treasury/Federal Reserve Board", *[""] * 13),
        _tabs("3/18/26", *[""] * 13),
        _tabs('"(2025 revised March 18, 2026)"', *[""] * 13),
        _tabs("*     Less than $50 million.", *[""] * 13),
        "",
    ]
)


def _row(frame: pd.DataFrame, country: str, month: str) -> pd.Series:
    rows = frame[(frame["country"] == country) & (frame["date"] == pd.Timestamp(month))]
    assert len(rows) == 1, f"{country} {month}: {len(rows)} rows"
    return rows.iloc[0]


# --- the parsers -------------------------------------------------------------------------------------


def test_the_real_history_layout_parses_with_both_columns_at_breaks() -> None:
    parsed = parse_history(REAL_EXCERPT)
    china = _row(parsed, "China, Mainland", "2011-06-01")
    assert (china["holdings_usd_bn"], china["holdings_old_series_usd_bn"]) == (1307.0, 1165.5)
    assert _row(parsed, "China, Mainland", "2011-12-01")["holdings_usd_bn"] == 1151.9
    assert np.isnan(_row(parsed, "China, Mainland", "2011-07-01")["holdings_old_series_usd_bn"])
    uk = _row(parsed, "United Kingdom", "2000-03-01")  # the March 2000 break, in an 11-column block
    assert (uk["holdings_usd_bn"], uk["holdings_old_series_usd_bn"]) == (78.6, 235.7)
    bills = _row(parsed, "For. Official - Treasury Bills", "2011-06-01")
    assert (bills["holdings_usd_bn"], bills["holdings_old_series_usd_bn"]) == (411.1, 411.1)
    luxembourg = parsed[parsed["country"] == "Luxembourg"]  # n.a. Jan-May 2002 and in the old June column
    assert luxembourg["date"].tolist() == [pd.Timestamp(f"2002-{m:02d}-01") for m in range(6, 13)]
    assert np.isnan(_row(parsed, "Luxembourg", "2002-06-01")["holdings_old_series_usd_bn"])
    assert set(parsed["country"]) == {
        "China, Mainland",
        "Oil Exporters",
        "United Kingdom",
        "Grand Total",
        "For. Official",
        "For. Official - Treasury Bills",
        "For. Official - T-Bonds & Notes",
        "Luxembourg",
        "Spain",
        "Belgium",
        "Belgium-Luxembourg",
        "Korea, South",
    }
    # 2011: 7 rows x 12 months (13 columns: June twice); 2002: Luxembourg Jun-Dec, Spain, Belgium;
    # 2000: 3 rows x Mar-Dec (11 columns: March twice)
    assert len(parsed) == 7 * 12 + (7 + 12 + 12) + 3 * 10
    assert parsed["realtime_start"].isna().all()


def test_the_real_excerpt_agrees_with_the_snapshot_transcribed_from_the_same_file() -> None:
    parsed = parse_history(REAL_EXCERPT)
    merged = parsed.merge(HOLDINGS, on=["country", "date"], suffixes=("", "_snapshot"), validate="1:1")
    assert len(merged) == len(parsed)
    np.testing.assert_array_equal(merged["holdings_usd_bn"], merged["holdings_usd_bn_snapshot"])
    np.testing.assert_array_equal(
        merged["holdings_old_series_usd_bn"], merged["holdings_old_series_usd_bn_snapshot"]
    )


def test_history_round_trip_equals_the_snapshot() -> None:
    parsed = parse_history(render_history(HOLDINGS), realtime_start=VINTAGE)
    pd.testing.assert_frame_equal(parsed, HOLDINGS)


def test_every_break_month_keeps_both_columns() -> None:
    parsed = parse_history(render_history(HOLDINGS), realtime_start=VINTAGE)
    old = parsed[parsed["holdings_old_series_usd_bn"].notna()]
    assert len(old) == 369
    expected = {pd.Timestamp("2000-03-01")} | {pd.Timestamp(f"{y}-06-01") for y in range(2002, 2012)}
    assert set(old["date"]) == expected
    assert old["holdings_usd_bn"].notna().all()
    assert (old["holdings_old_series_usd_bn"] != old["holdings_usd_bn"]).any()


@pytest.mark.parametrize(
    ("render", "label"), [(render_current, "legacy fixed-width mfh.txt"), (render_table5, "SLT Table 5")]
)
def test_current_file_round_trip_equals_the_snapshots_last_13_months(render: object, label: str) -> None:
    text = render(HOLDINGS)  # type: ignore[operator]
    parsed = parse_current(text, realtime_start=VINTAGE)
    pd.testing.assert_frame_equal(parsed, LAST_13, obj=label)


def test_a_tabbed_legacy_current_file_parses_too() -> None:
    # the current file in the history's tab-separated layout (13 months, one block)
    text = render_history(LAST_13)
    pd.testing.assert_frame_equal(parse_current(text, realtime_start=VINTAGE), LAST_13)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("United Kingdom 2/", "United Kingdom"),
        ("Belgium  5/", "Belgium"),
        ('"Korea, South "', "Korea, South"),
        ("Carib Bnkng Ctrs 4/", "Carib Bnkng Ctrs"),
        ("Spain ", "Spain"),
        ("  For. Official", "For. Official"),
        ("    Treasury Bills", "For. Official - Treasury Bills"),
        ("    T-Bonds & Notes", "For. Official - T-Bonds & Notes"),
        ("Of Which: Foreign Official", "For. Official"),
        ("Of Which: Foreign Official Treasury Bills", "For. Official - Treasury Bills"),
        ("All Other", "All Other"),
        ("Grand Total", "Grand Total"),
    ],
)
def test_labels_are_cleaned_like_the_snapshot(raw: str, clean: str) -> None:
    assert clean_country(raw) == clean


def test_current_file_wins_for_the_months_it_prints() -> None:
    current = LAST_13.copy()
    japan_latest = (current["country"] == "Japan") & (current["date"] == pd.Timestamp("2025-12-01"))
    current.loc[japan_latest, "holdings_usd_bn"] = 1.0
    merged = merge_holdings(current, HOLDINGS)
    assert _row(merged, "Japan", "2025-12-01")["holdings_usd_bn"] == 1.0
    assert (
        _row(merged, "Japan", "2024-11-01")["holdings_usd_bn"]
        == _row(HOLDINGS, "Japan", "2024-11-01")["holdings_usd_bn"]
    )
    assert len(merged) == len(HOLDINGS)


def test_a_stale_current_file_does_not_overwrite_newer_history(caplog: pytest.LogCaptureFixture) -> None:
    # mfh.txt stopped being updated in 2023; an old copy must not replace revised history months
    stale = HOLDINGS[HOLDINGS["date"].between("2022-01-01", "2023-01-01")].copy()
    stale["holdings_usd_bn"] = stale["holdings_usd_bn"] + 1.0
    merged = merge_holdings(stale.reset_index(drop=True), HOLDINGS)
    pd.testing.assert_frame_equal(merged, HOLDINGS)
    assert "stale" in caplog.text


GOOD_BLOCK = REAL_EXCERPT.split("\r\n")[:19]  # the title and the 2011 block


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no 'Country' header row"),
        ("<html><body>404 Not Found</body></html>", "no 'Country' header row"),
        ("\r\n".join(GOOD_BLOCK[:9]), "headers but no holdings rows"),
        (
            "\r\n".join([*GOOD_BLOCK[:10], "Japan\t1058.1\t1066.2\tabc"]),
            r"line 11 \(Japan\): non-numeric amount 'abc'",
        ),
        ("\r\n".join([*GOOD_BLOCK[:6], "Country\t2011\t2011", "Japan\t1\t2"]), "no month-name row above"),
        ("\r\n".join([*GOOD_BLOCK[:9], "Japan\t" + "\t".join(["1"] * 14)]), "is under no month header"),
        ("\r\n".join([*GOOD_BLOCK[:9], "Country\tDec\tNov"]), "neither years nor YYYY-MM months"),
        ("\r\n".join([*GOOD_BLOCK[:10], GOOD_BLOCK[9]]), "appears twice in one block"),
    ],
)
def test_a_malformed_file_is_a_source_error_naming_tic(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        parse_history(text)
    assert info.value.dataset == "TIC"
    assert str(info.value).startswith("TIC: history file")


# --- the live source over HTTP -----------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeFred]:
    with FakeFred() as fake:
        yield fake


def make_source(
    server: FakeFred, sleeps: list[float], current_url: str | None = None, **options: object
) -> TicHoldingsSource:
    options.setdefault("timeout_s", 5.0)
    return TicHoldingsSource(
        current_url or server.tic_current_url,
        server.tic_history_url,
        today=lambda: VINTAGE,
        sleep=sleeps.append,
        backoff_initial_seconds=0.01,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("current", ["mfh.txt", "slt_table5.txt"])
def test_the_source_fetches_both_files_and_equals_the_snapshot(server: FakeFred, current: str) -> None:
    url = server.tic_current_url if current == "mfh.txt" else server.tic_table5_url
    source = make_source(server, [], current_url=url)
    frame = source.holdings()
    pd.testing.assert_frame_equal(frame, HOLDINGS)
    assert list(frame.columns) == list(HOLDINGS_COLUMNS)
    assert (frame["realtime_start"] == pd.Timestamp(VINTAGE)).all()
    assert source.requests_made() == 2
    assert sorted(r.path for r in server.requests) == sorted(["/tic/mfhhis01.txt", f"/tic/{current}"])
    validate_holdings(frame, run_date=VINTAGE)


def test_the_source_prefers_the_current_file(server: FakeFred) -> None:
    server.revise_tic_current("Japan", date(2025, 12, 1), 1234.5)
    frame = make_source(server, []).holdings()
    assert _row(frame, "Japan", "2025-12-01")["holdings_usd_bn"] == 1234.5
    assert _row(parse_history(render_history(HOLDINGS)), "Japan", "2025-12-01")["holdings_usd_bn"] == 1185.5


def test_a_missing_file_fails_fast_naming_tic(server: FakeFred) -> None:
    sleeps: list[float] = []
    server.fail(404, times=None, endpoint="tic")
    source = make_source(server, sleeps)
    with pytest.raises(
        SourceError, match=r"^TIC: history file http://127\.0\.0\.1:\d+/tic/mfhhis01\.txt: HTTP 404$"
    ):
        source.holdings()
    assert source.requests_made() == 1
    assert sleeps == []


def test_server_errors_and_timeouts_are_retried(server: FakeFred) -> None:
    """A 503 and a reply that never comes (held until the server stops) are each retried.

    Not tied to the machine's speed: the held reply outlasts any timeout, and the client's generous
    timeout (make_source's 5 s) is for normal replies, which a loaded machine may slow down; so the
    requests are checked against what the server saw and the faults it served, not an exact count
    that an extra timeout-and-retry under load would break (it did with a 0.5 s timeout)."""
    sleeps: list[float] = []
    unavailable = server.fail(503, times=1, endpoint="tic")
    held = server.slow(3600.0, times=1, endpoint="tic")
    source = make_source(server, sleeps, max_attempts=6)
    pd.testing.assert_frame_equal(source.holdings(), HOLDINGS)
    assert (unavailable.served, held.served) == (1, 1)
    assert source.requests_made() == len(server.requests_matching(endpoint="tic")) >= 4
    assert len(sleeps) == source.requests_made() - 2  # one backoff per retry, two files fetched


def test_persistent_server_errors_give_up_after_max_attempts(server: FakeFred) -> None:
    server.fail(500, times=None, endpoint="tic")
    source = make_source(server, [], max_attempts=2)
    with pytest.raises(SourceError, match=r"HTTP 500 \(gave up after 2 attempts\)$") as info:
        source.holdings()
    assert info.value.__context__ is None
    assert info.value.__cause__ is None
    assert source.requests_made() == 2


def test_an_unreadable_file_is_a_source_error_naming_tic(server: FakeFred) -> None:
    server.set_tic_file("mfhhis01.txt", "<html><body>Service temporarily unavailable</body></html>")
    with pytest.raises(SourceError, match=r"^TIC: history file: no 'Country' header row"):
        make_source(server, []).holdings()


def test_settings_build_the_source(server: FakeFred) -> None:
    settings = Settings(tic_current_url=server.tic_table5_url, tic_history_url=server.tic_history_url)
    source = TicHoldingsSource.from_settings(settings)
    assert source.name == "tic"
    assert len(source.holdings()) == len(HOLDINGS)
