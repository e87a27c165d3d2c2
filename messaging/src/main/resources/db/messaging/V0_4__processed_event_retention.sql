-- The pruner deletes processed events by age. A BRIN index: rows arrive in processed_at order, and it costs next to
-- nothing per insert (a B-tree would add a page write to every event consumed).
create index processed_event_processed_at_brin on processed_event using brin (processed_at) with (autosummarize = on);
