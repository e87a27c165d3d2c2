-- The W3C traceparent of the NotificationRequested event: every attempt (retries and replays too) is a span of
-- the upload's trace. Null when tracing is off.
alter table delivery add column traceparent text;
