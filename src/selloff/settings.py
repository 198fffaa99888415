"""The one settings object, built at the entry point (CLI or flow) from env / ``.env`` / defaults.

Everything in :mod:`selloff` below the entry points takes plain arguments; only this module reads the
environment. The FRED key is a secret type and is excluded from :meth:`Settings.public_dict`, which is
what runs record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from selloff.launcher import DEFAULT_WAREHOUSE

SourceChoice = Literal["auto", "snapshot", "fred", "tic", "ref"]


class MissingFredKeyError(RuntimeError):
    """The live FRED source was asked for but no key is configured."""


class Settings(BaseSettings):
    """All settings of a selloff run. Env prefix ``SELLOFF_``; the key also as ``FRED_API_KEY``."""

    model_config = SettingsConfigDict(
        env_prefix="SELLOFF_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    warehouse: Path = Field(DEFAULT_WAREHOUSE, description="published DuckDB file")
    lock_timeout_seconds: float = Field(600.0, gt=0, description="how long a writer waits for another")

    snapshot_dir: Path | None = Field(
        None, description="an embedded-snapshot directory to use instead of the packaged one"
    )

    # --- live FRED ---------------------------------------------------------------------------------
    fred_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("FRED_API_KEY", "SELLOFF_FRED_API_KEY")
    )
    fred_api_key_file: Path | None = Field(
        None, validation_alias=AliasChoices("FRED_API_KEY_FILE", "SELLOFF_FRED_API_KEY_FILE")
    )
    fred_api_url: str = "https://api.stlouisfed.org/fred"
    fred_max_requests: int = Field(2, ge=1, description="at most this many requests ...")
    fred_window_seconds: float = Field(1.0, gt=0, description="... in any sliding window this long")
    fred_timeout_seconds: float = Field(30.0, gt=0, description="per socket operation (connect, each read)")
    fred_request_deadline_seconds: float = Field(
        120.0, gt=0, description="the most one request may take, first byte to last"
    )
    fred_call_deadline_seconds: float = Field(
        600.0, gt=0, description="the most one series' record or observations may take, retries included"
    )
    fred_max_attempts: int = Field(6, ge=1, description="tries per request for 429 / 5xx / timeouts")
    fred_backoff_initial_seconds: float = Field(1.0, ge=0)
    fred_backoff_max_seconds: float = Field(30.0, ge=0)
    fred_revision_window_days: int = Field(
        800, ge=0, description="refetch this far back before the last stored date (revisions)"
    )

    # --- live TIC ----------------------------------------------------------------------------------
    tic_current_url: str = (
        "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/slt_table5.txt"
    )
    tic_history_url: str = (
        "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/mfhhis01.txt"
    )
    tic_timeout_seconds: float = Field(60.0, gt=0)

    # --- projection and report ---------------------------------------------------------------------
    draws: int = Field(1000, ge=1)
    seed: int = 20250101
    baseline: str = "cbo-2026-02"  # selloff.projection.baselines.DEFAULT_BASELINE (it passes its checks)
    reports_dir: Path = Path("reports/latest")

    # --- retention (`selloff prune`; applied after every calibrate and project run) -----------------
    keep_run_detail: int = Field(
        30,
        ge=1,
        description="per-run detail (draws, paths, bond prices) kept for the newest N calibrate and N "
        "project runs; headline rows and every run record are kept for ever",
    )

    # --- nightly schedule (`selloff serve`) ---------------------------------------------------------
    # FRED posts the H.15 yields in the late afternoon; weekdays at 19:30 New York time is after it.
    serve_cron: str = "30 19 * * 1-5"
    serve_timezone: str = "America/New_York"

    # --- testing hooks: kill -9 at a named point (see selloff.warehouse.faults); and a file that gets
    # one line per paced FRED request start (monotonic seconds, series id), the pacer's own record,
    # which the tests check instead of arrival times a loaded machine can bunch up
    fault_point: str | None = None
    fred_pacing_log: Path | None = None

    @field_validator("fred_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def fred_key(self) -> str:
        """The FRED key from ``FRED_API_KEY`` / ``.env`` / the key file; a clear error if none is set."""
        if self.fred_api_key is not None and self.fred_api_key.get_secret_value().strip():
            return self.fred_api_key.get_secret_value().strip()
        if self.fred_api_key_file is not None:
            try:
                key = self.fred_api_key_file.expanduser().read_text(encoding="utf-8").strip().splitlines()
            except OSError as exc:
                raise MissingFredKeyError(
                    f"cannot read the FRED key file {self.fred_api_key_file}: {exc.strerror}"
                ) from None
            if key and key[0].strip():
                return key[0].strip()
        raise MissingFredKeyError(
            "no FRED API key: set FRED_API_KEY in the environment or in .env, or point FRED_API_KEY_FILE "
            "at a file holding the key (free keys: https://fred.stlouisfed.org/docs/api/api_key.html)"
        )

    def has_fred_key(self) -> bool:
        try:
            self.fred_key()
        except MissingFredKeyError:
            return False
        return True

    def public_dict(self) -> dict[str, Any]:
        """Settings as recorded on a run: JSON-safe, the key and key-file path left out."""
        data = self.model_dump(
            mode="json", exclude={"fred_api_key", "fred_api_key_file", "fault_point", "fred_pacing_log"}
        )
        data["fred_api_key_set"] = self.has_fred_key()
        return data
