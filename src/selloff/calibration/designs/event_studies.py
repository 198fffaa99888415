r"""Designs A and B: daily event studies of the price impact, with randomisation (placebo) inference.

**A — Fed QE/QT announcements.** The 1-day change of each yield on the Fed's balance-sheet announcement days,
regressed (no constant) on the announced 12-month change in Fed Treasury holdings, as a **sale** in % of the
quarter's GDP (a purchase is a negative sale). Which rows count and the amount of each were decided from the
table's text before any estimate (:data:`FED_EVENT_RULES`, the prototype's RULES.md): restatements,
maturity-extension rows (net zero face), reserve-management bills and rows without a Treasury amount are out.
Identifying assumption: :data:`ASSUMPTION_A`.

**B — Japan's MoF FX interventions.** The same-day (US calendar) change of each yield on **yen-buying** days
(the MoF sells dollar assets: the sale case the projection needs) less the day's JGB move times its
ordinary-day loading, regressed on the dollar amount (yen at DEXJPUS on the day) in % of GDP. The Treasury
flow is an **upper bound**: an intervention can be funded from deposits or non-Treasury assets. Yen-selling
days are not used (amendment after the synthetic checks, before the package estimate: on those days the
direction was chosen in response to risk-off moves that also move US yields). Identifying assumption:
:data:`ASSUMPTION_B`.

Inference. The estimator is :math:`b = \sum x\,\Delta y / \sum x^2` (bp per 1% of GDP sold). Its
randomisation distribution replaces each event's change by a change drawn from **ordinary days of the same
calendar year** (trading days not within two trading days of an event) with the same amounts: two-sided
p-value :math:`(1 + \#\{|b^*| \ge |b|\})/(1 + R)` and the 90% interval :math:`[b - q_{95}, b - q_{05}]`
(a constant additive effect). For A a second pool, FOMC statement days without balance-sheet news, is drawn
as well. **SE used in the combination** (amendment, adopted after the synthetic coverage checks: with effects
that vary by event the randomisation interval alone covered 50%): the largest of the randomisation SE(s)
(interval width / 3.29), the HC1 SE and the leave-one-out jackknife SE.

Exclusion rules, stated before the estimate and never by sign: fewer than :data:`MIN_EVENTS` (A) or
:data:`MIN_EVENTS_B` (B) event windows → "too few events"; a **failed placebo**: the same estimator on
pseudo-events 5 trading days before each event, 10-year tenor, randomisation p < 0.05.

Pure functions: pandas in, frozen dataclasses out, every draw from a passed ``numpy.random.Generator``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]
Z90 = float(stats.norm.ppf(0.95))  # 1.6449: a 90% interval is +-Z90 SE

MIN_EVENTS = 5
"""A: fewer event windows with a non-zero amount at a tenor than this, and the design is excluded there."""
MIN_EVENTS_B = 10
"""B: fewer yen-buying (dollar-sale) days than this, and B is excluded ("too few events"; amendment)."""
PLACEBO_SHIFT_DAYS = 5
PLACEBO_P_FAIL = 0.05
EVENT_BUFFER_DAYS = 2
"""Ordinary days are at least this many trading days away from any event of the table."""

A_START, A_END = pd.Timestamp("2008-01-01"), pd.Timestamp("2025-12-31")
B_START, B_END = pd.Timestamp("1998-01-01"), pd.Timestamp("2024-12-31")
B_CAMPAIGN = (pd.Timestamp("2003-01-01"), pd.Timestamp("2004-03-31"))
"""The 2003-04 campaign (near-daily yen selling, only period totals): kept out of B's ordinary days."""

ASSUMPTION_A = (
    "On Fed balance-sheet announcement days the only yield news proportional to the announced 12-month "
    "change in Fed Treasury holdings is that change; all other news is drawn like ordinary days' changes "
    "in the same year."
)
ASSUMPTION_B = (
    "On MoF yen-buying days, after removing the day's JGB move, US yield changes differ from ordinary days "
    "only through the dollar-asset sale, which is set to move the yen and not in response to US yield "
    "news; the Treasury flow is an upper bound (interventions can be funded from deposits)."
)


