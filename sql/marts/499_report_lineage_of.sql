create or replace macro report.lineage_of(run) as table
with chosen as (
    select projections.run_id
    from report.projection_runs as projections
    where
        case
            when run is null then projections.reportable
            -- a projection run, or the nightly run that made it
            else run in (projections.run_id, projections.nightly_run_id)
        end
    order by projections.finished_at desc, projections.run_id desc
    limit 1
),

projection as (
    select runs.run_id, runs.parent_run_ids, runs.finished_at, runs.settings, runs.package_version
    from meta.runs as runs
    inner join chosen on runs.run_id = chosen.run_id
),

calibration as (
    select runs.run_id, runs.parent_run_ids, runs.data_vintage, runs.settings
    from meta.runs as runs
    inner join projection on runs.run_id = projection.parent_run_ids[1]
)

select
    projection.run_id as projection_run_id,
    projection.finished_at as projected_at,
    calibration.run_id as calibration_run_id,
    json_extract_string(calibration.settings, '$.method') as calibration_method,
    calibration.parent_run_ids[1] as refresh_run_id,
    refresh.source as refresh_source,
    calibration.data_vintage,
    json_extract_string(projection.settings, '$.baseline') as baseline,
    projection.package_version
from projection
inner join calibration on true
left join meta.runs as refresh on refresh.run_id = calibration.parent_run_ids[1];

comment on macro table report.lineage_of is
    'report.lineage for any projection: report.lineage_of(''project-…'') (or a nightly run id) is the chain '
    'of that run, ad hoc ones included; report.lineage_of(null) is the chain the report.* views follow. '
    'One row, or none when the run is not a successful projection.';
