-- One row per (notification, target). The body is stored as the exact bytes that are signed and sent on every attempt.
create table delivery (
    id                    uuid        primary key,
    notification_event_id uuid        not null,
    cloud                 text        not null,
    asset_id              text        not null,
    asset_version         bigint      not null,
    notification_type     text        not null,
    target                text        not null,
    body                  bytea       not null,
    state                 text        not null check (state in ('PENDING', 'DELIVERED', 'DEAD', 'GONE')),
    attempt_count         integer     not null default 0,
    next_attempt_at       timestamptz,
    -- a replica claims a delivery by setting both; another may take it over once leased_until has passed
    leased_until          timestamptz,
    lease_token           uuid,
    last_status           integer,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    constraint delivery_event_target_key unique (notification_event_id, target),
    constraint delivery_pending_is_scheduled check (state <> 'PENDING' or next_attempt_at is not null)
);

-- The scheduler's question: which pending deliveries are due?
create index delivery_due_idx on delivery (next_attempt_at) where state = 'PENDING';

create table delivery_attempt (
    id            uuid        primary key,
    delivery_id   uuid        not null references delivery (id) on delete cascade,
    attempt_no    integer     not null,
    started_at    timestamptz not null,
    duration_ms   bigint      not null,
    http_status   integer     not null,           -- 0 when no response arrived
    error         text,
    response_body text,                           -- first 2 KiB of the answer
    constraint delivery_attempt_no_key unique (delivery_id, attempt_no)
);
