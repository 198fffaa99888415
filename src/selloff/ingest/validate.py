"""Checks at the boundary: every fetched frame is validated before it is loaded.

A frame that fails raises :class:`InvalidDataError` naming the dataset and the problem; the refresh
reports that series as failed, loads the others and records the run as ``partial``. Besides the shape
(columns, dtypes, dates at the series' frequency), two things are refused:

* **implausible values**: outside the catalog's range for the series (``SeriesSpec.min_value`` /
  ``max_value``: a yield of 1e308 %, a negative receipt), or TIC holdings outside [0, 1e6] $bn;
* **vintages from the future**: a ``realtime_start`` after the run date (one day of slack for time
  zones: FRED dates vintages in US Central time). Stored, such a row would be the "latest" vintage
  for ever, hiding every true revision after it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from selloff.ingest.catalog import Frequency, SeriesSpec
from selloff.ingest.sources import HOLDINGS_COLUMNS, OBSERVATION_COLUMNS

# Dates are datetime64 at any resolution: FRED's open realtime_end (9999-12-31) does not fit in
# nanoseconds, and pandera coerces every datetime to nanoseconds, so dtypes are checked, not coerced.
_IS_DATETIME = pa.Check(
    lambda s: pd.api.types.is_datetime64_any_dtype(s), element_wise=False, error="must be a datetime column"
)


VINTAGE_CLOCK_SLACK = timedelta(days=1)
"""How far past the run date a ``realtime_start`` may lie (time-zone differences, not real futures)."""
TIC_MAX_USD_BN = 1e6
"""TIC holdings above this many $bn for one country or total are garbage (the grand total is ~9,000)."""


class InvalidDataError(ValueError):
    """A fetched frame broke the contract of its dataset."""

    def __init__(self, dataset: str, problem: str) -> None:
        super().__init__(f"{dataset}: {problem}")
        self.dataset = dataset


def _frequency_check(frequency: Frequency) -> pa.Check:
    """Observation dates as FRED stamps them at each frequency."""
    if frequency == "M":
        return pa.Check(lambda d: d.dt.day == 1, error="monthly dates must be the first of the month")
    if frequency == "Q":
        return pa.Check(
            lambda d: (d.dt.day == 1) & d.dt.month.isin([1, 4, 7, 10]),
            error="quarterly dates must be the first day of Jan/Apr/Jul/Oct",
        )
    if frequency == "W":
        return pa.Check(
            lambda d: d.dt.day_of_week.nunique() <= 1,
            element_wise=False,
            error="weekly dates must all fall on the same weekday",
        )
    if frequency == "A":
        # fiscal-year series move their year-end (FYOINT: June 30 to 1976, September 30 after)
        return pa.Check(lambda d: ~d.dt.year.duplicated(), error="annual series have one date per year")
    return pa.Check(lambda d: d.dt.day_of_week < 5, error="daily dates must be business days")


def _no_future_vintages(run_date: date) -> pa.Check:
    latest = pd.Timestamp(run_date + VINTAGE_CLOCK_SLACK)
    return pa.Check(
        lambda d: d <= latest,
        error=f"realtime_start after the run date {run_date.isoformat()} (a vintage from the future)",
    )


def observations_schema(spec: SeriesSpec, run_date: date) -> pa.DataFrameSchema:
    units = spec.units if spec.unit_scale != "pct" else "%"
    return pa.DataFrameSchema(
        {
            "date": pa.Column(
                None,
                checks=[_IS_DATETIME, _frequency_check(spec.frequency)],
                unique=True,
                nullable=False,
            ),
            "value": pa.Column(
                "float64",
                nullable=True,
                checks=[
                    pa.Check(lambda v: ~v.isin([float("inf"), float("-inf")]), error="values must be finite"),
                    pa.Check(
                        lambda v: v.isna() | v.between(spec.min_value, spec.max_value),
                        error=f"values must lie in [{spec.min_value:g}, {spec.max_value:g}] ({units}) "
                        f"for a {spec.role.replace('_', ' ')} series",
                    ),
                ],
            ),
            "realtime_start": pa.Column(
                None, checks=[_IS_DATETIME, _no_future_vintages(run_date)], nullable=False
            ),
            "realtime_end": pa.Column(None, checks=_IS_DATETIME, nullable=False),
        },
        checks=[
            pa.Check(
                lambda f: f["realtime_start"] <= f["realtime_end"], error="realtime_start after realtime_end"
            ),
        ],
        strict=True,
        ordered=False,
    )


def validate_observations(frame: pd.DataFrame, spec: SeriesSpec, *, run_date: date) -> pd.DataFrame:
    """The frame, dtypes canonical and sorted by date, or :class:`InvalidDataError`.

    ``run_date`` is the date of the run (UTC): no vintage may start after it (see the module docstring).
    """
    missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidDataError(spec.id, f"missing columns {missing}")
    if frame.empty:
        raise InvalidDataError(spec.id, "no observations")
    try:
        checked = observations_schema(spec, run_date).validate(frame[list(OBSERVATION_COLUMNS)], lazy=False)
    except (SchemaError, SchemaErrors) as exc:
        raise InvalidDataError(spec.id, _describe(exc)) from None
    return checked.sort_values("date").reset_index(drop=True)


def holdings_schema(run_date: date) -> pa.DataFrameSchema:
    """One row per country and month, $bn in [0, :data:`TIC_MAX_USD_BN`], no vintage from the future."""
    amount = [pa.Check.ge(0), pa.Check.le(TIC_MAX_USD_BN)]
    return pa.DataFrameSchema(
        {
            "country": pa.Column(str, nullable=False, checks=pa.Check.str_length(min_value=1)),
            "date": pa.Column(
                None,
                checks=[
                    _IS_DATETIME,
                    pa.Check(lambda d: d.dt.day == 1, error="TIC months are dated by their first day"),
                ],
            ),
            "holdings_usd_bn": pa.Column("float64", nullable=True, checks=amount, coerce=True),
            "holdings_old_series_usd_bn": pa.Column("float64", nullable=True, checks=amount, coerce=True),
            "realtime_start": pa.Column(None, checks=[_IS_DATETIME, _no_future_vintages(run_date)]),
        },
        unique=["country", "date"],
        strict=True,
    )


def validate_holdings(frame: pd.DataFrame, *, run_date: date) -> pd.DataFrame:
    """The TIC frame checked (:func:`holdings_schema`), or :class:`InvalidDataError`."""
    missing = [c for c in HOLDINGS_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidDataError("TIC", f"missing columns {missing}")
    if frame.empty:
        raise InvalidDataError("TIC", "no holdings rows")
    try:
        checked = holdings_schema(run_date).validate(frame[list(HOLDINGS_COLUMNS)], lazy=False)
    except (SchemaError, SchemaErrors) as exc:
        raise InvalidDataError("TIC", _describe(exc)) from None
    for required in ("Japan", "China, Mainland", "Grand Total"):
        if required not in set(checked["country"]):
            raise InvalidDataError("TIC", f"no rows for {required!r}")
    return checked.sort_values(["country", "date"]).reset_index(drop=True)


def _describe(exc: SchemaError | SchemaErrors) -> str:
    if isinstance(exc, SchemaError):
        cases = exc.failure_cases
        sample = ""
        if isinstance(cases, pd.DataFrame) and not cases.empty and "failure_case" in cases:
            sample = f" (e.g. {_shown(cases['failure_case'].iloc[0])})"
        column = f"column {exc.schema.name!r}: " if getattr(exc.schema, "name", None) else ""
        check = getattr(exc, "check", None)
        # a check's own sentence, not pandera's, which lists every failing value
        error = getattr(check, "error", None)
        said = str(error) if error else exc.args[0].splitlines()[0][:200]
        return f"{column}{said}{sample}"
    return str(exc).splitlines()[0][:200]


def _shown(value: object) -> str:
    """A failing value as a reader writes it: ``1e+308``, ``2099-01-01``, ``'abc'``."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    item = getattr(value, "item", None)
    return repr(item() if callable(item) else value)
