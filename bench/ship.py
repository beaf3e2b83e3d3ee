#!/usr/bin/env python3
"""The sizes of what is shipped, and the systemd unit's exposure score, after `mvn -B -Pimage package`:

    python3 bench/ship.py

Prints the image tarball's size and each layer's (compressed, from the OCI manifest), the release bundle's size,
and the score `systemd-analyze security --offline=true runner-image/plumbline.service` gives (when systemd's
tools are installed). Reads only what the build left in controller/target/.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "controller", "target")


def image():
    path = os.path.join(TARGET, "plumbline-image.tar")
    if not os.path.isfile(path):
        sys.exit(f"ship: {path} not found; build it with: mvn -B -Pimage -Dmaven.test.skip=true package")
    with tarfile.open(path) as t:
        index = json.load(t.extractfile("index.json"))
        digest = index["manifests"][0]["digest"]
        manifest = json.load(t.extractfile("blobs/" + digest.replace(":", "/")))
        config = json.load(t.extractfile("blobs/" + manifest["config"]["digest"].replace(":", "/")))
    layers = [l["size"] for l in manifest["layers"]]
    names = [h.get("created_by", h.get("comment", "")) for h in config.get("history", []) if not h.get("empty_layer")]
    print(f"image tarball: {os.path.getsize(path) / 1e6:.1f} MB ({path})")
    print(f"  layers, compressed: {sum(layers) / 1e6:.1f} MB")
    for size, name in zip(layers, names):
        print(f"    {size / 1e6:6.1f} MB  {name[:90]}")


def bundle():
    found = sorted(glob.glob(os.path.join(TARGET, "plumbline-*.tar.gz")))
    if not found:
        sys.exit("ship: no controller/target/plumbline-<version>.tar.gz; build it with: mvn -B package")
    for path in found:
        print(f"bundle: {os.path.getsize(path) / 1e6:.1f} MB ({os.path.basename(path)})")


def unit_score():
    tool = shutil.which("systemd-analyze")
    if tool is None:
        print("systemd unit: systemd-analyze is not installed; no score")
        return
    unit = os.path.join(ROOT, "runner-image", "plumbline.service")
    out = subprocess.run([tool, "security", "--offline=true", unit], capture_output=True, text=True,
                         env=dict(os.environ, SYSTEMD_COLORS="0"))
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d) (\w+)", out.stdout + out.stderr)
    print(f"systemd unit: exposure {m.group(1)} {m.group(2)}" if m else "systemd unit: no score: " + out.stderr.strip())


if __name__ == "__main__":
    image()
    bundle()
    unit_score()
