#!/usr/bin/env bash
# Builds the seven service images as deploy/kubernetes names them: upshot/<service>:<tag> (default: the project
# version). Needs a Docker-compatible engine (docker or podman); set IMAGE_PREFIX=your.registry/upshot to push
# them elsewhere, then point the overlay's `images:` at that name.
#   deploy/build-images.sh [TAG] [--push]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
SERVICES=(upload-gateway moderation-worker analysis-worker derivation-worker transcription-worker onsuccess-runner
  webhook-dispatcher)
TAG="${1:-0.1.0}"
PREFIX="${IMAGE_PREFIX:-upshot}"
ENGINE="${CONTAINER_ENGINE:-$(command -v docker || command -v podman || true)}"
[[ -n "$ENGINE" ]] || { echo "build-images: no docker or podman on PATH" >&2; exit 1; }

# services whose Dockerfile bakes in the model files (models/models.tsv, fetched and SHA-256 checked)
MODEL_USERS=(analysis-worker moderation-worker derivation-worker)

modules=$(IFS=,; echo "${SERVICES[*]}")
mvn -q -B package -DskipTests -pl "$modules" -am
for s in "${MODEL_USERS[@]}"; do models/fetch.sh "$s/target/models"; done
for s in "${SERVICES[@]}"; do
  "$ENGINE" build -f "$s/src/main/docker/Dockerfile.jvm" -t "$PREFIX/$s:$TAG" "$s"
  [[ "${2:-}" != "--push" ]] || "$ENGINE" push "$PREFIX/$s:$TAG"
done
