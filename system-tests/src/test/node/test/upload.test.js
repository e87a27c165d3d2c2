'use strict';
// Upload API: upload (file path, stream, data URI, remote URL), unsigned_upload, upload_large, explicit, and the
// upload options the platform enforces or refuses.
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('./helpers');

const { cloudinary } = h;
const run = h.runId();
const tag = `node_upload_${run}`;

describe('upload', () => {
  let first;

  before(async () => {
    first = await cloudinary.uploader.upload(h.tempFile('logo.png', h.png(24, 16)),
      { public_id: `node/upload/${run}`, tags: [tag, 'first'], context: { alt: 'a = b | c' } });
  });

  it('stores a file sent by path and answers as Cloudinary does', async () => {
    assert.equal(first.public_id, `node/upload/${run}`);
    assert.equal(first.format, 'png');
    assert.equal(first.width, 24);
    assert.equal(first.height, 16);
    assert.equal(first.resource_type, 'image');
    assert.equal(first.original_filename, 'logo');
    assert.deepEqual(first.tags, [tag, 'first']);
    assert.deepEqual(first.context, { custom: { alt: 'a = b | c' } });
    assert.ok(cloudinary.utils.verify_api_response_signature(first.public_id, first.version, first.signature));
    const cloud = cloudinary.config().cloud_name;
    assert.equal(first.secure_url, `${h.gateway}/${cloud}/image/upload/v${first.version}/node/upload/${run}.png`);
    const delivered = await h.fetchBytes(first.secure_url);
    assert.equal(delivered.status, 200);
    assert.deepEqual(delivered.bytes, h.png(24, 16));
  });

  it('names the asset from its file with use_filename', async () => {
    const file = h.tempFile(`photo_${run}.png`, h.png(4, 4));
    const unique = await cloudinary.uploader.upload(file, { use_filename: true, tags: tag });
    assert.match(unique.public_id, new RegExp(`^photo_${run}_[a-z0-9]{6}$`));
    const exact = await cloudinary.uploader.upload(file, { use_filename: true, unique_filename: false, tags: tag });
    assert.equal(exact.public_id, `photo_${run}`);
  });

  it('keeps the extension of a raw file named from its file', async () => {
    const text = Buffer.from(`notes of ${run}\n`);
    const result = await cloudinary.uploader.upload(h.tempFile(`notes_${run}.txt`, text),
      { resource_type: 'raw', use_filename: true, unique_filename: false, tags: tag });
    assert.equal(result.public_id, `notes_${run}.txt`);
    assert.equal(result.resource_type, 'raw');
    assert.ok(result.secure_url.endsWith(`/raw/upload/v${result.version}/notes_${run}.txt`), result.secure_url);
    assert.deepEqual((await h.fetchBytes(result.secure_url)).bytes, text);
  });

  it('takes bytes from a stream', async () => {
    const result = await h.uploadBuffer(h.png(8, 6), { public_id: `node/stream/${run}`, tags: tag });
    assert.equal(result.width, 8);
    assert.equal(result.original_filename, 'file');
  });

  it('takes a data URI', async () => {
    const uri = `data:image/png;base64,${h.png(5, 7).toString('base64')}`;
    const result = await cloudinary.uploader.upload(uri, { tags: tag });
    assert.equal(result.width, 5);
    assert.equal(result.height, 7);
    assert.match(result.public_id, /^[a-z0-9]{20}$/);
  });

  it('fetches a remote URL, percent-encoded as the answer writes it', async () => {
    const named = await h.uploadBuffer(h.png(9, 9), { public_id: `node/ünï cödé/${run} ü`, tags: tag });
    assert.ok(named.secure_url.endsWith(`/node/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9/${run}%20%C3%BC.png`), named.secure_url);
    const again = await cloudinary.uploader.upload(named.secure_url, { tags: tag });
    assert.equal(again.etag, named.etag);
    assert.equal(again.width, 9);
  });

  it('uploads unsigned through an unsigned preset, which sets the tags', async () => {
    const preset = `node_unsigned_${run}`;
    await cloudinary.api.create_upload_preset({ name: preset, unsigned: true, tags: `${tag},from_preset` });
    const result = await cloudinary.uploader.unsigned_upload(h.tempFile('u.png', h.png(3, 3)), preset);
    assert.deepEqual(result.tags, [tag, 'from_preset']);
    await h.rejects(cloudinary.uploader.unsigned_upload(h.tempFile('u.png', h.png(3, 3)), preset,
      { overwrite: true }), 400);
  });

  it('joins the chunks of upload_large', async () => {
    const bytes = crypto.randomBytes(11 * 1024 * 1024);
    const file = h.tempFile(`large_${run}.bin`, bytes);
    const result = await new Promise((resolve, reject) => cloudinary.uploader.upload_large(file,
      { chunk_size: 5 * 1024 * 1024, tags: tag }, (error, answer) => (error ? reject(error) : resolve(answer))));
    assert.equal(result.bytes, bytes.length);
    assert.equal(result.etag, crypto.createHash('md5').update(bytes).digest('hex'));
    assert.equal(result.resource_type, 'raw');
    assert.equal(result.original_filename, `large_${run}`);
    assert.deepEqual((await h.fetchBytes(result.secure_url)).bytes, bytes);
  });

  it('refuses chunks under 5 MB but the last, with Cloudinary\'s wording', async () => {
    const file = h.tempFile('small.bin', crypto.randomBytes(100000));
    const error = await new Promise((resolve) => cloudinary.uploader.upload_large(file, { chunk_size: 40000 },
      (e, answer) => resolve(e || answer)));
    assert.equal(error.message, 'All parts except EOF-chunk must be larger than 5mb');
  });

  it('explicit re-works a stored asset: tags and an eager derivative', async () => {
    const result = await cloudinary.uploader.explicit(first.public_id, {
      type: 'upload', tags: [tag, 'explicit'], eager: [{ width: 6, height: 4, crop: 'scale' }],
    });
    assert.equal(result.public_id, first.public_id);
    assert.deepEqual(result.tags, [tag, 'explicit']);
    assert.equal(result.eager.length, 1);
    assert.equal(result.eager[0].width, 6);
    const details = await cloudinary.api.resource(first.public_id);
    assert.deepEqual(details.tags, [tag, 'explicit']);
    await h.rejects(cloudinary.uploader.explicit(`node/missing/${run}`, { type: 'upload', tags: 'x' }), 404);
  });

  it('lists the eager derivatives of an upload as derived in resource()', async () => {
    const uploaded = await h.uploadBuffer(h.png(20, 10), {
      public_id: `node/eager/${run}`,
      tags: tag,
      eager: [{ width: 10, crop: 'scale' }, { width: 4, height: 4, crop: 'fill', format: 'jpg' }],
    });
    assert.equal(uploaded.eager.length, 2);
    const details = await cloudinary.api.resource(uploaded.public_id);
    assert.deepEqual(details.derived.map((d) => d.transformation).sort(), ['c_fill,h_4,w_4/jpg', 'c_scale,w_10']);
    const jpg = details.derived.find((d) => d.format === 'jpg');
    const delivered = await h.fetchBytes(jpg.secure_url);
    assert.equal(delivered.status, 200);
    assert.deepEqual(delivered.bytes.subarray(0, 3), h.JPEG_MAGIC);
    assert.equal(delivered.bytes.length, jpg.bytes);
  });
});

