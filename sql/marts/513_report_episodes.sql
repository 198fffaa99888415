create or replace view report.episodes as
select calib.*
from calib.episodes as calib
inner join report.lineage on calib.run_id = report.lineage.calibration_run_id;

comment on view report.episodes is
    'calib.episodes of the calibration behind the latest successful projection (see report.lineage): '
    'implied against actual yield moves in known foreign sales.';

-- columns as in calib.episodes: copied from its comments by `make docs` (edit them there)
comment on column report.episodes.run_id is 'the calibration run (meta.runs)';
comment on column report.episodes.episode is
    'march_2020, japan_2022, japan_2024_apr_may, japan_2024_jul or april_2025 (a contrast: not an official '
    'sale)';
comment on column report.episodes.method is
    'data (the regressions), prior (the literature) or blend (their precision-weighted mix)';
comment on column report.episodes.tenor is 'tenor: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.episodes.baseline_month is
    'the month before the episode (first day): where the actual move starts';
comment on column report.episodes.end_month is 'the episode''s month (first day): where it ends';
comment on column report.episodes.sale_usd_bn is 'the foreign sale, $bn (a sale positive)';
comment on column report.episodes.gdp_usd_bn is
    'GDP of end_month''s quarter, $bn at a seasonally adjusted annual rate';
comment on column report.episodes.sale_pct_gdp is 'sale_usd_bn as a percent of gdp_usd_bn';
comment on column report.episodes.implied_bp is
    'the method''s point impact x sale_pct_gdp, bp (positive = yields rise)';
comment on column report.episodes.implied_p5_bp is '5th percentile of the implied move across the draws, bp';
comment on column report.episodes.implied_p95_bp is
    '95th percentile of the implied move across the draws, bp';
comment on column report.episodes.actual_monthly_bp is
    'actual change in the monthly-average yield from baseline_month to end_month, bp';
comment on column report.episodes.actual_published_bp is
    'the published move of the 10-year yield where one exists (e.g. +64 bp over 9-18 March 2020), bp; 10y '
    'rows only';
comment on column report.episodes.custody_change_usd_bn is
    'change in Fed custody holdings for foreign official accounts over the window, $bn at face value (a '
    'sale is negative)';
comment on column report.episodes.description is 'what happened, with the research file''s rows';
comment on column report.episodes.confounders is 'what else moved yields in the window';
