'use strict';
// Admin API: structured metadata fields and their datasources.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();

describe('metadata fields', () => {
  it('string field: add, read, list, update, delete', async () => {
    const id = `node_text_${run}`;
    const added = await cloudinary.api.add_metadata_field({ external_id: id, label: 'Text', type: 'string',
      default_value: 'none', mandatory: false });
    assert.equal(added.external_id, id);
    assert.equal(added.type, 'string');
    assert.equal(added.default_value, 'none');

    const read = await cloudinary.api.metadata_field_by_field_id(id);
    assert.equal(read.label, 'Text');
    const listed = await cloudinary.api.list_metadata_fields();
    assert.ok(listed.metadata_fields.some((f) => f.external_id === id), 'listed');

    const updated = await cloudinary.api.update_metadata_field(id, { label: 'Renamed' });
    assert.equal(updated.label, 'Renamed');
    assert.equal((await cloudinary.api.metadata_field_by_field_id(id)).label, 'Renamed');

    assert.equal((await cloudinary.api.delete_metadata_field(id)).message, 'ok');
    await h.rejects(cloudinary.api.metadata_field_by_field_id(id), 404);
  });

  it('enum field: datasource update and delete entries; uploads validate against it', async () => {
    const id = `node_colour_${run}`;
    await cloudinary.api.add_metadata_field({ external_id: id, label: 'Colour', type: 'enum', datasource: {
      values: [{ external_id: 'red', value: 'Red' }, { external_id: 'green', value: 'Green' }] } });

    const datasource = await cloudinary.api.update_metadata_field_datasource(id,
      { values: [{ external_id: 'blue', value: 'Blue' }, { external_id: 'red', value: 'Crimson' }] });
    const values = Object.fromEntries(datasource.values.map((v) => [v.external_id, v.value]));
    assert.equal(values.blue, 'Blue');
    assert.equal(values.red, 'Crimson');

    const uploaded = await h.uploadBuffer(h.png(2, 2), { metadata: { [id]: 'blue' } });
    assert.deepEqual(uploaded.metadata, { [id]: 'blue' });
    await h.rejects(h.uploadBuffer(h.png(2, 2), { metadata: { [id]: 'purple' } }), 400);

    const remaining = await cloudinary.api.delete_datasource_entries(id, ['green']);
    const active = remaining.values.filter((v) => v.state !== 'inactive').map((v) => v.external_id);
    assert.deepEqual(active.sort(), ['blue', 'red'], JSON.stringify(remaining));
    await h.rejects(h.uploadBuffer(h.png(2, 2), { metadata: { [id]: 'green' } }), 400);

    await cloudinary.api.delete_metadata_field(id);
  });
});
