-- Post-upload work the asset still waits for (e.g. ["analysis"]), and the fields finished work added to the upload
-- response (JSON, see persistence.JsonColumns). Both are reset when a new version is uploaded.
alter table asset add column awaiting text;
alter table asset add column results text;
