/**
 * Tests of what is shipped: the runner image tarball (opened as an OCI layout, unpacked, and run in podman where
 * it can), the release bundle and the systemd unit. Imports the config rules and the test helpers only.
 */
package dev.plumbline.release;
