'use strict';
// Admin API: upload presets, created, read, listed, updated, used and deleted.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();

describe('upload presets', () => {
  const name = `node_preset_${run}`;

  it('create, read, list, update, use and delete', async () => {
    const created = await cloudinary.api.create_upload_preset({
      name, unsigned: false, tags: 'a,b', folder: `node/presets_${run}`, context: { k: 'v' },
    });
    assert.equal(created.message, 'created');
    assert.equal(created.name, name);

    const read = await cloudinary.api.upload_preset(name);
    assert.equal(read.name, name);
    assert.equal(read.unsigned, false);
    assert.deepEqual(read.settings.tags, ['a', 'b']);
    assert.equal(read.settings.folder, `node/presets_${run}`);

    const listed = await cloudinary.api.upload_presets({ max_results: 500 });
    assert.ok(listed.presets.some((p) => p.name === name), 'listed');

    await cloudinary.api.update_upload_preset(name, { tags: 'c', unsigned: true });
    const updated = await cloudinary.api.upload_preset(name);
    assert.equal(updated.unsigned, true);
    assert.deepEqual(updated.settings.tags, ['c']);

    const uploaded = await cloudinary.uploader.unsigned_upload(h.tempFile('p.png', h.png(3, 3)), name);
    assert.deepEqual(uploaded.tags, ['c']);
    assert.ok(uploaded.public_id.startsWith(`node/presets_${run}/`), uploaded.public_id);

    assert.equal((await cloudinary.api.delete_upload_preset(name)).message, 'deleted');
    await h.rejects(cloudinary.api.upload_preset(name), 404);
  });

  it('a signed upload names a preset whose settings apply', async () => {
    const signed = `node_signed_${run}`;
    await cloudinary.api.create_upload_preset({ name: signed, tags: `signed_${run}` });
    const uploaded = await h.uploadBuffer(h.png(2, 2), { upload_preset: signed });
    assert.deepEqual(uploaded.tags, [`signed_${run}`]);
    await cloudinary.api.delete_upload_preset(signed);
  });
});
