-- Upload API delete_by_token: the SHA-256 of each token a return_delete_token=true upload answered, until it is
-- used (single use) or expires; the asset's deletion takes its tokens with it.
create table delete_token (
    token_hash text        primary key,
    asset_id   text        not null references asset (asset_id) on delete cascade,
    version    bigint      not null,
    expires_at timestamptz not null
);
create index delete_token_asset on delete_token (asset_id);
create index delete_token_expires on delete_token (expires_at);

-- Face coordinates given at upload (face_coordinates): a JSON list of [x, y, width, height], shown instead of the
-- detected faces.
alter table asset add column face_coordinates text;

-- discard_original_filename=true: the upload keeps no original file name.
alter table asset alter column original_filename drop not null;
