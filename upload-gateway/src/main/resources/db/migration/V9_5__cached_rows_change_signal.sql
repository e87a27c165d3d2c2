-- A committed change of notification triggers or metadata field definitions signals the gateway replicas (LISTEN
-- trigger_<schema>, metadata_field_<schema>): each keeps them in memory for its uploads and drops them then.
create or replace function gateway_rows_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0] || '_' || tg_table_schema, '');
    return null;
end $$;

create trigger notification_trigger_changed after insert or update or delete on notification_trigger
    for each statement execute function gateway_rows_changed('trigger');

create trigger metadata_field_changed after insert or update or delete on metadata_field
    for each statement execute function gateway_rows_changed('metadata_field');
