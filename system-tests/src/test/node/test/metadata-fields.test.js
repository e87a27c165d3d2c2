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

  it('a field added without external_id gets a generated one; every definition shows default_value and validation',
    async () => {
      const added = await cloudinary.api.add_metadata_field({ label: `Generated ${run}`, type: 'integer' });
      assert.ok(typeof added.external_id === 'string' && added.external_id.length > 0, JSON.stringify(added));
      const read = await cloudinary.api.metadata_field_by_field_id(added.external_id);
      assert.equal(read.label, `Generated ${run}`);
      assert.equal(read.type, 'integer');
      assert.equal(read.mandatory, false);
      assert.ok('default_value' in read && 'validation' in read, JSON.stringify(read));
      assert.equal(read.validation, null);
      const uploaded = await h.uploadBuffer(h.png(2, 2), { metadata: { [added.external_id]: 7 } });
      // integers are answered as their digits (MetadataRules)
      assert.deepEqual(uploaded.metadata, { [added.external_id]: '7' });
      await cloudinary.api.delete_metadata_field(added.external_id);
    });

  it('restore_metadata_field_datasource and order_metadata_field_datasource', async () => {
    const id = `node_size_${run}`;
    await cloudinary.api.add_metadata_field({ external_id: id, label: 'Size', type: 'set', datasource: { values: [
      { external_id: 'm', value: 'Medium' }, { external_id: 'l', value: 'Large' }, { external_id: 's', value: 'Small' },
    ] } });
    const deleted = await cloudinary.api.delete_datasource_entries(id, ['m']);
    assert.deepEqual(deleted.values.filter((v) => v.state !== 'inactive').map((v) => v.external_id), ['l', 's']);
    await h.rejects(h.uploadBuffer(h.png(2, 2), { metadata: { [id]: ['m'] } }), 400);

    const restored = await cloudinary.api.restore_metadata_field_datasource(id, ['m']);
    assert.deepEqual(restored.values.map((v) => [v.external_id, v.state]),
      [['m', 'active'], ['l', 'active'], ['s', 'active']]);
    const uploaded = await h.uploadBuffer(h.png(2, 2), { metadata: { [id]: ['m', 's'] } });
    assert.deepEqual(uploaded.metadata, { [id]: ['m', 's'] });

    const ascending = await cloudinary.api.order_metadata_field_datasource(id, 'value', 'asc');
    assert.deepEqual(ascending.values.map((v) => v.value), ['Large', 'Medium', 'Small']);
    const descending = await cloudinary.api.order_metadata_field_datasource(id, 'value', 'desc');
    assert.deepEqual(descending.values.map((v) => v.value), ['Small', 'Medium', 'Large']);
    const stored = await cloudinary.api.metadata_field_by_field_id(id);
    assert.deepEqual(stored.datasource.values.map((v) => v.external_id), ['s', 'm', 'l']);
    await h.rejects(cloudinary.api.order_metadata_field_datasource(id, 'colour', 'asc'), 400);

    await cloudinary.api.delete_metadata_field(id);
  });

  it('reorder_metadata_fields sorts the listing by label', async () => {
    const first = `node_first_${run}`;
    const last = `node_last_${run}`;
    await cloudinary.api.add_metadata_field({ external_id: last, label: `~~node last ${run}`, type: 'string' });
    await cloudinary.api.add_metadata_field({ external_id: first, label: `!!node first ${run}`, type: 'string' });
    const labels = (answer) => answer.metadata_fields.map((f) => f.external_id);

    const ascending = await cloudinary.api.reorder_metadata_fields('label', 'asc');
    assert.equal(labels(ascending)[0], first);
    assert.equal(labels(ascending).at(-1), last);
    const descending = await cloudinary.api.reorder_metadata_fields('label', 'desc');
    assert.equal(labels(descending)[0], last);
    assert.equal(labels(await cloudinary.api.list_metadata_fields())[0], last, 'the order is kept');
    await h.rejects(cloudinary.api.reorder_metadata_fields('colour', 'asc'), 400);

    await cloudinary.api.delete_metadata_field(first);
    await cloudinary.api.delete_metadata_field(last);
  });
});
