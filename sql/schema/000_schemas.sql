-- Schemas, in the order data flows through them: raw (as fetched, all vintages) → stg (latest vintage,
-- units explicit) and ref (latest version of the reference tables shipped with the snapshot) → marts
-- (model inputs) → calib / proj (model outputs) → report (stable views for users).
-- DuckDB cannot comment on a schema (1.5: not implemented): warehouse/README.md introduces each one.
create schema if not exists meta;
create schema if not exists raw;
create schema if not exists stg;
create schema if not exists ref;
create schema if not exists marts;
create schema if not exists calib;
create schema if not exists proj;
create schema if not exists report;
