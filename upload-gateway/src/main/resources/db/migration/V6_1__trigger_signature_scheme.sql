-- Upshot's addition to Cloudinary's triggers: 'standard' adds the Standard Webhooks headers (webhook-id,
-- webhook-timestamp, webhook-signature) to Cloudinary's X-Cld-Signature, for generic receivers.
alter table notification_trigger add column signature_scheme text not null default 'cloudinary'
    check (signature_scheme in ('cloudinary', 'standard'));
