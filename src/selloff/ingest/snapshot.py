"""The embedded snapshot: real FRED, TIC, CBO and Treasury data shipped in the package.

Built once from the team's transcriptions of public US government data (see
``selloff/data/snapshot/PROVENANCE.md``). ``MANIFEST.json`` pins every file's SHA-256, so a corrupted
or truncated file is refused before anything is loaded. Snapshot rows carry the snapshot's date as
their ``realtime_start``: the day this vintage of the data was taken into the package.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pandas as pd

from selloff.ingest.catalog import get_spec
from selloff.ingest.sources import HOLDINGS_COLUMNS, OBSERVATION_COLUMNS, SeriesMetadata, SourceError

FAR_FUTURE = pd.Timestamp("9999-12-31")
_FREQUENCY_NAMES = {
    "D": "Daily",
    "W": "Weekly, Ending Wednesday",
    "M": "Monthly",
    "Q": "Quarterly",
    "A": "Annual",
}


class SnapshotError(SourceError):
    """The embedded snapshot is missing, corrupted or truncated."""


def snapshot_root() -> Path:
    return Path(str(resources.files("selloff"))) / "data" / "snapshot"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_manifest(root: Path, snapshot_date: date) -> dict[str, Any]:
    """The manifest for the files under ``root`` (used once, when the snapshot is rebuilt)."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "MANIFEST.json")
    return {
        "snapshot_date": snapshot_date.isoformat(),
        "built_from": "the team's shared/data folder; every file's origin is in PROVENANCE.md",
        "files": {
            p.relative_to(root).as_posix(): {"sha256": file_digest(p), "bytes": p.stat().st_size}
            for p in files
        },
    }


@dataclass(frozen=True)
class Snapshot:
    """Read access to a verified snapshot directory."""

    root: Path

    @cached_property
    def manifest(self) -> dict[str, Any]:
        path = self.root / "MANIFEST.json"
        try:
            manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise SnapshotError("snapshot", f"cannot read {path}: {exc}") from None
        return manifest

    @property
    def snapshot_date(self) -> date:
        return date.fromisoformat(self.manifest["snapshot_date"])

    def verify(self) -> None:
        """Check every file against the manifest; :class:`SnapshotError` naming the first bad one."""
        for rel, expected in self.manifest["files"].items():
            path = self.root / rel
            if not path.is_file():
                raise SnapshotError("snapshot", f"file {rel} is missing from {self.root}")
            size = path.stat().st_size
            if size != expected["bytes"]:
                raise SnapshotError(
                    "snapshot",
                    f"file {rel} is truncated or altered: {size} bytes, manifest says {expected['bytes']}",
                )
            if file_digest(path) != expected["sha256"]:
                raise SnapshotError(
                    "snapshot", f"file {rel} is corrupted: its SHA-256 differs from the manifest"
                )

    def path(self, rel: str) -> Path:
        if rel not in self.manifest["files"]:
            raise SnapshotError("snapshot", f"{rel} is not in the snapshot manifest")
        return self.root / rel


def read_fred_csv(path: Path, series_id: str) -> pd.DataFrame:
    """A FRED download (``observation_date,<ID>``) as ``date, value``; empty fields are FRED's "."."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != ["observation_date", series_id]:
        raise SnapshotError(
            series_id, f"{path.name}: header {list(raw.columns)} is not observation_date,{series_id}"
        )
    dates = pd.to_datetime(raw["observation_date"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        bad = raw.loc[dates.isna(), "observation_date"].iloc[0]
        raise SnapshotError(series_id, f"{path.name}: unparseable date {bad!r}")
    text = raw[series_id].str.strip()
    missing = text.isin(["", "."])  # FRED's "." (written as an empty field in downloads)
    values = pd.to_numeric(text.where(~missing, "nan"), errors="coerce")
    bad_values = values.isna() & ~missing
    if bad_values.any():
        i = int(bad_values.to_numpy().argmax())
        raise SnapshotError(
            series_id, f"{path.name}: non-numeric value {text.iloc[i]!r} on {raw['observation_date'].iloc[i]}"
        )
    return pd.DataFrame({"date": dates, "value": values.astype("float64")})


class SnapshotSeriesSource:
    """FRED series from the embedded snapshot: no key, no network."""

    name: Final = "snapshot"

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._frames: dict[str, pd.DataFrame] = {}  # each file parsed once per refresh (info + observations)

    def series_info(self, series_id: str) -> SeriesMetadata:
        spec = get_spec(series_id)
        frame = self._read(series_id)
        return SeriesMetadata(
            series_id=series_id,
            title=spec.title,
            units=spec.units,
            frequency=_FREQUENCY_NAMES[spec.frequency],
            seasonal_adjustment=None,
            observation_start=frame["date"].min().date(),
            observation_end=frame["date"].max().date(),
            # the snapshot is one vintage: its "last updated" is the day it was taken
            last_updated=f"snapshot {self.snapshot.snapshot_date.isoformat()}",
            notes=spec.notes,
            source="snapshot",
        )

    def observations(self, series_id: str, *, observation_start: date | None = None) -> pd.DataFrame:
        frame = self._read(series_id)
        if observation_start is not None:
            frame = frame[frame["date"] >= pd.Timestamp(observation_start)]
        vintage = pd.Timestamp(self.snapshot.snapshot_date)
        return frame.assign(realtime_start=vintage, realtime_end=FAR_FUTURE)[
            list(OBSERVATION_COLUMNS)
        ].reset_index(drop=True)

    def requests_for(self, series_id: str) -> int:
        return 0

    def _read(self, series_id: str) -> pd.DataFrame:
        if series_id not in self._frames:
            self._frames[series_id] = read_fred_csv(self.snapshot.path(f"fred/{series_id}.csv"), series_id)
        return self._frames[series_id].copy()


class SnapshotHoldingsSource:
    """The TIC major-foreign-holders history from the embedded snapshot."""

    name: Final = "snapshot"

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def holdings(self) -> pd.DataFrame:
        main = pd.read_csv(self.snapshot.path("tic/major_foreign_holders.csv"))
        old = pd.read_csv(self.snapshot.path("tic/major_foreign_holders_series_break_comparison.csv"))
        if list(main.columns) != ["date", "country", "holdings_bn"] or list(old.columns) != [
            "date",
            "country",
            "holdings_bn_old_series",
        ]:
            raise SnapshotError("TIC", "unexpected columns in the snapshot's TIC files")
        merged = main.merge(old, on=["date", "country"], how="outer")
        frame = pd.DataFrame(
            {
                "country": merged["country"].astype(str),
                "date": pd.to_datetime(merged["date"], format="%Y-%m-%d"),
                "holdings_usd_bn": pd.to_numeric(merged["holdings_bn"], errors="raise").astype("float64"),
                "holdings_old_series_usd_bn": pd.to_numeric(merged["holdings_bn_old_series"]).astype(
                    "float64"
                ),
                "realtime_start": pd.Timestamp(self.snapshot.snapshot_date),
            }
        )
        return frame[list(HOLDINGS_COLUMNS)].sort_values(["country", "date"]).reset_index(drop=True)

    def requests_made(self) -> int:
        return 0


def default_snapshot() -> Snapshot:
    return Snapshot(snapshot_root())
