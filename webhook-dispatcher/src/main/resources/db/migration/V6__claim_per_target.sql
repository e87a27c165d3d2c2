-- The claim reads, per target with a free slot, only its oldest due rows (by due time, then intake order); the
-- pump's outlook asks each target when its next row falls due. This replaces the index over all targets' due rows.
create index delivery_target_due_idx on delivery (cloud, target, next_attempt_at, seq) where state = 'PENDING';
drop index delivery_due_idx;
-- Per asset of those rows its oldest pending one: one asset's notifications go out in intake order. The asset comes
-- first, so that the planner never takes this index for a question about a target alone.
create index delivery_asset_turn_idx on delivery (asset_id, cloud, target, seq) where state = 'PENDING';
