-- The account's order of its metadata fields (PUT metadata_fields/order); fields never ordered come last.
alter table metadata_field add column position integer;

-- Custom coordinates set by the Admin API's update: a JSON list of [x, y, width, height].
alter table asset add column custom_coordinates text;

-- Upload API delete_by_token: a token answered to return_delete_token=true uploads, valid for a short time.
create table delete_token (
    token      text        primary key,
    asset_id   text        not null references asset (asset_id) on delete cascade,
    expires_at timestamptz not null
);
create index delete_token_asset on delete_token (asset_id);
