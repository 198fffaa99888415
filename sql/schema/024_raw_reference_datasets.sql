-- One row per reference dataset (tables shipped with the snapshot that are not FRED series): what it is and
-- which version is stored. Replaced at each load of the dataset, like raw.series; the rows themselves are
-- versioned in their own raw tables.
create table if not exists raw.reference_datasets (
    dataset varchar primary key,
    title varchar not null,
    units varchar not null,
    frequency varchar not null check (frequency in ('D', 'W', 'event')),
    file varchar not null,
    sha256 varchar not null,
    source varchar not null,
    notes varchar,
    realtime_start date not null,
    fetched_at timestamptz not null,
    run_id varchar not null
);

comment on table raw.reference_datasets is 'reference datasets shipped with the snapshot (not fred series): what each is and which version is stored; a live refresh (--source fred/tic) never changes them';
comment on column raw.reference_datasets.dataset is 'dataset name: its raw.<dataset> table and ref.<dataset> view';
comment on column raw.reference_datasets.title is 'what the dataset is';
comment on column raw.reference_datasets.units is 'units of its values';
comment on column raw.reference_datasets.frequency is 'D (daily), W (weekly, wednesday) or event (dated events)';
comment on column raw.reference_datasets.file is 'file in the package snapshot (src/selloff/data/snapshot/), whose PROVENANCE.md names the source';
comment on column raw.reference_datasets.sha256 is 'sha-256 of that file as loaded (pinned by the snapshot manifest)';
comment on column raw.reference_datasets.source is 'original publisher and where the copy came from';
comment on column raw.reference_datasets.notes is 'caveats';
comment on column raw.reference_datasets.realtime_start is 'version of the rows loaded last: the snapshot date';
comment on column raw.reference_datasets.fetched_at is 'when the dataset was last loaded';
comment on column raw.reference_datasets.run_id is 'the refresh run that loaded it last';
