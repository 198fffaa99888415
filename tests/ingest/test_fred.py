"""The live FRED source over real HTTP against the local FRED-compatible server (tests/fakefred.py).

Nothing here mocks selloff's own functions: every request crosses a socket to ``FakeFred``, which
records what it saw, so counts, retries and pacing are asserted at the server.
"""

from __future__ import annotations

import logging
import threading
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import fredapi.fred
import numpy as np
import pandas as pd
import pytest

from selloff.ingest.catalog import series_ids
from selloff.ingest.fred import (
    FredConnectionError,
    FredDeadlineError,
    FredError,
    FredRequestError,
    FredResponseError,
    FredSeriesSource,
    FredServerError,
    FredTimeoutError,
    SlidingWindowLimiter,
)
from selloff.ingest.snapshot import SnapshotSeriesSource, default_snapshot
from selloff.ingest.sources import OBSERVATION_COLUMNS, SourceError
from selloff.settings import MissingFredKeyError, Settings
from tests.fakefred import FIRST_RELEASE_LAG, TEST_KEY, FakeFred

BACKOFF_INITIAL = 0.01


@pytest.fixture
def server() -> Iterator[FakeFred]:
    with FakeFred() as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff waits, recorded instead of slept."""
    return []


@pytest.fixture
def source(server: FakeFred, sleeps: list[float]) -> FredSeriesSource:
    return make_source(server, sleeps)


def make_source(server: FakeFred, sleeps: list[float], **overrides: Any) -> FredSeriesSource:
    """A source with fast pacing (the real rate has its own test) and recorded backoff."""
    options: dict[str, Any] = {
        "base_url": server.url,
        "max_requests": 1000,
        "window_seconds": 0.01,
        "timeout_seconds": 5.0,
        "max_attempts": 4,
        "backoff_initial_seconds": BACKOFF_INITIAL,
        "backoff_max_seconds": 1.0,
        "sleep": sleeps.append,
    }
    options.update(overrides)
    key = options.pop("api_key", TEST_KEY)
    return FredSeriesSource(key, **options)


SNAPSHOT = SnapshotSeriesSource(default_snapshot())


# --- rows and values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("series_id", series_ids())
def test_observations_equal_the_snapshot(server: FakeFred, source: FredSeriesSource, series_id: str) -> None:
    frame = source.observations(series_id)
    expected = SNAPSHOT.observations(series_id)
    assert list(frame.columns) == list(OBSERVATION_COLUMNS)
    assert len(frame) == len(expected)
    np.testing.assert_array_equal(
        frame["date"].to_numpy(), expected["date"].to_numpy().astype("datetime64[s]")
    )
    # FRED's "." (empty in the snapshot's CSV) comes back as NaN in the same rows
    np.testing.assert_array_equal(frame["value"].to_numpy(), expected["value"].to_numpy())
    assert frame["value"].dtype == "float64"
    # a plain request: FRED stamps every row with today's real-time period, parsed from the XML
    today = pd.Timestamp(server.today)
    assert (frame["realtime_start"] == today).all()
    assert (frame["realtime_end"] == today).all()
    assert source.requests_for(series_id) == 1
    assert len(server.requests_matching(series_id=series_id)) == 1


def test_series_info_is_one_request_and_keeps_last_updated_verbatim(
    server: FakeFred, source: FredSeriesSource
) -> None:
    server.set_last_updated("GS10", "2026-11-27 15:16:02-06")
    info = source.series_info("GS10")
    assert info.last_updated == "2026-11-27 15:16:02-06"
    assert (info.series_id, info.source, info.frequency, info.units) == ("GS10", "fred", "Monthly", "Percent")
    assert info.observation_start == date(1953, 4, 1)
    assert source.requests_for("GS10") == 1
    assert [r.endpoint for r in server.requests] == ["series"]


def test_dot_values_are_nan_and_kept(server: FakeFred, source: FredSeriesSource) -> None:
    server.set_missing("GS10", date(2020, 1, 1))
    frame = source.observations("GS10")
    row = frame[frame["date"] == pd.Timestamp("2020-01-01")]
    assert len(row) == 1
    assert np.isnan(row["value"].iloc[0])
    assert len(frame) == len(SNAPSHOT.observations("GS10"))


def test_a_revision_moves_last_updated_and_changes_the_value(
    server: FakeFred, source: FredSeriesSource
) -> None:
    before = source.series_info("GS10").last_updated
    server.revise("GS10", date(2020, 1, 1), 9.99)
    after = source.series_info("GS10").last_updated
    assert after != before
    frame = source.observations("GS10")
    assert frame.loc[frame["date"] == pd.Timestamp("2020-01-01"), "value"].item() == 9.99


def test_incremental_observation_start_is_honoured(server: FakeFred, source: FredSeriesSource) -> None:
    frame = source.observations("GS10", observation_start=date(2020, 1, 1))
    expected = SNAPSHOT.observations("GS10", observation_start=date(2020, 1, 1))
    assert frame["date"].min() == pd.Timestamp("2020-01-01")
    np.testing.assert_array_equal(frame["value"].to_numpy(), expected["value"].to_numpy())
    (request,) = server.requests
    assert request.params["observation_start"] == "2020-01-01"


def test_observations_are_paged_one_request_per_page(server: FakeFred, sleeps: list[float]) -> None:
    source = make_source(server, sleeps, page_size=100)
    frame = source.observations("GS10")
    assert len(frame) == 879
    np.testing.assert_array_equal(
        frame["value"].to_numpy(), SNAPSHOT.observations("GS10")["value"].to_numpy()
    )
    assert source.requests_for("GS10") == 9
    assert [r.params["offset"] for r in server.requests] == [str(100 * k) for k in range(9)]


# --- retries -----------------------------------------------------------------------------------------


def test_429_burst_then_success_counts_every_retry(
    server: FakeFred, source: FredSeriesSource, sleeps: list[float]
) -> None:
    server.fail(429, times=3, series_id="GS10", endpoint="observations")
    frame = source.observations("GS10")
    assert len(frame) == 879
    assert source.requests_for("GS10") == 4
    assert [r.status for r in server.requests] == [429, 429, 429, 200]
    # exponential backoff with jitter: wait k is at least initial * 2**(k-1), at most that + initial
    assert len(sleeps) == 3
    for k, wait in enumerate(sleeps):
        assert BACKOFF_INITIAL * 2**k <= wait <= BACKOFF_INITIAL * 2**k + BACKOFF_INITIAL


def test_retry_after_is_honoured(server: FakeFred, sleeps: list[float]) -> None:
    source = make_source(server, sleeps, backoff_initial_seconds=0.001)
    server.fail(429, times=1, series_id="GS10", retry_after_s=0.5)
    source.series_info("GS10")
    assert sleeps == [pytest.approx(0.5)]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_run_then_success(server: FakeFred, source: FredSeriesSource, status: int) -> None:
    server.fail(status, times=2, series_id="GS2")
    assert len(source.observations("GS2")) == len(SNAPSHOT.observations("GS2"))
    assert source.requests_for("GS2") == 3


def test_permanent_5xx_gives_up_after_max_attempts(
    server: FakeFred, source: FredSeriesSource, sleeps: list[float]
) -> None:
    server.fail(503, times=None, series_id="GS10")
    with pytest.raises(FredServerError) as info:
        source.observations("GS10")
    error = info.value
    assert isinstance(error, SourceError)
    assert (error.dataset, error.permanent, error.status, error.attempts) == ("GS10", False, 503, 4)
    assert str(error).startswith("GS10: HTTP 503")
    assert "gave up after 4 attempts" in str(error)
    assert source.requests_for("GS10") == 4 == len(server.requests)
    assert len(sleeps) == 3


def test_timeout_is_retried(server: FakeFred, sleeps: list[float]) -> None:
    source = make_source(server, sleeps, timeout_seconds=0.5)
    server.slow(3.0, times=1, series_id="GS10")
    assert len(source.observations("GS10")) == 879
    assert source.requests_for("GS10") == 2


def test_timeouts_give_up_after_max_attempts(server: FakeFred, sleeps: list[float]) -> None:
    source = make_source(server, sleeps, timeout_seconds=0.2, max_attempts=2)
    server.slow(3.0, times=None, series_id="GS10")
    with pytest.raises(FredTimeoutError, match=r"^GS10: no reply within 0.2 s \(gave up after 2 attempts\)"):
        source.series_info("GS10")
    assert source.requests_for("GS10") == 2


def test_truncated_body_is_retried(server: FakeFred, source: FredSeriesSource) -> None:
    # Content-Length announced, half the body sent, connection closed: a transport failure
    server.truncate(times=1, series_id="GS10")
    assert len(source.observations("GS10")) == 879
    assert source.requests_for("GS10") == 2


def test_always_truncated_body_is_a_clear_error(server: FakeFred, source: FredSeriesSource) -> None:
    server.truncate(times=None, series_id="GS10")
    with pytest.raises(
        FredConnectionError, match=r"^GS10: the reply was cut short .*gave up after 4 attempts"
    ):
        source.observations("GS10")


# --- failing fast ------------------------------------------------------------------------------------


def test_unknown_series_fails_fast_naming_it(
    server: FakeFred, source: FredSeriesSource, sleeps: list[float]
) -> None:
    with pytest.raises(FredRequestError) as info:
        source.observations("NOSUCHSERIES")
    error = info.value
    assert str(error) == "NOSUCHSERIES: HTTP 400 from FRED: Bad Request.  The series does not exist."
    assert error.fred_message == "Bad Request.  The series does not exist."
    assert error.permanent
    assert error.status == 400
    assert source.requests_for("NOSUCHSERIES") == 1 == len(server.requests)
    assert sleeps == []


def test_a_series_fred_drops_fails_fast_in_series_info(server: FakeFred, source: FredSeriesSource) -> None:
    server.unknown("GS5")
    with pytest.raises(FredRequestError, match=r"^GS5: .*The series does not exist"):
        source.series_info("GS5")
    assert len(server.requests) == 1


def test_404_fails_fast(server: FakeFred, source: FredSeriesSource) -> None:
    server.fail(404, times=None, series_id="GS10")
    with pytest.raises(FredRequestError, match=r"^GS10: HTTP 404"):
        source.series_info("GS10")
    assert len(server.requests) == 1


def test_malformed_xml_is_a_clear_error_and_not_retried(server: FakeFred, source: FredSeriesSource) -> None:
    server.malformed(times=None, series_id="GS10")
    with pytest.raises(FredResponseError, match=r"^GS10: FRED's reply is not well-formed XML"):
        source.observations("GS10")
    assert source.requests_for("GS10") == 1


def test_well_formed_but_wrong_xml_is_a_clear_error(server: FakeFred, source: FredSeriesSource) -> None:
    no_realtime = b'<observations count="1"><observation date="2020-01-01" value="1.5"/></observations>'
    server.malformed(series_id="GS10", body=no_realtime)
    with pytest.raises(
        FredResponseError, match=r"^GS10: .* malformed: an observation has no 'realtime_start'"
    ):
        source.observations("GS10")
    bad_value = (
        b'<observations count="1"><observation realtime_start="2026-01-01" realtime_end="2026-01-01"'
        b' date="2020-01-01" value="abc"/></observations>'
    )
    server.malformed(series_id="GS10", body=bad_value)
    with pytest.raises(FredResponseError, match=r"^GS10: .* malformed: non-numeric value 'abc'"):
        source.observations("GS10")


def test_invalid_series_id_makes_no_request(server: FakeFred, source: FredSeriesSource) -> None:
    with pytest.raises(FredRequestError, match="not a valid FRED series id"):
        source.observations("GS10&api_key=stolen")
    assert server.requests == []


def test_a_wrong_key_is_refused_like_fred_does(server: FakeFred, sleeps: list[float]) -> None:
    wrong = "zzzzzzzzzz9999999999zzzzzzzzzz99"
    source = make_source(server, sleeps, api_key=wrong)
    with pytest.raises(FredRequestError, match="api_key is not registered") as info:
        source.series_info("GS10")
    assert wrong not in "".join(traceback.format_exception(info.value))
    assert server.requests[0].key_ok is False


# --- the key stays secret ----------------------------------------------------------------------------

SCENARIOS: dict[str, Callable[[FakeFred], object]] = {
    "echoed in FRED's message": lambda s: s.echo_key(times=None, series_id="GS10"),
    "5xx after retries": lambda s: s.fail(503, times=None, series_id="GS10"),
    "429 after retries": lambda s: s.fail(429, times=None, series_id="GS10"),
    "malformed body": lambda s: s.malformed(times=None, series_id="GS10"),
    "truncated body": lambda s: s.truncate(times=None, series_id="GS10"),
    "timeout": lambda s: s.slow(3.0, times=None, series_id="GS10"),
    # D10: an HTML error page reaching the key at character ~282 (past the 300-character cut, which
    # used to come before the scrub and leave half of the key), and an upper-cased echo
    "echoed at character 282 of an HTML page": lambda s: s.echo_key(times=None, series_id="GS10", at=282),
    "echoed upper-cased": lambda s: s.echo_key(times=None, series_id="GS10", upper=True),
    "echoed upper-cased at character 282": lambda s: s.echo_key(
        times=None, series_id="GS10", at=282, upper=True
    ),
}


def key_fragments(text: str, size: int = 8) -> list[str]:
    """The runs of ``size`` characters of the key found in ``text``, in any letter case."""
    folded, key = text.lower(), TEST_KEY.lower()
    return [key[i : i + size] for i in range(len(key) - size + 1) if key[i : i + size] in folded]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_key_never_appears_in_errors_tracebacks_or_logs(
    server: FakeFred, sleeps: list[float], caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    caplog.set_level(logging.DEBUG)
    source = make_source(server, sleeps, timeout_seconds=0.2, max_attempts=2)
    SCENARIOS[scenario](server)
    with pytest.raises(FredError) as info:
        source.observations("GS10")
    error = info.value
    # no chained exception (urllib's HTTPError keeps the keyed URL) and nothing of the key in any text
    assert error.__cause__ is None
    assert error.__context__ is None
    texts = [str(error), repr(error), "".join(traceback.format_exception(error)), caplog.text, repr(source)]
    for text in texts:
        assert TEST_KEY not in text
        assert key_fragments(text) == [], text
    if "character 282" in scenario:  # the page's text up to the key survives: only the key went
        assert "The proxy could not complete your request" in str(error)
        assert "key *** was sent" in str(error)
    if scenario == "echoed in FRED's message":
        # the server really did send the key back: the scrub is what removed it
        assert "api_key=***" in str(error)
        assert "(api key ***)" in str(error)
    if error.retryable:
        assert "retrying in" in caplog.text  # the retries were logged, without the key


def test_fredapi_module_globals_are_left_alone(server: FakeFred, source: FredSeriesSource) -> None:
    opener_before = urllib.request._opener  # type: ignore[attr-defined]
    source.series_info("GS10")
    source.observations("GS10")
    assert fredapi.fred.urlopen is urllib.request.urlopen
    assert urllib.request._opener is opener_before  # type: ignore[attr-defined]
    assert "api_key" not in "".join(str(r.params) for r in server.requests)
    assert all(r.key_ok for r in server.requests)


def test_settings_build_the_source_and_a_missing_key_says_where_to_set_it(server: FakeFred) -> None:
    settings = Settings(FRED_API_KEY=TEST_KEY, fred_api_url=server.url, fred_max_requests=100)
    source = FredSeriesSource.from_settings(settings)
    assert source.series_info("GS1").series_id == "GS1"
    assert TEST_KEY not in repr(source)
    with pytest.raises(MissingFredKeyError, match="FRED_API_KEY"):
        FredSeriesSource.from_settings(Settings())


@pytest.mark.parametrize("key", ["", "   ", "has space in it"])
def test_bad_keys_are_refused_without_echoing_them(key: str) -> None:
    with pytest.raises(ValueError, match="FRED API key") as info:
        FredSeriesSource(key)
    assert key.strip() == "" or key not in str(info.value)


# --- counting and pacing -----------------------------------------------------------------------------


def test_requests_for_is_thread_safe(server: FakeFred, source: FredSeriesSource) -> None:
    ids = ["GS1", "GS2", "GS5", "GS10"]

    def work() -> None:
        for sid in ids:
            source.series_info(sid)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {sid: source.requests_for(sid) for sid in ids} == dict.fromkeys(ids, 8)
    assert source.requests_made() == 32 == len(server.requests)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_limiter_allows_n_per_sliding_window() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock, sleep=clock.sleep)
    starts = [limiter.acquire(2, 1.0) for _ in range(5)]
    assert starts == pytest.approx([0.0, 0.0, 1.0, 1.0, 2.0])
    clock.now = 10.0
    with_margin = [limiter.acquire(2, 1.0, 0.05) for _ in range(4)]
    assert with_margin == pytest.approx([10.0, 10.0, 11.05, 11.05])


def test_limiter_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="max_requests >= 1"):
        SlidingWindowLimiter().acquire(0, 1.0)


@pytest.mark.slow
def test_real_rate_holds_at_the_server_across_threads_instances_and_retries(server: FakeFred) -> None:
    """Two per any 1-second window, measured at the server, with two sources sharing the process-wide
    limiter from four threads, and retried 429s counted against the same allowance."""
    sources = [FredSeriesSource(TEST_KEY, base_url=server.url, backoff_initial_seconds=0.0) for _ in range(2)]
    server.fail(429, times=2, series_id="GS2")
    jobs = [
        (sources[i % 2], sid)
        for i, sid in enumerate(["GS1", "GS2", "GS5", "GS10", "GS30", "TB3MS", "FEDFUNDS", "GDP"])
    ]

    def work(k: int) -> None:
        for src, sid in jobs[k::4]:
            src.series_info(sid)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.requests) == 10  # 8 series + 2 retried 429s
    assert sum(s.requests_made() for s in sources) == 10
    assert server.max_arrivals_in_window(1.0) <= 2

    # the measurement can fail: an unpaced burst of three is seen as three
    server.clear_requests()
    burst = FredSeriesSource(TEST_KEY, base_url=server.url, limiter=SlidingWindowLimiter(), max_requests=100)
    for sid in ["GS1", "GS2", "GS5"]:
        burst.series_info(sid)
    assert server.max_arrivals_in_window(1.0) == 3


# --- ALFRED vintages ---------------------------------------------------------------------------------


def test_vintages_are_chunked_under_freds_cap_and_joined(server: FakeFred, sleeps: list[float]) -> None:
    # FRED refuses the whole real-time period of a daily series: more than 2000 vintage dates
    query = "series_id=THREEFYTP10&realtime_start=1776-07-04&realtime_end=9999-12-31"
    url = f"{server.url}/series/observations?{query}&api_key={TEST_KEY}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert b"exceeds the maximum number of vintage dates allowed (2000)" in refused.value.read()
    server.clear_requests()

    source = make_source(server, sleeps)
    chunked = source.observations("THREEFYTP10", vintages=True)
    # the server dates each observation's first vintage FIRST_RELEASE_LAG after it (at most today)
    dates = SNAPSHOT.observations("THREEFYTP10")["date"]
    n_vintages = len({min(d.date() + FIRST_RELEASE_LAG, server.today) for d in dates})
    chunks = -(-n_vintages // 2000)
    assert chunks >= 2
    assert [r.endpoint for r in server.requests] == ["vintagedates"] + ["observations"] * chunks
    assert all(r.status == 200 for r in server.requests)

    server.max_vintage_dates = 10**6  # a FRED without the cap answers in one request
    whole = make_source(server, sleeps, max_vintage_dates=2000).observations("THREEFYTP10", vintages=True)
    pd.testing.assert_frame_equal(chunked, whole)
    assert len(chunked) == len(SNAPSHOT.observations("THREEFYTP10"))  # no revisions: one vintage per date


def test_vintages_show_a_revision_as_two_periods(server: FakeFred, source: FredSeriesSource) -> None:
    server.revise("GS10", date(2020, 1, 1), 9.99, vintage=date(2026, 6, 1))
    frame = source.observations("GS10", vintages=True)
    rows = frame[frame["date"] == pd.Timestamp("2020-01-01")]
    assert rows["value"].tolist() == [1.76, 9.99]
    assert rows["realtime_end"].iloc[0] == pd.Timestamp("2026-05-31")
    assert rows["realtime_start"].iloc[1] == pd.Timestamp("2026-06-01")
    assert rows["realtime_end"].iloc[1] == pd.Timestamp("9999-12-31")


def test_latency_for_benchmarks_delays_but_does_not_break_replies(
    server: FakeFred, source: FredSeriesSource
) -> None:
    server.set_latency((0.01, 0.03))
    assert len(source.observations("GS1")) == len(SNAPSHOT.observations("GS1"))
    with pytest.raises(ValueError, match="latency range"):
        server.set_latency((0.3, 0.1))


# --- deadlines, page caps, redirects (D3, D5) --------------------------------------------------------

HANG_GUARD_S = 120.0
"""Only stops a regression from hanging the suite; never a performance assertion (the fixed client
finishes within its own deadlines of a few seconds; the unfixed one would read for many minutes)."""


def finishes(call: Callable[[], object]) -> BaseException | object:
    """Run ``call`` in a thread; its exception or result. Fails if it is still running after the guard."""
    outcome: list[BaseException | object] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_S)
    assert not thread.is_alive(), f"still reading after {HANG_GUARD_S:g} s: no overall deadline"
    return outcome[0]


def test_a_reply_trickling_a_byte_at_a_time_is_cut_off_at_the_request_deadline(
    server: FakeFred, sleeps: list[float]
) -> None:
    # each byte comes well within the per-read timeout, so only an overall deadline stops the read
    source = make_source(server, sleeps, timeout_seconds=10.0, request_deadline_seconds=1.0, max_attempts=2)
    server.trickle(0.5, times=None, series_id="GS10", endpoint="series")
    error = finishes(lambda: source.series_info("GS10"))
    assert isinstance(error, FredTimeoutError), error
    assert str(error).startswith("GS10: no complete reply within 1 s (gave up after 2 attempts)")
    assert source.requests_for("GS10") == 2


def test_retries_stop_at_the_call_deadline(server: FakeFred, sleeps: list[float]) -> None:
    # 1 s per request, 1.5 s per call: the second attempt gets what is left, the third is never made
    source = make_source(
        server,
        sleeps,
        timeout_seconds=10.0,
        request_deadline_seconds=1.0,
        call_deadline_seconds=1.5,
        max_attempts=50,
    )
    server.trickle(0.5, times=None, series_id="GS10", endpoint="observations")
    error = finishes(lambda: source.observations("GS10"))
    assert isinstance(error, FredDeadlineError), error
    assert str(error).startswith("GS10: no complete answer within 1.5 s (the call deadline)")
    assert 2 <= source.requests_for("GS10") < 50


def test_a_page_count_beyond_what_the_window_holds_is_refused_at_once(
    server: FakeFred, sleeps: list[float]
) -> None:
    source = make_source(server, sleeps, page_size=100)
    server.bottomless(count=1_000_000_000, series_id="GS10")
    error = finishes(lambda: source.observations("GS10"))
    assert isinstance(error, FredResponseError), error
    assert "claims 1,000,000,000 observations, more than the" in str(error)
    assert source.requests_for("GS10") == 1


def test_pages_that_ignore_offset_are_refused_on_the_second_page(
    server: FakeFred, sleeps: list[float]
) -> None:
    source = make_source(server, sleeps, page_size=100)
    server.bottomless(count=2_000, series_id="GS10")  # plausible, but every page is the first one
    error = finishes(lambda: source.observations("GS10"))
    assert isinstance(error, FredResponseError), error
    assert "rows already received for offset 100 (offset ignored?)" in str(error)
    assert source.requests_for("GS10") == 2


def test_a_redirect_on_fred_is_followed_through_the_pacer(
    server: FakeFred, sleeps: list[float], tmp_path: Path
) -> None:
    log = tmp_path / "pacing.log"
    source = make_source(server, sleeps, pacing_log=log)
    server.redirect(times=2, series_id="GS10", endpoint="series")  # to the same URL, key echoed in it
    info = source.series_info("GS10")
    assert info.series_id == "GS10"
    # every hop went through the limiter (urllib used to follow them unpaced) and carried the key once
    assert source.requests_for("GS10") == 3 == len(server.requests)
    assert [line.split("\t")[1] for line in log.read_text().splitlines()] == ["GS10"] * 3
    assert [r.status for r in server.requests] == [302, 302, 200]


def test_a_redirect_to_another_host_is_refused_and_not_followed(
    server: FakeFred, sleeps: list[float]
) -> None:
    source = make_source(server, sleeps)
    elsewhere = server.url.replace("127.0.0.1", "localhost") + "/series?series_id=GS10"
    server.redirect(times=None, series_id="GS10", endpoint="series", location=elsewhere)
    refused = r"redirected to http://localhost:\d+, another host or scheme"
    with pytest.raises(FredResponseError, match=refused):
        source.series_info("GS10")
    assert len(server.requests) == 1


def test_a_redirect_loop_ends_after_a_few_hops(server: FakeFred, sleeps: list[float]) -> None:
    source = make_source(server, sleeps, max_attempts=1)
    server.redirect(times=None, series_id="GS10", endpoint="series")
    with pytest.raises(FredResponseError, match="more than 5 redirects"):
        source.series_info("GS10")
    assert len(server.requests) == 6