# ---------------------------------------------------------------------------------------------------
# units and calendars
# ---------------------------------------------------------------------------------------------------


def pct_of_gdp(amount_usd_bn: npt.ArrayLike, days: pd.DatetimeIndex, gdp_q: pd.Series) -> FloatArray:
    """``100 * amount / GDP``, GDP ($bn SAAR, index = quarter start) of the quarter containing each day."""
    amount = np.asarray(amount_usd_bn, dtype=float)
    quarters = pd.DatetimeIndex(days).to_period("Q").to_timestamp()
    gdp = gdp_q.reindex(quarters).to_numpy(dtype=float)
    if np.any(~np.isfinite(gdp)):
        missing = [str(d.date()) for d, g in zip(days, gdp, strict=True) if not np.isfinite(g)]
        raise ValueError(f"no GDP for the quarter of {missing}")
    return np.asarray(100.0 * amount / gdp, dtype=float)


def trading_days(yields_pct: pd.Series) -> pd.DatetimeIndex:
    """Dates with a valid close: the tenor's trading calendar."""
    return pd.DatetimeIndex(yields_pct.dropna().index).sort_values()


def to_trading_day(
    dates: Sequence[pd.Timestamp] | pd.Series,
    calendar: pd.DatetimeIndex,
    may_shift: Sequence[pd.Timestamp] | pd.Series = (),
    labels: Sequence[str] | None = None,
) -> pd.DatetimeIndex:
    """Map event dates to trading days of ``calendar``.

    A trading day maps to itself; a date in ``may_shift`` (a stated rule: ``event_day_rules.toml``) that is
    not one maps to the next trading day (the first close that can reflect it). Any other non-trading date
    is an error naming the row, so a mistyped date cannot silently move.
    """
    shift_ok = {pd.Timestamp(d) for d in may_shift}
    out = []
    for i, d in enumerate(pd.DatetimeIndex(list(dates))):
        if d in calendar:
            out.append(d)
            continue
        label = labels[i] if labels is not None else str(d.date())
        if d not in shift_ok:
            raise ValueError(f"{label}: {d.date()} is not a trading day and no rule allows moving it")
        pos = int(calendar.searchsorted(d))
        if pos >= len(calendar):
            raise ValueError(f"{label}: no trading day after {d.date()}")
        out.append(calendar[pos])
    return pd.DatetimeIndex(out)


def window_change_bp(yields_pct: pd.Series, length: int) -> pd.Series:
    """``close(t + length - 1) - close(t - 1)`` in bp on the tenor's own calendar, indexed by t."""
    y = yields_pct.dropna().sort_index().astype(float)
    return 100.0 * (y.shift(-(length - 1)) - y.shift(1))


def near_days(calendar: pd.DatetimeIndex, dates: pd.DatetimeIndex, buffer: int) -> pd.DatetimeIndex:
    """Trading days within ``buffer`` trading days of any of ``dates`` (trading days of ``calendar``)."""
    pos = calendar.get_indexer(dates)
    if np.any(pos < 0):
        raise ValueError("near_days: dates must be trading days of the calendar")
    idx = {int(p) + k for p in pos for k in range(-buffer, buffer + 1) if 0 <= int(p) + k < len(calendar)}
    return calendar[sorted(idx)]


def ordinary_days(
    calendar: pd.DatetimeIndex,
    event_days: pd.DatetimeIndex,
    start: pd.Timestamp,
    end: pd.Timestamp,
    excluded_ranges: Sequence[tuple[pd.Timestamp, pd.Timestamp]] = (),
) -> pd.DatetimeIndex:
    """Trading days in [start, end] away from every event (:data:`EVENT_BUFFER_DAYS`) and excluded range."""
    days = calendar[(calendar >= start) & (calendar <= end)]
    days = days.difference(near_days(calendar, event_days, EVENT_BUFFER_DAYS))
    for lo, hi in excluded_ranges:
        days = days[(days < lo) | (days > hi)]
    return days


