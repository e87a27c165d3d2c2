-- The order deliveries were taken in: one asset's notifications reach a target in this order (created_at can tie
-- within one intake batch).
alter table delivery add column seq bigint generated always as identity;
