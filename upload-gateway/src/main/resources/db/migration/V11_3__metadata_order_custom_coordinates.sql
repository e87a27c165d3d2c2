-- The account's order of its metadata fields (PUT metadata_fields/order); fields never ordered come last.
alter table metadata_field add column position integer;

-- Custom coordinates set by the Admin API's update: a JSON list of [x, y, width, height].
alter table asset add column custom_coordinates text;
