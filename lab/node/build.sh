#!/usr/bin/env bash
# Builds the lab's node image: a Debian bookworm root filesystem (debootstrap --variant=minbase)
# with Docker, keepalived and the tools drills use, trimmed and `docker import`ed.
#
# The image is tagged swarmedge-lab-node:<hash>, where <hash> is a content hash of this script,
# packages.txt, init.sh and the mirror: an unchanged recipe is never rebuilt (the image is kept
# on purpose by `lab.sh down`); a changed one gets a new tag. Prints the image reference.
#
# Usage: lab/node/build.sh [--print-ref] [--rebuild]
# Env:   SWARMEDGE_DEBIAN_MIRROR (default: the machine's own Debian mirror)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { echo "lab-node-image: $*" >&2; }
die() { echo "lab-node-image: ERROR: $*" >&2; exit 1; }

print_only=0 rebuild=0
for arg in "$@"; do
  case "$arg" in
    --print-ref) print_only=1 ;;
    --rebuild) rebuild=1 ;;
    *) die "unknown argument '$arg'" ;;
  esac
done

mirror="${SWARMEDGE_DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(sed -n 's/^URIs:[[:space:]]*\(http[^[:space:]]*debian\)[[:space:]]*$/\1/p' \
    /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)"
fi
if [[ -z "$mirror" ]]; then
  mirror="$(awk '$1 == "deb" && $2 ~ /^http/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

packages="$(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$here/packages.txt" | paste -sd, -)"
hash="$(cat "$here/build.sh" "$here/packages.txt" "$here/init.sh" <(echo "$mirror") | sha256sum | cut -c1-12)"
ref="swarmedge-lab-node:$hash"
if ((print_only)); then echo "$ref"; exit 0; fi
if ((!rebuild)) && docker image inspect "$ref" >/dev/null 2>&1; then
  say "$ref exists (cached)"
  echo "$ref"
  exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap (scripts/packages/lab.txt)"
[[ $EUID -eq 0 ]] || die "debootstrap needs root"
work="$(mktemp -d /tmp/swarmedge-lab-node.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fs="$work/rootfs"
start=$SECONDS
say "debootstrap bookworm (minbase) from $mirror with $packages"
debootstrap --variant=minbase --include="$packages" bookworm "$fs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
say "[$((SECONDS - start))s] trim"
chroot "$fs" apt-get clean
rm -rf "$fs"/var/lib/apt/lists/* "$fs"/var/cache/apt/*.bin "$fs"/var/cache/debconf/*-old \
  "$fs"/var/log/* "$fs"/tmp/* "$fs"/root/.cache "$fs"/usr/share/man/* "$fs"/usr/share/info/* \
  "$fs"/usr/share/lintian "$fs"/usr/share/doc-base
find "$fs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$fs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
find "$fs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
# The nested dockerd is started by init.sh, never by the packages' init scripts.
rm -f "$fs"/etc/init.d/docker "$fs"/etc/init.d/keepalived
install -m 0755 "$here/init.sh" "$fs/usr/local/sbin/lab-node-init"
: >"$fs/etc/resolv.conf"
say "[$((SECONDS - start))s] import as $ref ($(du -sh "$fs" | cut -f1))"
tar --numeric-owner -C "$fs" -cf - . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'VOLUME /var/lib/docker' \
  --change 'ENTRYPOINT ["/usr/bin/tini", "-g", "--", "/usr/local/sbin/lab-node-init"]' \
  --change "LABEL io.swarmedge.lab.node-hash=$hash" \
  --message "swarmedge lab node: debootstrap --variant=minbase bookworm ($mirror) + $packages" - "$ref" >/dev/null
say "[$((SECONDS - start))s] built $ref"
echo "$ref"
