// The baseline of bench/run.sh: nsfwjs 4.4.0 itself (@tensorflow/tfjs 4.22.0, CPU backend, as the test's expected
// scores were recorded) on the images NsfwBenchmark wrote, timed per image after the same warm-up, and its scores
// compared with the ONNX path's. Usage: node nsfwjs.js DIR WARM_UP   (nsfwjs and @tensorflow/tfjs on NODE_PATH)
const fs = require('fs');
const tf = require('@tensorflow/tfjs');
const nsfw = require('nsfwjs');
const [dir, warmUp] = [process.argv[2], Number(process.argv[3])];

const bytes = fs.readFileSync(`${dir}/images.bin`);
const images = [];
for (let at = 0; at < bytes.length;) {
  const [w, h] = [bytes.readInt32BE(at), bytes.readInt32BE(at + 4)];
  images.push(tf.tensor3d(bytes.subarray(at + 8, at + 8 + w * h * 3), [h, w, 3], 'int32'));
  at += 8 + w * h * 3;
}
const onnx = fs.readFileSync(`${dir}/scores.txt`, 'utf8').trim().split('\n').map(l => l.split(' ').map(Number));

(async () => {
  await tf.setBackend('cpu');
  const model = await nsfw.load('MobileNetV2');
  const ms = [];
  let diff = 0;
  images.forEach((image, i) => {
    const t0 = process.hrtime.bigint();
    const scores = tf.tidy(() => model.infer(image).dataSync());
    if (i >= warmUp) ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    scores.forEach((s, c) => { diff = Math.max(diff, Math.abs(s - onnx[i][c])); });
  });
  ms.sort((a, b) => a - b);
  const at = q => ms[Math.ceil(ms.length * q) - 1].toFixed(1).padStart(7);
  console.log(`${'nsfwjs (tfjs CPU backend), infer'.padEnd(32)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms`);
  console.log(`largest score difference, ONNX path vs nsfwjs, over ${images.length} images: ${diff.toExponential(2)}`);
})();
