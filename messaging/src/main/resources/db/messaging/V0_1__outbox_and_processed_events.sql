-- Shared by every service that relays events or consumes them idempotently; lives in the service's own schema.
create table outbox (
    id          bigint generated always as identity primary key,
    event_id    uuid        not null,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null
);

create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);
