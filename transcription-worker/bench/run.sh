#!/usr/bin/env bash
# Benchmark (not a test): the transcription real-time factor on this machine's 2 cores. A minute of speech is made
# by espeak-ng (the test voice, several sentences) and encoded as AAC; then, warm, in one JVM, one after the other:
# ffmpeg alone decoding it to the 16 kHz mono PCM the model reads (the baseline), and the worker's SpeechRecognizer
# (the same decode, then PocketSphinx). Both run as the worker runs them (child processes, nice, -threads 1).
# Usage: transcription-worker/bench/run.sh [RUNS]   (default 3). Needs espeak-ng, pocketsphinx, pocketsphinx-en-us.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${1:-3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-speech-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

TEXT="Please call Stella. Ask her to bring these things with her from the store. Six spoons of fresh snow peas,
five thick slabs of blue cheese, and maybe a snack for her brother Bob. We also need a small plastic snake and a big
toy frog for the kids. She can scoop these things into three red bags, and we will go meet her Wednesday at the
train station."
espeak-ng -v en-us+f2 -s 120 -w "$WORK/part.wav" "$TEXT"

# the paragraph twice (~60 s), as AAC: what a phone's voice note is
"$ROOT/bench/java.sh" transcription-worker dev.upshot.transcription.bench.SpeechFile -- \
    "$WORK/part.wav" 2 "$WORK/speech.m4a" >"$WORK/seconds"
# built by the line above: no second Maven run
MVN=: "$ROOT/bench/java.sh" transcription-worker dev.upshot.transcription.bench.TranscriptionBenchmark -Xmx256m -- \
    "$WORK/speech.m4a" "$(cat "$WORK/seconds")" "$RUNS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
