"""Live FRED through fredapi 0.5.2, behind a transport of ours.

fredapi is the client the house pins, but on its own it is unsafe to run unattended: it speaks XML
through a module-level ``urlopen`` with no timeout, turns every HTTP error into ``ValueError(message)``
(the status code is lost and the chained ``HTTPError`` carries the request URL, key included) and drops
``realtime_start``/``realtime_end`` from ``get_series``. This module keeps fredapi's client class and
replaces the one method all its calls go through (:meth:`_FredClient._Fred__fetch_data`) with ours:

* **one transport** (:meth:`FredSeriesSource._exchange`) that times out, never raises, and so never lets
  an exception holding the key-bearing URL out of its frame. Besides urllib's per-read timeout, every
  request has an overall deadline (a reply trickling a byte at a time is cut off), every public call
  (one series' record, or all pages of its observations) a deadline of its own, and pagination stops at
  what the first page's ``count`` allows (a server that ignores ``offset`` cannot page for ever);
* **redirects followed by us, not urllib**: every hop is paced like any request, and a redirect to
  another host or scheme is refused (it would carry the key elsewhere);
* **process-wide pacing**: at most ``max_requests`` request starts in any sliding window of
  ``window_seconds`` (FRED rejects bursts with 429), shared by every instance and thread
  (:func:`process_limiter`), retries included;
* **one retry layer** (tenacity): 429, 5xx, timeouts, dropped connections and bodies cut short of their
  ``Content-Length`` are retried with exponential backoff and jitter; 400/404 fail at once, naming the
  series and carrying FRED's own message;
* **our own exceptions** (:class:`FredError` and subclasses), raised outside any ``except`` block so
  they have neither ``__cause__`` nor ``__context__``, with ``api_key=…`` and the key itself scrubbed
  (in any letter case, and any fragment of 8 or more of its characters) from everything they say, before
  anything is shortened;
* **our own parsing** of the observations XML, keeping ``realtime_start``/``realtime_end`` and FRED's
  ``"."`` (as NaN, the row kept).

Units: whatever FRED serves; nothing is rescaled here. Dates are FRED's (``date`` = the first day of
the observation period).
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final, Literal

import numpy as np
import pandas as pd
from fredapi import Fred
from pydantic import SecretStr
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from selloff import __version__
from selloff.ingest.sources import OBSERVATION_COLUMNS, SeriesMetadata, SeriesSourceName, SourceError

if TYPE_CHECKING:
    from selloff.settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_API_URL: Final = "https://api.stlouisfed.org/fred"
EARLIEST_REALTIME_START: Final = "1776-07-04"
"""FRED's earliest real-time date (ALFRED's "all vintages" lower bound)."""
LATEST_REALTIME_END: Final = "9999-12-31"
MAX_PAGE_SIZE: Final = 100_000
"""FRED's largest ``limit`` for ``series/observations`` (also its default)."""
MAX_VINTAGE_DATES: Final = 2000
"""FRED refuses a real-time period holding more vintage dates than this ("Bad Request.  There are N
vintage dates in the specified real-time period ... This exceeds the maximum number of vintage dates
allowed (2000)."), so ALFRED requests are chunked."""

MAX_REDIRECTS: Final = 5
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
KEY_FRAGMENT_CHARS: Final = 8
"""A run of this many characters of the key, anywhere in a message, is scrubbed like the whole key."""

_SERIES_ID = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_KEY_PARAMETER = re.compile(r"(api_key\s*=\s*)[^&\s'\"<>]*", re.IGNORECASE)
_TOKEN = re.compile(f"[A-Za-z0-9]{{{KEY_FRAGMENT_CHARS},}}")
_REDACTED = "***"


# --- exceptions --------------------------------------------------------------------------------------


class FredError(SourceError):
    """A FRED request failed. ``dataset`` is the series id; the message never holds the key.

    Parameters
    ----------
    series_id
        The series the request was for.
    message
        What went wrong, already scrubbed of the key.
    status
        The HTTP status FRED answered with, when there was an answer.
    fred_message
        FRED's own error text (``<error message="..."/>``), scrubbed.
    attempts
        Requests made for this call, retries included.
    """

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        series_id: str,
        message: str,
        *,
        status: int | None = None,
        fred_message: str | None = None,
        retry_after_s: float | None = None,
        attempts: int = 1,
    ) -> None:
        # permanent = asking again unchanged cannot help: only FRED's refusals (4xx); a bad body or an
        # exhausted retry may well succeed on the next refresh
        super().__init__(series_id, message, permanent=isinstance(self, FredRequestError))
        self.series_id = series_id
        self.detail = message
        self.status = status
        self.fred_message = fred_message
        self.retry_after_s = retry_after_s
        self.attempts = attempts


