'use strict';
// The rest of the asset API: listings by context, asset ids and tags, fields and start_at, update of attributes
// (tags, context, access_control, custom_coordinates, metadata with clear_invalid), deletes by prefix, tag and all
// and by delete token, presets without a name, private and authenticated assets behind signed URLs.
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();
const tag = `node_api_${run}`;
const prefix = `node/api_${run}/`;

describe('asset API beyond uploads', () => {
  const ids = [`${prefix}one`, `${prefix}two`];
  const uploaded = {};

  before(async () => {
    for (const id of ids) {
      uploaded[id] = await h.uploadBuffer(h.png(6, 4), { public_id: id, tags: tag, context: { run, n: id } });
    }
  });

  it('resources_by_context: by key, and by key and value', async () => {
    const byKey = await cloudinary.api.resources_by_context('run', run, { context: true });
    assert.deepEqual(byKey.resources.map((r) => r.public_id).sort(), [...ids].sort());
    const byValue = await cloudinary.api.resources_by_context('n', ids[0]);
    assert.deepEqual(byValue.resources.map((r) => r.public_id), [ids[0]]);
  });

  it('resource_by_asset_id and resources_by_asset_ids', async () => {
    const one = await cloudinary.api.resource_by_asset_id(uploaded[ids[1]].asset_id);
    assert.equal(one.public_id, ids[1]);
    const both = await cloudinary.api.resources_by_asset_ids(ids.map((id) => uploaded[id].asset_id));
    assert.deepEqual(both.resources.map((r) => r.public_id).sort(), [...ids].sort());
  });

  it('tags lists the tag by its literal prefix', async () => {
    const tags = await cloudinary.api.tags({ prefix: `node_api_${run}` });
    assert.deepEqual(tags.tags, [tag]);
  });

  // add_tag's `exclusive` is not tested here: the Node SDK 2.11.0 reads it with consumeOption's arguments swapped and
  // always sends `command=add` (the Java SDK's set_exclusive is tested in MetadataAndDeletesIT)

  it('update sets tags and context', async () => {
    const updated = await cloudinary.api.update(ids[0], { tags: ['kept', tag], context: { alt: 'a red box' } });
    assert.deepEqual(updated.tags, ['kept', tag]);
    const details = await cloudinary.api.resource(ids[0]);
    assert.deepEqual(details.context, { custom: { alt: 'a red box' } });
  });

  it('create_upload_preset without a name gets a generated one', async () => {
    const created = await cloudinary.api.create_upload_preset({ tags: tag });
    assert.equal(created.message, 'created');
    assert.ok(created.name);
    assert.equal((await cloudinary.api.upload_preset(created.name)).name, created.name);
    await cloudinary.api.delete_upload_preset(created.name);
  });

  for (const type of ['private', 'authenticated']) {
    it(`a ${type} upload is served only by its signed URL`, async () => {
      const id = `${prefix}${type}`;
      const bytes = h.png(5, 5);
      const stored = await h.uploadBuffer(bytes, { public_id: id, type });
      assert.equal(stored.type, type);
      assert.ok(stored.secure_url.includes(`/image/${type}/s--`), stored.secure_url);
      assert.deepEqual((await h.fetchBytes(stored.secure_url)).bytes, bytes);
      const unsigned = here(stored, cloudinary.url(id, { type, version: stored.version, format: 'png' }));
      assert.equal((await h.fetchBytes(unsigned)).status, 401);
      const underUpload = here(stored, cloudinary.url(id, { version: stored.version, format: 'png' }));
      assert.equal((await h.fetchBytes(underUpload)).status, 404);
      const signed = here(stored, cloudinary.url(id, { type, version: stored.version, format: 'png', sign_url: true }));
      const delivered = await h.fetchBytes(signed);
      assert.equal(delivered.status, 200);
      assert.deepEqual(delivered.bytes, bytes);
      const long = here(stored, cloudinary.url(id, {
        type, version: stored.version, format: 'png', sign_url: true, long_url_signature: true,
      }));
      assert.match(long, /\/s--[A-Za-z0-9_-]{32}--\//);
      assert.deepEqual((await h.fetchBytes(long)).bytes, bytes);
      const derived = here(stored, cloudinary.url(id, {
        type, format: 'png', sign_url: true, transformation: [{ width: 3, crop: 'scale' }],
      }));
      const small = await h.fetchBytes(derived);
      assert.equal(small.status, 200, small.bytes.toString());
      assert.equal(small.bytes.readUInt32BE(16), 3, 'a 3 px wide PNG');
      assert.deepEqual(await cloudinary.uploader.destroy(id, { type }), { result: 'ok' });
      assert.equal((await h.fetchBytes(signed)).status, 404);
    });
  }

  it('access_control on upload and update opens the asset only inside its window', async () => {
    const id = `${prefix}acl`;
    const hour = 3600 * 1000;
    const now = Math.floor(Date.now() / 1000) * 1000;
    const later = new Date(now + hour).toISOString().replace('.000Z', 'Z');
    const earlier = new Date(now - hour).toISOString().replace('.000Z', 'Z');
    const stored = await h.uploadBuffer(h.png(4, 4), {
      public_id: id, access_control: [{ access_type: 'anonymous', start: later }],
    });
    assert.deepEqual(stored.access_control, [{ access_type: 'anonymous', start: later }]);
    assert.equal((await h.fetchBytes(stored.secure_url)).status, 401);
    const signed = here(stored, cloudinary.url(id, { version: stored.version, format: 'png', sign_url: true }));
    assert.equal((await h.fetchBytes(signed)).status, 200);

    const updated = await cloudinary.api.update(id, {
      access_control: [{ access_type: 'anonymous', start: earlier, end: later }],
    });
    assert.deepEqual(updated.access_control, [{ access_type: 'anonymous', start: earlier, end: later }]);
    assert.equal((await h.fetchBytes(stored.secure_url)).status, 200);
    assert.deepEqual((await cloudinary.api.resource(id)).access_control,
      [{ access_type: 'anonymous', start: earlier, end: later }]);
    await h.rejects(cloudinary.api.update(id, { access_control: [{ access_type: 'nobody' }] }), 400);
  });

  it('access_control token: served by a signed URL only', async () => {
    const id = `${prefix}token`;
    const stored = await h.uploadBuffer(h.png(4, 4), { public_id: id, access_control: [{ access_type: 'token' }] });
    assert.deepEqual(stored.access_control, [{ access_type: 'token' }]);
    const unsigned = here(stored, cloudinary.url(id, { version: stored.version, format: 'png' }));
    assert.equal((await h.fetchBytes(unsigned)).status, 401);
    const signed = here(stored, cloudinary.url(id, { version: stored.version, format: 'png', sign_url: true }));
    assert.equal((await h.fetchBytes(signed)).status, 200);
  });

  it('update sets custom_coordinates, shown by resource with coordinates', async () => {
    await cloudinary.api.update(ids[1], { custom_coordinates: [[1, 2, 3, 2]] });
    const details = await cloudinary.api.resource(ids[1], { coordinates: true });
    assert.deepEqual(details.coordinates.custom, [[1, 2, 3, 2]]);
    assert.equal((await cloudinary.api.resource(ids[1])).coordinates, undefined, 'shown only when asked');
  });

  it('update with metadata and clear_invalid drops values the definitions no longer accept', async () => {
    const colour = `node_api_colour_${run}`;
    const note = `node_api_note_${run}`;
    await cloudinary.api.add_metadata_field({ external_id: colour, label: 'Colour', type: 'enum', datasource: {
      values: [{ external_id: 'red', value: 'Red' }, { external_id: 'green', value: 'Green' }] } });
    await cloudinary.api.add_metadata_field({ external_id: note, label: 'Note', type: 'string' });
    try {
      const updated = await cloudinary.api.update(ids[1], { metadata: { [colour]: 'green' } });
      assert.deepEqual(updated.metadata, { [colour]: 'green' });
      await cloudinary.api.delete_datasource_entries(colour, ['green']);

      await cloudinary.api.update(ids[1], { metadata: { [note]: 'kept' } });
      assert.deepEqual((await cloudinary.api.resource(ids[1])).metadata, { [colour]: 'green', [note]: 'kept' },
        'without clear_invalid the stale value stays');
      const cleared = await cloudinary.api.update(ids[1], { metadata: { [note]: 'again' }, clear_invalid: true });
      assert.deepEqual(cleared.metadata, { [note]: 'again' });
      assert.deepEqual((await cloudinary.api.resource(ids[1])).metadata, { [note]: 'again' });
      await h.rejects(cloudinary.api.update(ids[1], { metadata: { [colour]: 'green' } }), 400);
    } finally {
      await cloudinary.api.delete_metadata_field(colour);
      await cloudinary.api.delete_metadata_field(note);
    }
  });

  it('resources with fields, start_at (a Date) and resources_by_ids with fields', async () => {
    // the earlier tests added more assets under the prefix
    const mine = (page) => page.resources.filter((r) => ids.includes(r.public_id));
    const page = await cloudinary.api.resources({ type: 'upload', prefix, fields: 'tags,width', direction: 'asc' });
    assert.deepEqual(mine(page).map((r) => r.public_id), ids);
    for (const r of mine(page)) {
      assert.equal(r.width, 6);
      assert.deepEqual(r.tags, r.public_id === ids[0] ? ['kept', tag] : [tag]);
      assert.equal(r.bytes, undefined, JSON.stringify(r));
      assert.equal(r.secure_url, undefined, JSON.stringify(r));
      assert.ok(r.asset_id, JSON.stringify(r));
    }
    // the SDK sends a Date as toUTCString()
    const since = await cloudinary.api.resources({ type: 'upload', prefix, start_at: new Date(Date.now() - 600000) });
    assert.deepEqual(mine(since).map((r) => r.public_id).sort(), [...ids].sort());
    const future = await cloudinary.api.resources({ type: 'upload', prefix, start_at: new Date(Date.now() + 60000) });
    assert.deepEqual(future.resources, []);
    const iso = await cloudinary.api.resources({ type: 'upload', prefix, start_at: uploaded[ids[1]].created_at });
    assert.ok(iso.resources.some((r) => r.public_id === ids[1]), JSON.stringify(iso));

    // an array goes as repeated fields parameters
    const byIds = await cloudinary.api.resources_by_ids([ids[0]], { fields: ['format', 'tags'] });
    assert.equal(byIds.resources[0].format, 'png');
    assert.deepEqual(byIds.resources[0].tags, ['kept', tag]);
    assert.equal(byIds.resources[0].width, undefined, JSON.stringify(byIds));
  });

  it('delete_by_token: the upload\'s delete_token deletes it once, unsigned, as a browser posts it', async () => {
    // the Node SDK 2.11.0 has no delete_by_token method: browsers post the token to the Upload API themselves
    const id = `${prefix}token`;
    const stored = await h.uploadBuffer(h.png(4, 4), { public_id: id, return_delete_token: true });
    assert.ok(stored.delete_token);
    const url = `${h.gateway}/v1_1/${cloudinary.config().cloud_name}/delete_by_token`;
    const post = () => fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify({ token: stored.delete_token }),
    });
    const first = await post();
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { result: 'ok' });
    await h.rejects(cloudinary.api.resource(id), 404);
    const again = await post();
    assert.equal(again.status, 400);
    assert.equal((await again.json()).error.message, 'Stale or invalid token');
  });

  it('delete_resources_by_tag and delete_resources_by_prefix', async () => {
    const doomed = `node_doomed_${run}`;
    await h.uploadBuffer(h.png(3, 3), { public_id: `${prefix}gone/a`, tags: doomed });
    await h.uploadBuffer(h.png(3, 3), { public_id: `${prefix}gone/b` });
    const byTag = await cloudinary.api.delete_resources_by_tag(doomed);
    assert.deepEqual(byTag.deleted, { [`${prefix}gone/a`]: 'deleted' });
    const byPrefix = await cloudinary.api.delete_resources_by_prefix(`${prefix}gone/`);
    assert.deepEqual(byPrefix.deleted, { [`${prefix}gone/b`]: 'deleted' });
    const left = await cloudinary.api.resources({ type: 'upload', prefix: `${prefix}gone/` });
    assert.deepEqual(left.resources, []);
  });

  // every asset of a resource type and delivery type goes: raw private ones, which no other test of the account keeps
  it('delete_all_resources deletes one resource and delivery type, and nothing else', async () => {
    const raw = { resource_type: 'raw', type: 'private' };
    const names = [`${prefix}all/a.txt`, `${prefix}all/b.txt`];
    for (const name of names) {
      await cloudinary.uploader.upload(h.tempFile('n.txt', `text ${name}`), { ...raw, public_id: name });
    }
    const kept = await cloudinary.uploader.upload(h.tempFile('k.txt', 'kept'),
      { resource_type: 'raw', public_id: `${prefix}all/kept.txt` });
    const result = await cloudinary.api.delete_all_resources(raw);
    for (const name of names) assert.equal(result.deleted[name], 'deleted', JSON.stringify(result));
    assert.equal(result.partial, false);
    assert.deepEqual((await cloudinary.api.resources(raw)).resources, []);
    await h.rejects(cloudinary.api.resource(names[0], raw), 404);
    assert.equal((await cloudinary.api.resource(kept.public_id, { resource_type: 'raw' })).public_id, kept.public_id);
    assert.equal((await cloudinary.api.resource(ids[0])).public_id, ids[0]);
  });
});

/** The SDK builds delivery URLs on Cloudinary's host; the same path is asked of the gateway that stored the asset. */
function here(stored, url) {
  const cloud = cloudinary.config().cloud_name;
  const gateway = stored.secure_url.substring(0, stored.secure_url.indexOf(`/${cloud}/`));
  return gateway + url.substring(url.indexOf(`/${cloud}/`));
}
