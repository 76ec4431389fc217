#!/usr/bin/env bash
# Installs, upgrades, rolls back or removes the EdgeSound daemon on Raspberry Pi OS (bookworm or trixie, arm64)
# or any Debian, from an unpacked release tarball (deploy/publish.sh builds it):
#
#   tar xzf edgesound-<version>-linux-arm64.tar.gz
#   sudo edgesound-<version>-linux-arm64/install.sh
#
# Layout (documented in deploy/README.md; tests/EdgeSound.Daemon.Tests/Deploy checks it):
#   /opt/edgesound/releases/<version>/      the self-contained program (root:root, 0755)
#   /opt/edgesound/current, previous        symlinks to the running and the previous release
#   /etc/edgesound/edgesound.yaml           configuration (root:edgesound, 0640), kept on upgrade
#   /etc/edgesound/edgesound.env            secrets for the unit's EnvironmentFile (root:edgesound, 0640)
#   /var/lib/edgesound/                     outbox and state (edgesound:edgesound, 0750), kept on upgrade
#   /etc/systemd/system/edgesound.service   the unit (root:root, 0644), enabled for multi-user.target
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install.sh [--root DIR] [--dry-run] [--no-start] [--rollback | --uninstall [--purge]]

  (no action)   install or upgrade to this tarball's version (idempotent)
  --rollback    switch back to the previous installed version
  --uninstall   remove program, unit and state (queued alerts); keep /etc/edgesound and the user
  --purge       with --uninstall: also remove /etc/edgesound and the edgesound user
  --root DIR    stage everything under DIR instead of / (no apt, no service start; DIR/etc/passwd and
                DIR/etc/group must exist for the user and groups to be created there)
  --dry-run     print what would be done, change nothing
  --no-start    install and enable, but do not (re)start the service
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=""
dry_run=0
start=1
action=install
purge=0
# One line on stderr for a usage error, exit 2 (as the daemon and trainer do).
usage_error() { echo "install: error: $1 (install.sh --help lists the options)" >&2; exit 2; }

# Sets the action once: --rollback and --uninstall exclude each other.
choose() {
  [[ "$action" == install || "$action" == "$1" ]] || usage_error "--$action and --$1 exclude each other"
  action="$1"
}

while (($#)); do
  case "$1" in
    --root)
      [[ $# -ge 2 ]] || usage_error "--root needs a directory"
      [[ -n "$2" ]] || { echo "install: error: --root needs a directory, got an empty string" >&2; exit 2; }
      root="$(realpath -m "$2")"; start=0; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --no-start) start=0; shift ;;
    --rollback) choose rollback; shift ;;
    --uninstall) choose uninstall; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option '$1'" ;;
  esac
done

((purge == 0)) || [[ "$action" == uninstall ]] || usage_error "--purge goes with --uninstall"

user=edgesound
opt="$root/opt/edgesound"
etc="$root/etc/edgesound"
state="$root/var/lib/edgesound"
unit_dir="$root/etc/systemd/system"

die() { echo "install: error: $*" >&2; exit 1; }
say() { echo "install: $*"; }
# Says what was done, or with --dry-run what would be: outcome "would remove X" "removed X".
outcome() {
  if ((dry_run)); then say "$1"; else say "$2"; fi
}
# Runs a command, or only prints it with --dry-run.
run() {
  if ((dry_run)); then echo "would run: $*"; else "$@"; fi
}
systemctl_() {
  if [[ -n "$root" ]]; then run systemctl --root="$root" "$@"; else run systemctl "$@"; fi
}
# User and group tools act on DIR/etc with --root (useradd --prefix), on the system otherwise.
prefix_args=()
[[ -n "$root" ]] && prefix_args=(--prefix "$root")

[[ -n "$root" || $(id -u) -eq 0 ]] || die "run as root (sudo $0), or stage into a directory with --root DIR"
if [[ -n "$root" && ! -d "$root" ]]; then echo "install: error: --root $root is not a directory" >&2; exit 2; fi

