create table if not exists calib.design_headlines (
    run_id varchar not null,
    source varchar not null check (source in ('prior', 'A', 'B', 'C', 'D', 'combination')),
    role varchar not null check (role in ('prior', 'identified', 'diagnostic', 'combination')),
    terms varchar not null check (terms in ('impact', 'persistent', 'impact and persistent')),
    basis varchar not null,
    included boolean,
    impact_10y_bp_per_100bn double not null,
    persistent_10y_bp_per_100bn double not null,
    scenario varchar not null,
    baseline varchar not null,
    start_month date not null,
    end_month date not null,
    peak_10y_bp double not null,
    ten_year_extra_interest_usd_bn double not null,
    reference_gdp_usd_bn double not null check (reference_gdp_usd_bn > 0),
    primary key (run_id, source)
);

comment on table calib.design_headlines is
    'What the japan headline would be with each design alone, through the projection engine: the point '
    'projection of the bundled japan-full-dump scenario with the price impact the combination would give if '
    'that design were the only evidence for its term (the other term as in blend), beside the prior alone '
    'and the combination. One row per calibration run and source; computed by the calibrate flow on the '
    'warehouse''s yields and tic holdings at the time, as selloff project would.';
comment on column calib.design_headlines.run_id is 'the calibration run (meta.runs)';
comment on column calib.design_headlines.source is
    'prior (both terms), a, b (impact), c (persistent), d (both terms; diagnostic) or combination (the blend)';
comment on column calib.design_headlines.role is 'prior, identified (a-c), diagnostic (d, never in the parameters) or combination';
comment on column calib.design_headlines.terms is
    'the terms taken from the source: impact, persistent or impact and persistent; the rest is the blend''s';
comment on column calib.design_headlines.basis is 'one sentence: what the price impact of this row is made of';
comment on column calib.design_headlines.included is
    'true if the design''s 10-year estimate of its term enters the combination; null for the prior and the combination';
comment on column calib.design_headlines.impact_10y_bp_per_100bn is
    'the 10-year impact this row''s projection uses, bp per $100bn sold at reference_gdp_usd_bn';
comment on column calib.design_headlines.persistent_10y_bp_per_100bn is
    'the 10-year persistent effect this row''s projection uses, bp per $100bn sold at reference_gdp_usd_bn';
comment on column calib.design_headlines.scenario is 'the bundled scenario projected (japan-full-dump)';
comment on column calib.design_headlines.baseline is 'the fiscal baseline of the projection (settings, as selloff project)';
comment on column calib.design_headlines.start_month is 'first month of the projection (the month after the latest yields)';
comment on column calib.design_headlines.end_month is 'last month of the projection';
comment on column calib.design_headlines.peak_10y_bp is
    'peak 10-year yield change of the point projection, bp, signed (the change of largest size; positive = up)';
comment on column calib.design_headlines.ten_year_extra_interest_usd_bn is
    'extra net interest over the projection against the baseline, point projection, $bn (positive = a higher deficit)';
comment on column calib.design_headlines.reference_gdp_usd_bn is 'the one gdp ($bn saar, latest quarter) of every conversion';
