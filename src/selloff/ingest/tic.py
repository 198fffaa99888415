"""Treasury's "Major Foreign Holders of Treasury Securities" (TIC): parse the published files, fetch them.

Three layouts are read, all holdings in $bn at the end of each month:

* the **history file** ``mfhhis01.txt`` (``.csv`` is the same table): tab-separated, CSV-quoted labels
  (``"China, Mainland"``), one block per year, newest first. A block is a month row (``\\tDec\\tNov…``)
  over a ``Country`` row of years, a ``------`` rule, the country rows, ``All Other``, ``Grand Total``,
  then ``Of which:`` ``For. Official`` / ``Treasury Bills`` / ``T-Bonds & Notes``. At a series break
  (March 2000; June 2002–2011) the same month is printed twice, under ``Series N/`` marker rows: the
  first column is the new series, the second the old one "shown for comparison only". The table
  ends with the footer (``Department of the Treasury/Federal Reserve Board``, revision dates, footnotes).
* the legacy **current file** ``mfh.txt``: the last 13 months in the same two-row header layout, but
  fixed-width (labels left-aligned, amounts right-aligned); also read when it is tab-separated.
* **SLT Table 5** ``slt_table5.txt``, which replaced the standalone release in 2023: tab-separated, a
  single ``Country\\t2026-07\\t2026-06…`` header, and ``Of Which: Foreign Official`` rows.

Labels are cleaned as in the embedded snapshot (``data/snapshot/PROVENANCE.md``, "tic/"): footnote
markers and stray spaces removed (``United Kingdom 2/`` → ``United Kingdom``, ``Belgium  5/`` →
``Belgium``, ``"Korea, South "`` → ``Korea, South``), the official rows named ``For. Official``,
``For. Official - Treasury Bills``, ``For. Official - T-Bonds & Notes``; ``All Other`` and ``Grand
Total`` kept. ``n.a.`` cells are omitted; ``*`` ("less than $50 million") is read as 0.0, which is
what it rounds to at the table's 0.1 precision.
"""

from __future__ import annotations

import csv
import itertools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Final

import httpx
import pandas as pd
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from selloff import __version__
from selloff.ingest.sources import HOLDINGS_COLUMNS, HoldingsSourceName, SourceError

if TYPE_CHECKING:
    from selloff.settings import Settings

logger = logging.getLogger(__name__)

DATASET: Final = "TIC"
OFFICIAL: Final = "For. Official"
OFFICIAL_BILLS: Final = "For. Official - Treasury Bills"
OFFICIAL_BONDS: Final = "For. Official - T-Bonds & Notes"

MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_FOOTNOTE = re.compile(r"\s*\d+/\s*$")
_YEAR = re.compile(r"^(19|20|21)\d\d$")
_ISO_MONTH = re.compile(r"^((?:19|20|21)\d\d)-(0[1-9]|1[0-2])$")
_TABLE5_OFFICIAL = re.compile(r"^of\s+which:?\s*(?:foreign|for\.)\s+official\b\s*(.*)$", re.IGNORECASE)
_MISSING = frozenset({"", "n.a.", "n.a", "na", "n/a"})
_RULE = re.compile(r"^-{2,}$")
# a value token in the fixed-width layout: a number, "*" or "n.a."
_FIXED_VALUE = re.compile(r"^(?:-?\d[\d,]*(?:\.\d+)?|\*|n\.a\.?)$", re.IGNORECASE)

Month = tuple[int, int]  # (year, month)


def clean_country(label: str) -> str:
    """A row label as the snapshot names it: quotes, footnote markers and extra spaces removed,
    official-sector rows renamed (see the module docstring)."""
    text = label.strip().strip('"').strip()
    text = _FOOTNOTE.sub("", text).strip()
    text = re.sub(r"\s+", " ", text)
    table5 = _TABLE5_OFFICIAL.match(text)
    if table5 is not None:
        return _official_row(table5.group(1))
    if text == "Treasury Bills":
        return OFFICIAL_BILLS
    if text == "T-Bonds & Notes":
        return OFFICIAL_BONDS
    return text


