-- One row per tenor and design of the calibration behind the latest projection (report.lineage): the
-- identified designs a-c, the diagnostic d, the literature prior and the combination, impact and
-- persistent effect side by side. A design's row is its main estimate (the combination input; for d the
-- repaired custody-flow projection); the reported variants stay in calib.designs. The 10-year rows carry
-- what the japan headline would be with that source alone (calib.design_headlines, the projection engine).
create or replace view report.calibration_designs as
with lineage as (
    select calibration_run_id from report.lineage
),

main as (
    select designs.*
    from calib.designs as designs
    inner join lineage on designs.run_id = lineage.calibration_run_id
    -- c's main specification is the row carrying the combination se (calibration/identified.py)
    where designs.variant = 'main'
        or (designs.design = 'C' and designs.se_combination_bp_per_pct_gdp is not null)
        or designs.variant = 'custody_lp_repaired'
),

combination as (
    select combo.*
    from calib.combination as combo
    inner join lineage on combo.run_id = lineage.calibration_run_id
),

design_rows as (
    select
        main.run_id,
        main.tenor,
        main.design,
        any_value(main.identifying_assumption) as identifying_assumption,
        any_value(main.reference_gdp_usd_bn) as reference_gdp_usd_bn,
        any_value(main.estimate_bp_per_100bn) filter (where main.term = 'impact') as impact_bp_per_100bn,
        any_value(main.ci_low_bp_per_100bn) filter (where main.term = 'impact') as impact_ci_low_bp_per_100bn,
        any_value(main.ci_high_bp_per_100bn) filter (where main.term = 'impact')
            as impact_ci_high_bp_per_100bn,
        any_value(main.n) filter (where main.term = 'impact') as impact_n,
        any_value(main.sample_start) filter (where main.term = 'impact') as impact_sample_start,
        any_value(main.sample_end) filter (where main.term = 'impact') as impact_sample_end,
        any_value(main.included) filter (where main.term = 'impact') as impact_included,
        any_value(main.exclusion_reason) filter (where main.term = 'impact') as impact_exclusion_reason,
        any_value(main.estimate_bp_per_100bn) filter (where main.term = 'long_run')
            as persistent_bp_per_100bn,
        any_value(main.ci_low_bp_per_100bn) filter (where main.term = 'long_run')
            as persistent_ci_low_bp_per_100bn,
        any_value(main.ci_high_bp_per_100bn) filter (where main.term = 'long_run')
            as persistent_ci_high_bp_per_100bn,
        any_value(main.n) filter (where main.term = 'long_run') as persistent_n,
        any_value(main.sample_start) filter (where main.term = 'long_run') as persistent_sample_start,
        any_value(main.sample_end) filter (where main.term = 'long_run') as persistent_sample_end,
        any_value(main.included) filter (where main.term = 'long_run') as persistent_included,
        any_value(main.exclusion_reason) filter (where main.term = 'long_run')
            as persistent_exclusion_reason
    from main
    group by main.run_id, main.tenor, main.design
),

-- the weight each design carried in the combination (share of the precision), per tenor and term
weights as (
    select
        tenor,
        term,
        unnest(['prior', 'A', 'B', 'C']) as design,
        unnest([
            cast(json_extract(weights, '$.prior') as double),
            cast(json_extract(weights, '$.A') as double),
            cast(json_extract(weights, '$.B') as double),
            cast(json_extract(weights, '$.C') as double)
        ]) as weight
    from combination
),

headlines as (
    select headlines.*
    from calib.design_headlines as headlines
    inner join lineage on headlines.run_id = lineage.calibration_run_id
),

