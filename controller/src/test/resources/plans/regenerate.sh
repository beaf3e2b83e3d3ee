#!/usr/bin/env bash
# Regenerates <case>/plan.json for every case here with the real tofu of the pinned toolchain.
#
# Each case is a directory holding main.tf, the configuration the plan was made from, and for cases where Git
# changed after the last apply, applied.tf, the configuration applied first. A case runs in its own temporary
# copy: init, apply (applied.tf, else main.tf), the case's own outside change if any, then plan with main.tf,
# and `tofu show -json` of the saved plan file. The exit code of `plan -detailed-exitcode` is checked too, so a
# tofu that behaves differently stops the regeneration instead of writing a misleading fixture.
#
# Kept stable across runs: file names are relative (${path.module}/out/...), random values are seeded, and the
# "timestamp" field is removed (the JSON is otherwise tofu's, re-indented for readable diffs). Only the id of a
# terraform_data (a random UUID tofu assigns at apply) differs from one regeneration to the next.
#
# Usage: controller/src/test/resources/plans/regenerate.sh [case...]
#   needs runner-image/install-toolchain.sh to have run; PLUMBLINE_TOOLCHAIN_ENV overrides where it wrote.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
toolchain_env=${PLUMBLINE_TOOLCHAIN_ENV:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/tools/toolchain.env}

die() { printf 'regenerate: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'regenerate: %s\n' "$*" >&2; }

[ -r "$toolchain_env" ] || die "no $toolchain_env; run runner-image/install-toolchain.sh first"
# shellcheck disable=SC1090
. "$toolchain_env"
[ -x "${PLUMBLINE_TOFU:-}" ] || die "PLUMBLINE_TOFU in $toolchain_env is not an executable: '${PLUMBLINE_TOFU:-}'"
[ -r "${PLUMBLINE_TF_CLI_CONFIG:-}" ] || die "PLUMBLINE_TF_CLI_CONFIG in $toolchain_env is not readable"

# The CLI config installs providers from the toolchain's filesystem mirror only: nothing reaches a registry.
export TF_CLI_CONFIG_FILE=$PLUMBLINE_TF_CLI_CONFIG CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
# Anything that would make the plan depend on the caller's shell.
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_PLUGIN_CACHE_DIR
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^TF_VAR_' || true)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=

tofu() { "$PLUMBLINE_TOFU" -chdir="$work" "$@"; }

# Fresh copy of the case, initialised, with the configuration Git had before the plan (applied.tf if any).
fresh() {
  local case=$1
  work="$tmp/$case"
  rm -rf "$work" && mkdir -p "$work"
  if [ -f "$here/$case/applied.tf" ]; then
    cp "$here/$case/applied.tf" "$work/main.tf"
  else
    cp "$here/$case/main.tf" "$work/main.tf"
  fi
  tofu init -no-color -input=false >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; die "$case: init failed"; }
}

applied() {
  local case=$1
  fresh "$case"
  tofu apply -no-color -input=false -auto-approve >"$work/apply.log" 2>&1 \
    || { cat "$work/apply.log" >&2; die "$case: apply failed"; }
}

# Plans with main.tf, expects the given -detailed-exitcode (0 no changes, 1 error, 2 changes), writes plan.json.
planned() {
  local case=$1 expected=$2 rc=0
  shift 2
  cp "$here/$case/main.tf" "$work/main.tf"
  tofu plan -no-color -input=false -detailed-exitcode -out=plan.bin "$@" >"$work/plan.log" 2>&1 || rc=$?
  if [ "$rc" != "$expected" ]; then
    cat "$work/plan.log" >&2
    die "$case: plan exited $rc, expected $expected"
  fi
  [ -f "$work/plan.bin" ] || die "$case: plan exited $rc but wrote no plan file"
  tofu show -json plan.bin >"$work/plan.raw.json" || die "$case: show -json failed"
  python3 - "$work/plan.raw.json" "$here/$case/plan.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    plan = json.load(f)
plan.pop("timestamp", None)
with open(sys.argv[2], "w") as f:
    json.dump(plan, f, indent=2)
    f.write("\n")
PY
  log "$case: plan.json written (plan exit code $rc)"
}

case_in_sync() { applied in_sync; planned in_sync 0; }

# local_file's refresh drops an object whose file no longer matches the checksum it wrote, so drift of a
# local_file shows as "deleted outside", whether the file was rewritten or removed.
case_drifted() { applied drifted; printf 'edited by hand\n' >"$work/out/managed.txt"; planned drifted 2; }
case_drifted_deleted() { applied drifted_deleted; rm "$work/out/managed.txt"; planned drifted_deleted 2; }
case_drifted_refresh_only() {
  applied drifted_refresh_only
  printf 'edited by hand\n' >"$work/out/managed.txt"
  planned drifted_refresh_only 2 -refresh-only
}

case_changes_pending() { applied changes_pending; planned changes_pending 2; }
# -detailed-exitcode says 2 for a change of outputs alone: the reason output-only must not count as drift.
case_output_only() { applied output_only; planned output_only 2; }
case_replace() { applied replace; planned replace 2; }
case_delete() { applied delete; planned delete 2; }
case_sensitive() { applied sensitive; planned sensitive 2; }
# A failing precondition: plan exits 1, yet tofu writes the plan file with "errored": true and what it had
# planned up to the failure (here local_file.fine). Nothing is applied first: the configuration cannot be.
case_errored() { fresh errored; planned errored 1; }

all=(in_sync drifted drifted_deleted drifted_refresh_only changes_pending output_only replace delete sensitive errored)
for case in "${@:-${all[@]}}"; do
  declare -F "case_$case" >/dev/null || die "unknown case '$case' (known: ${all[*]})"
  "case_$case"
done