def _official_row(suffix: str) -> str:
    suffix = suffix.strip(" -:")
    lowered = suffix.lower()
    if not suffix:
        return OFFICIAL
    if "bill" in lowered:
        return OFFICIAL_BILLS
    if "bond" in lowered or "note" in lowered:
        return OFFICIAL_BONDS
    return f"{OFFICIAL} - {suffix}"


# --- parsing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    month: Month
    old_series: bool  # the second column for the same month in a block ("shown for comparison only")


@dataclass
class _Holdings:
    """What a parse found: (country, month) -> value, new and old series separately."""

    new: dict[tuple[str, Month], float] = field(default_factory=dict)
    old: dict[tuple[str, Month], float] = field(default_factory=dict)
    blocks: int = 0


def _value(text: str, *, where: str) -> float | None:
    token = text.strip().replace(",", "")
    if token.lower() in _MISSING:
        return None
    if token == "*":
        return 0.0
    try:
        return float(token)
    except ValueError:
        raise SourceError(DATASET, f"{where}: non-numeric amount {text.strip()!r}") from None


def _columns(months: list[tuple[int, Month]]) -> dict[int, _Column]:
    """Columns keyed by position; a month seen twice in one block marks its second column old series."""
    seen: set[Month] = set()
    columns: dict[int, _Column] = {}
    for position, month in months:
        columns[position] = _Column(month, old_series=month in seen)
        seen.add(month)
    return columns