-- bp per 1% of gdp -> bp per $100bn at the run's one reference gdp; the prior's 90% interval is normal
prior_and_combination as (
    select
        run_id,
        tenor,
        'prior' as design,
        'the literature prior (calibration/prior.py), fixed before the estimates were seen' as identifying_assumption,
        any_value(reference_gdp_usd_bn) as reference_gdp_usd_bn,
        any_value(prior_mean_bp_per_pct_gdp * 1e4 / reference_gdp_usd_bn) filter (where term = 'impact')
            as impact_bp_per_100bn,
        any_value((prior_mean_bp_per_pct_gdp - 1.6448536269514722 * prior_sd_bp_per_pct_gdp)
            * 1e4 / reference_gdp_usd_bn) filter (where term = 'impact') as impact_ci_low_bp_per_100bn,
        any_value((prior_mean_bp_per_pct_gdp + 1.6448536269514722 * prior_sd_bp_per_pct_gdp)
            * 1e4 / reference_gdp_usd_bn) filter (where term = 'impact') as impact_ci_high_bp_per_100bn,
        any_value(prior_mean_bp_per_pct_gdp * 1e4 / reference_gdp_usd_bn) filter (where term = 'long_run')
            as persistent_bp_per_100bn,
        any_value((prior_mean_bp_per_pct_gdp - 1.6448536269514722 * prior_sd_bp_per_pct_gdp)
            * 1e4 / reference_gdp_usd_bn) filter (where term = 'long_run') as persistent_ci_low_bp_per_100bn,
        any_value((prior_mean_bp_per_pct_gdp + 1.6448536269514722 * prior_sd_bp_per_pct_gdp)
            * 1e4 / reference_gdp_usd_bn) filter (where term = 'long_run') as persistent_ci_high_bp_per_100bn,
        cast(null as varchar) as impact_label,
        cast(null as varchar) as persistent_label
    from combination
    group by run_id, tenor
    union all
    select
        run_id,
        tenor,
        'combination' as design,
        'the combination rule: precision-weighted prior with the included identified designs (README)'
            as identifying_assumption,
        any_value(reference_gdp_usd_bn) as reference_gdp_usd_bn,
        any_value(estimate_bp_per_100bn) filter (where term = 'impact') as impact_bp_per_100bn,
        any_value(ci_low_bp_per_100bn) filter (where term = 'impact') as impact_ci_low_bp_per_100bn,
        any_value(ci_high_bp_per_100bn) filter (where term = 'impact') as impact_ci_high_bp_per_100bn,
        any_value(estimate_bp_per_100bn) filter (where term = 'long_run') as persistent_bp_per_100bn,
        any_value(ci_low_bp_per_100bn) filter (where term = 'long_run') as persistent_ci_low_bp_per_100bn,
        any_value(ci_high_bp_per_100bn) filter (where term = 'long_run') as persistent_ci_high_bp_per_100bn,
        any_value(label) filter (where term = 'impact') as impact_label,
        any_value(label) filter (where term = 'long_run') as persistent_label
    from combination
    group by run_id, tenor
),

rows as (
    select
        run_id, tenor, design, identifying_assumption, reference_gdp_usd_bn,
        impact_bp_per_100bn, impact_ci_low_bp_per_100bn, impact_ci_high_bp_per_100bn,
        impact_n, impact_sample_start, impact_sample_end, impact_included, impact_exclusion_reason,
        persistent_bp_per_100bn, persistent_ci_low_bp_per_100bn, persistent_ci_high_bp_per_100bn,
        persistent_n, persistent_sample_start, persistent_sample_end, persistent_included,
        persistent_exclusion_reason,
        cast(null as varchar) as impact_label,
        cast(null as varchar) as persistent_label
    from design_rows
    union all
    select
        run_id, tenor, design, identifying_assumption, reference_gdp_usd_bn,
        impact_bp_per_100bn, impact_ci_low_bp_per_100bn, impact_ci_high_bp_per_100bn,
        null, null, null, null, null,
        persistent_bp_per_100bn, persistent_ci_low_bp_per_100bn, persistent_ci_high_bp_per_100bn,
        null, null, null, null, null,
        impact_label, persistent_label
    from prior_and_combination
)

select
    rows.run_id,
    rows.tenor,
    rows.design,
    case rows.design
        when 'A' then 'identified (impact)'
        when 'B' then 'identified (impact)'
        when 'C' then 'identified (persistent)'
        when 'D' then 'diagnostic (conditional correlation, never combined)'
        when 'prior' then 'prior'
        else 'combination'
    end as role,
    rows.impact_bp_per_100bn,
    rows.impact_ci_low_bp_per_100bn,
    rows.impact_ci_high_bp_per_100bn,
    rows.impact_n,
    rows.impact_sample_start,
    rows.impact_sample_end,
    rows.impact_included,
    rows.impact_exclusion_reason,
    -- a design absent from the weights (excluded, d, a tenor fixed at 0) carried none
    case when rows.design <> 'combination' and rows.impact_bp_per_100bn is not null
        then coalesce(wi.weight, 0) end as impact_weight,
    rows.impact_label,
    rows.persistent_bp_per_100bn,
    rows.persistent_ci_low_bp_per_100bn,
    rows.persistent_ci_high_bp_per_100bn,
    rows.persistent_n,
    rows.persistent_sample_start,
    rows.persistent_sample_end,
    rows.persistent_included,
    rows.persistent_exclusion_reason,
    case when rows.design <> 'combination' and rows.persistent_bp_per_100bn is not null
        then coalesce(wl.weight, 0) end as persistent_weight,
    rows.persistent_label,
    case when rows.design = 'combination' then ci.weights end as impact_weights,
    case when rows.design = 'combination' then cl.weights end as persistent_weights,
    rows.identifying_assumption,
    rows.reference_gdp_usd_bn,
    h.terms as japan_alone_terms,
    h.peak_10y_bp as japan_alone_peak_10y_bp,
    h.ten_year_extra_interest_usd_bn as japan_alone_ten_year_extra_interest_usd_bn
from rows
left join weights as wi on rows.tenor = wi.tenor and wi.term = 'impact' and rows.design = wi.design
left join weights as wl on rows.tenor = wl.tenor and wl.term = 'long_run' and rows.design = wl.design
left join combination as ci on rows.tenor = ci.tenor and ci.term = 'impact'
left join combination as cl on rows.tenor = cl.tenor and cl.term = 'long_run'
left join headlines as h on rows.tenor = '10y' and rows.design = h.source
order by
    list_position(['3m', '1y', '2y', '5y', '10y', '30y'], rows.tenor),
    list_position(['A', 'B', 'C', 'D', 'prior', 'combination'], rows.design);

