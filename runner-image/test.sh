#!/usr/bin/env bash
# The test command: builds or reuses the pinned toolchain (tofu, terraform, providers, moto), then runs the
# unit and integration tests. Maven fetches its own dependencies. With the image profile the build also makes
# the runner image (controller/target/plumbline-image.tar) and its tests open it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/runner-image/install-toolchain.sh"
export CHECKPOINT_DISABLE=1 AWS_EC2_METADATA_DISABLED=true
exec mvn -B -f "$root/pom.xml" -Pimage verify "$@"