def shifted_days(
    calendar: pd.DatetimeIndex, days: pd.DatetimeIndex, k: int, forbidden: pd.DatetimeIndex
) -> pd.DatetimeIndex:
    """Each day moved ``k`` trading days earlier, then further back while it falls on a forbidden day."""
    forbidden_set = set(forbidden)
    out = []
    for d in days:
        p = int(calendar.get_indexer(pd.DatetimeIndex([d]))[0]) - k
        while p >= 0 and calendar[p] in forbidden_set:
            p -= 1
        if p < 1:
            raise ValueError(f"placebo day for {d.date()} runs off the calendar")
        out.append(calendar[p])
    return pd.DatetimeIndex(out)


@dataclass(frozen=True)
class EventWindows:
    """Event windows on one tenor's calendar: first day, length (trading days), change (bp), sale (% GDP)."""

    start: pd.DatetimeIndex
    length: npt.NDArray[np.int64]
    dy_bp: FloatArray
    sale_pct_gdp: FloatArray
    labels: tuple[str, ...]


def event_windows(
    yields_pct: pd.Series,
    days: pd.DatetimeIndex,
    sale_pct_gdp: npt.ArrayLike,
    length: int,
    labels: Sequence[str],
) -> EventWindows:
    """Windows of ``length`` days at each event; events whose windows overlap are merged (amounts summed).

    A merged run of events on trading days p_1 < ... < p_m has the change close(p_m + length - 1) -
    close(p_1 - 1).
    """
    y = yields_pct.dropna().sort_index().astype(float)
    cal = pd.DatetimeIndex(y.index)
    pos = cal.get_indexer(days)
    if np.any(pos < 0):
        bad = [lab for lab, p in zip(labels, pos, strict=True) if p < 0]
        raise ValueError(f"event days without a close: {bad}")
    order = np.argsort(pos, kind="stable")
    pos, sale = pos[order], np.asarray(sale_pct_gdp, dtype=float)[order]
    labs = [labels[i] for i in order]
    groups: list[list[int]] = []
    for i in range(len(pos)):
        if groups and pos[i] - pos[groups[-1][-1]] < length:
            groups[-1].append(i)
        else:
            groups.append([i])
    vals = y.to_numpy()
    starts, lengths, dys, sales, glabels = [], [], [], [], []
    for g in groups:
        p0, p1 = int(pos[g[0]]), int(pos[g[-1]])
        span = p1 - p0 + length
        if p0 - 1 < 0 or p0 + span - 1 >= len(vals):
            raise ValueError(f"the window of {labs[g[0]]} runs off the data")
        starts.append(cal[p0])
        lengths.append(span)
        dys.append(100.0 * (vals[p0 + span - 1] - vals[p0 - 1]))
        sales.append(float(sale[g].sum()))
        glabels.append("+".join(labs[i] for i in g))
    return EventWindows(
        pd.DatetimeIndex(starts),
        np.array(lengths, dtype=np.int64),
        np.array(dys, dtype=float),
        np.array(sales, dtype=float),
        tuple(glabels),
    )


# ---------------------------------------------------------------------------------------------------
# the estimator and its inference
# ---------------------------------------------------------------------------------------------------


def no_constant_ols(dy: FloatArray, x: FloatArray) -> tuple[float, float, float]:
    """``b = sum(x dy) / sum(x^2)`` with its HC1 SE and Student-t p-value (n - 1 df)."""
    sxx = float(np.sum(x * x))
    if not sxx > 0:
        raise ValueError("all event amounts are zero")
    b = float(np.sum(x * dy) / sxx)
    n = len(dy)
    u = dy - b * x
    se = math.sqrt((n / max(n - 1, 1)) * float(np.sum(x * x * u * u)) / sxx**2)
    p = float(2 * stats.t.sf(abs(b) / se, df=max(n - 1, 1))) if se > 0 else math.nan
    return b, se, p


