'use strict';
// Admin API on assets: ping, resource_types, resources (and by ids, tag, moderation), resource, update, delete.
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();
const tag = `node_admin_${run}`;
const prefix = `node/admin_${run}/`;

describe('admin API on resources', () => {
  const ids = [`${prefix}one`, `${prefix}two`, `${prefix}three`];

  before(async () => {
    for (const id of ids) await h.uploadBuffer(h.png(7, 5), { public_id: id, tags: tag, context: { n: id } });
  });

  it('ping', async () => {
    assert.equal((await cloudinary.api.ping()).status, 'ok');
  });

  it('resource_types names the stored types', async () => {
    assert.ok((await cloudinary.api.resource_types()).resource_types.includes('image'));
  });

  it('resources: by prefix, newest first, with cursors and direction', async () => {
    const page = await cloudinary.api.resources({ type: 'upload', prefix, max_results: 2 });
    assert.deepEqual(page.resources.map((r) => r.public_id), [ids[2], ids[1]]);
    assert.ok(page.next_cursor);
    const rest = await cloudinary.api.resources({
      type: 'upload', prefix, max_results: 2, next_cursor: page.next_cursor,
    });
    assert.deepEqual(rest.resources.map((r) => r.public_id), [ids[0]]);
    assert.equal(rest.next_cursor, undefined);
    const oldest = await cloudinary.api.resources({
      type: 'upload', prefix, direction: 'asc', tags: true, context: true,
    });
    assert.deepEqual(oldest.resources.map((r) => r.public_id), ids);
    assert.deepEqual(oldest.resources[0].tags, [tag]);
    assert.deepEqual(oldest.resources[0].context, { custom: { n: ids[0] } });
  });

  it('resources_by_ids and resources_by_tag', async () => {
    const byIds = await cloudinary.api.resources_by_ids([ids[0], ids[2], `${prefix}missing`]);
    assert.deepEqual(byIds.resources.map((r) => r.public_id).sort(), [ids[0], ids[2]].sort());
    const byTag = await cloudinary.api.resources_by_tag(tag, { max_results: 10 });
    assert.deepEqual(byTag.resources.map((r) => r.public_id).sort(), [...ids].sort());
  });

  it('resource details the asset', async () => {
    const details = await cloudinary.api.resource(ids[0]);
    assert.equal(details.public_id, ids[0]);
    assert.equal(details.width, 7);
    assert.deepEqual(details.derived, []);
    await h.rejects(cloudinary.api.resource(`${prefix}missing`), 404);
  });

  it('update approves a manual moderation; resources_by_moderation follows it', async () => {
    const id = `${prefix}moderated`;
    const uploaded = await h.uploadBuffer(h.png(4, 4), { public_id: id, moderation: 'manual', tags: tag });
    assert.deepEqual(uploaded.moderation.map((m) => [m.kind, m.status]), [['manual', 'pending']]);
    const pending = await cloudinary.api.resources_by_moderation('manual', 'pending', { max_results: 500 });
    assert.ok(pending.resources.some((r) => r.public_id === id), 'pending queue lists it');

    const updated = await cloudinary.api.update(id, { moderation_status: 'approved' });
    assert.equal(updated.moderation[0].status, 'approved');
    const approved = await cloudinary.api.resources_by_moderation('manual', 'approved', { max_results: 500 });
    assert.ok(approved.resources.some((r) => r.public_id === id), 'approved queue lists it');
    await h.rejects(cloudinary.api.update(id, { moderation_status: 'maybe' }), 400);
  });

  it('delete_resources deletes the ids given, literally', async () => {
    const result = await cloudinary.api.delete_resources([ids[1], `${prefix}missing`]);
    assert.equal(result.deleted[ids[1]], 'deleted');
    assert.equal(result.deleted[`${prefix}missing`], 'not_found');
    await h.rejects(cloudinary.api.resource(ids[1]), 404);
    assert.equal((await cloudinary.api.resource(ids[0])).public_id, ids[0]);
  });
});
