-- Events the broker refused for good (too large, invalid): moved here with the reason, so the rows behind them go on.
create table outbox_parked (
    id          bigint      primary key,
    event_id    uuid        not null,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null,
    parked_at   timestamptz not null,
    reason      text        not null
);

-- Wakes the relay (LISTEN outbox_<schema>) when a transaction that wrote events commits; NOTIFY is transactional.
create or replace function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_' || tg_table_schema, '');
    return null;
end $$;

create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();