def jackknife_se(dy: FloatArray, x: FloatArray) -> float:
    """Leave-one-out jackknife SE of the no-constant slope (robust to effects that vary by event)."""
    n = len(x)
    loo = []
    for e in range(n):
        keep = np.arange(n) != e
        sxx = float(np.sum(x[keep] ** 2))
        if sxx > 0:
            loo.append(float(np.sum(x[keep] * dy[keep]) / sxx))
    v = np.array(loo)
    if len(v) < 2:
        return math.nan
    return float(math.sqrt((len(v) - 1) / len(v) * np.sum((v - v.mean()) ** 2)))


def placebo_statistics(
    windows: EventWindows,
    pool: Mapping[int, pd.Series],
    rng: np.random.Generator,
    n_draws: int,
    stratify: bool,
) -> FloatArray:
    """The statistic with each event's change replaced by a placebo day's change (same amounts).

    ``pool[L]`` holds changes over L-day windows starting on ordinary days; with ``stratify`` each event
    draws from ordinary days of its own calendar year.
    """
    x = windows.sale_pct_gdp
    sxx = float(np.sum(x * x))
    years = windows.start.year.to_numpy()
    draws = np.empty((n_draws, len(x)))
    for e in range(len(x)):
        s = pool[int(windows.length[e])].dropna()
        vals = s.to_numpy(dtype=float)
        if stratify:
            vals = vals[pd.DatetimeIndex(s.index).year == years[e]]
        if len(vals) < 20:
            raise ValueError(f"placebo pool for {windows.labels[e]} has only {len(vals)} days")
        draws[:, e] = vals[rng.integers(0, len(vals), size=n_draws)]
    return np.asarray(draws @ x / sxx, dtype=float)


def randomisation_inference(
    estimate: float, null_stats: FloatArray
) -> tuple[tuple[float, float], float, float]:
    """Two-sided p-value of b = 0, the 90% interval ``[b - q95, b - q05]`` and its normal-equivalent SE."""
    r = len(null_stats)
    p = float((1 + np.sum(np.abs(null_stats) >= abs(estimate))) / (1 + r))
    q05, q95 = np.quantile(null_stats, [0.05, 0.95])
    lo, hi = estimate - float(q95), estimate - float(q05)
    return (lo, hi), p, (hi - lo) / (2 * Z90)


@dataclass(frozen=True)
class EventStudyEstimate:
    """One event-study coefficient, bp per sale of 1% of GDP (positive = yields rise on a sale)."""

    tenor: Tenor
    window_days: int
    pool: str
    estimate: float
    ci90_perm: tuple[float, float]
    p_perm: float
    se_perm: float
    se_hc1: float
    p_hc1: float
    se_jackknife: float
    n_events: int
    sample_start: pd.Timestamp
    sample_end: pd.Timestamp
    n_draws: int

    @property
    def se_robust(self) -> float:
        """max(randomisation, HC1, jackknife) SE: the heterogeneity-robust SE of the combination."""
        return float(np.nanmax([self.se_perm, self.se_hc1, self.se_jackknife]))


def event_study(
    windows: EventWindows,
    pool: Mapping[int, pd.Series],
    rng: np.random.Generator,
    *,
    tenor: Tenor,
    window_days: int,
    pool_name: str,
    n_draws: int,
    stratify: bool = True,
) -> EventStudyEstimate:
    """No-constant OLS of event-window changes on the sale amount, with randomisation, HC1 and jackknife."""
    x, dy = windows.sale_pct_gdp, windows.dy_bp
    b, se_hc1, p_hc1 = no_constant_ols(dy, x)
    null = placebo_statistics(windows, pool, rng, n_draws, stratify)
    ci, p, se_perm = randomisation_inference(b, null)
    return EventStudyEstimate(
        tenor=tenor,
        window_days=window_days,
        pool=pool_name,
        estimate=b,
        ci90_perm=ci,
        p_perm=p,
        se_perm=se_perm,
        se_hc1=se_hc1,
        p_hc1=p_hc1,
        se_jackknife=jackknife_se(dy, x),
        n_events=len(x),
        sample_start=windows.start.min(),
        sample_end=windows.start.max(),
        n_draws=n_draws,
    )


