-- on_success: the script, its outcome, and the upload notification held back until the outcome is applied.
alter table asset add column on_success text;
alter table asset add column on_success_status text;
alter table asset add column on_success_error text;
alter table asset add column pending_notification text;

-- Structured metadata field definitions, as the Admin API shows them (JSON, see persistence.JsonColumns).
create table metadata_field (
    cloud       text        not null,
    external_id text        not null,
    definition  text        not null,
    created_at  timestamptz not null,
    primary key (cloud, external_id)
);
