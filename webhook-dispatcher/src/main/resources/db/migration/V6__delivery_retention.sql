-- Finished deliveries are pruned by their last change (DeliveryRetention). BRIN: each update writes its row version
-- at the table's end, so updated_at follows the physical order, at next to no cost per write.
create index delivery_updated_at_brin on delivery using brin (updated_at) with (autosummarize = on);
