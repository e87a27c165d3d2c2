-- The tags listing (distinct tags of an account's resource type, code point order, literal prefix, cursors) served by
-- an index: one row per asset and tag, kept by triggers on asset in the writing transaction, whichever code path
-- writes. The listing walks the index from tag to next tag (a loose index scan, see ListingQuery.tags), about one
-- probe per listed tag however many assets carry each.
--
-- Rows per asset rather than a count per tag: two transactions changing the tags of different assets never touch the
-- same row (no hot counter on a common tag, no lock-order deadlocks between multi-tag writes), and the table is
-- exact by construction (a tag is listed while some asset row carries it), with nothing to drift.
create table asset_tag (
    asset_id      text not null references asset (asset_id) on delete cascade on update cascade,
    cloud         text not null,
    resource_type text not null,
    tag           text collate "C" not null,
    primary key (asset_id, tag)
);
create index asset_tag_listing on asset_tag (cloud, resource_type, tag);

-- an asset's rows as its tags now are (tag_terms: the tags as text[], migration V11_1)
create function gateway_asset_tag_sync() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        delete from asset_tag where asset_id = new.asset_id
            and not (tag = any (coalesce(new.tag_terms, '{}')) and cloud = new.cloud
                     and resource_type = new.resource_type);
    end if;
    insert into asset_tag (asset_id, cloud, resource_type, tag)
    select new.asset_id, new.cloud, new.resource_type, t from unnest(new.tag_terms) t
    on conflict do nothing;
    return null;
end
$$;

create trigger asset_tag_insert after insert on asset
    for each row when (new.tag_terms <> '{}') execute function gateway_asset_tag_sync();
-- deletes cascade through the foreign key
create trigger asset_tag_update after update of tags, cloud, resource_type on asset
    for each row when (old.tag_terms is distinct from new.tag_terms or old.cloud <> new.cloud
                       or old.resource_type <> new.resource_type)
    execute function gateway_asset_tag_sync();

insert into asset_tag (asset_id, cloud, resource_type, tag)
select asset_id, cloud, resource_type, t from asset, unnest(tag_terms) t
on conflict do nothing;
analyze asset_tag;
