-- The quarterly calibration panel on the latest vintage (see marts.panel_quarterly_as_of for the columns).
create or replace view marts.panel_quarterly as
select * from marts.panel_quarterly_as_of(date '9999-12-31');
