"""The main job: refresh → calibrate → project the bundled scenarios → report, published once.

``selloff run`` (what ``make run`` runs) or ``python flows/nightly.py``; ``selloff serve`` schedules it.
Every step works on one staged copy of the warehouse, published once at the end: a failed step
publishes nothing, leaves the last report in place, and names the step. The report directory is
published only after the warehouse it was built from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from flows.calibrate import calibrate_flow
from flows.project import project_flow
from flows.refresh import refresh_flow
from flows.report import report_flow
from selloff import __version__, pipeline
from selloff.delivery import reports_dir
from selloff.warehouse import faults, publish, runs
from selloff.warehouse.runs import StepTimer, new_run_id, peak_rss_mb, utc_now


def refresh_problems(summary: dict[str, Any]) -> str:
    """The failed datasets of a refresh summary, one message each."""
    return "; ".join(c["message"] or c["dataset"] for c in summary["checks"] if c["status"] == "failed")


class NightlyStepError(RuntimeError):
    """A step of the main job failed; nothing was published."""

    def __init__(self, step: str, cause: BaseException) -> None:
        super().__init__(f"step {step!r} failed: {cause}")
        self.step = step
        self.cause = cause


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
    step = "stage"
    built_report: Path | None = None
    timer = StepTimer()
    try:
        with publish.staged(settings.warehouse, lock_timeout_s=settings.lock_timeout_seconds) as stage:
            stage_path = str(stage.path)
            step = timer.start("refresh")
            refreshed = refresh_flow(
                source="auto", stage_path=stage_path, show_progress=show_progress, warehouse=warehouse_path
            )
            faults.hit("after_refresh")
            if refreshed["status"] == "failed":
                raise RuntimeError(f"every dataset failed to refresh: {refresh_problems(refreshed)}")
            step = timer.start("calibrate")
            calibrated = calibrate_flow(stage_path=stage_path, warehouse=warehouse_path)
            faults.hit("after_calibrate")
            step = timer.start("project")
            projected = project_flow(draws=draws, seed=seed, stage_path=stage_path, warehouse=warehouse_path)
            faults.hit("after_project")
            step = timer.start("report")
            reported = report_flow(stage_path=stage_path, warehouse=warehouse_path, publish_latest=False)
            built_report = Path(reported["directory"])
            faults.hit("after_report")
            step = timer.start("publish")
            status: runs.RunStatus = "ok" if refreshed["status"] == "ok" else "partial"
            con = stage.connect()
            runs.start_run(
                con,
                run_id=run_id,
                kind="nightly",
                source=refreshed["source"],
                started_at=started,
                settings=pipeline.recorded_settings(settings) | {"draws": draws, "seed": seed},
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
        reports_dir.publish(settings.reports_dir, built_report)
        timer.stop()
    except Exception as exc:
        if built_report is not None:
            reports_dir.discard(built_report)
        raise NightlyStepError(step, exc) from exc
    return {
        "run_id": run_id,
        "status": status,
        "data_vintage": refreshed["data_vintage"],
        "source": refreshed["source"],
        "refresh": refreshed,
        "calibration": {k: v for k, v in calibrated.items() if k != "text"},
        "projection": projected,
        "report": str(settings.reports_dir / "report.html"),
        "step_seconds": timer.seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    summary = nightly_flow()
    print(f"{summary['status']}: report at {summary['report']}")
