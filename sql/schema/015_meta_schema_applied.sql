create table if not exists meta.schema_applied (
    sql_sha256 varchar not null,
    applied_at timestamptz not null
);

comment on table meta.schema_applied is
    'The fingerprint of the sql/ files and the series catalog last applied to this warehouse (one row). A '
    'writing run applies them again only when they changed (a new selloff version, an edited file), '
    'which saves about half a second per run.';
comment on column meta.schema_applied.sql_sha256 is
    'sha256 of every sql/ file (name and text, in the order applied) and of the catalog rows';
comment on column meta.schema_applied.applied_at is 'when they were applied (UTC)';
