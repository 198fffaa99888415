-- The monthly calibration panel on the latest vintage (see marts.panel_monthly_as_of for the columns).
create or replace view marts.panel_monthly as
select * from marts.panel_monthly_as_of(date '9999-12-31');
