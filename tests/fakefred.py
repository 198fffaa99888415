"""A FRED- and TIC-compatible HTTP server on 127.0.0.1, serving the embedded snapshot (a test fixture).

Real HTTP on an ephemeral port (stdlib ``ThreadingHTTPServer`` in a background thread), speaking the
XML that fredapi and :mod:`selloff.ingest.fred` read:

* ``/fred/series`` — ``<seriess><series id=... last_updated=.../></seriess>``
* ``/fred/series/observations`` — ``<observations count= offset= limit=><observation realtime_start=
  realtime_end= date= value=/>...``, honouring ``observation_start/end``, ``realtime_start/end``,
  ``limit``/``offset`` and FRED's cap of 2000 vintage dates per real-time period
* ``/fred/series/vintagedates`` — ``<vintage_dates count=...><vintage_date>...``
* errors as FRED sends them: ``<error code="400" message="Bad Request.  The series does not exist."/>``;
  a missing or wrong ``api_key`` is a 400 like FRED's

and Treasury's Major Foreign Holders files rendered from the snapshot's TIC data:
``/tic/mfhhis01.txt`` (history, tab-separated yearly blocks with both columns at series breaks, as
Treasury publishes it), ``/tic/mfh.txt`` (the legacy fixed-width current file, last 13 months) and
``/tic/slt_table5.txt`` (SLT Table 5, the current table since 2023).

Every request is recorded (path, parameters without the key, monotonic arrival time, status). Faults
are injected per series and endpoint or globally: 429 bursts, 5xx runs, replies slower than a client's
timeout, replies trickling a byte at a time, malformed XML, bodies cut short of their ``Content-Length``,
errors that echo the request URL (key included, as FRED's messages sometimes do; also deep inside an
HTML page, or upper-cased), redirects (to the same URL or another host), observation pages that ignore
``offset`` and promise more rows than exist, any body of the test's choosing, series that "do not
exist"; data changes: ``"."`` values, revised values (with a moved ``last_updated``), latency for
benchmarks.

Usage::

    with FakeFred() as server:
        source = FredSeriesSource(TEST_KEY, base_url=server.url, max_requests=100)
        server.fail(429, times=3, series_id="GS10")
        source.observations("GS10")
        assert len(server.requests_matching(series_id="GS10")) == 4
"""

from __future__ import annotations

import math
import random
import threading
import time
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Literal
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from selloff.ingest.catalog import get_spec, series_ids
from selloff.ingest.snapshot import Snapshot, SnapshotHoldingsSource, default_snapshot, read_fred_csv

TEST_KEY = "abcdefghij0123456789klmnopqrstuv"
"""The key the server accepts: 32 lowercase alphanumerics, like a real FRED key."""

FRED_MAX_VINTAGE_DATES = 2000
NOT_EXIST = "Bad Request.  The series does not exist."
KEY_NOT_SET = (
    "Bad Request.  Variable api_key is not set.  Read https://research.stlouisfed.org/docs/api/api_key.html "
    "for more information."
)
KEY_NOT_REGISTERED = (
    "Bad Request.  The value for variable api_key is not registered.  Read "
    "https://research.stlouisfed.org/docs/api/api_key.html for more information."
)
EARLIEST = date(1776, 7, 4)
LATEST = date(9999, 12, 31)
FIRST_RELEASE_LAG = timedelta(days=30)
"""An observation's first vintage is 30 days after its date (capped at the server's today)."""

_FREQUENCY = {"D": "Daily", "W": "Weekly, Ending Wednesday", "M": "Monthly", "Q": "Quarterly", "A": "Annual"}
_STATUS_TEXT = {
    400: "Bad Request.",
    404: "Not Found.",
    429: "Too Many Requests.  Exceeded Rate Limit",
    500: "Internal Server Error.",
}

FaultKind = Literal[
    "status",
    "slow",
    "trickle",
    "malformed",
    "truncated",
    "echo_key",
    "unknown",
    "redirect",
    "bottomless",
    "reply",
]
Endpoint = Literal["series", "observations", "vintagedates", "tic"]


# --- records and faults ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it. ``params`` never holds the key; ``key_ok`` says if it was right."""

    path: str
    endpoint: str
    params: dict[str, str]
    series_id: str | None
    arrived: float
    status: int
    key_ok: bool
    fault: FaultKind | None