# ---------------------------------------------------------------------------------------------------
# A: which Fed announcement rows count (decided from the table's text before any estimate)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FedEventRule:
    """The decision for one date of the QE/QT table: purchase > 0, $bn over the next 12 months."""

    date: str
    include: bool
    purchase_usd_bn: float | None
    reason: str


FED_EVENT_RULES: tuple[FedEventRule, ...] = (
    FedEventRule("2008-11-25", False, None, "no Treasury amount (MBS/GSE debt only)"),
    FedEventRule("2008-12-01", False, None, "speech, no amount"),
    FedEventRule("2008-12-16", False, None, "evaluating purchases, no amount; rate cut"),
    FedEventRule("2009-01-28", False, None, "prepared to purchase, no amount"),
    FedEventRule("2009-03-18", True, 300.0, "new total $300bn over six months"),
    FedEventRule("2009-08-12", False, None, "restatement of $300bn"),
    FedEventRule("2009-09-23", False, None, "restatement of $300bn"),
    FedEventRule("2009-11-04", False, None, "agency debt only"),
    FedEventRule("2010-08-10", False, None, "reinvestment in Treasuries, amount not printed"),
    FedEventRule("2010-11-03", True, 600.0, "new total $600bn by 2011Q2"),
    FedEventRule("2011-06-22", False, None, "restatement of $600bn"),
    FedEventRule("2011-09-21", False, 0.0, "maturity extension: net zero face"),
    FedEventRule("2012-06-20", False, 0.0, "maturity extension: net zero face"),
    FedEventRule("2012-09-13", False, None, "MBS only; maturity extension already planned"),
    FedEventRule("2012-12-12", True, 540.0, "45/month net from Jan 2013 vs 0 (MEP sterilised) x 12"),
    FedEventRule("2013-05-22", False, None, "taper signal, no amount"),
    FedEventRule("2013-06-19", False, 0.0, "pace unchanged; press-conference signal has no amount"),
    FedEventRule("2013-12-18", True, -60.0, "45 -> 40 a month x 12"),
    FedEventRule("2014-01-29", True, -60.0, "40 -> 35 a month x 12"),
    FedEventRule("2014-03-19", True, -60.0, "35 -> 30 a month x 12"),
    FedEventRule("2014-04-30", True, -60.0, "30 -> 25 a month x 12"),
    FedEventRule("2014-06-18", True, -60.0, "25 -> 20 a month x 12"),
    FedEventRule("2014-07-30", True, -60.0, "20 -> 15 a month x 12"),
    FedEventRule("2014-09-17", True, -60.0, "15 -> 10 a month x 12"),
    FedEventRule("2014-10-29", True, -120.0, "conclude: 10 -> 0 a month x 12"),
    FedEventRule("2017-06-14", True, -180.0, "first 12 months of the printed caps 3 x (6+12+18+24)"),
    FedEventRule("2017-09-20", False, None, "start date of the June schedule: restatement"),
    FedEventRule("2019-01-30", False, None, "signal, no amount"),
    FedEventRule("2019-03-20", True, 255.0, "runoff 360 -> 105 (30 in Apr, 15 May-Sep, end Sep)"),
    FedEventRule("2019-07-31", True, 30.0, "runoff Aug-Sep 2 x 15 -> 0; rate cut"),
    FedEventRule("2019-10-11", False, None, "reserve-management bills"),
    FedEventRule("2020-03-15", True, 500.0, "new total at least $500bn; rate cut to zero"),
    FedEventRule("2020-03-23", False, None, "open-ended, no amount"),
    FedEventRule("2020-06-10", False, None, "previous plan not printed"),
    FedEventRule("2020-12-16", False, 0.0, "pace unchanged; guidance only"),
    FedEventRule("2021-11-03", True, -680.0, "960 -> 280 (70, 60, ..., 10)"),
    FedEventRule("2021-12-15", True, -90.0, "January-on plan 150 -> 60"),
    FedEventRule("2022-01-26", False, 0.0, "path already implied"),
    FedEventRule("2022-03-16", False, None, "signal, no amount"),
    FedEventRule("2022-05-04", True, -630.0, "QT runoff 3 x 30 + 9 x 60"),
    FedEventRule("2024-05-01", True, 385.0, "runoff 720 -> 335"),
    FedEventRule("2025-03-19", True, 240.0, "runoff 300 -> 60"),
    FedEventRule("2025-10-29", True, 55.0, "runoff 60 -> 5, ends 1 December"),
    FedEventRule("2025-12-10", False, None, "reserve-management bills"),
)