version_of_tarball() {
  [[ -f "$here/VERSION" ]] || die "$here/VERSION is missing: run install.sh from an unpacked release tarball (deploy/publish.sh)"
  read -r version rid < "$here/VERSION"
  [[ -n "${version:-}" && -n "${rid:-}" ]] || die "$here/VERSION does not hold '<version> <rid>'"
  [[ -x "$here/bin/EdgeSound.Daemon" ]] || die "$here/bin/EdgeSound.Daemon is missing or not executable"
}

check_architecture() {
  local machine
  machine="$(uname -m)"
  case "$rid:$machine" in
    linux-arm64:aarch64|linux-x64:x86_64) ;;
    *)
      if [[ -n "$root" ]]; then say "note: staging a $rid program on a $machine machine"
      else die "this tarball is for $rid but this machine is $machine (use edgesound-$version-linux-arm64 on a 64-bit Pi)"
      fi ;;
  esac
}

# libgpiod: v1 (libgpiod2) on bookworm, v2 (libgpiod3) on trixie; System.Device.Gpio loads either.
apt_packages() {
  local codename=""
  [[ -f "$root/etc/os-release" ]] && codename="$(sed -n 's/^VERSION_CODENAME=//p' "$root/etc/os-release" | tr -d '"')"
  case "$codename" in
    bookworm|bullseye) echo "libasound2 libgpiod2" ;;
    trixie) echo "libasound2t64 libgpiod3" ;;
    *) echo "libasound2 libgpiod2" ;;
  esac
}

