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
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-speech-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

TEXT="Please call Stella. Ask her to bring these things with her from the store. Six spoons of fresh snow peas,
five thick slabs of blue cheese, and maybe a snack for her brother Bob. We also need a small plastic snake and a big
toy frog for the kids. She can scoop these things into three red bags, and we will go meet her Wednesday at the
train station."
espeak-ng -v en-us+f2 -s 120 -w "$WORK/part.wav" "$TEXT"

(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl transcription-worker -am \
    -Dmdep.outputFile="$HERE/target/bench.classpath" -Dmdep.includeScope=test)
CP="$HERE/target/test-classes:$HERE/target/classes:$(cat "$HERE/target/bench.classpath")"
# the paragraph twice (~60 s), as AAC: what a phone's voice note is
java --enable-native-access=ALL-UNNAMED -cp "$CP" dev.upshot.transcription.bench.SpeechFile "$WORK/part.wav" 2 "$WORK/speech.m4a" >"$WORK/seconds"
java -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" dev.upshot.transcription.bench.TranscriptionBenchmark "$WORK/speech.m4a" \
    "$(cat "$WORK/seconds")" "$RUNS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
