-- The series catalog (src/selloff/data/catalog.toml), reloaded on every writing run so SQL users can join on it.
-- Rebuilt (not just created) by every writing run: it holds nothing but the checked-in file, and DuckDB
-- cannot alter a check constraint, so a warehouse made by an older version takes a new vocabulary this way.
create or replace table meta.catalog (
    series_id varchar primary key,
    title varchar not null,
    units varchar not null,
    unit_scale varchar not null check (unit_scale in ('pct', 'usd_mn', 'usd_bn', 'jpy_per_usd')),
    frequency varchar not null check (frequency in ('D', 'W', 'M', 'Q', 'A')),
    aggregation varchar not null check (aggregation in ('avg', 'eop', 'sum')),
    role varchar not null check (
        role in (
            'yield', 'policy_rate', 'debt', 'foreign_holdings', 'fed_holdings', 'fed_balance_sheet', 'macro',
            'context', 'term_premium', 'global_yield', 'fx'
        )
    ),
    tenor varchar check (tenor in ('3m', '1y', '2y', '5y', '10y', '30y')),
    valuation_basis varchar not null check (valuation_basis in ('market', 'face', 'n.a.')),
    stand_in_for varchar,
    zero_means_missing_before date,
    notes varchar
);

comment on table meta.catalog is
    'The series catalog (src/selloff/data/catalog.toml): every FRED series selloff stores, what it measures '
    'and what it is for. Reloaded on every writing run so SQL can join on it.';
comment on column meta.catalog.series_id is 'FRED series id, e.g. GS10';
comment on column meta.catalog.title is 'FRED''s title of the series';
comment on column meta.catalog.units is 'units as FRED gives them, e.g. Percent, Millions of Dollars';
comment on column meta.catalog.unit_scale is
    'which of our unit names the values are in: pct (percent), usd_mn ($mn) or usd_bn ($bn)';
comment on column meta.catalog.frequency is
    'D business daily, W weekly (Wednesday), M monthly (dated the first of the month), Q quarterly (dated '
    'the first day of the quarter), A annual';
comment on column meta.catalog.aggregation is
    'what one value is: avg (period average), eop (end-of-period level) or sum (period flow)';
comment on column meta.catalog.role is
    'what selloff uses the series for: yield, policy_rate, debt, foreign_holdings, fed_holdings, macro, '
    'context or term_premium';
comment on column meta.catalog.tenor is
    'for yields, the tenor: 3m, 1y, 2y, 5y, 10y or 30y; null for other series';
comment on column meta.catalog.valuation_basis is
    'for holdings series, market or face value; n.a. for the others';
comment on column meta.catalog.stand_in_for is
    'the series this one replaces because the real one is not in the snapshot; null if none';
comment on column meta.catalog.zero_means_missing_before is
    'FRED serves 0 rather than "." before this date (WMTSECL1): staging reads those zeros as NULL; null '
    'where a zero is a value';
comment on column meta.catalog.notes is
    'honest caveats about the series (shown by selloff status --coverage)';
