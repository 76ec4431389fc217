#!/usr/bin/env bash
# Builds the release tarball for a Raspberry Pi (default) or an x64 Debian machine:
#
#   deploy/publish.sh [--rid linux-arm64|linux-x64] [--out DIR]
#
# writes DIR/edgesound-<version>-<rid>.tar.gz and its .sha256 (DIR defaults to out/release). The program is
# self-contained (no .NET runtime needed on the device) and carries ONNX Runtime's native library for that
# architecture from the Microsoft.ML.OnnxRuntime package. The version is <Version> in Directory.Build.props.
set -euo pipefail

rid=linux-arm64
out=""
while (($#)); do
  case "$1" in
    --rid) [[ $# -ge 2 ]] || { echo "publish: --rid needs a value" >&2; exit 2; }; rid="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || { echo "publish: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "publish: unknown option '$1' (--rid, --out)" >&2; exit 2 ;;
  esac
done
case "$rid" in
  linux-arm64|linux-x64) ;;
  *) echo "publish: --rid must be linux-arm64 or linux-x64, not '$rid'" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${out:-$repo/out/release}")"
project="$repo/firmware/EdgeSound.Daemon/EdgeSound.Daemon.csproj"
version="$(dotnet msbuild "$project" -getProperty:Version -nologo)"
[[ -n "$version" ]] || { echo "publish: no <Version> in Directory.Build.props" >&2; exit 1; }
name="edgesound-$version-$rid"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/$name"
mkdir -p "$stage"

echo "publish: $name"
# Not trimmed: the trimmer's analysis flags the model metadata reader (System.Text.Json), the configuration
# binder and the YAML reader (reflection), so no part of the program is provably safe to trim (deploy/README.md).
# Its own build output (artifacts/publish-<rid>): a publish never touches the bin/obj that builds and tests use.
ES_SLOT="publish-$rid" dotnet publish "$project" -c Release -r "$rid" --self-contained -p:DebugType=none -p:SatelliteResourceLanguages=en \
  -o "$stage/bin" -nologo -v quiet

[[ -f "$stage/bin/libonnxruntime.so" ]] || { echo "publish: libonnxruntime.so missing from the $rid publish" >&2; exit 1; }
[[ -f "$stage/bin/models/edgesound.onnx" ]] || { echo "publish: the shipped model is missing from the publish" >&2; exit 1; }

cp "$repo/deploy/install.sh" "$repo/deploy/edgesound.service" "$repo/deploy/edgesound.yaml" "$stage/"
cp "$repo/deploy/README.md" "$stage/README.md"
cp -r "$repo/deploy/homeassistant" "$stage/homeassistant"
cp -r "$repo/hardware" "$stage/hardware"
echo "$version $rid" > "$stage/VERSION"
chmod 0755 "$stage/install.sh"

mkdir -p "$out"
tar -C "$work" --owner=0 --group=0 -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "publish: wrote $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)) and $name.tar.gz.sha256"