class FredRequestError(FredError):
    """FRED refused the request (400, 404, other 4xx): unknown series, bad parameter. Not retried."""


class FredResponseError(FredError):
    """FRED answered 200 with a body that is not the XML it documents. Not retried: a complete,
    well-framed reply that does not parse is what the server meant to send, and asking again at once
    gets the same; the next refresh tries again."""


class FredRateLimitError(FredError):
    """429 Too Many Requests. Retried (honouring ``Retry-After`` when FRED sends one)."""

    retryable = True


class FredServerError(FredError):
    """5xx. Retried."""

    retryable = True


class FredTimeoutError(FredError):
    """No reply within the timeout. Retried."""

    retryable = True


class FredDeadlineError(FredError):
    """A call (one series' record, or all pages of its observations, retries and backoff included) took
    longer than its deadline. Not retried: the next refresh tries again."""


class FredConnectionError(FredError):
    """The connection failed or the body ended short of its ``Content-Length`` (a truncated transfer,
    which is a transport failure like a dropped connection, so it is retried)."""

    retryable = True


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, FredError) and exc.retryable


# --- pacing ------------------------------------------------------------------------------------------


class SlidingWindowLimiter:
    """Request starts, paced so no sliding window holds more than a caller's allowance.

    Every :meth:`acquire` records one request start. A caller asking for ``max_requests`` per
    ``window_s`` waits until fewer than ``max_requests`` starts (by anyone sharing this limiter) lie in
    the last ``window_s + margin_s`` seconds. Hence any interval of that length holds at most
    ``max_requests`` starts:

    .. math:: \\#\\{i : t_i \\in (t, t + W + m]\\} \\le N \\quad \\forall t

    The margin absorbs the gap between stamping a start here and the request reaching the server
    (thread scheduling, connection set-up), so the server, which is what rate-limits, sees the same bound.

    Parameters
    ----------
    clock
        Monotonic seconds; injectable for tests.
    sleep
        How to wait; injectable for tests.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._starts: deque[float] = deque()
        self._horizon_s = 0.0

    def acquire(self, max_requests: int, window_s: float, margin_s: float = 0.0) -> float:
        """Wait for a slot, record a request start and return its time (the clock's seconds)."""
        if max_requests < 1 or window_s <= 0 or margin_s < 0:
            raise ValueError(
                f"pacing needs max_requests >= 1, window_s > 0, margin_s >= 0 "
                f"(got {max_requests}, {window_s}, {margin_s})"
            )
        span = window_s + margin_s
        while True:
            with self._lock:
                now = self._clock()
                # stamps older than the longest span any caller uses can never matter again
                self._horizon_s = max(self._horizon_s, span)
                while self._starts and self._starts[0] <= now - self._horizon_s:
                    self._starts.popleft()
                recent = [t for t in self._starts if t > now - span]
                if len(recent) < max_requests:
                    self._starts.append(now)
                    return now
                # the slot frees when the oldest of the last max_requests starts leaves the span
                delay = recent[-max_requests] + span - now
            self._sleep(max(delay, 0.0))


_PROCESS_LIMITER = SlidingWindowLimiter()


def process_limiter() -> SlidingWindowLimiter:
    """The limiter every :class:`FredSeriesSource` in this process shares unless given another.

    Process-wide because FRED limits per key, and the refresh flow maps fetch tasks onto Prefect's
    thread pool: pacing per instance or per thread would let them burst together.
    """
    return _PROCESS_LIMITER


# --- the transport -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    retry_after_s: float | None
    location: str | None = None


@dataclass(frozen=True)
class _Failure:
    kind: Literal["timeout", "connection", "truncated"]
    detail: str


class _Deadline:
    """Cuts a request off at its overall deadline, whatever stage it is in.

    urllib's timeout bounds each socket operation, not the reply: a server sending one byte every few
    seconds never trips it. At the deadline a timer thread shuts the request's TCP socket down (through
    a duplicate of its descriptor, so the TLS layer above it is left alone), and the blocked read
    returns at once. The connection classes below register the socket with the deadline of their thread.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._done = False
        self._fd: int | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _ACTIVE.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _ACTIVE.deadline = None
        with self._lock:
            self._done = True  # a timer firing from now on finds the request over
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._fd = os.dup(sock.fileno())
            if self.expired:
                self._shutdown()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._fd is None:
            return
        sock = socket.socket(fileno=os.dup(self._fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by its end
        finally:
            sock.close()


_ACTIVE = threading.local()  # .deadline: the _Deadline of the request this thread is making


class _WatchedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection whose TCP socket the thread's :class:`_Deadline` can shut down."""

    def connect(self) -> None:
        super().connect()
        deadline: _Deadline | None = getattr(_ACTIVE, "deadline", None)
        if deadline is not None:
            deadline.watch(self.sock)  # the plain TCP socket: HTTPS wraps it after this returns


class _WatchedHTTPSConnection(http.client.HTTPSConnection, _WatchedHTTPConnection):
    """HTTPS: ``HTTPSConnection.connect`` calls the method above (MRO) before wrapping the socket."""


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPConnection, req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # urllib keeps the TLS context it was given as _context (typeshed does not declare it)
        return self.do_open(_WatchedHTTPSConnection, req, context=getattr(self, "_context", None))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Leave 3xx to :meth:`FredSeriesSource._attempt`, which paces and checks every hop (urllib would
    follow them at once, outside the limiter, and to any host)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _FredClient(Fred):  # fredapi ships no type information: mypy sees Fred as Any
    """fredapi's client with its single network call routed through our transport.

    Why this and not replacing ``fredapi.fred.urlopen``: that is a module global, so patching it would
    change every fredapi user in the process, could not give two clients different timeouts or keys,
    and would still leave fredapi's ``except HTTPError: raise ValueError(...)`` (status lost, key-bearing
    URL chained) in the path. Overriding the private ``__fetch_data`` (name-mangled to
    ``_Fred__fetch_data``) on a subclass is local to our instances, and every fredapi method calls it.
    The pin (fredapi==0.5.2) holds that name still; :class:`FredSeriesSource` checks it on construction.
    """

    def __init__(self, root_url: str, fetch: Callable[[str], ET.Element]) -> None:
        # Fred.__init__ is skipped on purpose: it reads FRED_API_KEY from the environment and, when a
        # proxy variable is set, installs a process-wide urllib opener. These are the attributes it sets;
        # the key stays in our transport (fredapi would only have used it to build URLs).
        self.api_key = None
        self.proxies = None
        self.root_url = root_url
        self._fetch = fetch

    def _Fred__fetch_data(self, url: str) -> ET.Element:  # noqa: N802 (fredapi's mangled name)
        return self._fetch(url)


def _retry_after_seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # an HTTP-date: rare from FRED; the exponential backoff stands
    return seconds if seconds >= 0 else None


def _check_series_id(series_id: str) -> str:
    if not isinstance(series_id, str) or not _SERIES_ID.match(series_id):
        raise FredRequestError(str(series_id)[:64], "not a valid FRED series id (letters, digits, _)")
    return series_id


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _iso(day: date | str | pd.Timestamp) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


# --- the source --------------------------------------------------------------------------------------


class FredSeriesSource:
    """FRED series over HTTP, through fredapi with our transport
    (a :class:`~selloff.ingest.sources.SeriesSource`).

    Parameters
    ----------
    api_key
        The FRED key as a plain string. Held as a :class:`pydantic.SecretStr`, used only to build the
        request URL inside :meth:`_exchange`, never in ``repr``, logs or exceptions.
    base_url
        FRED's API root (``SELLOFF_FRED_API_URL``); tests point it at a local server.
    max_requests, window_seconds
        Pacing: at most ``max_requests`` request starts in any sliding window of ``window_seconds``,
        process-wide (see :class:`SlidingWindowLimiter`), retries included.
    timeout_seconds
        Socket timeout for connecting and for each read (urllib's semantics: not a whole-reply deadline).
    request_deadline_seconds
        The most one request may take, connecting to the last byte of the reply.
    call_deadline_seconds
        The most one call may take: a series' record, or all pages of its observations, with every
        retry and backoff wait. Past it the series fails (:class:`FredDeadlineError`).
    max_attempts
        Tries per request for 429 / 5xx / timeouts / connection failures (1 = no retry).
    backoff_initial_seconds, backoff_max_seconds
        Exponential backoff with jitter: before retry *k* (k = 1, 2, ...) wait
        ``min(max, initial * 2**(k-1) + U(0, initial))``, or FRED's ``Retry-After`` if longer (capped).
    page_size
        ``limit`` per observations request (FRED's maximum and default is 100000).
    max_vintage_dates
        Vintage dates per ALFRED request (FRED's cap is 2000).
    pacing_margin_seconds
        Added to the pacing window so the server-side bound holds despite send-time jitter.
    limiter
        Defaults to :func:`process_limiter`; inject one with a fake clock in tests.
    pacing_log
        A testing hook: append one line per request start the limiter grants (its clock's seconds, tab,
        series id). Tests check the pacing on these, which a loaded machine cannot bunch up, and match
        their count to the requests the server saw.
    sleep
        How backoff waits; inject a recorder in tests so they do not wait.
    """

    name: SeriesSourceName = "fred"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_API_URL,
        max_requests: int = 2,
        window_seconds: float = 1.0,
        timeout_seconds: float = 30.0,
        request_deadline_seconds: float = 120.0,
        call_deadline_seconds: float = 600.0,
        max_attempts: int = 6,
        backoff_initial_seconds: float = 1.0,
        backoff_max_seconds: float = 30.0,
        page_size: int = MAX_PAGE_SIZE,
        max_vintage_dates: int = MAX_VINTAGE_DATES,
        pacing_margin_seconds: float = 0.05,
        limiter: SlidingWindowLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        pacing_log: Path | None = None,
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ValueError("the FRED API key is empty")
        if any(ch.isspace() or ord(ch) < 32 for ch in api_key.strip()):
            raise ValueError("the FRED API key contains whitespace or control characters")
        if max_requests < 1 or window_seconds <= 0 or timeout_seconds <= 0 or max_attempts < 1:
            raise ValueError(
                "need max_requests >= 1, window_seconds > 0, timeout_seconds > 0, max_attempts >= 1 "
                f"(got {max_requests}, {window_seconds}, {timeout_seconds}, {max_attempts})"
            )
        if request_deadline_seconds <= 0 or call_deadline_seconds <= 0:
            raise ValueError("request and call deadlines must be > 0 seconds")
        if not 1 <= page_size <= MAX_PAGE_SIZE or not 1 <= max_vintage_dates <= MAX_VINTAGE_DATES:
            raise ValueError(
                f"page_size must be 1..{MAX_PAGE_SIZE} and max_vintage_dates 1..{MAX_VINTAGE_DATES} "
                f"(got {page_size}, {max_vintage_dates})"
            )
        if backoff_initial_seconds < 0 or backoff_max_seconds < 0 or pacing_margin_seconds < 0:
            raise ValueError("backoff and pacing margin seconds must be >= 0")
        if not hasattr(Fred, "_Fred__fetch_data"):
            raise RuntimeError(
                "fredapi no longer has the private fetch hook selloff routes through "
                "(selloff needs fredapi==0.5.2)"
            )
        self._key = SecretStr(api_key.strip())
        self._base_url = base_url.rstrip("/")
        self._max_requests = max_requests
        self._window_s = window_seconds
        self._margin_s = pacing_margin_seconds
        self._timeout_s = timeout_seconds
        self._request_deadline_s = request_deadline_seconds
        self._call_deadline_s = call_deadline_seconds
        self._calls = threading.local()  # .until: monotonic deadline of this thread's current call
        self._max_attempts = max_attempts
        self._backoff_initial_s = backoff_initial_seconds
        self._backoff_max_s = backoff_max_seconds
        self._backoff = wait_exponential_jitter(
            multiplier=backoff_initial_seconds, max=backoff_max_seconds, jitter=backoff_initial_seconds
        )
        self._page_size = page_size
        self._max_vintages = max_vintage_dates
        self._limiter = limiter if limiter is not None else process_limiter()
        self._pacing_log = pacing_log
        self._sleep = sleep
        # our own opener: no global install_opener, nothing shared with other urllib users; the
        # handlers given replace urllib's defaults of the same kind
        self._opener = urllib.request.build_opener(
            _WatchedHTTPHandler(), _WatchedHTTPSHandler(), _NoRedirects()
        )
        self._client = _FredClient(self._base_url, self._fetch_for_fredapi)
        self._counts: Counter[str] = Counter()
        self._counts_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> FredSeriesSource:
        """Build from the entry point's :class:`~selloff.settings.Settings` (reads no environment itself).

        Raises :class:`~selloff.settings.MissingFredKeyError` (saying where to set it) without a key.
        """
        return cls(
            settings.fred_key(),
            base_url=settings.fred_api_url,
            max_requests=settings.fred_max_requests,
            window_seconds=settings.fred_window_seconds,
            timeout_seconds=settings.fred_timeout_seconds,
            request_deadline_seconds=settings.fred_request_deadline_seconds,
            call_deadline_seconds=settings.fred_call_deadline_seconds,
            max_attempts=settings.fred_max_attempts,
            backoff_initial_seconds=settings.fred_backoff_initial_seconds,
            backoff_max_seconds=settings.fred_backoff_max_seconds,
            pacing_log=settings.fred_pacing_log,
        )

    def __repr__(self) -> str:
        return (
            f"FredSeriesSource(base_url={self._base_url!r}, max_requests={self._max_requests}, "
            f"window_seconds={self._window_s}, timeout_seconds={self._timeout_s}, "
            f"max_attempts={self._max_attempts})"
        )

    # --- SeriesSource ------------------------------------------------------------------------------

    def series_info(self, series_id: str) -> SeriesMetadata:
        """FRED's ``/series`` record, one request (plus retries); ``last_updated`` verbatim."""
        sid = _check_series_id(series_id)
        failure: str | None = None
        try:
            with self._call():
                info = self._client.get_series_info(sid)
        except ValueError as exc:  # fredapi's "No info exists for series id: ..." (ours are not ValueError)
            failure = self._scrub(str(exc))
        if failure is not None:
            raise FredResponseError(sid, f"FRED returned no series record: {failure}")
        attributes: Mapping[str, str] = info.to_dict()
        try:
            return SeriesMetadata(
                series_id=sid,
                title=attributes["title"],
                units=attributes["units"],
                frequency=attributes["frequency"],
                seasonal_adjustment=attributes.get("seasonal_adjustment") or None,
                observation_start=_optional_date(attributes.get("observation_start")),
                observation_end=_optional_date(attributes.get("observation_end")),
                last_updated=attributes["last_updated"],
                notes=attributes.get("notes") or None,
                source="fred",
            )
        except (KeyError, ValueError) as exc:
            failure = f"{type(exc).__name__}: {exc}"
        raise FredResponseError(sid, f"FRED's series record is incomplete ({failure})")

    def observations(
        self,
        series_id: str,
        *,
        observation_start: date | None = None,
        observation_end: date | None = None,
        vintages: bool = False,
    ) -> pd.DataFrame:
        """Observations as :data:`~selloff.ingest.sources.OBSERVATION_COLUMNS`, one request per page.

        Parameters
        ----------
        series_id
            FRED series id.
        observation_start, observation_end
            Inclusive bounds on ``date`` (incremental fetches pass the start only).
        vintages
            ``False`` (default): the values FRED serves today, each row stamped with FRED's real-time
            period for a plain request (``realtime_start = realtime_end`` = today). ``True``: every
            ALFRED vintage (``realtime_start=1776-07-04``, ``realtime_end=9999-12-31``), so a date
            appears once per value it has had, with the real-time period that value was current. The
            vintage dates are listed first (``series/vintagedates``, one request per 10000) and the
            period is split into chunks of at most ``max_vintage_dates``; rows a chunk border cuts in
            two are joined again.

        Returns
        -------
        pandas.DataFrame
            ``date, value, realtime_start, realtime_end``; ``date`` and the real-time columns are
            ``datetime64[s]`` (FRED's open end 9999-12-31 does not fit nanoseconds); ``value`` is
            float64 with NaN where FRED says ``"."`` (the row is kept). Sorted by date (then
            ``realtime_start``).
        """
        sid = _check_series_id(series_id)
        params: dict[str, str] = {"series_id": sid}
        if observation_start is not None:
            params["observation_start"] = _iso(observation_start)
        if observation_end is not None:
            params["observation_end"] = _iso(observation_end)
        days = (date.today() - (observation_start or date.fromisoformat(EARLIEST_REALTIME_START))).days + 2
        with self._call():
            if not vintages:
                return _observations_frame(sid, self._observation_pages(sid, params, max_rows=days))
            rows: list[ET.Element] = []
            vintage_dates = self._vintage_dates(sid)
            for start, end in _vintage_windows(vintage_dates, self._max_vintages):
                window = {**params, "realtime_start": start, "realtime_end": end}
                # a row per date per vintage date at most
                rows.extend(self._observation_pages(sid, window, max_rows=days * max(len(vintage_dates), 1)))
        return _join_split_vintages(_observations_frame(sid, rows))

    def requests_for(self, series_id: str) -> int:
        """HTTP requests made for ``series_id`` by this instance, retries included (thread-safe)."""
        with self._counts_lock:
            return self._counts[series_id]

    def requests_made(self) -> int:
        """HTTP requests made by this instance, all series, retries included."""
        with self._counts_lock:
            return sum(self._counts.values())

    # --- requests ----------------------------------------------------------------------------------

    def _observation_pages(
        self, series_id: str, params: Mapping[str, str], *, max_rows: int
    ) -> list[ET.Element]:
        """Every page of one observations query, as FRED's ``count`` says.

        The first page's ``count`` must be possible (at most ``max_rows``: one row per day of the
        window, per vintage date for ALFRED) and fixes how many pages are asked for; each page must
        continue where the last one ended. A server that ignores ``offset`` or promises a billion rows
        is a bad reply, not a reason to page for ever.
        """
        rows: list[ET.Element] = []
        offset, pages, promised = 0, 0, None
        while True:
            url = self._url(
                "series/observations", {**params, "limit": str(self._page_size), "offset": str(offset)}
            )
            root = self._get_xml(series_id, url)
            page = root.findall("observation")
            count = _int_attribute(root, "count")
            if promised is None:
                promised = count
                if count is not None and count > max_rows:
                    raise FredResponseError(
                        series_id,
                        f"FRED's reply claims {count:,} observations, more than the {max_rows:,} possible",
                    )
            elif count != promised:
                raise FredResponseError(
                    series_id, f"FRED's count changed between pages ({promised} then {count})"
                )
            if page and rows and _row_key(page[0]) <= _row_key(rows[-1]):
                raise FredResponseError(
                    series_id, f"FRED returned rows already received for offset {offset} (offset ignored?)"
                )
            rows.extend(page)
            offset += len(page)
            pages += 1
            if not page or count is None or offset >= count:
                return rows
            if pages >= ceil(count / self._page_size):
                raise FredResponseError(
                    series_id, f"FRED's pages ended short of its count ({offset:,} of {count:,} rows)"
                )

    def _vintage_dates(self, series_id: str) -> list[str]:
        dates: list[str] = []
        while True:
            url = self._url(
                "series/vintagedates",
                {
                    "series_id": series_id,
                    "realtime_start": EARLIEST_REALTIME_START,
                    "realtime_end": LATEST_REALTIME_END,
                    "limit": "10000",
                    "offset": str(len(dates)),
                },
            )
            root = self._get_xml(series_id, url)
            page = [(child.text or "").strip() for child in root.findall("vintage_date")]
            dates.extend(page)
            count = _int_attribute(root, "count")
            if not page or count is None or len(dates) >= count:
                return sorted(set(dates))

    @contextmanager
    def _call(self) -> Iterator[None]:
        """One public call's deadline (kept by the outermost call of this thread)."""
        outer = getattr(self._calls, "until", None)
        if outer is None:
            self._calls.until = time.monotonic() + self._call_deadline_s
        try:
            yield
        finally:
            if outer is None:
                self._calls.until = None

    def _url(self, path: str, params: Mapping[str, str]) -> str:
        # fredapi's URL shape (root/path?series_id=...&...); the key is appended only in _exchange
        return f"{self._base_url}/{path}?{urllib.parse.urlencode(params)}"

    def _fetch_for_fredapi(self, url: str) -> ET.Element:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        series_id = query.get("series_id", ["FRED"])[0]
        return self._get_xml(series_id, url)

    def _get_xml(self, series_id: str, url: str) -> ET.Element:
        """One logical request: paced attempts with backoff; returns the parsed XML root."""
        attempts = 0

        until: float | None = getattr(self._calls, "until", None)

        def attempt() -> ET.Element:
            nonlocal attempts
            if until is not None and time.monotonic() >= until:
                raise FredDeadlineError(
                    series_id, f"no complete answer within {self._call_deadline_s:g} s (the call deadline)"
                )
            attempts += 1
            return self._attempt(series_id, url, until)

        retrying = Retrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception(_is_retryable),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        failure: FredError | None = None
        try:
            return retrying(attempt)
        except FredError as exc:
            failure = exc
        # Re-raised as a fresh exception outside the except block: no __context__, no __cause__.
        final = type(failure)(
            series_id,
            failure.detail
            + (f" (gave up after {attempts} attempts)" if failure.retryable and attempts > 1 else ""),
            status=failure.status,
            fred_message=failure.fred_message,
            retry_after_s=failure.retry_after_s,
            attempts=attempts,
        )
        raise final from None

    def _attempt(self, series_id: str, url: str, until: float | None = None) -> ET.Element:
        for _hop in range(MAX_REDIRECTS + 1):
            started = self._limiter.acquire(self._max_requests, self._window_s, self._margin_s)
            with self._counts_lock:
                self._counts[series_id] += 1
                if self._pacing_log is not None:
                    with self._pacing_log.open("a", encoding="utf-8") as log:
                        log.write(f"{started!r}\t{series_id}\n")
            logger.debug("FRED %s: GET %s", series_id, url.split("?", 1)[0])
            seconds = self._request_deadline_s
            if until is not None:
                seconds = max(min(seconds, until - time.monotonic()), 0.001)
            outcome = self._exchange(url, seconds)
            if not (isinstance(outcome, _Reply) and outcome.status in REDIRECT_STATUSES and outcome.location):
                break
            url = self._redirect_target(series_id, url, outcome.location)
        else:
            raise FredResponseError(series_id, f"more than {MAX_REDIRECTS} redirects")
        if isinstance(outcome, _Failure):
            if outcome.kind == "timeout":
                raise FredTimeoutError(series_id, outcome.detail)
            raise FredConnectionError(series_id, outcome.detail)
        if outcome.status == 200:
            return self._parse_xml(series_id, outcome.body)
        fred_message = self._error_message(outcome.body)
        described = f"HTTP {outcome.status} from FRED" + (f": {fred_message}" if fred_message else "")
        error: type[FredError]
        if outcome.status == 429:
            error = FredRateLimitError
        elif outcome.status >= 500:
            error = FredServerError
        elif outcome.status >= 400:
            error = FredRequestError
        else:  # 1xx/3xx that urllib did not follow: nothing to parse
            error = FredResponseError
        raise error(
            series_id,
            described,
            status=outcome.status,
            fred_message=fred_message,
            retry_after_s=outcome.retry_after_s,
        )

    def _redirect_target(self, series_id: str, url: str, location: str) -> str:
        """The URL a redirect points at, without any key it echoes; only to FRED's own scheme and host."""
        target = urllib.parse.urlsplit(urllib.parse.urljoin(url, location))
        base = urllib.parse.urlsplit(self._base_url)
        if (target.scheme, target.netloc) != (base.scheme, base.netloc):
            raise FredResponseError(
                series_id,
                f"FRED redirected to {target.scheme}://{self._scrub(target.netloc)}, another host or scheme; "
                "refused (the key would go with it): set SELLOFF_FRED_API_URL if FRED has moved",
            )
        query = [(k, v) for k, v in urllib.parse.parse_qsl(target.query) if k.lower() != "api_key"]
        return urllib.parse.urlunsplit(target._replace(query=urllib.parse.urlencode(query), fragment=""))

    def _exchange(self, url: str, deadline_s: float | None = None) -> _Reply | _Failure:
        """One GET with the key appended, cut off after ``deadline_s`` in all. Never raises: every
        failure comes back as a value, so no exception object holding the keyed URL (urllib's HTTPError
        keeps it in ``.url``/``.filename``) survives this frame, and none of its text reaches a user
        unscrubbed."""
        with _Deadline(deadline_s or self._request_deadline_s) as deadline:
            outcome = self._exchange_within(url)
        if deadline.expired:  # whatever the cut-off read produced: a short body, a reset, an EOF
            return _Failure("timeout", f"no complete reply within {deadline.seconds:g} s")
        return outcome

    def _exchange_within(self, url: str) -> _Reply | _Failure:
        keyed = f"{url}&api_key={urllib.parse.quote(self._key.get_secret_value(), safe='')}"
        request = urllib.request.Request(keyed, headers={"User-Agent": f"selloff/{__version__}"})
        try:
            with self._opener.open(request, timeout=self._timeout_s) as response:
                return _Reply(response.status, response.read(), None)
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read()
            except (OSError, http.client.HTTPException):
                body = b""
            headers = exc.headers
            retry_after = _retry_after_seconds(headers.get("Retry-After") if headers else None)
            location = headers.get("Location") if headers else None
            exc.close()
            return _Reply(exc.code, body, retry_after, location)
        except http.client.IncompleteRead as exc:
            return _Failure(
                "truncated", f"the reply was cut short ({len(exc.partial)} bytes read, more were announced)"
            )
        except TimeoutError:
            return _Failure("timeout", f"no reply within {self._timeout_s:g} s")
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return _Failure("timeout", f"no reply within {self._timeout_s:g} s")
            return _Failure("connection", f"cannot reach FRED: {self._scrub(str(exc.reason))}")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return _Failure("connection", f"request failed: {type(exc).__name__}: {self._scrub(str(exc))}")

    def _parse_xml(self, series_id: str, body: bytes) -> ET.Element:
        problem: str | None = None
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            problem = str(exc)
        if problem is not None:
            raise FredResponseError(
                series_id, f"FRED's reply is not well-formed XML ({problem}; {len(body)} bytes)"
            )
        if root.tag == "error":
            message = self._scrub(root.get("message", ""))
            raise FredRequestError(series_id, f"FRED error: {message}", fred_message=message)
        return root

    def _error_message(self, body: bytes) -> str | None:
        """FRED's ``<error message=...>``, or the start of whatever else came back; scrubbed."""
        text = body.decode("utf-8", errors="replace")
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            root = None
        if root is not None and root.get("message"):
            message = self._scrub(root.get("message", "")).strip()  # FRED's words verbatim when short
            return message if len(message) <= 300 and "\n" not in message else _one_line(message)
        # scrubbed whole, then shortened: shortening first could cut a key in two and leave half of it
        return _one_line(self._scrub(re.sub(r"<[^>]*>", " ", text))) or None

    def _scrub(self, text: str) -> str:
        """``text`` without the key: ``api_key=…`` values, the key in any letter case (plain or
        URL-quoted), and any word holding :data:`KEY_FRAGMENT_CHARS` of its characters in a row."""
        key = self._key.get_secret_value()
        text = _KEY_PARAMETER.sub(lambda m: m.group(1) + _REDACTED, text)
        for form in {key, urllib.parse.quote(key, safe="")}:
            text = re.sub(re.escape(form), _REDACTED, text, flags=re.IGNORECASE)
        folded = key.lower()
        fragments = {folded[i : i + KEY_FRAGMENT_CHARS] for i in range(len(folded) - KEY_FRAGMENT_CHARS + 1)}

        def word(match: re.Match[str]) -> str:
            token = match.group(0).lower()
            windows = (token[i : i + KEY_FRAGMENT_CHARS] for i in range(len(token) - KEY_FRAGMENT_CHARS + 1))
            return _REDACTED if any(w in fragments for w in windows) else match.group(0)

        return _TOKEN.sub(word, text)

    def _wait(self, state: RetryCallState) -> float:
        delay = float(self._backoff(state))
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, FredRateLimitError) and exc.retry_after_s is not None:
            delay = max(delay, min(exc.retry_after_s, self._backoff_max_s))
        return delay

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        logger.warning(
            "%s; retrying in %.2f s (attempt %d of %d)", exc, wait, state.attempt_number, self._max_attempts
        )


