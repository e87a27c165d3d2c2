'use strict';
// Upload API actions on stored assets: tags, context, metadata, rename, destroy.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();
const tag = `node_life_${run}`;

describe('asset lifecycle', () => {
  const ids = [`node/life/a_${run}`, `node/life/b_${run}`];
  const field = `node_life_${run}`;

  before(async () => {
    for (const id of ids) await h.uploadBuffer(h.png(6, 6), { public_id: id, tags: [tag, 'new'] });
    await cloudinary.api.add_metadata_field({ external_id: field, label: `Node ${run}`, type: 'string' });
  });

  after(async () => {
    await cloudinary.api.delete_metadata_field(field);
  });

  it('add_tag, remove_tag, replace_tag and remove_all_tags change the tags of existing assets only', async () => {
    const missing = `node/life/missing_${run}`;
    const added = await cloudinary.uploader.add_tag('kept,shown', [...ids, missing]);
    assert.deepEqual(added.public_ids, ids);
    assert.deepEqual((await cloudinary.api.resource(ids[0])).tags, [tag, 'new', 'kept', 'shown']);

    await cloudinary.uploader.remove_tag('new', ids);
    assert.deepEqual((await cloudinary.api.resource(ids[1])).tags, [tag, 'kept', 'shown']);

    await cloudinary.uploader.replace_tag(`only_${run}`, [ids[0]]);
    assert.deepEqual((await cloudinary.api.resource(ids[0])).tags, [`only_${run}`]);
    const byTag = await cloudinary.api.resources_by_tag(`only_${run}`);
    assert.deepEqual(byTag.resources.map((r) => r.public_id), [ids[0]]);

    await cloudinary.uploader.remove_all_tags([ids[0]]);
    assert.deepEqual((await cloudinary.api.resource(ids[0])).tags, []);
    await cloudinary.uploader.add_tag(tag, [ids[0]]);
  });

  it('add_context and remove_all_context', async () => {
    const result = await cloudinary.uploader.add_context({ alt: 'x = y', caption: 'one|two' }, ids);
    assert.deepEqual(result.public_ids, ids);
    assert.deepEqual((await cloudinary.api.resource(ids[1])).context, { custom: { alt: 'x = y', caption: 'one|two' } });
    await cloudinary.uploader.remove_all_context([ids[1]]);
    assert.equal((await cloudinary.api.resource(ids[1])).context, undefined);
    assert.deepEqual((await cloudinary.api.resource(ids[0])).context.custom.alt, 'x = y');
  });

  it('update_metadata sets, validates and clears a structured metadata value', async () => {
    const result = await cloudinary.uploader.update_metadata({ [field]: 'blue' }, ids);
    assert.deepEqual(result.public_ids, ids);
    assert.deepEqual((await cloudinary.api.resource(ids[0])).metadata, { [field]: 'blue' });
    await h.rejects(cloudinary.uploader.update_metadata({ [`nope_${run}`]: 'x' }, ids), 400);
    await cloudinary.uploader.update_metadata({ [field]: '' }, [ids[0]]);
    assert.equal((await cloudinary.api.resource(ids[0])).metadata, undefined);
    assert.deepEqual((await cloudinary.api.resource(ids[1])).metadata, { [field]: 'blue' });
  });

  it('rename moves the asset and its delivery URL; an existing target needs overwrite', async () => {
    const before = await cloudinary.api.resource(ids[0]);
    const renamed = `node/life/renamed_${run}`;
    const moved = await cloudinary.uploader.rename(ids[0], renamed);
    assert.equal(moved.public_id, renamed);
    assert.equal(moved.asset_id, before.asset_id);
    assert.equal((await h.fetchBytes(moved.secure_url)).status, 200);
    assert.equal((await h.fetchBytes(before.secure_url)).status, 404);
    await h.rejects(cloudinary.uploader.rename(renamed, ids[1]), 400);
    const replaced = await cloudinary.uploader.rename(renamed, ids[1], { overwrite: true });
    assert.equal(replaced.asset_id, before.asset_id);
  });

  it('destroy removes the asset and its delivery; a second destroy finds nothing', async () => {
    const details = await cloudinary.api.resource(ids[1]);
    assert.deepEqual(await cloudinary.uploader.destroy(ids[1], { invalidate: true }), { result: 'ok' });
    await h.rejects(cloudinary.api.resource(ids[1]), 404);
    assert.equal((await h.fetchBytes(details.secure_url)).status, 404);
    assert.deepEqual(await cloudinary.uploader.destroy(ids[1]), { result: 'not found' });
  });
});
