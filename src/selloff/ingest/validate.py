"""Checks at the boundary: every fetched frame is validated before it is loaded.

A frame that fails raises :class:`InvalidDataError` naming the dataset and the problem; the refresh
reports that series as failed, loads the others and records the run as ``partial``.
"""

from __future__ import annotations

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


def observations_schema(spec: SeriesSpec) -> pa.DataFrameSchema:
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
                checks=pa.Check(
                    lambda v: ~v.isin([float("inf"), float("-inf")]), error="values must be finite"
                ),
            ),
            "realtime_start": pa.Column(None, checks=_IS_DATETIME, nullable=False),
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


def validate_observations(frame: pd.DataFrame, spec: SeriesSpec) -> pd.DataFrame:
    """The frame, dtypes canonical and sorted by date, or :class:`InvalidDataError`."""
    missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidDataError(spec.id, f"missing columns {missing}")
    if frame.empty:
        raise InvalidDataError(spec.id, "no observations")
    try:
        checked = observations_schema(spec).validate(frame[list(OBSERVATION_COLUMNS)], lazy=False)
    except (SchemaError, SchemaErrors) as exc:
        raise InvalidDataError(spec.id, _describe(exc)) from None
    return checked.sort_values("date").reset_index(drop=True)


HOLDINGS_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, nullable=False, checks=pa.Check.str_length(min_value=1)),
        "date": pa.Column(
            None,
            checks=[
                _IS_DATETIME,
                pa.Check(lambda d: d.dt.day == 1, error="TIC months are dated by their first day"),
            ],
        ),
        "holdings_usd_bn": pa.Column("float64", nullable=True, checks=pa.Check.ge(0), coerce=True),
        "holdings_old_series_usd_bn": pa.Column("float64", nullable=True, checks=pa.Check.ge(0), coerce=True),
        "realtime_start": pa.Column(None, checks=_IS_DATETIME),
    },
    unique=["country", "date"],
    strict=True,
)


def validate_holdings(frame: pd.DataFrame) -> pd.DataFrame:
    """The TIC frame checked (one row per country and month, $bn ≥ 0), or :class:`InvalidDataError`."""
    missing = [c for c in HOLDINGS_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidDataError("TIC", f"missing columns {missing}")
    if frame.empty:
        raise InvalidDataError("TIC", "no holdings rows")
    try:
        checked = HOLDINGS_SCHEMA.validate(frame[list(HOLDINGS_COLUMNS)], lazy=False)
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
            sample = f" (e.g. {cases['failure_case'].iloc[0]!r})"
        column = f"column {exc.schema.name!r}: " if getattr(exc.schema, "name", None) else ""
        return f"{column}{exc.args[0].splitlines()[0]}{sample}"
    return str(exc).splitlines()[0]
