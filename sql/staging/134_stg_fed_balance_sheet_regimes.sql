-- Federal Reserve balance-sheet regimes by month: 'qe' while the Fed was adding duration (Treasury and
-- MBS purchase programmes and the maturity extension programme), 'qt' while it let securities run off.
-- Calibration uses them only where the Fed-holdings series (TREAST, weekly from 2002-12) is missing.
-- Dates are the programmes' first and last months as announced in FOMC statements.
create or replace view stg.fed_balance_sheet_regimes as
with programmes as (
    select *
    from (
        values
            ('LSAP1', 'qe', date '2008-12-01', date '2010-03-01'),
            ('LSAP2', 'qe', date '2010-11-01', date '2011-06-01'),
            ('MEP', 'qe', date '2011-10-01', date '2012-12-01'),
            ('LSAP3', 'qe', date '2013-01-01', date '2014-10-01'),
            ('QT1', 'qt', date '2017-10-01', date '2019-07-01'),
            ('pandemic purchases', 'qe', date '2020-03-01', date '2022-03-01'),
            ('QT2', 'qt', date '2022-06-01', date '2025-11-01')
    ) as programme (programme, regime, first_month, last_month)
),

months as (
    select month::date as month
    from range(date '1960-01-01', date '2031-01-01', interval 1 month) as spine (month)
)

select
    months.month,
    coalesce(programmes.regime, 'neutral') as regime,
    programmes.programme
from months
left join programmes on months.month between programmes.first_month and programmes.last_month;

comment on view stg.fed_balance_sheet_regimes is
    'Federal Reserve balance-sheet regimes by month, 1960-2030: qe while the Fed was adding duration '
    '(Treasury and MBS purchase programmes, the maturity extension programme), qt while it let securities '
    'run off, neutral otherwise. Dates are the programmes'' first and last months as announced in FOMC '
    'statements. Calibration uses them only where the Fed-holdings series (TREAST, 2003Q1-2024Q1) is '
    'missing.';
comment on column stg.fed_balance_sheet_regimes.month is 'the month, dated by its first day';
comment on column stg.fed_balance_sheet_regimes.regime is 'qe, qt or neutral';
comment on column stg.fed_balance_sheet_regimes.programme is
    'the programme running that month: LSAP1, LSAP2, MEP, LSAP3, QT1, pandemic purchases or QT2; null when '
    'neutral';
