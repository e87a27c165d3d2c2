-- frames of an animated GIF/WebP or pages of a TIFF, reported as Cloudinary's `pages`
alter table asset add column pages integer not null default 1;