class _Parser:
    """One pass over a file in any of the three layouts (see the module docstring)."""

    def __init__(self, text: str, what: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.what = what
        self.tabbed = any(line.split("\t", 1)[0].strip() == "Country" and "\t" in line for line in self.lines)
        self.found = _Holdings()

    def parse(self) -> _Holdings:
        i = 0
        while i < len(self.lines):
            if self._label(i) == "Country":
                i = self._block(i)
            else:
                i += 1
        if self.found.blocks == 0:
            raise SourceError(
                DATASET,
                f"{self.what}: no 'Country' header row; this is not a Major Foreign Holders table",
            )
        if not self.found.new and not self.found.old:
            raise SourceError(DATASET, f"{self.what}: the table has headers but no holdings rows")
        return self.found

    # -- lines ----------------------------------------------------------------------------------------

    def _cells(self, i: int) -> list[str]:
        return next(csv.reader([self.lines[i]], delimiter="\t")) if self.lines[i] else []

    def _label(self, i: int) -> str:
        if self.tabbed:
            cells = self._cells(i)
            return cells[0].strip() if cells else ""
        parts = self.lines[i].split()
        return parts[0] if parts else ""

    def _row(self, i: int) -> tuple[str, list[tuple[int, str]]]:
        """(label, [(position, value text)]); positions are cell indices (tabbed) or token end columns."""
        if self.tabbed:
            cells = self._cells(i)
            if not cells:
                return "", []
            return cells[0], [(k, c) for k, c in enumerate(cells[1:], 1) if c.strip()]
        tokens = list(re.finditer(r"\S+", self.lines[i]))
        first_value = len(tokens)
        while first_value > 0 and _FIXED_VALUE.match(tokens[first_value - 1].group()):
            first_value -= 1
        label_end = tokens[first_value].start() if first_value < len(tokens) else len(self.lines[i])
        return self.lines[i][:label_end], [(t.end(), t.group()) for t in tokens[first_value:]]

    # -- blocks ---------------------------------------------------------------------------------------

    def _header(self, i: int) -> dict[int, _Column]:
        where = f"{self.what}, line {i + 1}"
        _, cells = self._row_for_header(i)
        iso = [(p, _ISO_MONTH.match(c.strip())) for p, c in cells]
        if cells and all(m is not None for _, m in iso):
            return _columns([(p, (int(m.group(1)), int(m.group(2)))) for p, m in iso if m is not None])
        if not cells or not all(_YEAR.match(c.strip()) for _, c in cells):
            raise SourceError(DATASET, f"{where}: the 'Country' row holds neither years nor YYYY-MM months")
        month_row = self._month_row(i)
        if month_row is None:
            raise SourceError(DATASET, f"{where}: no month-name row above the 'Country' row of years")
        if self.tabbed:
            names = dict(month_row)
            missing = [p for p, _ in cells if p not in names]
            if missing:
                raise SourceError(DATASET, f"{where}: year columns {missing} have no month name above them")
            pairs = [(p, names[p]) for p, _ in cells]
        else:
            if len(month_row) != len(cells):
                raise SourceError(DATASET, f"{where}: {len(month_row)} month names over {len(cells)} years")
            pairs = [(p, name) for (p, _), (_, name) in zip(cells, month_row, strict=True)]
        years = dict(cells)
        return _columns([(p, (int(years[p].strip()), MONTHS[name])) for p, name in pairs])

    def _row_for_header(self, i: int) -> tuple[str, list[tuple[int, str]]]:
        if self.tabbed:
            return self._row(i)
        # fixed width: every token after "Country" is a header cell, positioned by its right edge
        tokens = list(re.finditer(r"\S+", self.lines[i]))
        return tokens[0].group(), [(t.end(), t.group()) for t in tokens[1:]]

    def _month_row(self, i: int) -> list[tuple[int, str]] | None:
        """The nearest non-blank row above ``i`` made only of month names (series markers skipped)."""
        for j in range(i - 1, max(i - 6, -1), -1):
            if self.tabbed:
                cells = [(k, c.strip()) for k, c in enumerate(self._cells(j)) if c.strip()]
            else:
                cells = [(t.end(), t.group()) for t in re.finditer(r"\S+", self.lines[j])]
            if cells and all(c in MONTHS for _, c in cells):
                return cells
        return None

    def _block(self, i: int) -> int:
        """Parse the block whose 'Country' row is line ``i``; return the index after it."""
        columns = self._header(i)
        self.found.blocks += 1
        edges = sorted(columns)
        seen_in_block: set[str] = set()
        j = i + 1
        while j < len(self.lines):
            raw_label, values = self._row(j)
            label = clean_country(raw_label)
            if self._label(j) == "Country":
                return j  # the next block (a table without an "Of which:" section)
            if not label or (not values and _RULE.match(label.replace(" ", ""))):
                j += 1  # blank rows, the ------ rule, the next block's month and series rows
                continue
            if label.lower().startswith("of which") and not values:
                j += 1
                continue
            if not values:
                return j + 1  # prose: the footer or footnotes end the table
            where = f"{self.what}, line {j + 1} ({label})"
            if label in seen_in_block:
                raise SourceError(DATASET, f"{where}: the row appears twice in one block")
            seen_in_block.add(label)
            for position, text in values:
                column = columns.get(position) if self.tabbed else self._nearest(position, edges, columns)
                if column is None:
                    if _RULE.match(text.strip()):
                        continue
                    raise SourceError(DATASET, f"{where}: amount {text.strip()!r} is under no month header")
                amount = _value(text, where=where)
                if amount is None:
                    continue
                key = (label, column.month)
                target = self.found.old if column.old_series else self.found.new
                # a month printed in two blocks: the first (newest) block is the revised one
                target.setdefault(key, amount)
            j += 1
            if label == OFFICIAL_BONDS:
                return j  # the last row of every block
        return j

    @staticmethod
    def _nearest(position: int, edges: list[int], columns: dict[int, _Column]) -> _Column | None:
        """The fixed-width column whose right edge is nearest a value's right edge (amounts are
        right-aligned under the years); ``None`` when it is further than half a column away."""
        best = min(edges, key=lambda e: abs(e - position))
        spacing = min((b - a for a, b in itertools.pairwise(edges)), default=8)
        return columns[best] if abs(best - position) <= max(spacing // 2, 1) else None


def _frame(found: _Holdings, realtime_start: date | None) -> pd.DataFrame:
    keys = sorted(set(found.new) | set(found.old))
    frame = pd.DataFrame(
        {
            "country": pd.Series([country for country, _ in keys], dtype=str),
            "date": pd.to_datetime([f"{y:04d}-{m:02d}-01" for _, (y, m) in keys], format="%Y-%m-%d"),
            "holdings_usd_bn": pd.Series([found.new.get(k, float("nan")) for k in keys], dtype="float64"),
            "holdings_old_series_usd_bn": pd.Series(
                [found.old.get(k, float("nan")) for k in keys], dtype="float64"
            ),
        }
    )
    frame["realtime_start"] = (
        pd.Series(pd.Timestamp(realtime_start), index=frame.index)
        if realtime_start is not None
        else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    )
    return frame[list(HOLDINGS_COLUMNS)].sort_values(["country", "date"]).reset_index(drop=True)


def parse_history(text: str, *, realtime_start: date | None = None) -> pd.DataFrame:
    """The history file (``mfhhis01``) as :data:`~selloff.ingest.sources.HOLDINGS_COLUMNS`.

    Parameters
    ----------
    text
        The file's text.
    realtime_start
        The vintage to stamp on every row (the day it was fetched); NaT when ``None``.

    Returns
    -------
    pandas.DataFrame
        One row per country and month (``date`` = first day of the month whose end-of-month holdings
        are reported), $bn; ``holdings_old_series_usd_bn`` is the old-series column at break months,
        NaN elsewhere. Sorted by country and date.

    Raises
    ------
    SourceError
        ``TIC: ...`` naming the line when the text is not the table or a cell cannot be read.
    """
    return _frame(_Parser(text, "history file").parse(), realtime_start)


def parse_current(text: str, *, realtime_start: date | None = None) -> pd.DataFrame:
    """The current file (legacy ``mfh.txt``, fixed-width or tabbed, or SLT Table 5).

    Parameters, return value and errors as :func:`parse_history`.
    """
    return _frame(_Parser(text, "current file").parse(), realtime_start)


def merge_holdings(current: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """History with every month the current file prints replaced by the current file's rows.

    The current file is the newer vintage, so for a month it prints its rows win whole (a country
    it no longer lists for that month is not kept from the history). Old-series values it does not
    print (break months are all in the history) are kept from the history.

    Unless it is stale: a current file whose newest month is older than the history's newest is an
    old vintage (Treasury stopped updating the standalone ``mfh.txt`` in 2023, when the table moved to
    SLT Table 5), so then the history wins and the current file only adds months the history lacks.
    """
    if not current.empty and not history.empty and current["date"].max() < history["date"].max():
        logger.warning(
            "TIC: the current file ends %s, before the history file (%s): it is stale; the history wins",
            pd.Timestamp(current["date"].max()).strftime("%Y-%m"),
            pd.Timestamp(history["date"].max()).strftime("%Y-%m"),
        )
        current = current[~current["date"].isin(set(history["date"]))]
    months = set(current["date"])
    kept = history[~history["date"].isin(months)]
    old_values = history.loc[history["date"].isin(months), ["country", "date", "holdings_old_series_usd_bn"]]
    replaced = current.merge(old_values, on=["country", "date"], how="left", suffixes=("", "_history"))
    replaced["holdings_old_series_usd_bn"] = replaced["holdings_old_series_usd_bn"].fillna(
        replaced["holdings_old_series_usd_bn_history"]
    )
    merged = pd.concat([kept, replaced[list(HOLDINGS_COLUMNS)]], ignore_index=True)
    return merged[list(HOLDINGS_COLUMNS)].sort_values(["country", "date"]).reset_index(drop=True)


# --- the live source ---------------------------------------------------------------------------------


class _TicFetchError(SourceError):
    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(DATASET, message, permanent=not retryable)
        self.detail = message
        self.retryable = retryable


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, _TicFetchError) and exc.retryable


class TicHoldingsSource:
    """Treasury's published current and history files over HTTP
    (a :class:`~selloff.ingest.sources.HoldingsSource`).

    No key and no FRED pacing. A small retry (429, 5xx, timeouts, transport errors; exponential
    backoff with jitter) covers Treasury's web servers; 4xx and unreadable files fail at once.

    Parameters
    ----------
    current_url, history_url
        The current table (``mfh.txt`` or ``slt_table5.txt``) and the history (``mfhhis01.txt``).
    timeout_s
        httpx timeout per request, seconds.
    max_attempts
        Tries per file.
    today
        Gives the vintage stamped on every row as ``realtime_start``; injectable.
    sleep
        How backoff waits; injectable.
    transport
        An httpx transport (tests may pass a mock one; the suite uses a real local server).
    """

    name: HoldingsSourceName = "tic"

    def __init__(
        self,
        current_url: str,
        history_url: str,
        timeout_s: float = 60.0,
        *,
        max_attempts: int = 3,
        backoff_initial_seconds: float = 1.0,
        backoff_max_seconds: float = 10.0,
        today: Callable[[], date] = date.today,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if timeout_s <= 0 or max_attempts < 1:
            raise ValueError(f"need timeout_s > 0 and max_attempts >= 1 (got {timeout_s}, {max_attempts})")
        self._current_url = current_url
        self._history_url = history_url
        self._timeout_s = timeout_s
        self._max_attempts = max_attempts
        self._backoff = wait_exponential_jitter(
            multiplier=backoff_initial_seconds, max=backoff_max_seconds, jitter=backoff_initial_seconds
        )
        self._today = today
        self._sleep = sleep
        self._transport = transport
        self._requests = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> TicHoldingsSource:
        """Build from the entry point's :class:`~selloff.settings.Settings` (reads no environment itself)."""
        return cls(settings.tic_current_url, settings.tic_history_url, settings.tic_timeout_seconds)

    def __repr__(self) -> str:
        return f"TicHoldingsSource(current_url={self._current_url!r}, history_url={self._history_url!r})"

    def holdings(self) -> pd.DataFrame:
        """Both files fetched, parsed and merged (:func:`merge_holdings`), stamped with today's date."""
        vintage = self._today()
        with httpx.Client(
            timeout=self._timeout_s,
            follow_redirects=True,
            transport=self._transport,
            headers={"User-Agent": f"selloff/{__version__}"},
        ) as client:
            history_text = self._fetch(client, "history file", self._history_url)
            current_text = self._fetch(client, "current file", self._current_url)
        history = parse_history(history_text, realtime_start=vintage)
        current = parse_current(current_text, realtime_start=vintage)
        return merge_holdings(current, history)

    def requests_made(self) -> int:
        """HTTP requests made so far, retries included."""
        return self._requests

    def _fetch(self, client: httpx.Client, what: str, url: str) -> str:
        attempts = 0

        def attempt() -> str:
            nonlocal attempts
            attempts += 1
            return self._attempt(client, what, url)

        retrying = Retrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._backoff,
            retry=retry_if_exception(_is_retryable),
            sleep=self._sleep,
            before_sleep=_log_retry,
            reraise=True,
        )
        failure: _TicFetchError | None = None
        try:
            return retrying(attempt)
        except _TicFetchError as exc:
            failure = exc
        suffix = f" (gave up after {attempts} attempts)" if failure.retryable and attempts > 1 else ""
        # a fresh exception outside the except block: no chained httpx exception in the traceback
        raise _TicFetchError(failure.detail + suffix, retryable=failure.retryable) from None

    def _attempt(self, client: httpx.Client, what: str, url: str) -> str:
        self._requests += 1
        problem: str | None = None
        retryable = True
        try:
            response = client.get(url)
        except httpx.TimeoutException:
            problem = f"no reply within {self._timeout_s:g} s"
        except httpx.HTTPError as exc:
            problem = f"cannot fetch: {type(exc).__name__}: {exc}"
        if problem is not None:
            raise _TicFetchError(f"{what} {url}: {problem}", retryable=True)
        if response.status_code != 200:
            retryable = response.status_code == 429 or response.status_code >= 500
            raise _TicFetchError(f"{what} {url}: HTTP {response.status_code}", retryable=retryable)
        return _decode(response.content)


def _decode(body: bytes) -> str:
    # Treasury's files are ASCII in practice; cp1252 covers the odd exported character
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome is not None else None
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    logger.warning("%s; retrying in %.2f s (attempt %d)", exc, wait, state.attempt_number)
