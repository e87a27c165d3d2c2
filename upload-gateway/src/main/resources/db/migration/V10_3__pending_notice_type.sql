-- Notices held back before they named their type were upload notices to the asset's own notification_url: say so,
-- so that every held notice reads alike (persistence.Notice).
update asset
   set pending_notification = (pending_notification::jsonb || jsonb_strip_nulls(jsonb_build_object(
           'type', 'upload', 'info_of', '', 'notification_url', notification_url)))::text
 where pending_notification is not null and pending_notification <> '{}'
   and not pending_notification::jsonb ? 'type';
