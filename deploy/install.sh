#!/usr/bin/env bash
# Installs the EdgeSound daemon as a systemd service on Raspberry Pi OS (Debian bookworm, arm64) or any Debian.
#
#   On the workstation (x64 or arm64), from the repository root:
#     dotnet publish firmware/EdgeSound.Daemon -c Release -p:UseAppHost=false -o out/edgesound
#     bash deploy/fetch-onnxruntime.sh
#     rsync -a out/edgesound deploy pi@raspberrypi.local:edgesound-install/
#   On the Pi:
#     sudo bash edgesound-install/deploy/install.sh edgesound-install/edgesound
#
# The .NET 10 runtime must be installed on the Pi (framework-dependent program; see README "Raspberry Pi").
# Re-running upgrades the program and keeps /etc/edgesound and the outbox in /var/lib/edgesound.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
published="${1:-$here/../out/edgesound}"
prefix=/opt/edgesound
etc=/etc/edgesound
user=edgesound

die() { echo "install: error: $*" >&2; exit 1; }
say() { echo "install: $*"; }

[[ $(id -u) -eq 0 ]] || die "run as root (sudo bash $0 ...)"
[[ -f "$published/EdgeSound.Daemon.dll" ]] || die "no published daemon in '$published' (dotnet publish firmware/EdgeSound.Daemon -c Release -p:UseAppHost=false -o out/edgesound)"

# 1. .NET runtime 10
dotnet_bin="$(command -v dotnet || true)"
for candidate in /usr/bin/dotnet /usr/share/dotnet/dotnet /opt/dotnet/dotnet /root/.dotnet/dotnet; do
  [[ -z "$dotnet_bin" && -x "$candidate" ]] && dotnet_bin="$candidate"
done
[[ -n "$dotnet_bin" ]] || die "the .NET 10 runtime is not installed (https://learn.microsoft.com/dotnet/core/install/linux-debian; on a Pi: dotnet-install.sh --runtime dotnet --channel 10.0 --install-dir /opt/dotnet)"
"$dotnet_bin" --list-runtimes | grep -q '^Microsoft.NETCore.App 10\.' \
  || die "$dotnet_bin has no Microsoft.NETCore.App 10.x runtime ($("$dotnet_bin" --list-runtimes | tr '\n' ' '))"
say ".NET runtime: $dotnet_bin"

# 2. native libraries the bindings load
missing=()
for p in libasound2 libgpiod2; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  say "installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 3. ONNX Runtime for this machine
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
  x86_64) rid=linux-x64 ;;
  *) die "no ONNX Runtime build for $(uname -m) (64-bit Raspberry Pi OS is required)" ;;
esac
# The published folder carries the build machine's library; take the one built for this machine's architecture.
ort="$here/onnxruntime/$rid/libonnxruntime.so.1"
[[ -s "$ort" ]] || bash "$here/fetch-onnxruntime.sh"
[[ -s "$ort" ]] || die "libonnxruntime.so.1 for $rid not found (run deploy/fetch-onnxruntime.sh on a machine with npm and copy deploy/onnxruntime)"

# 4. user and folders
if ! id "$user" >/dev/null 2>&1; then
  say "creating system user $user"
  useradd --system --home-dir /var/lib/edgesound --no-create-home --shell /usr/sbin/nologin "$user"
fi
for g in audio gpio; do
  getent group "$g" >/dev/null && usermod -aG "$g" "$user"
done
install -d -m 0755 "$prefix" "$etc"

# 5. program, ONNX Runtime, model
say "installing the program into $prefix"
cp -a "$published/." "$prefix/"
install -m 0644 "$ort" "$prefix/libonnxruntime.so.1"
ls "$prefix"/models/*.onnx >/dev/null 2>&1 || say "warning: no model in $prefix/models; set 'model:' in $etc/edgesound.yaml"

# 6. configuration (kept on upgrade)
if [[ ! -f "$etc/edgesound.yaml" ]]; then
  install -m 0640 -g "$user" "$here/edgesound.yaml" "$etc/edgesound.yaml"
  say "wrote $etc/edgesound.yaml: set audio:input and mqtt:host, then: sudo systemctl restart edgesound"
fi
[[ -f "$etc/edgesound.env" ]] || install -m 0640 -g "$user" /dev/null "$etc/edgesound.env"

# 7. check the configuration before enabling the service
if ! runuser -u "$user" -- "$dotnet_bin" "$prefix/EdgeSound.Daemon.dll" --config "$etc/edgesound.yaml" --check-audio; then
  say "warning: the audio check failed; see above (the service is installed anyway)"
fi

# 8. systemd unit
sed "s|^ExecStart=/usr/bin/dotnet |ExecStart=$dotnet_bin |" "$here/edgesound.service" > /etc/systemd/system/edgesound.service
systemctl daemon-reload
systemctl enable edgesound.service
systemctl restart edgesound.service
say "done: journalctl -u edgesound -f"
