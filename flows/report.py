"""Report flow: a projection and its calibration → HTML, Markdown, CSV and Parquet.

``python flows/report.py`` or ``selloff report [--out DIR] [--run RUN_ID]``. By default the projection the
``report.*`` views follow (the latest nightly or bundled-scenario projection) is reported into
``reports/latest`` (a link swapped atomically to the new report once it is complete); ``--run`` reports
any projection run, ad hoc ones included, into its own directory and leaves ``latest`` alone.
"""

# no "from __future__ import annotations": served runs cloudpickle the flow, and its parameter
# annotations must be real objects, not names (tests/test_flow_pickling.py)
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from selloff import pipeline, progress
from selloff.delivery import reports_dir
from selloff.delivery.report.assemble import ReportSummary, build_report
from selloff.warehouse import faults


@task(name="build-report", cache_policy=NO_CACHE)
def build(ctx: pipeline.RunContext, out_dir: Path, projection_run_id: str | None) -> ReportSummary:
    with ctx.connect() as con:
        return build_report(con, out_dir, report_run_id=ctx.run_id, projection_run_id=projection_run_id)


@flow(name="report", log_prints=False)
def report_flow(
    out: str | None = None,
    stage_path: str | None = None,
    warehouse: str | None = None,
    publish_latest: bool = True,
    projection_run_id: str | None = None,
) -> dict[str, Any]:
    """Write the report into ``out`` (a directory of your choice) or a new ``reports/runs/<run>/``.

    ``projection_run_id`` (a projection or nightly run) picks the projection; by default the one the
    ``report.*`` views follow. With ``publish_latest`` (and no ``projection_run_id``) the
    ``reports/latest`` link then points at it; the nightly job passes False and publishes the report
    only after it has published the warehouse.
    """
    settings = pipeline.load_settings(warehouse)
    faults.arm(settings.fault_point)
    with pipeline.recorded_run(settings, kind="report", source=None, stage_path=stage_path) as ctx:
        target = Path(out) if out else reports_dir.run_dir(settings.reports_dir, ctx.run_id)
        progress.report(f"report: writing {target}")
        try:
            summary = build(ctx, target, projection_run_id)
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
    if out is None and publish_latest and projection_run_id is None:
        reports_dir.publish(settings.reports_dir, target)
        ctx.summary["latest"] = str(settings.reports_dir / "report.html")
    return ctx.summary


if __name__ == "__main__":
    print(report_flow()["directory"])
