-- The duplicate index: one row per asset (its current version). Exact tier by content hash; perceptual tier by
-- 64-bit pHash, split into four 16-bit bands for multi-index hashing (a match within d bits shares a band within
-- d/4 bits, so a lookup reads few rows of one band index instead of the whole account).
create table fingerprint (
    asset_id      text primary key,
    cloud         text        not null,
    public_id     text        not null,
    asset_version bigint      not null,
    sha256        text        not null,
    phash         bigint,
    band0         integer,
    band1         integer,
    band2         integer,
    band3         integer,
    -- kinds in the upload's chain; the asset counts as approved once the last one is approved
    chain_length  integer     not null,
    -- pending, approved or rejected: only approved assets are matched against
    status        text        not null,
    created_at    timestamptz not null
);
create index fingerprint_sha256 on fingerprint (cloud, sha256);
create index fingerprint_band0 on fingerprint (cloud, band0);
create index fingerprint_band1 on fingerprint (cloud, band1);
create index fingerprint_band2 on fingerprint (cloud, band2);
create index fingerprint_band3 on fingerprint (cloud, band3);
