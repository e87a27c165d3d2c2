-- An asset row is updated a few times after its insert (processing state, each worker's outcome, on_success). With
-- full pages about half of those updates could not stay on the row's page: each such update wrote a new entry in every
-- index of the table, the two GIN indexes of tags and context included. Room on the page makes them heap-only (HOT)
-- updates, which touch no index when no indexed value changed. Applies to pages written from now on.
alter table asset set (fillfactor = 80);
