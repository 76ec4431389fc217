#!/usr/bin/env bash
# Fetches the official ONNX Runtime shared library (libonnxruntime.so.1) for linux-x64 and linux-arm64.
#
# The library ships inside the npm package onnxruntime-node; `npm pack` downloads that package's tarball
# without installing it or running any of its scripts. The two libraries are extracted to
#   <dest>/linux-x64/libonnxruntime.so.1
#   <dest>/linux-arm64/libonnxruntime.so.1
# where <dest> defaults to deploy/onnxruntime (git-ignored). The tarball is kept in a cache folder
# (ES_ORT_CACHE, default <repo>/.cache/onnxruntime) so a second run needs no network.
#
# Usage: deploy/fetch-onnxruntime.sh [dest]
# Idempotent: returns at once when both libraries of this version are already present.
# Safe to run concurrently (parallel builds): the work is serialized with flock when available.
set -euo pipefail

version="${ES_ORT_VERSION:-1.30.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-$here/onnxruntime}"
cache="${ES_ORT_CACHE:-$(dirname "$here")/.cache/onnxruntime}"
stamp="$dest/VERSION"

fail() {
  echo "fetch-onnxruntime: error: $*" >&2
  exit 1
}

present() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$version" &&
     -s "$dest/linux-x64/libonnxruntime.so.1" && -s "$dest/linux-arm64/libonnxruntime.so.1" ]]
}

present && exit 0

mkdir -p "$dest" "$cache"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.lock"
  flock 9
  # Another process may have finished the job while this one waited for the lock.
  present && exit 0
fi

tarball="$cache/onnxruntime-node-$version.tgz"
if [[ ! -s "$tarball" ]]; then
  command -v npm >/dev/null 2>&1 ||
    fail "npm is not installed; it is needed once to download onnxruntime-node@$version (install Node.js/npm, or put libonnxruntime.so.1 in $dest/linux-x64/ and $dest/linux-arm64/ yourself and write '$version' to $stamp)"
  echo "fetch-onnxruntime: downloading onnxruntime-node@$version with npm pack (~113 MB) into $cache" >&2
  download="$(mktemp -d "$cache/download.XXXXXX")"
  trap 'rm -rf "$download"' EXIT
  if ! (cd "$download" && npm pack "onnxruntime-node@$version" --ignore-scripts --silent >/dev/null); then
    fail "npm pack onnxruntime-node@$version failed (is the npm registry reachable? see the npm messages above)"
  fi
  [[ -s "$download/onnxruntime-node-$version.tgz" ]] ||
    fail "npm pack did not produce onnxruntime-node-$version.tgz in $download"
  mv "$download/onnxruntime-node-$version.tgz" "$tarball"
  rm -rf "$download"
fi

work="$(mktemp -d "$cache/extract.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for arch in x64 arm64; do
  member="package/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
  tar -xzf "$tarball" -C "$work" "$member" ||
    fail "$tarball has no $member (corrupt download? delete the file and run again)"
  mkdir -p "$dest/linux-$arch"
  # Rename into place so a reader never sees a half-written library.
  cp "$work/$member" "$dest/linux-$arch/.libonnxruntime.so.1.tmp"
  mv -f "$dest/linux-$arch/.libonnxruntime.so.1.tmp" "$dest/linux-$arch/libonnxruntime.so.1"
done
echo "$version" >"$stamp"
echo "fetch-onnxruntime: libonnxruntime.so.1 $version -> $dest/linux-x64, $dest/linux-arm64" >&2
