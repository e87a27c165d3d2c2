-- Standard Webhooks headers are asked for per target (trigger signature_scheme=standard); kept on the row so every
-- retry and replay signs the same way.
alter table delivery add column standard_webhooks boolean not null default false;
-- A replay restarts the retry schedule: attempt numbers go on, the schedule counts from this attempt.
alter table delivery add column schedule_start integer not null default 0;

-- The Admin API's questions: by asset, by target and time, by state.
create index delivery_asset_idx on delivery (cloud, asset_id, created_at desc);
create index delivery_target_idx on delivery (cloud, target, created_at desc);
create index delivery_state_idx on delivery (cloud, state, created_at desc);
-- Per-target concurrency: attempts in flight for a target are the rows leased for it.
create index delivery_leased_idx on delivery (target) where leased_until is not null;

-- Health of each target: failing since when, and disabled once failing for too long. No row = healthy.
create table webhook_target (
    cloud         text        not null,
    target        text        not null,
    state         text        not null check (state in ('ACTIVE', 'DISABLED')),
    failing_since timestamptz,
    disabled_at   timestamptz,
    updated_at    timestamptz not null,
    primary key (cloud, target)
);
