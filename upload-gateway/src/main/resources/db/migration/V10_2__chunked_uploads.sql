-- chunked uploads (X-Unique-Upload-Id + Content-Range) in progress: each chunk is one part of an S3 multipart upload
create table chunked_upload (
    cloud         text        not null,
    upload_id     text        not null,
    object_key    text        not null,
    s3_upload_id  text        not null,
    -- bytes received so far: the next chunk must start here
    received      bigint      not null default 0,
    -- ETags of the parts received, in order (JSON array)
    parts         text        not null default '[]',
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    primary key (cloud, upload_id)
);
create index chunked_upload_expiry on chunked_upload (expires_at);
