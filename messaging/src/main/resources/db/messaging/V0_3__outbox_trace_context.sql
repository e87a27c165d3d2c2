-- The W3C traceparent of the request or event that wrote the row: the relay sends it in the record headers, so the
-- consumers continue the same trace. Null when tracing is off.
alter table outbox add column traceparent text;
alter table outbox_parked add column traceparent text;
