-- access_control: the asset's access rules as a JSON list ({access_type, start, end}); null when it has none.
alter table asset add column access_control text;
