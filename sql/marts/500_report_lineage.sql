-- The report.* views show the chain this view names. By default that is the latest reportable
-- projection (a nightly or bundled-scenario run: report.projection_runs), so an ad-hoc
-- `selloff project --scenario my.toml` never switches them. A session can pin every report.* view to
-- any projection run with `set variable report_run_id = 'project-…'` (selloff report --run does so).
create or replace view report.lineage as
select * from report.lineage_of(getvariable('report_run_id'));

comment on view report.lineage is
    'The runs every report.* view shows, in one row: the latest nightly or bundled-scenario projection (ad '
    'hoc and grid runs excluded; or the run pinned with set variable report_run_id), the calibration it '
    'was built on and the refresh that calibration used. Always one coherent chain, never two unrelated '
    'latest runs.';
comment on column report.lineage.projection_run_id is
    'the projection the views show: the latest successful nightly or bundled-scenario projection run, '
    'unless pinned';
comment on column report.lineage.projected_at is 'when it finished (UTC)';
comment on column report.lineage.calibration_run_id is 'the calibration it projected with (its parent run)';
comment on column report.lineage.calibration_method is
    'the method the calibration run was asked to feed projections: data, prior or blend';
comment on column report.lineage.refresh_run_id is 'the refresh that calibration read (its parent run)';
comment on column report.lineage.refresh_source is
    'where that refresh took its data, e.g. series:snapshot,tic:snapshot';
comment on column report.lineage.data_vintage is
    'the calibration''s data vintage: the latest realtime_start in the panels it read';
comment on column report.lineage.baseline is 'the fiscal baseline of the projection, e.g. cbo-2025-01';
comment on column report.lineage.package_version is 'the selloff version of the projection run';
