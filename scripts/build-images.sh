#!/usr/bin/env bash
# Builds swarmedge's container images on this machine, with no registry:
#   swarmedge-debian:bookworm  a Debian bookworm root filesystem (debootstrap --variant=minbase,
#                              security updates applied, docs/locales/apt lists trimmed), `docker import`ed
#   swarmedge-base:bookworm    + a JRE made with jlink from Temurin 25, at /opt/java/openjdk as in
#                              the official eclipse-temurin images (so deploy/Dockerfile works on either)
#   swarmedge:<version>        deploy/Dockerfile: the distribution jar on the base image (also :latest)
# The first two are cached: rebuilt only when missing (or with --rebuild-base), or when the JDK
# changed. The last one is rebuilt every time (Docker's layer cache makes an unchanged build cheap).
#
# Usage: scripts/build-images.sh [--base-only] [--rebuild-base] [--skip-jar] [--quiet]
# Env:   JAVA_HOME (Temurin 25 JDK), SWARMEDGE_DEBIAN_MIRROR, SWARMEDGE_IMAGE_TAG
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

rootfs_image="swarmedge-debian:bookworm"
base_image="swarmedge-base:bookworm"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -x "$jdk/bin/jlink" ]] || jdk=/usr/lib/jvm/temurin-25-jdk-amd64
base_only=0 rebuild_base=0 skip_jar=0 quiet=0
for arg in "$@"; do
  case "$arg" in
    --base-only) base_only=1 ;;
    --rebuild-base) rebuild_base=1 ;;
    --skip-jar) skip_jar=1 ;;
    --quiet) quiet=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "build-images: $*" >&2; }
