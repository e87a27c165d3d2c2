-- what ffprobe read from a video or audio upload, as Cloudinary's fields (duration, bit_rate, frame_rate, is_audio,
-- video{…}, audio{…}); empty for images and raw files
alter table asset add column video text not null default '{}';
