#!/usr/bin/env bash
# Builds the base of the runner image without a container engine or registry, for Jib (`tar://` base):
#   - the C libraries a JVM needs (libc6, libgcc-s1, libstdc++6, zlib1g), ca-certificates, dash (as /bin/sh,
#     for local-exec provisioners), and the three programs that keep a tool from outliving the controller
#     (setsid, xargs, kill: see runner/GroupGuard), from Debian's packages (apt-get download, dpkg-deb -x);
#   - a Java runtime made by jlink from this machine's JDK 17 (the modules the controller uses, nothing else);
#   - tofu, terraform and opa at the pinned versions, from the toolchain (install-toolchain.sh builds them);
#   - the provider mirror with a CLI config naming only it (/opt/plumbline/tofurc.offline), unused unless
#     PLUMBLINE_TF_CLI_CONFIG points at it (offline sites);
#   - /etc/passwd with the non-root user plumbline (10001:10001) and its data volume /var/lib/plumbline (0700).
# The result is a docker-archive tarball, cached under ~/.cache/plumbline/image-base/<key>/ (the key hashes what
# goes into it), and hard-linked (or copied) to the path given as the first argument.
#
# Usage: runner-image/image-base.sh OUT.tar
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
out=${1:?usage: image-base.sh OUT.tar}

log() { printf 'image-base: %s\n' "$*" >&2; }
die() { printf 'image-base: error: %s\n' "$*" >&2; exit 1; }

tools=${PLUMBLINE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/tools}
tofu="$tools/tofu/$TOFU_VERSION/tofu"
terraform="$tools/terraform/$TERRAFORM_VERSION/terraform"
opa="$tools/opa/$OPA_VERSION/opa"
mirror="$tools/providers"
[ -x "$tofu" ] || die "$tofu not found; run runner-image/install-toolchain.sh first"
[ -x "$terraform" ] || die "$terraform not found; run runner-image/install-toolchain.sh first"
[ -x "$opa" ] || die "$opa not found; run runner-image/install-toolchain.sh first"
[ -d "$mirror/registry.opentofu.org" ] || die "no provider mirror in $mirror; run runner-image/install-toolchain.sh first"

java_home=${PLUMBLINE_IMAGE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink || true)")")")}
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] \
  || die "no JDK with jlink and jmods found (set PLUMBLINE_IMAGE_JDK to a JDK 17 home)"
grep -q '^JAVA_VERSION="17' "$java_home/release" || die "$java_home is not a JDK 17 (see its release file)"
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "apt-get and dpkg-deb are needed (Debian)"

# The packages come at the version installed here (the JDK runs on them); their versions are part of the key.
packages="libc6 libgcc-s1 libstdc++6 zlib1g ca-certificates dash util-linux findutils procps"
# Of these three only one program each is taken (each links only libc), not the rest of the package.
only() { case $1 in util-linux) echo usr/bin/setsid ;; findutils) echo usr/bin/xargs ;; procps) echo bin/kill ;; esac; }
wanted=()
for p in $packages; do
  v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || die "Debian package $p is not installed here"
  wanted+=("$p=$v")
done
# The modules the controller needs (java.rmi for Quartz, jdk.crypto.ec for SSH and TLS, java.desktop for
# java.beans, which YAML and H2 use), checked by running the image's doctor and a drift check in the tests.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
modules=$modules,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml
modules=$modules,jdk.crypto.ec,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

key=$( {
  cat "$here/image-base.sh" "$here/image_layers.py" "$here/versions.env" "$java_home/release"
  printf '%s\n' "${wanted[@]}" "$modules"
  sha256sum "$tofu" "$terraform" "$opa"
  find "$mirror" -type f -printf '%P %s\n' | sort
} | sha256sum | cut -c1-16)
cache=${PLUMBLINE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/image-base}
base="$cache/$key/base.tar"

if [ -f "$base" ]; then
  log "base $key: present"
else
  log "base $key: building (Debian packages, jlink, tools)"
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs" "$work/os" "$work/jre"
  if ! (cd "$work/debs" && apt-get download -qq "${wanted[@]}" >/dev/null 2>&1); then
    # An installed version can have left the archive (a point release); then take what it offers now.
    log "the installed versions are not in the package lists; refreshing them"
    { [ "$(id -u)" = 0 ] && apt-get update -qq; } || true
    (cd "$work/debs" && apt-get download -qq "${wanted[@]}" >/dev/null 2>&1) \
      || (cd "$work/debs" && apt-get download -qq $packages >/dev/null) \
      || die "apt-get download $packages failed; check that Debian's package archive is reachable"
  fi
  for deb in "$work"/debs/*.deb; do
    name=$(dpkg-deb -f "$deb" Package)
    if [ -n "$(only "$name")" ]; then
      rm -rf "$work/part" && dpkg-deb -x "$deb" "$work/part"
      for f in "$(only "$name")" "usr/share/doc/$name/copyright"; do
        mkdir -p "$work/os/$(dirname "$f")" && cp -a "$work/part/$f" "$work/os/$f"
      done
    else
      dpkg-deb -x "$deb" "$work/os"
    fi
    dpkg-deb -W --showformat='${Package}=${Version}\n' "$deb" >>"$work/packages.txt"
  done
  "$java_home/bin/jlink" --add-modules "$modules" --include-locales=en --strip-debug --no-header-files \
    --no-man-pages --compress=2 --output "$work/jre/java" || die "jlink failed"
  python3 "$here/image_layers.py" --os "$work/os" --jre "$work/jre/java" --tofu "$tofu" --terraform "$terraform" --opa "$opa" \
    --mirror "$mirror" --packages "$work/packages.txt" --versions "$here/versions.env" --out "$work/base.tar" \
    || die "assembling the base image failed"
  mkdir -p "$cache/$key"
  mv -f "$work/base.tar" "$base"
  # Older bases are of no use once the inputs changed.
  find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$key" ! -name '.build.*' -exec rm -rf {} +
fi

mkdir -p "$(dirname "$out")"
rm -f "$out"
ln "$base" "$out" 2>/dev/null || cp -f "$base" "$out"
log "base image: $out"
