-- Admin listings by tag, by context and by moderation, each served by an index.
--
-- Tags and context stay JSON text (what the entity maps); beside them, generated columns hold them as text arrays
-- that PostgreSQL derives on every write, whichever code path wrote them, and a GIN index serves `@>` on each.
-- Arrays rather than jsonb: the planner keeps per-element statistics for arrays, so a rare tag is found through
-- the GIN index and a common one (1% of the assets and more) by walking the newest-first index below until the page
-- is full (see bench/listings.sh).

-- the tags' JSON array as text[]
create function gateway_tag_terms(tags text) returns text[] language sql immutable strict parallel safe
return array(select jsonb_array_elements_text(tags::jsonb));

-- the context's JSON object as text[]: each key alone (`["key"]`) and each key with its value (`["key", "value"]`),
-- JSON-encoded so that no key or value can be mistaken for another
create function gateway_context_terms(context text) returns text[] language sql immutable strict parallel safe
return array(select jsonb_build_array(e.key)::text from jsonb_each_text(context::jsonb) e
             union all
             select jsonb_build_array(e.key, e.value)::text from jsonb_each_text(context::jsonb) e);

alter table asset add column tag_terms text[] generated always as (gateway_tag_terms(tags)) stored;
alter table asset add column context_terms text[] generated always as (gateway_context_terms(context)) stored;
-- fastupdate off: every write updates the index itself, so no reader scans a pending list of recent writes
create index asset_tag_terms on asset using gin (tag_terms) with (fastupdate = off);
create index asset_context_terms on asset using gin (context_terms) with (fastupdate = off);

-- newest first within a resource type, whatever the delivery type (tag, context and asset id listings name none)
create index asset_newest_any_type on asset (cloud, resource_type, created_at desc, asset_id desc);

-- the moderation queue newest first (as every listing), of one kind or of any kind (the review page)
drop index asset_moderation_queue;
create index asset_moderation_queue on asset
    (cloud, resource_type, moderation_kind, moderation_status, created_at desc, asset_id desc)
    where moderation_kind is not null;
create index asset_moderation_status_queue on asset
    (cloud, resource_type, moderation_status, created_at desc, asset_id desc)
    where moderation_kind is not null;
