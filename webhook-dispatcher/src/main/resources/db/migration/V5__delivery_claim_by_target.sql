-- Per-target claims: the due rows of one target (the intake's "does an older row wait for this target?", the claim
-- ranking a target's due rows) are a few index probes, not a walk over every pending delivery.
create index delivery_pending_target_idx on delivery (target, next_attempt_at) where state = 'PENDING';
