"""The main job: refresh → calibrate → project the bundled scenarios → report, published once.

``selloff run`` (what ``make run`` runs) or ``python flows/nightly.py``; ``selloff serve`` schedules it.
Every step works on one staged copy of the warehouse, published once at the end: a failed step
publishes nothing of its work, leaves the last report in place, names the step, and is recorded as a
``failed`` nightly run in ``meta.runs`` (the step and the one-line cause). The report directory is
published only after the warehouse it was built from.
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow

from flows.calibrate import calibrate_flow
from flows.project import project_flow
from flows.refresh import refresh_flow
from flows.report import report_flow
from selloff import __version__, pipeline, progress
from selloff.delivery import reports_dir
from selloff.settings import Settings
from selloff.warehouse import faults, publish, runs
from selloff.warehouse.errors import WarehouseLockedError
from selloff.warehouse.runs import StepTimer, new_run_id, one_line, peak_rss_mb, utc_now


def refresh_problems(summary: dict[str, Any]) -> str:
    """The failed datasets of a refresh summary, one message each."""
    return "; ".join(c["message"] or c["dataset"] for c in summary["checks"] if c["status"] == "failed")


class NightlyStepError(RuntimeError):
    """A step of the main job failed; nothing of its work was published (the failure is recorded)."""

    def __init__(self, step: str, cause: BaseException, run_id: str | None = None) -> None:
        super().__init__(f"step {step!r} failed: {cause}")
        self.step = step
        self.cause = cause
        self.run_id = run_id


class ReportLinkError(RuntimeError):
    """The warehouse was published, but ``reports/latest`` could not be pointed at the new report."""

    def __init__(self, run_id: str, report_dir: Path, latest: Path, cause: BaseException) -> None:
        super().__init__(
            f"the warehouse was published (nightly run {run_id}) and the report written to {report_dir}, "
            f"but {latest} could not be pointed at it: {one_line(cause)}"
        )
        self.run_id = run_id
        self.report_dir = report_dir
        self.cause = cause


def _record_failure(
    settings: Settings,
    *,
    run_id: str,
    started: datetime,
    step: str,
    source: str | None,
    run_settings: dict[str, Any],
    cause: BaseException,
) -> None:
    """Publish the failed nightly run row (nothing else), so `selloff status` shows the failure.

    Not when the warehouse does not exist yet (there is nothing to add the row to), nor when the writer
    lock was the problem (another writer is busy). Best effort: a failure to record never hides the
    step's own error.
    """
    if isinstance(cause, WarehouseLockedError) or not settings.warehouse.exists():
        return
    with contextlib.suppress(Exception):  # the step's own error is what the caller reports
        runs.record_failed_run(
            settings.warehouse,
            lock_timeout_s=settings.lock_timeout_seconds,
            run_id=run_id,
            kind="nightly",
            source=source,
            started_at=started,
            finished_at=utc_now(),
            settings=run_settings,
            package_version=__version__,
            message=one_line(cause),
            failed_step=step,
        )


@flow(name="nightly", log_prints=False)
def nightly_flow(
    draws: int | None = None,
    seed: int | None = None,
    warehouse_path: str | None = None,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Run the whole pipeline in one stage; return a summary (vintage, 10-year effect, headlines)."""
    settings = pipeline.load_settings(warehouse_path)
    faults.arm(settings.fault_point)
    run_id = new_run_id("nightly")
    started = utc_now()
    run_settings = pipeline.recorded_settings(settings) | {"draws": draws, "seed": seed}
    step = "stage"
    source: str | None = None
    built_report: Path | None = None
    timer = StepTimer()
    try:
        progress.report("run: staging a copy of the warehouse")
        with publish.staged(settings.warehouse, lock_timeout_s=settings.lock_timeout_seconds) as stage:
            stage_path = str(stage.path)
            step = timer.start("refresh")
            progress.report("run: step 1/4 refresh")
            refreshed = refresh_flow(
                source="auto", stage_path=stage_path, show_progress=show_progress, warehouse=warehouse_path
            )
            source = refreshed["source"]
            faults.hit("after_refresh")
            if refreshed["status"] == "failed":
                raise RuntimeError(f"every dataset failed to refresh: {refresh_problems(refreshed)}")
            step = timer.start("calibrate")
            progress.report("run: step 2/4 calibrate")
            calibrated = calibrate_flow(stage_path=stage_path, warehouse=warehouse_path)
            faults.hit("after_calibrate")
            step = timer.start("project")
            progress.report("run: step 3/4 project the bundled scenarios")
            projected = project_flow(draws=draws, seed=seed, stage_path=stage_path, warehouse=warehouse_path)
            faults.hit("after_project")
            step = timer.start("report")
            progress.report("run: step 4/4 report")
            reported = report_flow(
                stage_path=stage_path,
                warehouse=warehouse_path,
                publish_latest=False,
                projection_run_id=projected["run_id"],
            )
            built_report = Path(reported["directory"])
            faults.hit("after_report")
            step = timer.start("publish")
            progress.report("run: publishing the warehouse")
            status: runs.RunStatus = "ok" if refreshed["status"] == "ok" else "partial"
            con = stage.connect()
            runs.start_run(
                con,
                run_id=run_id,
                kind="nightly",
                source=source,
                started_at=started,
                settings=run_settings,
                package_version=__version__,
                parent_run_ids=[
                    refreshed["run_id"],
                    calibrated["run_id"],
                    projected["run_id"],
                    reported["run_id"],
                ],
            )
            runs.finish_run(
                con,
                run_id=run_id,
                status=status,
                finished_at=utc_now(),
                data_vintage=refreshed["data_vintage"],
                message=None if status == "ok" else f"refresh was partial: {refresh_problems(refreshed)}",
            )
    except Exception as exc:
        if built_report is not None:
            reports_dir.discard(built_report)
        _record_failure(
            settings,
            run_id=run_id,
            started=started,
            step=step,
            source=source,
            run_settings=run_settings,
            cause=exc,
        )
        raise NightlyStepError(step, exc, run_id) from exc
    # the warehouse is published: from here on a failure must not say "nothing was published", and the
    # report it was built from stays on disk (reports/runs/<report run>) even if the link cannot move
    try:
        reports_dir.publish(settings.reports_dir, Path(reported["directory"]))
    except Exception as exc:
        raise ReportLinkError(run_id, Path(reported["directory"]), settings.reports_dir, exc) from exc
    timer.stop()
    return {
        "run_id": run_id,
        "status": status,
        "data_vintage": refreshed["data_vintage"],
        "source": refreshed["source"],
        "refresh": refreshed,
        "calibration": {k: v for k, v in calibrated.items() if k != "text"},
        "projection": projected,
        "report": str(settings.reports_dir / "report.html"),
        "stale": refreshed.get("stale", []),
        "step_seconds": timer.seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    summary = nightly_flow()
    print(f"{summary['status']}: report at {summary['report']}")