die() { echo "build-images: ERROR: $*" >&2; exit 1; }
step_start=$SECONDS
step() { say "[$((SECONDS - step_start))s] $*"; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_label() { docker image inspect --format "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }
# The legacy builder: BuildKit in Docker 20.10 tries to resolve FROM images in a registry.
build() {
  if ((quiet)); then
    DOCKER_BUILDKIT=0 docker build -q "$@" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; return 1; }
  else
    DOCKER_BUILDKIT=0 docker build "$@" 2>&1 | grep -v -e '^DEPRECATED: The legacy builder' \
      -e '^ *BuildKit is currently disabled' -e '^ *environment-variable\.$' >&2
    return "${PIPESTATUS[0]}"
  fi
}

docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || die "the Docker engine does not answer: run scripts/setup.d/50-docker.sh first"

work="$(mktemp -d /tmp/swarmedge-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# --- 1. Debian root filesystem --------------------------------------------------------------
build_rootfs() {
  command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root"
  local mirror="${SWARMEDGE_DEBIAN_MIRROR:-}"
  if [[ -z "$mirror" ]]; then
    mirror="$(sed -n 's/^URIs:[[:space:]]*\(http[^[:space:]]*debian\)[[:space:]]*$/\1/p' \
      /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)"
  fi
  mirror="${mirror:-http://deb.debian.org/debian}"
  local fs="$work/rootfs"
  step "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$fs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  step "security updates"
  cat >"$fs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
  # Keep images small from the first apt run on: no docs, no man pages, no locales, no recommends.
  cat >"$fs/etc/dpkg/dpkg.cfg.d/swarmedge-nodoc" <<'NODOC'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
NODOC
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$fs/etc/apt/apt.conf.d/90swarmedge"
  cp /etc/resolv.conf "$fs/etc/resolv.conf"
  if ! { chroot "$fs" apt-get update -qq && DEBIAN_FRONTEND=noninteractive chroot "$fs" apt-get upgrade -y -qq; } \
    >"$work/upgrade.log" 2>&1; then
    tail -n 20 "$work/upgrade.log" >&2
    say "WARNING: security updates could not be applied; the image has bookworm's release packages"
  fi
  step "trim"
  chroot "$fs" apt-get clean
  rm -rf "$fs"/var/lib/apt/lists/* "$fs"/var/cache/apt/*.bin "$fs"/var/cache/debconf/*-old \
    "$fs"/var/log/* "$fs"/tmp/* "$fs"/root/.cache
  find "$fs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$fs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$fs"/usr/share/man/* "$fs"/usr/share/info/* "$fs"/usr/share/lintian
  find "$fs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  : >"$fs/etc/resolv.conf"
  printf 'swarmedge\n' >"$fs/etc/hostname"
  step "import as $rootfs_image ($(du -sh "$fs" | cut -f1))"
  tar --numeric-owner -C "$fs" -cf - . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase bookworm ($mirror)" - "$rootfs_image" >/dev/null
  rm -rf "$fs"
}

# --- 2. JRE made with jlink, on top of the root filesystem -----------------------------------
# java.se plus what `jdeps --print-module-deps` finds in the distribution jar (jdk.httpserver for
# the metrics endpoint, jdk.unsupported for Netty), and tools worth having in a container (jcmd).
jre_modules="java.se,jdk.unsupported,jdk.httpserver,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,\
jdk.jfr,jdk.management,jdk.management.jfr,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.nio.mapmode,\
jdk.security.auth,jdk.security.jgss,jdk.zipfs,jdk.jcmd"
jdk_release() { sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release"; }

build_base() {
  # Temurin 25 ships no jmods: jlink links from the JDK's own run-time image (JEP 493).
  [[ -x "$jdk/bin/jlink" ]] || die "no JDK with jlink at $jdk: set JAVA_HOME"
  step "jlink a JRE from $jdk ($(jdk_release))"
  local ctx="$work/base"
  mkdir -p "$ctx"
  "$jdk/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --generate-cds-archive --output "$ctx/jre" >"$work/jlink.log" 2>&1 \
    || { cat "$work/jlink.log" >&2; die "jlink failed"; }
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $rootfs_image
COPY jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk \\
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    LANG=C.UTF-8
LABEL io.swarmedge.jdk="$(jdk_release)" io.swarmedge.jre-modules="$jre_modules"
RUN java -version
DOCKERFILE
  step "build $base_image ($(du -sh "$ctx/jre" | cut -f1) JRE)"
  build -t "$base_image" "$ctx"
  rm -rf "$ctx"
}

if ((rebuild_base)) || ! image_exists "$rootfs_image"; then
  build_rootfs
else
  step "$rootfs_image exists (cached)"
fi
if ((rebuild_base)) || ! image_exists "$base_image" \
  || [[ "$(image_label "$base_image" io.swarmedge.jdk)" != "$(jdk_release)" ]] \
  || [[ "$(image_label "$base_image" io.swarmedge.jre-modules)" != "$jre_modules" ]]; then
  build_base
else
  step "$base_image exists (cached, JDK $(jdk_release))"
fi
((base_only)) && { step "done"; exit 0; }

# --- 3. The swarmedge image ----------------------------------------------------------------
version="${SWARMEDGE_IMAGE_TAG:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n1)}"
[[ -n "$version" ]] || die "cannot read the version from $root/pom.xml"
jar="$root/cli/target/swarmedge.jar"
if ((!skip_jar)) && [[ ! -f "$jar" ]]; then
  step "building the distribution jar (./mvnw -q -B package -Dmaven.test.skip=true)"
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -q -B package -Dmaven.test.skip=true) >&2 || die "the Maven build failed"
fi
[[ -f "$jar" ]] || die "$jar is missing: build it with ./mvnw -q -B package -DskipTests"
step "build swarmedge:$version from deploy/Dockerfile"
previous="$(docker image inspect --format '{{.Id}}' "swarmedge:$version" 2>/dev/null || true)"
build -f "$root/deploy/Dockerfile" --build-arg BASE_IMAGE="$base_image" \
  -t "swarmedge:$version" -t swarmedge:latest "$root"
# The image this build replaced keeps its layers (a 40 MB jar each time) until removed: remove it
# when nothing refers to it any more (docker refuses while a container uses it).
if [[ -n "$previous" && "$previous" != "$(docker image inspect --format '{{.Id}}' "swarmedge:$version")" ]] \
  && [[ -z "$(docker image inspect --format '{{join .RepoTags ","}}' "$previous" 2>/dev/null)" ]]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
step "done: swarmedge:$version ($(docker image inspect --format '{{.Size}}' "swarmedge:$version" | awk '{printf "%.0f MB", $1/1e6}'))"