def fed_event_amounts(table: pd.DataFrame, rules: Sequence[FedEventRule] = FED_EVENT_RULES) -> pd.DataFrame:
    """Apply the decisions to ``ref.fed_balance_sheet_announcements`` (``date``, ``us_trading_date_rule``).

    Every table date needs a rule and every rule a table date (an error names the row); rows of one date
    share its rule. Returns one row per date: ``date``, ``may_shift`` (the table maps it to the next
    trading day by a stated rule), ``include``, ``purchase_usd_bn`` (NaN unless included), ``reason``.
    """
    by_date = {pd.Timestamp(r.date): r for r in rules}
    if len(by_date) != len(rules):
        raise ValueError("duplicate dates in the Fed event rules")
    dates = pd.to_datetime(table["date"])
    for i, d in enumerate(dates):
        if d not in by_date:
            raise ValueError(
                f"Fed announcement row {i + 1} ({d.date()}): no rule in FED_EVENT_RULES for this date"
            )
    seen = set(dates)
    unmatched = [str(d.date()) for d in by_date if d not in seen]
    if unmatched:
        raise ValueError(f"Fed event rules for {unmatched} match no announcement row")
    shifted = set(dates[table["us_trading_date_rule"].astype(str) == "next_trading_day"])
    return pd.DataFrame(
        [
            {
                "date": d,
                "may_shift": d in shifted,
                "include": r.include,
                "purchase_usd_bn": r.purchase_usd_bn if r.include else np.nan,
                "reason": r.reason,
            }
            for d, r in sorted(by_date.items())
        ]
    )


def intervention_amounts(table: pd.DataFrame) -> pd.DataFrame:
    """Single-day MoF interventions of ``ref.mof_fx_interventions`` as dollar-asset **sales** ($bn).

    buy_yen (dollar assets sold) > 0, sell_yen < 0; USD = yen / DEXJPUS on the day (the table's column).
    Period totals carry no daily timing and are left out. A single day without a DEXJPUS rate is an error.
    """
    single = table[table["row_type"] == "single_day"].copy()
    fx = pd.to_numeric(single["usd_jpy_dexjpus_on_date"], errors="coerce")
    if fx.isna().any() or (fx <= 0).any():
        bad = single.loc[fx.isna() | (fx <= 0), "date"].astype(str).tolist()
        raise ValueError(f"intervention days without a DEXJPUS rate: {bad}")
    sign = np.where(single["direction"] == "buy_yen", 1.0, -1.0)
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(single["date"]),
            "may_shift": single["us_trading_date_rule"].astype(str) == "next_trading_day",
            "direction": single["direction"].astype(str),
            "amount_jpy_bn": single["amount_jpy_bn"].astype(float),
            "usd_jpy": fx.astype(float),
            "sale_usd_bn": sign * single["amount_jpy_bn"].astype(float) / fx.astype(float),
        }
    )
    return out.sort_values("date").reset_index(drop=True)


def global_factor_loading(dy_bp: pd.Series, dz_bp: pd.Series) -> float:
    """OLS slope (with a constant) of the US change on the global factor's change, on the given days."""
    df = pd.concat([dy_bp, dz_bp], axis=1).dropna()
    X = np.column_stack([np.ones(len(df)), df.iloc[:, 1].to_numpy(dtype=float)])
    beta, *_ = np.linalg.lstsq(X, df.iloc[:, 0].to_numpy(dtype=float), rcond=None)
    return float(beta[1])