@dataclass
class Fault:
    """A fault served to the next ``times`` matching requests (``None`` = every one).

    ``series_id`` / ``endpoint`` narrow what matches (``None`` = any). ``status`` is used by ``status``
    and ``echo_key`` faults, ``delay_s`` by ``slow`` and ``trickle`` ones (per byte for a trickle),
    ``retry_after_s`` adds a ``Retry-After`` header, ``body`` replaces the default malformed body (and
    is the whole reply of a ``reply`` fault), ``location`` is where a redirect points (``None``: the same
    URL again), ``count`` the row count a ``bottomless`` page claims, ``at`` / ``upper`` place the key
    in an ``echo_key`` page.
    """

    kind: FaultKind
    times: int | None = 1
    series_id: str | None = None
    endpoint: Endpoint | None = None
    status: int = 500
    delay_s: float = 0.0
    retry_after_s: float | None = None
    body: bytes | None = None
    location: str | None = None
    count: int | None = None
    at: int | None = None
    upper: bool = False
    served: int = 0

    def matches(self, endpoint: str, series_id: str | None) -> bool:
        if self.times is not None and self.served >= self.times:
            return False
        if self.endpoint is not None and self.endpoint != endpoint:
            return False
        return self.series_id is None or self.series_id == series_id


@dataclass
class _Series:
    series_id: str
    dates: list[date]
    values: list[float | None]
    last_updated: str
    revisions: dict[date, list[tuple[date, float | None]]] = field(default_factory=dict)
    dropped: bool = False
    _fragments: list[str] | None = field(default=None, repr=False)

    def fragments(self) -> list[str]:
        """Each observation's ``date=… value=… />`` as text, made once (the values never change; a
        revision is kept apart in ``revisions``)."""
        if self._fragments is None:
            self._fragments = [
                f'date="{on.isoformat()}" value="{fred_value(value)}" />'
                for on, value in zip(self.dates, self.values, strict=True)
            ]
        return self._fragments


@dataclass(frozen=True)
class _Response:
    status: int
    body: bytes
    content_type: str = "text/xml; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    truncate: bool = False
    trickle_s: float = 0.0  # seconds between bytes of the body (the headers go at once)


# --- value formatting --------------------------------------------------------------------------------


