-- Global notification URLs (Cloudinary's Admin API "triggers"), fired for every matching event.
create table notification_trigger (
    id         text        primary key,
    cloud      text        not null,
    uri        text        not null,
    uri_type   text        not null,
    event_type text        not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index notification_trigger_by_type on notification_trigger (cloud, event_type);