# ---------------------------------------------------------------------------------------------------
# the designs
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDesignResult:
    """A or B at one tenor: the main estimate, the reported variants and the placebo (10y decides)."""

    design: str
    tenor: Tenor
    main: EventStudyEstimate | None
    variants: tuple[tuple[str, EventStudyEstimate], ...]
    placebo: EventStudyEstimate | None
    events: pd.DataFrame
    """Per event window: ``event``, ``day``, ``sale_pct_gdp``, ``dy_bp`` (abnormal for B)."""
    too_few: str = ""
    """Non-empty: excluded before any estimate for too few events (the stated minimum)."""
    note: str = ""


def _event_frame(w: EventWindows) -> pd.DataFrame:
    return pd.DataFrame(
        {"event": list(w.labels), "day": w.start, "sale_pct_gdp": w.sale_pct_gdp, "dy_bp": w.dy_bp}
    )


def _pooled_study(
    y: pd.Series,
    w: EventWindows,
    pool_days: pd.DatetimeIndex,
    rng: np.random.Generator,
    tenor: Tenor,
    window: int,
    pool_name: str,
    n_draws: int,
) -> EventStudyEstimate:
    """Event study against a pool of days: ordinary days stratified by year, FOMC days unstratified."""
    pool = {L: window_change_bp(y, L).reindex(pool_days) for L in sorted(set(w.length.tolist()))}
    return event_study(
        w,
        pool,
        rng,
        tenor=tenor,
        window_days=window,
        pool_name=pool_name,
        n_draws=n_draws,
        stratify=pool_name == "ordinary",
    )


def design_a(
    yields_pct: Mapping[Tenor, pd.Series],
    announcements: pd.DataFrame,
    fomc_dates: pd.DataFrame,
    gdp_q: pd.Series,
    rng: np.random.Generator,
    n_draws: int,
) -> tuple[EventDesignResult, ...]:
    """Design A at every tenor: 1-day main (ordinary-day pool), the FOMC-day pool, 2-day, t-5 placebo."""
    rules = fed_event_amounts(announcements)
    fomc = fomc_dates[fomc_dates["kind"] != "longer_run_goals"]
    fomc_shift = pd.to_datetime(fomc.loc[fomc["us_trading_date_rule"] == "next_trading_day", "date"])
    fomc_raw = pd.to_datetime(fomc["date"])
    fomc_raw = fomc_raw[(fomc_raw >= A_START) & (fomc_raw <= A_END)]
    shift_ok = rules.loc[rules["may_shift"], "date"]
    labels_all = [str(d.date()) for d in rules["date"]]
    selected = rules[rules["include"] & rules["purchase_usd_bn"].notna() & (rules["purchase_usd_bn"] != 0)]
    labels = [str(d.date()) for d in selected["date"]]
    out = []
    for tenor in TENORS:
        y = yields_pct[tenor].dropna()
        cal = trading_days(y)
        table_days = to_trading_day(rules["date"], cal, shift_ok, labels=labels_all)
        near = near_days(cal, table_days, EVENT_BUFFER_DAYS)
        ordinary = ordinary_days(cal, table_days, A_START, A_END)
        fdays = to_trading_day(fomc_raw, cal, fomc_shift).unique().difference(near)
        days = to_trading_day(selected["date"], cal, shift_ok, labels=labels)
        sale = -pct_of_gdp(
            selected["purchase_usd_bn"].to_numpy(), days, gdp_q
        )  # a purchase is a negative sale

        def run(w: EventWindows, pool_name: str, window: int) -> EventStudyEstimate:
            pool_days = ordinary if pool_name == "ordinary" else fdays  # noqa: B023 - called in this iteration
            return _pooled_study(y, w, pool_days, rng, tenor, window, pool_name, n_draws)  # noqa: B023

        w1 = event_windows(y, days, sale, 1, labels)
        if len(w1.dy_bp) < MIN_EVENTS:
            why = f"too few events ({len(w1.dy_bp)} < {MIN_EVENTS})"
            out.append(EventDesignResult("A", tenor, None, (), None, _event_frame(w1), why))
            continue
        main = run(w1, "ordinary", 1)
        variants = (
            ("1day_fomc_pool", run(w1, "fomc", 1)),
            ("2day", run(event_windows(y, days, sale, 2, labels), "ordinary", 2)),
        )
        pw = event_windows(y, shifted_days(cal, days, PLACEBO_SHIFT_DAYS, near), sale, 1, labels)
        placebo = run(pw, "ordinary", 1)
        out.append(EventDesignResult("A", tenor, main, variants, placebo, _event_frame(w1)))
    return tuple(out)