comment on view report.calibration_designs is
    'The identified designs of the calibration behind the latest successful projection (see report.lineage), '
    'per tenor side by side: a (fed announcements), b (japan''s interventions), c (supply model), d '
    '(diagnostic), the literature prior and the combination the projection uses; impact and persistent '
    'effect apart, bp per $100bn with 90% intervals. One row per tenor and design (a design''s main '
    'estimate; its variants are in calib.designs).';
comment on column report.calibration_designs.run_id is 'the calibration run (meta.runs)';
comment on column report.calibration_designs.tenor is 'curve point: 3m, 1y, 2y, 5y, 10y or 30y';
comment on column report.calibration_designs.design is 'a, b, c, d, prior or combination';
comment on column report.calibration_designs.role is
    'identified (impact: a, b), identified (persistent: c), diagnostic (d, never combined), prior or combination';
comment on column report.calibration_designs.impact_bp_per_100bn is
    'impact of a $100bn sale, bp (positive = yields rise); null when the design has no impact estimate';
comment on column report.calibration_designs.impact_ci_low_bp_per_100bn is
    '90% interval of the impact, low end, bp per $100bn (the prior: normal, mean - 1.645 sd)';
comment on column report.calibration_designs.impact_ci_high_bp_per_100bn is
    '90% interval of the impact, high end, bp per $100bn';
comment on column report.calibration_designs.impact_n is 'event windows (a, b) or quarters (d) of the impact estimate';
comment on column report.calibration_designs.impact_sample_start is 'first event day or quarter of the impact estimate';
comment on column report.calibration_designs.impact_sample_end is 'last event day or quarter of the impact estimate';
comment on column report.calibration_designs.impact_included is
    'true if the impact estimate enters the combination; null for the prior and the combination rows';
comment on column report.calibration_designs.impact_exclusion_reason is
    'why the impact estimate is excluded (stated in advance; never the sign), or that it is a diagnostic';
comment on column report.calibration_designs.impact_weight is
    'share of the precision this row carried in the impact combination, 0-1 (0 for excluded designs, d and '
    'a tenor fixed at 0; null without an impact estimate and for the combination row)';
comment on column report.calibration_designs.impact_label is
    'combination row: data-driven, prior-driven or fixed at 0 (policy path), following the impact weights used';
comment on column report.calibration_designs.persistent_bp_per_100bn is
    'persistent (long-run) effect of a $100bn sale, bp; null when the design has none';
comment on column report.calibration_designs.persistent_ci_low_bp_per_100bn is
    '90% interval of the persistent effect, low end, bp per $100bn';
comment on column report.calibration_designs.persistent_ci_high_bp_per_100bn is
    '90% interval of the persistent effect, high end, bp per $100bn';
comment on column report.calibration_designs.persistent_n is 'quarters (c, d) of the persistent estimate';
comment on column report.calibration_designs.persistent_sample_start is 'first quarter of the persistent estimate';
comment on column report.calibration_designs.persistent_sample_end is 'last quarter of the persistent estimate';
comment on column report.calibration_designs.persistent_included is
    'true if the persistent estimate enters the combination; null for the prior and the combination rows';
comment on column report.calibration_designs.persistent_exclusion_reason is
    'why the persistent estimate is excluded (stated in advance; never the sign), or that it is a diagnostic';
comment on column report.calibration_designs.persistent_weight is
    'share of the precision this row carried in the persistent combination, 0-1 (0 for excluded designs, d '
    'and a tenor fixed at 0; null without a persistent estimate and for the combination row)';
comment on column report.calibration_designs.persistent_label is
    'combination row: data-driven, prior-driven or fixed at 0 (policy path), following the persistent weights used';
comment on column report.calibration_designs.impact_weights is
    'combination row: json, prior and design -> share of the precision in the impact combination';
comment on column report.calibration_designs.persistent_weights is
    'combination row: json, prior and design -> share of the precision in the persistent combination';
comment on column report.calibration_designs.identifying_assumption is
    'the design''s identifying assumption, one sentence (for the prior and the combination: what they are)';
comment on column report.calibration_designs.reference_gdp_usd_bn is
    'the one gdp ($bn saar, latest quarter) behind every bp-per-$100bn number of the run';
comment on column report.calibration_designs.japan_alone_terms is
    '10-year rows: the terms the japan headline below takes from this row (impact, persistent or both; the '
    'rest as in blend); null on other tenors and without calib.design_headlines rows';
comment on column report.calibration_designs.japan_alone_peak_10y_bp is
    '10-year rows: peak 10-year change of the japan-full-dump point projection with this source alone, bp '
    '(the projection engine; the prior''s row equals the projection''s prior-only headline)';
comment on column report.calibration_designs.japan_alone_ten_year_extra_interest_usd_bn is
    '10-year rows: extra net interest over the projection of that point projection, $bn';
