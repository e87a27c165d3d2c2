-- Eager derivatives: what each upload asked for, until the derivation worker reports them.
create table eager_batch (
    batch_id         text        primary key,
    asset_id         text        not null,
    asset_version    bigint      not null,
    async            boolean     not null,
    notification_url text,
    base_url         text        not null,
    created_at       timestamptz not null
);
create index eager_batch_by_asset on eager_batch (asset_id, asset_version);

-- Transformations some upload of the account asked for eagerly: delivery may derive them on request for any asset.
create table eager_transformation (
    cloud          text not null,
    transformation text not null,
    primary key (cloud, transformation)
);
