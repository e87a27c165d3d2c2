-- JSON documents are stored as text and mapped by JPA converters (see persistence.JsonColumns).
create table asset (
    asset_id          text primary key,
    cloud             text        not null,
    resource_type     text        not null,
    delivery_type     text        not null,
    public_id         text        not null,
    version           bigint      not null,
    version_id        text        not null,
    format            text        not null,
    content_type      text        not null,
    bytes             bigint      not null,
    width             integer     not null,
    height            integer     not null,
    etag              text        not null,
    object_key        text        not null,
    original_filename text        not null,
    asset_folder      text        not null,
    tags              text        not null,
    context           text        not null,
    metadata          text        not null,
    notification_url  text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    constraint asset_public_id unique (cloud, resource_type, delivery_type, public_id)
);

create table upload_preset (
    cloud    text    not null,
    name     text    not null,
    unsigned boolean not null,
    settings text    not null,
    primary key (cloud, name)
);

create table notification_outcome (
    notification_event_id uuid    not null,
    target                text    not null,
    asset_id              text    not null,
    outcome               text    not null,
    attempts              integer not null,
    last_status           integer not null,
    recorded_at           timestamptz not null,
    primary key (notification_event_id, target)
);
