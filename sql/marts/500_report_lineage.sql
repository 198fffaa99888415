-- The runs the report.* views show: the latest successful projection, the calibration it was built on
-- and the refresh that calibration used. Always one coherent chain, never two unrelated "latest" runs.
create or replace view report.lineage as
with latest_projection as (
    select run_id, parent_run_ids, finished_at, settings, package_version
    from meta.runs
    -- grid runs (settings.grid) project many cells into proj.grid, not a scenario set: not reportable here
    where kind = 'project' and status = 'ok' and json_extract_string(settings, '$.grid') is null
    order by finished_at desc, run_id desc
    limit 1
),

calibration as (
    select runs.run_id, runs.parent_run_ids, runs.data_vintage, runs.settings
    from meta.runs as runs
    inner join latest_projection on runs.run_id = latest_projection.parent_run_ids[1]
)

select
    latest_projection.run_id as projection_run_id,
    latest_projection.finished_at as projected_at,
    calibration.run_id as calibration_run_id,
    json_extract_string(calibration.settings, '$.method') as calibration_method,
    calibration.parent_run_ids[1] as refresh_run_id,
    refresh.source as refresh_source,
    calibration.data_vintage,
    json_extract_string(latest_projection.settings, '$.baseline') as baseline,
    latest_projection.package_version
from latest_projection
inner join calibration on true
left join meta.runs as refresh on refresh.run_id = calibration.parent_run_ids[1];