def design_b(
    yields_pct: Mapping[Tenor, pd.Series],
    jgb_on_us_dates_pct: Mapping[Tenor, pd.Series],
    interventions: pd.DataFrame,
    gdp_q: pd.Series,
    rng: np.random.Generator,
    n_draws: int,
) -> tuple[EventDesignResult, ...]:
    """Design B at every tenor: yen-buying days (main), all single days (reported), t-5 placebo.

    Abnormal change = change less gamma x the JGB change (gamma: OLS on ordinary days, 1998-2024).
    """
    ints = intervention_amounts(interventions)
    out = []
    for tenor in TENORS:
        y = yields_pct[tenor].dropna()
        cal = trading_days(y)
        labels_all = [str(d.date()) for d in ints["date"]]
        days_all = to_trading_day(ints["date"], cal, ints.loc[ints["may_shift"], "date"], labels=labels_all)
        keep = np.asarray((days_all >= B_START) & (days_all <= B_END))
        days_k = days_all[keep]
        sale = pct_of_gdp(ints["sale_usd_bn"].to_numpy()[keep], days_k, gdp_q)
        labs = [lab for lab, k in zip(labels_all, keep, strict=True) if k]
        buy = ints["direction"].to_numpy()[keep] == "buy_yen"
        near = near_days(cal, days_k, EVENT_BUFFER_DAYS)
        ordinary = ordinary_days(cal, days_k, max(B_START, cal[1]), B_END, excluded_ranges=[B_CAMPAIGN])
        jgb = jgb_on_us_dates_pct[tenor].reindex(cal)
        gamma = global_factor_loading(
            window_change_bp(y, 1).loc[ordinary], window_change_bp(jgb.ffill(), 1).loc[ordinary]
        )
        abnormal = (y - gamma * jgb.ffill()).dropna()
        pool = {L: window_change_bp(abnormal, L).loc[ordinary] for L in (1, 2, 3)}
        b_labels = [lab for lab, b in zip(labs, buy, strict=True) if b]
        w_buy = event_windows(abnormal, days_k[buy], sale[buy], 1, b_labels)
        w_all = event_windows(abnormal, days_k, sale, 1, labs)
        all_days = event_study(
            w_all, pool, rng, tenor=tenor, window_days=1, pool_name="ordinary", n_draws=n_draws
        )
        too_few = (
            f"too few events ({len(w_buy.dy_bp)} yen-buying days < {MIN_EVENTS_B})"
            if len(w_buy.dy_bp) < MIN_EVENTS_B
            else ""
        )
        main = event_study(
            w_buy, pool, rng, tenor=tenor, window_days=1, pool_name="ordinary", n_draws=n_draws
        )
        pw = event_windows(
            abnormal, shifted_days(cal, days_k[buy], PLACEBO_SHIFT_DAYS, near), sale[buy], 1, b_labels
        )
        placebo = event_study(
            pw, pool, rng, tenor=tenor, window_days=1, pool_name="ordinary", n_draws=n_draws
        )
        out.append(
            EventDesignResult(
                "B",
                tenor,
                main,
                (("all_single_days", all_days),),
                placebo,
                _event_frame(w_buy),
                too_few,
                f"JGB loading {gamma:.3f} bp per bp (ordinary days)",
            )
        )
    return tuple(out)
