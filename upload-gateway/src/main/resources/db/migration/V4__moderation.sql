-- Moderation chain of the asset's current version (JSON list of {kind, status, response, updated_at}) and the
-- current entry's kind and status, which the Admin API lists by and delivery checks.
alter table asset add column moderation text;
alter table asset add column moderation_kind text;
alter table asset add column moderation_status text;
create index asset_moderation_queue on asset (cloud, resource_type, moderation_kind, moderation_status, public_id)
    where moderation_kind is not null;
