-- A claim reads a bounded part of the backlog, however long it is (a receiver's outage leaves a long one): the first
-- due rows of all (delivery_due_idx), the first due rows of each of up to 64 targets, found by skipping from one
-- target to the next (this index), and whether an asset has an older due delivery to the same target beyond those.
create index delivery_pending_target_idx on delivery (cloud, target, next_attempt_at) where state = 'PENDING';
create index delivery_pending_asset_idx on delivery (cloud, asset_id, target, seq) where state = 'PENDING';
