-- The pHash is now the platform's one function (contracts' PerceptualHash, shared with the analysis worker's
-- upload `phash`). Each fingerprint records the version of the function that computed it, and only hashes of the
-- current version are compared: when the function changes again, old rows drop out of the perceptual tier (the
-- exact sha256 tier still applies) until they are re-hashed, instead of being compared with incomparable numbers.
-- Version 1 is bit-for-bit the hash this worker computed before the move (the same construction, pinned by
-- PerceptualHashTest in contracts), so the existing hashes are version 1 and stay matchable.
alter table fingerprint add column phash_version integer;
update fingerprint set phash_version = 1 where phash is not null;
alter table fingerprint add constraint fingerprint_phash_version check ((phash is null) = (phash_version is null));