describe('upload options', () => {
  const pngFile = () => h.tempFile('logo.png', h.png(12, 12));

  it('allowed_formats admits a listed format', async () => {
    const result = await cloudinary.uploader.upload(pngFile(), { allowed_formats: ['png', 'jpeg'], tags: tag });
    assert.equal(result.format, 'png');
  });

  it('allowed_formats refuses another format', async () => {
    await h.rejects(cloudinary.uploader.upload(pngFile(), { allowed_formats: ['jpg'], tags: tag }), 400,
      'Image file format png not allowed');
  });

  it('format converts what allowed_formats does not list', async () => {
    const result = await cloudinary.uploader.upload(pngFile(), { allowed_formats: ['jpg'], format: 'jpg', tags: tag });
    assert.equal(result.format, 'jpg');
    assert.equal(result.width, 12);
    const delivered = await h.fetchBytes(result.secure_url);
    assert.ok(result.secure_url.endsWith('.jpg'), result.secure_url);
    assert.deepEqual(delivered.bytes.subarray(0, 3), h.JPEG_MAGIC);
    assert.equal(delivered.bytes.length, result.bytes);
  });

  it('format alone converts the stored original', async () => {
    const result = await h.uploadBuffer(h.png(10, 4), { format: 'webp', tags: tag });
    assert.equal(result.format, 'webp');
    const delivered = await h.fetchBytes(result.secure_url);
    assert.equal(delivered.bytes.subarray(8, 12).toString('ascii'), 'WEBP');
  });

  it('refuses values the platform does not implement, naming them', async () => {
    await h.rejects(cloudinary.uploader.upload(pngFile(), { detection: 'illegal' }), 400,
      "Detection invalid model 'illegal'");
    await h.rejects(cloudinary.uploader.upload(h.tempFile('r.txt', 'x'),
      { resource_type: 'raw', raw_convert: 'illegal' }), 400, 'Raw convert is invalid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { background_removal: 'illegal' }), 400, 'is invalid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { background_removal: 'cloudinary_ai' }), 400,
      'background_removal');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { cinemagraph_analysis: true }), 400, 'cinemagraph_analysis');
    await h.rejects(cloudinary.uploader.upload(pngFile(), {
      responsive_breakpoints: [{ create_derived: true, max_width: 100 }],
    }), 400, 'responsive_breakpoints');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { categorization: 'illegal' }), 400,
      'Categorization item illegal is not valid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { regions: { box: [[1, 2], [3, 4]] } }), 400,
      'Parameter regions is invalid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { backup: true }), 400, 'Parameter backup is invalid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { callback: 'https://app.example/cors.html' }), 400,
      'Parameter callback is invalid');
    await h.rejects(cloudinary.uploader.upload(pngFile(), { access_mode: 'private' }), 400, 'access_mode');
  });

  it('takes coordinates, discard_original_filename and access_mode at upload', async () => {
    const id = `node/upload/coordinates_${run}`;
    const stored = await cloudinary.uploader.upload(h.tempFile('sunset.png', h.png(20, 10)), {
      public_id: id, custom_coordinates: [[1, 2, 3, 4]], face_coordinates: [[5, 6, 7, 8], [9, 10, 11, 12]],
      discard_original_filename: true, tags: tag,
    });
    assert.equal(stored.original_filename, undefined);
    assert.deepEqual((await cloudinary.api.resource(id, { coordinates: true })).coordinates,
      { custom: [[1, 2, 3, 4]], faces: [[5, 6, 7, 8], [9, 10, 11, 12]] });
    const authenticated = await h.uploadBuffer(h.png(3, 3), { access_mode: 'authenticated', tags: tag });
    assert.deepEqual(authenticated.access_control, [{ access_type: 'token' }]);
    assert.equal((await h.fetchBytes(authenticated.secure_url)).status, 401);
  });

  it('refuses an empty file, also through upload_large', async () => {
    const empty = h.tempFile('empty.png', Buffer.alloc(0));
    const error = await h.rejects(cloudinary.uploader.upload(empty), 400);
    assert.ok(error.message.toLowerCase().includes('empty'), error.message);
    const large = await new Promise((resolve) => cloudinary.uploader.upload_large(empty,
      (e, answer) => resolve(e || answer)));
    assert.equal(large.http_code, 400, JSON.stringify(large));
  });
});