def fred_value(value: float | None) -> str:
    """A value as FRED prints it: shortest round-tripping decimal, ``.`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "."
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def tic_value(value: float | None) -> str:
    """A TIC amount as the history file prints it (``1200`` for 1200.0), ``n.a.`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n.a."
    return fred_value(value)


# --- TIC rendering -----------------------------------------------------------------------------------

_AGGREGATES = ("All Other", "Grand Total")
_OFFICIAL = ("For. Official", "For. Official - Treasury Bills", "For. Official - T-Bonds & Notes")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")


def _published_label(country: str, year: int) -> str:
    """The label as Treasury prints it that year: footnote markers and stray spaces included, so the
    parser's cleaning is exercised (see PROVENANCE.md "tic/")."""
    if country == "United Kingdom" and year <= 2015:
        return "United Kingdom 2/"
    if country == "Oil Exporters":
        return "Oil Exporters 3/"
    if country == "Carib Bnkng Ctrs":
        return "Carib Bnkng Ctrs 4/"
    if country == "Belgium" and year == 2002:
        return "Belgium  5/"
    if country in ("Korea, South", "Spain", "Belgium-Luxembourg") and year <= 2003:
        return country + " "
    if country == "For. Official":
        return "  For. Official" if year <= 2022 else "For. Official"
    if country == "For. Official - Treasury Bills":
        return "    Treasury Bills" if year <= 2022 else "Treasury Bills"
    if country == "For. Official - T-Bonds & Notes":
        return "    T-Bonds & Notes" if year <= 2022 else "T-Bonds & Notes"
    return country


def _quoted(label: str) -> str:
    return f'"{label}"' if "," in label or '"' in label else label


@dataclass(frozen=True)
class _TicTable:
    """Lookups over a HOLDINGS_COLUMNS frame."""

    new: dict[tuple[str, pd.Timestamp], float]
    old: dict[tuple[str, pd.Timestamp], float]
    months: tuple[pd.Timestamp, ...]
    names_by_month: dict[pd.Timestamp, frozenset[str]]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _TicTable:
        new: dict[tuple[str, pd.Timestamp], float] = {}
        old: dict[tuple[str, pd.Timestamp], float] = {}
        names: dict[pd.Timestamp, set[str]] = {}
        for country, month, value, old_value in zip(
            frame["country"].astype(str),
            pd.to_datetime(frame["date"]),
            frame["holdings_usd_bn"],
            frame["holdings_old_series_usd_bn"],
            strict=True,
        ):
            if not math.isnan(value):
                new[(country, month)] = float(value)
            if not math.isnan(old_value):
                old[(country, month)] = float(old_value)
            names.setdefault(month, set()).add(country)
        by_month = {m: frozenset(c) for m, c in names.items()}
        return cls(new, old, tuple(sorted(by_month)), by_month)

    def ordered_rows(self, months: Sequence[pd.Timestamp]) -> list[str]:
        """Countries by holdings in the newest month (largest first), then the aggregates."""
        newest = months[0]
        present = set().union(*(self.names_by_month.get(m, frozenset()) for m in months))
        countries = sorted(present - set(_AGGREGATES) - set(_OFFICIAL))
        countries.sort(key=lambda c: (-self.new.get((c, newest), -1.0), c))
        return countries + [a for a in (*_AGGREGATES, *_OFFICIAL) if a in present]


def render_history(frame: pd.DataFrame) -> str:
    """The snapshot's TIC frame as Treasury's history file ``mfhhis01.txt`` (tab-separated).

    One block per year, newest first; months newest first; at a break month (one with old-series
    values) the new-series column is followed by the old one, under ``Series N/`` marker rows, as in
    the published file.
    """
    table = _TicTable.of(frame)
    out = [
        "\t\t\tMAJOR FOREIGN HOLDERS OF TREASURY SECURITIES\t\t\t\t\t\t\t\t\t\t",
        "\t\t\t\t    (in billions of dollars)\t\t\t\t\t\t\t\t\t",
        "\t\t\t\tHOLDINGS 1/ AT END OF PERIOD\t\t\t\t\t\t\t\t\t",
        "\t" * 13,
        "\t" * 13,
    ]
    break_months = sorted({m for (_, m) in table.old})
    footnote = {m: 6 + i for i, m in enumerate(break_months)}
    for year in sorted({m.year for m in table.months}, reverse=True):
        months = [m for m in reversed(table.months) if m.year == year]
        columns: list[tuple[pd.Timestamp, bool]] = []
        for month in months:
            columns.append((month, False))
            if month in footnote:
                columns.append((month, True))
        if any(old for _, old in columns):
            # "Series 16/" over the new column, "Series" over the old; the series numerals below
            marks = [
                ("Series" if old else f"Series {footnote[m]}/") if m in footnote else "" for m, old in columns
            ]
            numerals = [
                " " + _ROMAN[footnote[m] - (6 if old else 5)] if m in footnote else "" for m, old in columns
            ]
            out.append("\t" + "\t".join(marks))
            out.append("\t" + "\t".join(numerals))
        out.append("\t" + "\t".join(_MONTH_NAMES[m.month - 1] for m, _ in columns) + "\t")
        out.append("Country\t" + "\t".join(str(year) for _ in columns) + "\t")
        out.append("\t" + "\t".join("------" for _ in columns) + "\t")
        out.append("\t" * (len(columns) + 1))
        for country in table.ordered_rows(months):
            if country == _OFFICIAL[0]:
                out.append("\t" * (len(columns) + 1))
                out.append("Of which:" + "\t" * (len(columns) + 1))
            cells = [tic_value((table.old if old else table.new).get((country, m))) for m, old in columns]
            out.append(_quoted(_published_label(country, year)) + "\t" + "\t".join(cells) + "\t")
        out.append("\t" * (len(columns) + 1))
        out.append("\t" * (len(columns) + 1))
    out += [
        "Department of the Treasury/Federal Reserve Board\t\t\t\t\t\t\t\t\t\t\t\t\t",
        "3/18/26\t\t\t\t\t\t\t\t\t\t\t\t\t",
        '"(2025 revised March 18, 2026)"\t\t\t\t\t\t\t\t\t\t\t\t\t',
        "*     Less than $50 million.\t\t\t\t\t\t\t\t\t\t\t\t\t",
        '"1/  The data in this table include foreign holdings of U.S. Treasury marketable and non-marketable '
        'bills, bonds, and"\t\t\t\t\t\t\t\t\t\t\t\t\t',
        "      See footnotes 16 and 17 for details about the transition period during the 3rd and 4th "
        "quarters of 2011.\t\t\t\t\t\t\t\t\t\t\t\t\t",
        "6/   Denotes series break.  The Series I estimate for March 2000 is shown for comparison only. 2000",
    ]
    return "\r\n".join(out) + "\r\n"


def render_current(frame: pd.DataFrame, months: int = 13) -> str:
    """The last ``months`` months as the legacy fixed-width current file ``mfh.txt``."""
    table = _TicTable.of(frame)
    shown = list(reversed(table.months))[:months]
    rows = table.ordered_rows(shown)
    width = max(len(_published_label(r, 2023)) for r in rows) + 4
    cell = 8
    out = [
        " " * 20 + "MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES",
        " " * 26 + "(in billions of dollars)",
        " " * 24 + "HOLDINGS 1/ AT END OF PERIOD",
        "",
        " " * width + "".join(_MONTH_NAMES[m.month - 1].rjust(cell) for m in shown),
        "Country".ljust(width) + "".join(str(m.year).rjust(cell) for m in shown),
        " " * width + "".join("------".rjust(cell) for _ in shown),
        "",
    ]
    for country in rows:
        if country == _OFFICIAL[0]:
            out += ["", "Of which:"]
        label = _published_label(country, 2023)
        if country in _OFFICIAL:
            label = " " + label.strip()
        out.append(
            label.ljust(width) + "".join(tic_value(table.new.get((country, m))).rjust(cell) for m in shown)
        )
    out += [
        "",
        "Department of the Treasury/Federal Reserve Board",
        "February 15, 2026",
        "",
        " 1/  The data in this table are collected primarily from U.S.-based custodians and broker-",
        "     dealers; see footnotes 16 and 17",
    ]
    return "\n".join(out) + "\n"


def render_table5(frame: pd.DataFrame, months: int = 13) -> str:
    """The last ``months`` months as SLT Table 5 (``slt_table5.txt``), the current table since 2023."""
    table = _TicTable.of(frame)
    shown = list(reversed(table.months))[:months]
    names = {
        "For. Official": "Of Which: Foreign Official",
        "For. Official - Treasury Bills": "Of Which: Foreign Official Treasury Bills",
        "For. Official - T-Bonds & Notes": "Of Which: Foreign Official T-Bonds & Notes",
    }
    pad = "\t" * len(shown)
    out = [
        "Table 5: Major Foreign Holders of Treasury Securities" + pad,
        "Holdings at end of time period" + pad,
        "Billions of dollars" + pad,
        "Link: https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/slt_table5.txt"
        + pad,
        pad,
        "Country\t" + "\t".join(f"{m.year:04d}-{m.month:02d}" for m in shown),
    ]
    for country in table.ordered_rows(shown):
        cells = [tic_value(table.new.get((country, m))) for m in shown]
        out.append(_quoted(names.get(country, country)) + "\t" + "\t".join(cells))
    out += [pad, "Notes: preliminary data for the most recent month." + pad]
    return "\r\n".join(out) + "\r\n"


# --- the server --------------------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # many client threads connect at once; the default backlog of 5 drops SYNs
    fake: FakeFred

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out and hang up are part of the tests; no tracebacks on stderr


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: a cut body ends with the connection

    def do_GET(self) -> None:
        arrived = time.monotonic()
        fake = self.server.fake
        response = fake._respond(self.path, arrived)
        if response.delay_s > 0:
            fake._stopping.wait(response.delay_s)
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if response.trickle_s > 0:
                for i in range(len(response.body)):
                    self.wfile.write(response.body[i : i + 1])
                    self.wfile.flush()
                    if fake._stopping.wait(response.trickle_s):
                        return
                return
            if response.truncate:
                self.wfile.write(response.body[: len(response.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(response.body)
        except OSError:
            pass  # the client gave up (a reply slower than its timeout)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request line holds the key; nothing is printed


class FakeFred:
    """A FRED/TIC-compatible server on 127.0.0.1 serving the embedded snapshot. A context manager.

    Parameters
    ----------
    api_key
        The key requests must carry (else a 400 like FRED's).
    today
        The server's "today": plain requests are stamped with it; revisions default to it.
    latency_s
        Added to every reply: seconds, or a ``(low, high)`` range drawn uniformly (seeded).
    max_vintage_dates
        FRED's cap on vintage dates in one real-time period.
    snapshot
        Defaults to the embedded snapshot.
    """

    TIC_FILES: ClassVar[tuple[str, ...]] = ("mfh.txt", "mfhhis01.txt", "slt_table5.txt")

    def __init__(
        self,
        *,
        api_key: str = TEST_KEY,
        today: date | None = None,
        latency_s: float | tuple[float, float] = 0.0,
        max_vintage_dates: int = FRED_MAX_VINTAGE_DATES,
        snapshot: Snapshot | None = None,
        seed: int = 0,
    ) -> None:
        self.api_key = api_key
        self.today = today or date.today()
        self.max_vintage_dates = max_vintage_dates
        self._snapshot = snapshot or default_snapshot()
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._latency: tuple[float, float] = (0.0, 0.0)
        self.set_latency(latency_s)
        self._faults: list[Fault] = []
        self._requests: list[RecordedRequest] = []
        self._series = {sid: self._load(sid) for sid in series_ids()}
        self._tic_frame = SnapshotHoldingsSource(self._snapshot).holdings()
        self._tic_current_changes: dict[tuple[str, pd.Timestamp], float] = {}
        self._tic_overrides: dict[str, bytes] = {}
        self._tic_rendered: dict[str, bytes] = {}  # rendering the history takes a while: once per change
        self._revision_counter = 0
        self._stopping = threading.Event()
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> FakeFred:
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._http.fake = self
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-fred", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        if self._thread is not None:
            self._thread.join()
        self._http, self._thread = None, None

    def __enter__(self) -> FakeFred:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._http is None:
            raise RuntimeError("the fake FRED server is not running")
        return int(self._http.server_address[1])

    @property
    def url(self) -> str:
        """The FRED API root to give a client (``SELLOFF_FRED_API_URL``)."""
        return f"http://127.0.0.1:{self.port}/fred"

    @property
    def tic_current_url(self) -> str:
        """The legacy fixed-width current file (``mfh.txt``)."""
        return f"http://127.0.0.1:{self.port}/tic/mfh.txt"

    @property
    def tic_table5_url(self) -> str:
        """SLT Table 5, the current table since 2023."""
        return f"http://127.0.0.1:{self.port}/tic/slt_table5.txt"

    @property
    def tic_history_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tic/mfhhis01.txt"

    # --- faults --------------------------------------------------------------------------------------

    def inject(self, fault: Fault) -> Fault:
        """Serve ``fault`` to the next matching requests; faults are tried in the order injected."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail(
        self,
        status: int,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
        retry_after_s: float | None = None,
    ) -> Fault:
        """Answer ``status`` (429 burst, 500/502/503 run, 404, ...) ``times`` times, then normally."""
        return self.inject(
            Fault("status", times, series_id, endpoint, status=status, retry_after_s=retry_after_s)
        )

    def slow(
        self,
        delay_s: float,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
    ) -> Fault:
        """Hold the reply ``delay_s`` seconds (longer than a client's timeout, to make it time out)."""
        return self.inject(Fault("slow", times, series_id, endpoint, delay_s=delay_s))

    def malformed(
        self,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
        body: bytes | None = None,
    ) -> Fault:
        """Answer 200 with a complete reply whose body is not well-formed XML (or is ``body``)."""
        return self.inject(Fault("malformed", times, series_id, endpoint, body=body))

    def truncate(
        self, times: int | None = 1, *, series_id: str | None = None, endpoint: Endpoint | None = None
    ) -> Fault:
        """Announce the whole body's ``Content-Length``, send half, close the connection."""
        return self.inject(Fault("truncated", times, series_id, endpoint))

    def trickle(
        self,
        seconds_per_byte: float,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
    ) -> Fault:
        """Send the headers at once, then the body one byte every ``seconds_per_byte`` (each read is quick,
        so a per-read timeout never trips)."""
        return self.inject(Fault("trickle", times, series_id, endpoint, delay_s=seconds_per_byte))

    def echo_key(
        self,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
        at: int | None = None,
        upper: bool = False,
        status: int = 400,
    ) -> Fault:
        """Answer ``status`` with a message quoting the request URL and the key (to prove clients scrub it).

        With ``at``: an HTML error page (not FRED's XML) whose text reaches the key after ``at``
        characters; ``upper`` echoes it upper-cased, as some proxies print request lines.
        """
        return self.inject(Fault("echo_key", times, series_id, endpoint, status=status, at=at, upper=upper))

    def redirect(
        self,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
        location: str | None = None,
    ) -> Fault:
        """Answer 302 to ``location`` (default: the same URL on this server, key included, as servers
        echo it); a full URL such as ``http://localhost:PORT/...`` points at another host."""
        return self.inject(Fault("redirect", times, series_id, endpoint, location=location))

    def bottomless(
        self, count: int = 1_000_000_000, times: int | None = None, *, series_id: str | None = None
    ) -> Fault:
        """Observation pages that ignore ``offset`` (always the first rows) and claim ``count`` rows."""
        return self.inject(Fault("bottomless", times, series_id, "observations", count=count))

    def reply(
        self,
        body: bytes,
        times: int | None = 1,
        *,
        series_id: str | None = None,
        endpoint: Endpoint | None = None,
    ) -> Fault:
        """Answer 200 with ``body`` (e.g. observations XML the test wrote)."""
        return self.inject(Fault("reply", times, series_id, endpoint, body=body))

    def unknown(self, series_id: str, times: int | None = None) -> Fault:
        """Make a series FRED does not know: 400 "The series does not exist."."""
        return self.inject(Fault("unknown", times, series_id))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def set_latency(self, latency_s: float | tuple[float, float]) -> None:
        """Delay every reply: a fixed number of seconds or a uniform ``(low, high)`` range."""
        low, high = (latency_s, latency_s) if isinstance(latency_s, int | float) else latency_s
        if low < 0 or high < low:
            raise ValueError(f"latency range {latency_s!r} is not 0 <= low <= high")
        self._latency = (float(low), float(high))

    # --- data changes --------------------------------------------------------------------------------

    def revise(
        self,
        series_id: str,
        on: date,
        value: float | None,
        *,
        vintage: date | None = None,
        last_updated: str | None = None,
    ) -> None:
        """Give ``series_id`` a new value for observation date ``on`` from ``vintage`` (default today) on,
        and move its ``last_updated`` (to ``last_updated`` if given). ``None`` is FRED's ``"."``."""
        with self._lock:
            series = self._series[series_id]
            if on not in series.dates:
                series.dates.append(on)
                series.values.append(None)
                order = sorted(range(len(series.dates)), key=series.dates.__getitem__)
                series.dates = [series.dates[i] for i in order]
                series.values = [series.values[i] for i in order]
            series.revisions.setdefault(on, []).append((vintage or self.today, value))
            series.revisions[on].sort(key=lambda r: r[0])
            self._revision_counter += 1
            series.last_updated = last_updated or (
                f"{self.today.isoformat()} 08:{self._revision_counter % 60:02d}:00-06"
            )

    def set_missing(self, series_id: str, on: date, *, vintage: date | None = None) -> None:
        """From ``vintage`` on, FRED serves ``"."`` for ``on`` (a value withdrawn)."""
        self.revise(series_id, on, None, vintage=vintage)

    def set_last_updated(self, series_id: str, last_updated: str) -> None:
        with self._lock:
            self._series[series_id].last_updated = last_updated

    def last_updated(self, series_id: str) -> str:
        with self._lock:
            return self._series[series_id].last_updated

    def revise_tic_current(self, country: str, month: date, value: float) -> None:
        """Change one value in the current files only (the history keeps the old one)."""
        with self._lock:
            self._tic_current_changes[(country, pd.Timestamp(month))] = value
            self._tic_rendered.clear()

    def set_tic_file(self, name: str, body: str | bytes) -> None:
        """Serve ``body`` for TIC file ``name`` instead of the rendered snapshot."""
        with self._lock:
            self._tic_overrides[name] = body.encode() if isinstance(body, str) else body

    def tic_frame(self) -> pd.DataFrame:
        """The TIC data the server renders (the snapshot's), HOLDINGS_COLUMNS."""
        return self._tic_frame.copy()

    # --- what was requested --------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, in order of arrival."""
        with self._lock:
            return sorted(self._requests, key=lambda r: r.arrived)

    def requests_matching(
        self, *, series_id: str | None = None, endpoint: str | None = None, status: int | None = None
    ) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if (series_id is None or r.series_id == series_id)
            and (endpoint is None or r.endpoint == endpoint)
            and (status is None or r.status == status)
        ]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def max_arrivals_in_window(self, window_s: float, *, endpoint_prefix: str = "") -> int:
        """The most request arrivals any half-open window ``[t, t + window_s)`` saw (server clock)."""
        times = sorted(r.arrived for r in self.requests if r.endpoint.startswith(endpoint_prefix))
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= window_s:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    # --- serving -------------------------------------------------------------------------------------

    def _load(self, series_id: str) -> _Series:
        frame = read_fred_csv(self._snapshot.path(f"fred/{series_id}.csv"), series_id)
        return _Series(
            series_id=series_id,
            dates=[d.date() for d in frame["date"]],
            values=[None if math.isnan(v) else float(v) for v in frame["value"]],
            last_updated=f"{self.today.isoformat()} 07:51:02-06",
        )

    def _respond(self, raw_path: str, arrived: float) -> _Response:
        split = urlsplit(raw_path)
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        key = query.pop("api_key", None)
        endpoint = {
            "/fred/series": "series",
            "/fred/series/observations": "observations",
            "/fred/series/vintagedates": "vintagedates",
        }.get(split.path, "tic" if split.path.startswith("/tic/") else "other")
        series_id = query.get("series_id")
        # Faults and the request log change under the lock; the reply is rendered outside it, so a large
        # daily series (16,000 observations) does not hold up the requests queued behind it.
        response: _Response | None = None
        with self._lock:
            fault: Fault | None = None
            key_ok = key == self.api_key
            if endpoint == "other":
                response = _Response(404, b"Not Found", content_type="text/plain")
            elif endpoint != "tic" and not key_ok:
                response = _error(400, KEY_NOT_SET if key is None else KEY_NOT_REGISTERED)
            else:
                fault = next((f for f in self._faults if f.matches(endpoint, series_id)), None)
                if fault is not None:
                    fault.served += 1
            low, high = self._latency
            latency = self._rng.uniform(low, high) if high > 0 else 0.0
        if response is None:
            response = self._faulty(fault, raw_path, endpoint, series_id, query)
        if latency:
            response = _Response(
                response.status,
                response.body,
                response.content_type,
                response.headers,
                response.delay_s + latency,
                response.truncate,
                response.trickle_s,
            )
        with self._lock:
            self._requests.append(
                RecordedRequest(
                    path=split.path,
                    endpoint=endpoint,
                    params=dict(query),
                    series_id=series_id,
                    arrived=arrived,
                    status=response.status,
                    key_ok=key_ok,
                    fault=fault.kind if fault is not None else None,
                )
            )
        return response

    def _faulty(
        self, fault: Fault | None, raw_path: str, endpoint: str, series_id: str | None, query: dict[str, str]
    ) -> _Response:
        if fault is None:
            return self._normal(endpoint, series_id, query, raw_path)
        if fault.kind == "status":
            headers = (
                (("Retry-After", f"{fault.retry_after_s:g}"),) if fault.retry_after_s is not None else ()
            )
            if fault.status in (502, 503, 504):  # what a proxy in front of FRED sends: HTML, not XML
                body = f"<html><body><h1>{fault.status} Service Unavailable</h1></body></html>".encode()
                return _Response(fault.status, body, "text/html", headers)
            message = _STATUS_TEXT.get(fault.status, f"Error {fault.status}.")
            return _Response(fault.status, _error(fault.status, message).body, headers=headers)
        if fault.kind == "slow":
            normal = self._normal(endpoint, series_id, query, raw_path)
            return _Response(normal.status, normal.body, normal.content_type, normal.headers, fault.delay_s)
        if fault.kind == "malformed":
            body = fault.body or (  # a document that stops mid-element
                b'<?xml version="1.0" encoding="utf-8" ?>\n'
                b'<observations realtime_start="2026-01-01" count="2">'
                b'<observation realtime_start="2026-01-01" realtime_end="2026-01-01" date="2020-01-01"'
            )
            return _Response(200, body)
        if fault.kind == "truncated":
            normal = self._normal(endpoint, series_id, query, raw_path)
            return _Response(normal.status, normal.body, normal.content_type, normal.headers, truncate=True)
        if fault.kind == "trickle":
            normal = self._normal(endpoint, series_id, query, raw_path)
            return _Response(
                normal.status, normal.body, normal.content_type, normal.headers, trickle_s=fault.delay_s
            )
        if fault.kind == "echo_key":
            key = self.api_key.upper() if fault.upper else self.api_key
            if fault.at is None:
                url = f"https://api.stlouisfed.org{raw_path}"
                return _error(fault.status, f"Bad Request.  Cannot process {url} (api key {key}).")
            words = "The proxy could not complete your request to the FRED service. "
            text = (words * (fault.at // len(words) + 1))[: fault.at - len("key ")] + "key "
            page = f"<html><body><p>{text}{key} was sent with the request.</p></body></html>"
            return _Response(fault.status, page.encode(), "text/html")
        if fault.kind == "redirect":
            location = fault.location or raw_path
            return _Response(302, b"", "text/html", (("Location", location),))
        if fault.kind == "bottomless":
            series = self._series.get(series_id or "")
            if series is None:
                return _error(400, NOT_EXIST)
            page = self._observations(series, {**query, "offset": "0"}, claimed_count=fault.count)
            return page
        if fault.kind == "reply":
            return _Response(200, fault.body or b"")
        return _error(400, NOT_EXIST)  # "unknown"

    def _normal(
        self, endpoint: str, series_id: str | None, query: dict[str, str], raw_path: str
    ) -> _Response:
        if endpoint == "tic":
            return self._tic(urlsplit(raw_path).path.rsplit("/", 1)[-1])
        if not series_id:
            return _error(400, "Bad Request.  Variable series_id is not set.")
        series = self._series.get(series_id)
        if series is None:
            return _error(400, NOT_EXIST)
        try:
            if endpoint == "series":
                return _xml(self._series_xml(series))
            if endpoint == "observations":
                return self._observations(series, query)
            return self._vintage_dates(series, query)
        except ValueError as exc:
            return _error(400, f"Bad Request.  {exc}")

    def _series_xml(self, series: _Series) -> ET.Element:
        spec = get_spec(series.series_id)
        today = self.today.isoformat()
        root = ET.Element("seriess", realtime_start=today, realtime_end=today)
        ET.SubElement(
            root,
            "series",
            id=series.series_id,
            realtime_start=today,
            realtime_end=today,
            title=spec.title,
            observation_start=series.dates[0].isoformat(),
            observation_end=series.dates[-1].isoformat(),
            frequency=_FREQUENCY[spec.frequency],
            frequency_short=spec.frequency,
            units=spec.units,
            units_short=spec.units,
            seasonal_adjustment="Not Seasonally Adjusted",
            seasonal_adjustment_short="NSA",
            last_updated=series.last_updated,
            popularity="50",
            notes=spec.notes or "",
        )
        return root

    def _segments(self, series: _Series) -> Iterator[tuple[date, date, date, float | None]]:
        """(date, valid_from, valid_to, value) for every vintage of every observation."""
        for on, base in zip(series.dates, series.values, strict=True):
            history = [(min(on + FIRST_RELEASE_LAG, self.today), base), *series.revisions.get(on, [])]
            for i, (start, value) in enumerate(history):
                end = history[i + 1][0] - timedelta(days=1) if i + 1 < len(history) else LATEST
                if end >= start:
                    yield on, start, end, value

    def _window(self, query: dict[str, str], default: tuple[date, date]) -> tuple[date, date]:
        start = _date_param(query, "realtime_start", default[0])
        end = _date_param(query, "realtime_end", default[1])
        if end < start:
            raise ValueError("The real-time period is invalid (realtime_end before realtime_start).")
        return start, end

    def _observations(
        self, series: _Series, query: dict[str, str], claimed_count: int | None = None
    ) -> _Response:
        rt_start, rt_end = self._window(query, (self.today, self.today))
        obs_start = _date_param(query, "observation_start", EARLIEST)
        obs_end = _date_param(query, "observation_end", LATEST)
        limit = int(query.get("limit", "100000"))
        offset = int(query.get("offset", "0"))
        if not 1 <= limit <= 100000 or offset < 0:
            raise ValueError("Variable limit is not between 1 and 100000 or offset is negative.")
        if rt_start == rt_end == self.today and not series.revisions:
            # a plain request on a never-revised series: every observation in range, each stamped with
            # today's period (one vintage date at most, so never over the cap). Text from cached pieces:
            # a daily series' 16,000 rows in milliseconds, so replies stay far inside clients' timeouts.
            lo, hi = bisect_left(series.dates, obs_start), bisect_right(series.dates, obs_end)
            stamp = (
                f'<observation realtime_start="{rt_start.isoformat()}" realtime_end="{rt_end.isoformat()}" '
            )
            page = series.fragments()[lo:hi][offset : offset + limit]
            return self._observations_xml(
                rt_start, rt_end, obs_start, obs_end, claimed_count or hi - lo, offset, limit, stamp, page
            )
        segments = list(self._segments(series))
        vintages = {start for _, start, _, _ in segments if rt_start <= start <= rt_end}
        if len(vintages) > self.max_vintage_dates:
            raise ValueError(
                f"There are {len(vintages)} vintage dates in the specified real-time period: "
                f"{rt_start.isoformat()} to {rt_end.isoformat()}.  This exceeds the maximum number of "
                f"vintage dates allowed ({self.max_vintage_dates})."
            )
        rows = sorted(
            (on, max(start, rt_start), min(end, rt_end), value)
            for on, start, end, value in segments
            if obs_start <= on <= obs_end and start <= rt_end and end >= rt_start
        )
        rendered = [
            f'<observation realtime_start="{start.isoformat()}" realtime_end="{end.isoformat()}" '
            f'date="{on.isoformat()}" value="{fred_value(value)}" />'
            for on, start, end, value in rows[offset : offset + limit]
        ]
        return self._observations_xml(
            rt_start, rt_end, obs_start, obs_end, claimed_count or len(rows), offset, limit, "", rendered
        )

    @staticmethod
    def _observations_xml(
        rt_start: date,
        rt_end: date,
        obs_start: date,
        obs_end: date,
        count: int,
        offset: int,
        limit: int,
        prefix: str,
        rows: Sequence[str],
    ) -> _Response:
        """FRED's ``<observations>`` document around rendered rows (dates and numbers need no escaping)."""
        head = ET.Element(
            "observations",
            realtime_start=rt_start.isoformat(),
            realtime_end=rt_end.isoformat(),
            observation_start=obs_start.isoformat(),
            observation_end=obs_end.isoformat(),
            units="lin",
            output_type="1",
            file_type="xml",
            order_by="observation_date",
            sort_order="asc",
            count=str(count),
            offset=str(offset),
            limit=str(limit),
        )
        opening = ET.tostring(head, encoding="unicode", short_empty_elements=False)
        body = "".join(prefix + row for row in rows)
        xml = opening.replace("</observations>", body + "</observations>")
        return _Response(200, b"<?xml version='1.0' encoding='utf-8'?>\n" + xml.encode("utf-8"))

    def _vintage_dates(self, series: _Series, query: dict[str, str]) -> _Response:
        rt_start, rt_end = self._window(query, (EARLIEST, LATEST))
        limit = int(query.get("limit", "10000"))
        offset = int(query.get("offset", "0"))
        dates = sorted({start for _, start, _, _ in self._segments(series) if rt_start <= start <= rt_end})
        root = ET.Element(
            "vintage_dates",
            realtime_start=rt_start.isoformat(),
            realtime_end=rt_end.isoformat(),
            order_by="vintage_date",
            sort_order="asc",
            count=str(len(dates)),
            offset=str(offset),
            limit=str(limit),
        )
        for day in dates[offset : offset + limit]:
            ET.SubElement(root, "vintage_date").text = day.isoformat()
        return _xml(root)

    def _tic(self, name: str) -> _Response:
        if name in self._tic_overrides:
            return _Response(200, self._tic_overrides[name], "text/plain")
        if name not in self.TIC_FILES:
            return _Response(404, b"Not Found", "text/plain")
        if name in self._tic_rendered:
            return _Response(200, self._tic_rendered[name], "text/plain")
        frame = self._tic_frame
        if name != "mfhhis01.txt" and self._tic_current_changes:
            frame = frame.copy()
            for (country, month), value in self._tic_current_changes.items():
                mask = (frame["country"] == country) & (frame["date"] == month)
                frame.loc[mask, "holdings_usd_bn"] = value
        render = {"mfh.txt": render_current, "mfhhis01.txt": render_history, "slt_table5.txt": render_table5}
        self._tic_rendered[name] = render[name](frame).encode("utf-8")
        return _Response(200, self._tic_rendered[name], "text/plain")


def _date_param(query: dict[str, str], name: str, default: date) -> date:
    text = query.get(name)
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Variable {name} is not a YYYY-MM-DD formatted date (e.g. 2000-02-24).") from None


def _xml(root: ET.Element) -> _Response:
    return _Response(200, ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _error(status: int, message: str) -> _Response:
    root = ET.Element("error", code=str(status), message=message)
    return _Response(status, ET.tostring(root, encoding="utf-8", xml_declaration=True))
