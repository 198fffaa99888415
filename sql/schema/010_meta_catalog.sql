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
    -- FRED serves 0 rather than "." before this date (WMTSECL1); staging reads those zeros as NULL
    zero_means_missing_before date,
    notes varchar
);
