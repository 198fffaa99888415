"""Report flow: the latest projection and its calibration → HTML, Markdown, CSV and Parquet.

``python flows/report.py`` or ``selloff report [--out DIR]``. The default target is
``reports/latest`` (a link swapped atomically to the new report once it is complete).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from selloff import pipeline
from selloff.delivery import reports_dir
from selloff.delivery.report.assemble import ReportSummary, build_report
from selloff.warehouse import faults


@task(name="build-report", cache_policy=NO_CACHE)
def build(ctx: pipeline.RunContext, out_dir: Path) -> ReportSummary:
    with ctx.connect() as con:
        return build_report(con, out_dir, report_run_id=ctx.run_id)


@flow(name="report", log_prints=False)
def report_flow(
    out: str | None = None,
    stage_path: str | None = None,
    warehouse: str | None = None,
    publish_latest: bool = True,
) -> dict[str, Any]:
    """Write the report into ``out`` (a directory of your choice) or a new ``reports/runs/<run>/``.

    With ``publish_latest`` the ``reports/latest`` link then points at it; the nightly job passes
    False and publishes the report only after it has published the warehouse.
    """
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    with pipeline.recorded_run(settings, kind="report", source=None, stage_path=stage_path) as ctx:
        target = Path(out) if out else reports_dir.run_dir(settings.reports_dir, ctx.run_id)
        try:
            summary = build(ctx, target)
            ctx.parent_run_ids = [summary.projection_run_id]
            ctx.summary = {
                "run_id": ctx.run_id,
                "directory": str(target),
                "html": str(summary.html_path),
                "markdown": str(summary.markdown_path),
                "files": len(summary.paths),
                "projection_run_id": summary.projection_run_id,
                "calibration_run_id": summary.calibration_run_id,
            }
        except BaseException:
            if out is None:
                reports_dir.discard(target)
            raise
    if out is None and publish_latest:
        reports_dir.publish(settings.reports_dir, target)
        ctx.summary["latest"] = str(settings.reports_dir / "report.html")
    return ctx.summary


if __name__ == "__main__":
    print(report_flow()["directory"])