# --- parsing -----------------------------------------------------------------------------------------


def _optional_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _row_key(row: ET.Element) -> tuple[str, str]:
    """Where an observation row sorts: FRED orders pages by date, then real-time start."""
    return row.get("date", ""), row.get("realtime_start", "")


def _int_attribute(root: ET.Element, name: str) -> int | None:
    value = root.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _observations_frame(series_id: str, rows: list[ET.Element]) -> pd.DataFrame:
    """FRED ``<observation>`` elements as :data:`OBSERVATION_COLUMNS` ("." → NaN, row kept)."""
    problem: str | None = None
    try:
        frame = _parse_observations(rows)
    except KeyError as exc:
        problem = f"an observation has no {exc.args[0]!r} attribute"
    except ValueError as exc:
        problem = str(exc)
    if problem is not None:
        raise FredResponseError(series_id, f"FRED's observations XML is malformed: {problem}")
    return frame


def _parse_observations(rows: list[ET.Element]) -> pd.DataFrame:
    texts = [row.attrib["value"].strip() for row in rows]
    values: list[float] = []
    for text in texts:
        if text == ".":
            values.append(np.nan)
            continue
        try:
            values.append(float(text))
        except ValueError:
            raise ValueError(f"non-numeric value {text!r}") from None
    columns = {}
    for column in ("date", "realtime_start", "realtime_end"):
        raw = [row.attrib[column] for row in rows]
        try:
            # datetime64[D] -> [s]: FRED's open end 9999-12-31 overflows nanoseconds
            columns[column] = pd.Series(np.array(raw, dtype="datetime64[D]").astype("datetime64[s]"))
        except ValueError:
            bad = next((r for r in raw if not _is_iso_date(r)), raw[0] if raw else "")
            raise ValueError(f"unparseable {column} {bad!r}") from None
    frame = pd.DataFrame(
        {
            "date": columns["date"],
            "value": pd.Series(values, dtype="float64"),
            "realtime_start": columns["realtime_start"],
            "realtime_end": columns["realtime_end"],
        }
    )
    return frame.sort_values(["date", "realtime_start"]).reset_index(drop=True)[list(OBSERVATION_COLUMNS)]


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _vintage_windows(vintage_dates: list[str], max_per_window: int) -> list[tuple[str, str]]:
    """Real-time periods covering all time, each holding at most ``max_per_window`` vintage dates.

    Window *k* starts at its first vintage date (the first window at 1776-07-04) and ends the day
    before the next window's first vintage date (the last one at 9999-12-31).
    """
    if len(vintage_dates) <= max_per_window:
        return [(EARLIEST_REALTIME_START, LATEST_REALTIME_END)]
    starts = vintage_dates[::max_per_window]
    windows: list[tuple[str, str]] = []
    for i, first in enumerate(starts):
        start = EARLIEST_REALTIME_START if i == 0 else first
        if i + 1 < len(starts):
            end = (date.fromisoformat(starts[i + 1]) - timedelta(days=1)).isoformat()
        else:
            end = LATEST_REALTIME_END
        windows.append((start, end))
    return windows


def _join_split_vintages(frame: pd.DataFrame) -> pd.DataFrame:
    """Join rows a chunk border split: same date and value, the second starting the day after the first ends.

    FRED clips each row's real-time period to the period asked for, so a value current across a
    chunk border comes back once per chunk.
    """
    if frame.empty:
        return frame
    f = frame.sort_values(["date", "realtime_start"]).reset_index(drop=True)
    same_value = (f["value"] == f["value"].shift()) | (f["value"].isna() & f["value"].shift().isna())
    continues = (
        (f["date"] == f["date"].shift())
        & same_value
        & (f["realtime_start"] == f["realtime_end"].shift() + pd.Timedelta(days=1))
    )
    group = (~continues).cumsum()
    joined = f.groupby(group, sort=False).agg(
        date=("date", "first"),
        value=("value", "first"),
        realtime_start=("realtime_start", "first"),
        realtime_end=("realtime_end", "last"),
    )
    return joined.reset_index(drop=True)[list(OBSERVATION_COLUMNS)]