install_packages() {
  if [[ -n "$root" ]]; then say "the device needs: $(apt_packages) (apt-get is not run under --root)"; return; fi
  local missing=() p
  for p in $(apt_packages); do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  ((${#missing[@]})) || { say "native libraries present: $(apt_packages)"; return; }
  say "installing ${missing[*]}"
  run apt-get update -q
  DEBIAN_FRONTEND=noninteractive run apt-get install -y -q --no-install-recommends "${missing[@]}"
}

group_exists() { grep -q "^$1:" "$root/etc/group" 2>/dev/null; }
user_exists() { grep -q "^$1:" "$root/etc/passwd" 2>/dev/null; }

create_user() {
  if [[ -n "$root" && ! -f "$root/etc/passwd" ]]; then
    say "no $root/etc/passwd: files stay owned by the installing user"
    return
  fi
  local g
  for g in audio gpio; do
    group_exists "$g" || run groupadd "${prefix_args[@]}" --system "$g"
  done
  if ! user_exists "$user"; then
    say "creating system user $user"
    run useradd "${prefix_args[@]}" --system --user-group --home-dir /var/lib/edgesound --no-create-home \
      --shell /usr/sbin/nologin --groups audio,gpio "$user"
  else
    run usermod "${prefix_args[@]}" -aG audio,gpio "$user"
  fi
}

# chown by the ids in (DIR)/etc/passwd and group, so a staged tree carries the device's owners.
owner() {
  local u="$1" g="$2" uid gid
  uid="$(awk -F: -v n="$u" '$1 == n { print $3 }' "$root/etc/passwd" 2>/dev/null)"
  gid="$(awk -F: -v n="$g" '$1 == n { print $3 }' "$root/etc/group" 2>/dev/null)"
  [[ -n "$uid" && -n "$gid" ]] && echo "$uid:$gid"
}
chown_() {
  local ids
  ids="$(owner "$1" "$2")" || return 0
  shift 2
  run chown "$ids" "$@"
}

install_program() {
  local dest="$opt/releases/$version" old=""
  [[ -L "$opt/current" ]] && old="$(basename "$(readlink "$opt/current")")"
  run install -d -m 0755 "$opt" "$opt/releases"
  if [[ -d "$dest" ]]; then run rm -rf "$dest"; fi
  say "installing $version ($rid) into $dest"
  run cp -a "$here/bin" "$dest"
  run cp "$here/README.md" "$here/VERSION" "$dest/"
  chown_ root root -R "$dest"
  if [[ -n "$old" && "$old" != "$version" ]]; then
    run ln -sfn "releases/$old" "$opt/previous"
    outcome "would keep the previous version $old for --rollback" "previous version $old kept for --rollback"
  fi
  run ln -sfn "releases/$version" "$opt/current"
  # Keep the running and the previous release only.
  local r keep_prev=""
  [[ -L "$opt/previous" ]] && keep_prev="$(basename "$(readlink "$opt/previous")")"
  for r in "$opt"/releases/*; do
    [[ -d "$r" ]] || continue
    case "$(basename "$r")" in "$version"|"$keep_prev") ;; *) run rm -rf "$r" ;; esac
  done
}

install_config() {
  run install -d -m 0755 "$etc"
  chown_ root root "$etc"
  if [[ ! -f "$etc/edgesound.yaml" ]]; then
    run install -m 0640 "$here/edgesound.yaml" "$etc/edgesound.yaml"
    outcome "would write $etc/edgesound.yaml" "wrote $etc/edgesound.yaml: set audio:input and mqtt:host, then restart the service"
  else
    say "keeping $etc/edgesound.yaml (this version's example: $etc/edgesound.yaml.dist)"
    run install -m 0644 "$here/edgesound.yaml" "$etc/edgesound.yaml.dist"
  fi
  chown_ root "$user" "$etc/edgesound.yaml"
  if [[ ! -f "$etc/edgesound.env" ]]; then
    run install -m 0640 /dev/null "$etc/edgesound.env"
  fi
  run chmod 0640 "$etc/edgesound.env"
  chown_ root "$user" "$etc/edgesound.env"
  run install -d -m 0750 "$state"
  chown_ "$user" "$user" "$state"
}

install_unit() {
  run install -d -m 0755 "$unit_dir"
  run install -m 0644 "$here/edgesound.service" "$unit_dir/edgesound.service"
  [[ -z "$root" ]] && systemctl_ daemon-reload
  systemctl_ enable edgesound.service
}

restart_service() {
  if ((start)); then
    systemctl_ restart edgesound.service
    outcome "would start the service" "started: journalctl -u edgesound -f"
  else
    say "not starting the service (--root or --no-start)"
  fi
}

do_install() {
  version_of_tarball
  check_architecture
  install_packages
  create_user
  install_program
  install_config
  install_unit
  restart_service
  outcome "would install $version (dry run: nothing changed)" "installed $version"
}

do_rollback() {
  [[ -L "$opt/previous" ]] || die "no previous version under $opt to roll back to"
  local prev cur
  prev="$(readlink "$opt/previous")"
  cur="$(readlink "$opt/current")"
  run ln -sfn "$prev" "$opt/current"
  run ln -sfn "$cur" "$opt/previous"
  outcome "would roll back from $(basename "$cur") to $(basename "$prev") (dry run: nothing changed)" "rolled back from $(basename "$cur") to $(basename "$prev")"
  restart_service
}

do_uninstall() {
  if [[ -z "$root" ]]; then systemctl_ disable --now edgesound.service || true
  else systemctl_ disable edgesound.service || true
  fi
  run rm -f "$unit_dir/edgesound.service"
  [[ -z "$root" ]] && systemctl_ daemon-reload
  run rm -rf "$opt" "$state" "$root/var/log/edgesound"
  if ((purge)); then
    run rm -rf "$etc"
    if user_exists "$user"; then run userdel "${prefix_args[@]}" "$user"; fi
    outcome "would remove EdgeSound, its configuration and its user (dry run: nothing changed)" "removed EdgeSound, its configuration and its user"
  else
    outcome "would remove EdgeSound and keep $etc and the $user user (dry run: nothing changed)" "removed EdgeSound; kept $etc and the $user user (--purge removes them)"
  fi
}

case "$action" in
  install) do_install ;;
  rollback) do_rollback ;;
  uninstall) do_uninstall ;;
esac
