-- A committed change of an asset row signals the gateway replicas (LISTEN asset_<schema>): a synchronous upload
-- waiting for its processing re-reads the row then, instead of polling it.
create or replace function asset_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('asset_' || tg_table_schema, new.asset_id);
    return null;
end $$;

create trigger asset_changed after update on asset for each row execute function asset_changed();
