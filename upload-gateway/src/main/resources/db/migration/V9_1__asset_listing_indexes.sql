-- Admin listings: newest first (or oldest first) within an account, resource type and delivery type, paged by
-- (created_at, asset_id) cursors; and literal public_id prefixes (text_pattern_ops serves LIKE 'prefix%' whatever
-- the database's collation).
create index asset_newest on asset (cloud, resource_type, delivery_type, created_at desc, asset_id desc);
create index asset_public_id_prefix on asset (cloud, resource_type, delivery_type, public_id text_pattern_ops);
