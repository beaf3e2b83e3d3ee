#!/usr/bin/env bash
# Builds the pinned toolchain (runner-image/versions.env) from the package registries into a cache directory:
#   <tools>/tofu/<v>/tofu, <tools>/terraform/<v>/terraform, <tools>/providers/<host>/hashicorp/<p>/<v>/<os_arch>/,
#   <tools>/opa/<v>/opa, <tools>/moto/<v>/ (a Python venv with moto[server]), <tools>/tofurc (CLI config: filesystem mirror only),
#   <tools>/toolchain.env (paths for the controller and the tests).
# Also makes sure PostgreSQL's server binaries are there for the store's tests (Debian's postgresql package, when
# missing and run as root) and, as root, the system user plumbline-pg that runs the test server; Debian's chromium
# and chromium-driver for the console's browser test (when missing and run as root); and podman for the tests that
# run the runner image (optional).
# Idempotent: what is already built at the pinned version is kept. Safe to run twice at once (flock).
#
# Usage: runner-image/install-toolchain.sh        (tools dir: $PLUMBLINE_TOOLS_DIR or ~/.cache/plumbline/tools)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

tools=${PLUMBLINE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/tools}
mkdir -p "$tools"
tools=$(cd "$tools" && pwd)

log() { printf 'install-toolchain: %s\n' "$*" >&2; }
die() { printf 'install-toolchain: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH; install Go 1.26 or newer (needed to build tofu, opa and the providers; opa needs Go 1.26)"
command -v python3 >/dev/null || die "python3 is not on PATH; install Python 3.9 or newer (needed for the moto AWS emulator)"

exec 9>"$tools/.install.lock"
flock 9

export CGO_ENABLED=0 GOFLAGS=-mod=readonly GOTOOLCHAIN=${GOTOOLCHAIN:-local}
export CHECKPOINT_DISABLE=1
os_arch="$(go env GOOS)_$(go env GOARCH)"

# Prints the source directory of module@version, downloading it through the Go module proxy.
module_dir() {
  local mod=$1 ver=$2 out
  # go mod download -json reports errors in its JSON (on stdout) and exits non-zero; keep both to show them.
  out=$(go mod download -json "$mod@$ver" 2>&1) || true
  python3 -c 'import json,sys
raw=sys.stdin.read()
try:
    d=json.loads(raw[raw.find("{"):] if "{" in raw else raw)
except ValueError:
    sys.exit("install-toolchain: error: the go command gave no module information: " + raw.strip())
if d.get("Error"): sys.exit("install-toolchain: error: downloading " + d["Path"] + "@" + d["Version"] + " from the Go module proxy failed; check that the proxy is reachable: " + d["Error"])
print(d["Dir"])' <<<"$out" || die "the Go module proxy ($(go env GOPROXY)) did not serve $mod@$ver"
}

# go build into a temporary name, then rename: an interrupted build never leaves a half-written binary.
build_binary() {
  local dir=$1 pkg=$2 dest=$3 ldflags=${4:-}
  mkdir -p "$(dirname "$dest")"
  go build -C "$dir" -trimpath -buildvcs=false -ldflags="-s -w $ldflags" -o "$dest.part" "$pkg" \
    || die "building $pkg in $dir failed"
  mv -f "$dest.part" "$dest"
}

tofu="$tools/tofu/$TOFU_VERSION/tofu"
if [ -x "$tofu" ] && "$tofu" version 2>/dev/null | grep -qx "OpenTofu v$TOFU_VERSION"; then
  log "tofu $TOFU_VERSION: present"
else
  log "tofu $TOFU_VERSION: building from $TOFU_MODULE (a few minutes)"
  # `go install` refuses this module (its go.mod has replace directives), so build from the module's source.
  src=$(module_dir "$TOFU_MODULE" "v$TOFU_VERSION") || exit 1
  # A release build: without this the binary calls itself v<version>-dev.
  build_binary "$src" ./cmd/tofu "$tofu" "-X github.com/opentofu/opentofu/version.dev=no"
fi

terraform="$tools/terraform/$TERRAFORM_VERSION/terraform"
if [ -x "$terraform" ] && "$terraform" version 2>/dev/null | grep -qx "Terraform v$TERRAFORM_VERSION"; then
  log "terraform $TERRAFORM_VERSION: present"
else
  log "terraform $TERRAFORM_VERSION: building from $TERRAFORM_MODULE (a few minutes)"
  src=$(module_dir "$TERRAFORM_MODULE" "v$TERRAFORM_VERSION") || exit 1
  build_binary "$src" . "$terraform"
fi

opa="$tools/opa/$OPA_VERSION/opa"
if [ -x "$opa" ] && "$opa" version 2>/dev/null | grep -qx "Version: $OPA_VERSION"; then
  log "opa $OPA_VERSION: present"
else
  log "opa $OPA_VERSION: building from $OPA_MODULE (a few minutes)"
  src=$(module_dir "$OPA_MODULE" "v$OPA_VERSION") || exit 1
  build_binary "$src" . "$opa"
fi

mirror="$tools/providers"
for p in ${PROVIDERS//,/ }; do
  ver_var="PROVIDER_${p}_VERSION" mod_var="PROVIDER_${p}_MODULE" gover_var="PROVIDER_${p}_GOVERSION"
  ver=${!ver_var} mod=${!mod_var} gover=${!gover_var}
  rel="hashicorp/$p/$ver/$os_arch/terraform-provider-${p}_v$ver"
  bin="$mirror/registry.opentofu.org/$rel"
  if [ -x "$bin" ]; then
    log "provider hashicorp/$p $ver: present"
  else
    log "provider hashicorp/$p $ver: building from $mod@$gover"
    src=$(module_dir "$mod" "$gover") || exit 1
    build_binary "$src" . "$bin"
  fi
  # Terraform looks providers up under registry.terraform.io; the same binary serves both.
  tf_bin="$mirror/registry.terraform.io/$rel"
  if [ ! -x "$tf_bin" ]; then
    mkdir -p "$(dirname "$tf_bin")"
    ln -f "$bin" "$tf_bin" 2>/dev/null || cp -f "$bin" "$tf_bin"
  fi
done

moto="$tools/moto/$MOTO_VERSION"
# The marker is written last, so an interrupted install is redone rather than trusted.
if [ -f "$moto/.installed" ] && "$moto/bin/python" -c "import moto,sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  log "moto $MOTO_VERSION: present"
else
  log "moto $MOTO_VERSION: installing from PyPI"
  rm -rf "$moto"
  python3 -m venv "$moto" || die "creating a Python venv for moto failed (is python3-venv installed?)"
  "$moto/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" \
    || die "installing moto[server]==$MOTO_VERSION from PyPI failed; check that PyPI is reachable"
  touch "$moto/.installed"
fi

# PostgreSQL for the store's tests: the distribution's server binaries, which the tests start themselves on a free
# loopback port (controller/src/test/java/dev/plumbline/testing/TestPostgres.java). The server refuses to run as
# root, so as root the tests run it as a system user of its own.
pg_bin() {
  local d
  for d in ${PLUMBLINE_POSTGRES_BIN:-/usr/lib/postgresql/*/bin}; do
    [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && [ -x "$d/pg_ctl" ] && printf '%s\n' "$d"
  done | sort -V | tail -n 1
}
# Debian's package lists are refreshed once, before the first package this script installs.
apt_updated=
apt_update() {
  [ -n "$apt_updated" ] && return 0
  apt-get update -qq && apt_updated=1
}
if [ -n "$(pg_bin)" ]; then
  log "postgresql: present in $(pg_bin)"
elif [ -n "${PLUMBLINE_POSTGRES_BIN:-}" ]; then
  die "PLUMBLINE_POSTGRES_BIN=$PLUMBLINE_POSTGRES_BIN holds no initdb, postgres and pg_ctl"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "postgresql: installing Debian's package"
  apt_update || die "apt-get update failed; check that Debian's package archive is reachable"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    || die "installing the postgresql package failed"
  [ -n "$(pg_bin)" ] || die "the postgresql package installed no server binaries under /usr/lib/postgresql"
else
  die "PostgreSQL server binaries (initdb, postgres, pg_ctl) not found under /usr/lib/postgresql/*/bin; install the \
postgresql package, or set PLUMBLINE_POSTGRES_BIN to their directory (the store's tests need them)"
fi
if [ "$(id -u)" = 0 ] && ! getent passwd plumbline-pg >/dev/null; then
  log "postgresql: creating the system user plumbline-pg that runs the test server"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin plumbline-pg \
    || die "creating the system user plumbline-pg failed"
fi

# podman (with runc: crun refuses hosts that mount cgroup v1 and v2 side by side), for the tests that run the
# runner image in a container. Optional: without it those tests are skipped and say why.
if command -v podman >/dev/null && command -v runc >/dev/null; then
  log "podman: present"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "podman: installing Debian's podman and runc packages"
  { apt_update && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc \
      >/dev/null; } || log "installing podman failed; the tests that run the image in a container will be skipped"
else
  log "podman: not installed (the tests that run the image in a container will be skipped)"
fi

# procps: the runner image's base (runner-image/image-base.sh) takes kill(1) from this machine's installed package;
# minimal Debian installs lack it.
if dpkg -s procps >/dev/null 2>&1 || ! command -v dpkg >/dev/null; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "procps: installing Debian's package (the runner image's base needs it)"
  apt_update || die "apt-get update failed; check that Debian's package archive is reachable"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends procps >/dev/null \
    || die "installing the procps package failed"
else
  log "warning: Debian's procps package is not installed; the runner image's base needs it (apt-get install procps)"
fi

# The console's browser test drives Debian's Chromium through its chromedriver (Selenium, headless).
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "chromium: installing Debian's chromium and chromium-driver"
  apt_update || die "apt-get update failed; check that Debian's package archive is reachable"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || die "installing the chromium and chromium-driver packages failed"
else
  log "warning: /usr/bin/chromium and /usr/bin/chromedriver not found; install Debian's chromium and chromium-driver \
packages for the console's browser test (the daemon does not need them)"
fi

# A CLI config that installs providers only from the mirror: no `direct`, so nothing reaches a registry.
cat >"$tools/tofurc.part" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.opentofu.org/*/*", "registry.terraform.io/*/*"]
  }
}
disable_checkpoint = true
EOF
mv -f "$tools/tofurc.part" "$tools/tofurc"

cat >"$tools/toolchain.env.part" <<EOF
PLUMBLINE_TOFU=$tofu
PLUMBLINE_TERRAFORM=$terraform
PLUMBLINE_PROVIDER_MIRROR=$mirror
PLUMBLINE_TF_CLI_CONFIG=$tools/tofurc
PLUMBLINE_MOTO_SERVER=$moto/bin/moto_server
PLUMBLINE_OPA=$opa
EOF
mv -f "$tools/toolchain.env.part" "$tools/toolchain.env"
log "toolchain ready in $tools"
