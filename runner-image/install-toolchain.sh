#!/usr/bin/env bash
# Builds the pinned toolchain (runner-image/versions.env) from the package registries into a cache directory:
#   <tools>/tofu/<v>/tofu, <tools>/terraform/<v>/terraform, <tools>/providers/<host>/hashicorp/<p>/<v>/<os_arch>/,
#   <tools>/moto/<v>/ (a Python venv with moto[server]), <tools>/tofurc (CLI config: filesystem mirror only),
#   <tools>/toolchain.env (paths for the controller and the tests).
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

command -v go >/dev/null || die "go is not on PATH; install Go 1.22 or newer (needed to build tofu and the providers)"
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
EOF
mv -f "$tools/toolchain.env.part" "$tools/toolchain.env"
log "toolchain ready in $tools"
