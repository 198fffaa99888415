"""``selloff serve``: what a nightly schedule needs, checked before Prefect is asked to serve.

Prefect cannot schedule runs on a temporary server (it lives only as long as one process), so
serving needs a real one: ``selloff server start``, or ``prefect server start`` (local, offline) and
``PREFECT_API_URL`` pointing at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

FLOW_NAME = "nightly"
DEPLOYMENT_NAME = "selloff-nightly-serve"
"""The deployment `selloff serve` registers; prefect.yaml's work-pool deployment is ``selloff-nightly-pool``
(apart, so neither overwrites the other's schedule)."""

NO_SERVER = (
    "selloff serve needs a running Prefect server (a temporary one cannot schedule runs): start one with "
    "`selloff server start`, or `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api; "
    "or use cron (see README, 'Nightly scheduling')"
)


class ScheduleError(RuntimeError):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class ServePlan:
    cron: str
    timezone: str

    @classmethod
    def checked(cls, cron: str, timezone: str) -> ServePlan:
        from prefect.schedules import validate_cron_string

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ScheduleError(
                f"unknown time zone {timezone!r} (use an IANA name such as America/New_York)", 2
            ) from None
        try:
            validate_cron_string(cron)
        except ValueError as exc:
            raise ScheduleError(f"invalid cron schedule {cron!r}: {exc}", 2) from None
        return cls(cron, timezone)

    def prefect_schedule(self) -> Any:
        from prefect.schedules import Cron

        return Cron(self.cron, timezone=self.timezone)


def require_prefect_server() -> str:
    """The configured Prefect API URL, after checking the server answers; :class:`ScheduleError` if not."""
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    if not api_url:
        raise ScheduleError(NO_SERVER, 2)
    try:
        response = httpx.get(f"{str(api_url).rstrip('/')}/health", timeout=10)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ScheduleError(f"cannot reach the Prefect server at {api_url} ({exc}); {NO_SERVER}", 1) from None
    return str(api_url)
