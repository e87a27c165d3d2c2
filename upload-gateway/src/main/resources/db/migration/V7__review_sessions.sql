-- Review page sign-ins. The cookie carries a random token; the row holds its SHA-256, so every gateway replica
-- accepts the session and signing out (deleting the row) ends it everywhere.
create table review_session (
    token_hash text primary key,
    cloud text not null,
    -- how the reviewer signed in: 'api_secret' or 'reviewer_password'
    principal text not null,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index review_session_expiry on review_session (expires_at);

-- Failed sign-ins per scope ('address:<ip>' or 'key:<cloud>:<api_key>'), counted in fixed windows.
create table review_sign_in_failure (
    scope text primary key,
    failures int not null,
    window_ends timestamptz not null
);
