'use strict';
// Shared by the *.test.js files: the SDK (configured from CLOUDINARY_URL, which NodeSdkIT sets before node starts),
// fixtures made at run time, and assertions on the SDK's error shapes.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

if (!process.env.CLOUDINARY_URL || !process.env.UPSHOT_GATEWAY_URL) {
  throw new Error('CLOUDINARY_URL and UPSHOT_GATEWAY_URL must be set (NodeSdkIT sets them)');
}
const cloudinary = require('cloudinary').v2;

/** A short random run id: every public id, tag and name a file creates carries it. */
function runId() {
  return crypto.randomBytes(4).toString('hex');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const b of buffer) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of one colour. */
function png(width, height, [r, g, b] = [200, 40, 40]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

const TEMP = fs.mkdtempSync(path.join(os.tmpdir(), 'upshot-node-'));
process.on('exit', () => fs.rmSync(TEMP, { recursive: true, force: true }));

/** Writes bytes to a new temporary file named `name` (the SDK sends a path's basename as the filename). */
function tempFile(name, bytes) {
  const file = path.join(fs.mkdtempSync(path.join(TEMP, 'f')), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A buffer through upload_stream, the SDK's way to upload bytes held in memory. */
function uploadBuffer(bytes, options = {}) {
  return new Promise((resolve, reject) => {
    cloudinary.uploader.upload_stream(options, (error, result) => (error ? reject(error) : resolve(result)))
      .end(bytes);
  });
}

/**
 * Awaits a promise that must fail: the SDK rejects with {message, http_code} (Upload API) or {error: {message,
 * http_code}} (Admin API). Returns the error.
 */
async function rejects(promise, httpCode, messagePart) {
  let failure;
  try {
    const result = await promise;
    assert.fail(`expected an error ${httpCode}, got ${JSON.stringify(result)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    failure = e.error || e;
  }
  assert.equal(failure.http_code, httpCode, JSON.stringify(failure));
  if (messagePart) assert.ok(String(failure.message).includes(messagePart), failure.message);
  return failure;
}

/** GET on a delivery URL: status and body bytes. */
async function fetchBytes(url) {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

module.exports = {
  cloudinary, runId, png, tempFile, uploadBuffer, rejects, fetchBytes, JPEG_MAGIC,
  gateway: process.env.UPSHOT_GATEWAY_URL,
};
