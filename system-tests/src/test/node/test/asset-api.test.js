'use strict';
// The rest of the asset API: listings by context, asset ids and tags, update of attributes,
// deletes by prefix and tag and by delete token, presets without a name, private assets behind signed URLs.
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

  it('a private upload is served only by its signed URL', async () => {
    const id = `${prefix}private`;
    const stored = await h.uploadBuffer(h.png(5, 5), { public_id: id, type: 'private' });
    assert.equal(stored.type, 'private');
    // the SDK builds delivery URLs on Cloudinary's host; the same path is asked of the gateway
    const cloud = cloudinary.config().cloud_name;
    const here = (url) => stored.secure_url.substring(0, stored.secure_url.indexOf(`/${cloud}/`))
      + url.substring(url.indexOf(`/${cloud}/`));
    const unsigned = here(cloudinary.url(id, { type: 'private', version: stored.version, format: 'png' }));
    assert.equal((await h.fetchBytes(unsigned)).status, 401);
    const signed = here(cloudinary.url(id, {
      type: 'private', version: stored.version, format: 'png', sign_url: true,
    }));
    assert.equal((await h.fetchBytes(signed)).status, 200);
    await cloudinary.uploader.destroy(id, { type: 'private' });
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
});
