#!/usr/bin/env python3
"""Writes the runner image's base as a docker-archive tarball (manifest.json, config, gzipped layers) that Jib
reads as a `tar://` base. Called by image-base.sh, which gathers the inputs.

Reproducible: entries sorted, owned by root (the data volume by plumbline), timestamps fixed, gzip without a
name or time, so the same inputs give the same bytes and the same digests.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile

USER_ID = 10001
EPOCH = 1  # what Jib gives its own files: 1970-01-01T00:00:01Z
DATA_DIR = "var/lib/plumbline"
# Not needed at run time; the licence texts (copyright) stay.
DROPPED = ("usr/share/doc/", "usr/share/man/", "usr/share/info/", "usr/share/locale/", "usr/share/lintian/",
           "usr/share/doc-base/", "usr/share/bug/", "usr/share/menu/")


class _Hashing(io.RawIOBase):
    """Passes bytes on while hashing them: the layer's diff id is the sha256 of the uncompressed tar."""

    def __init__(self, sink):
        self.sink, self.sha, self.size = sink, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, b):
        self.sha.update(b)
        self.size += len(b)
        self.sink.write(b)
        return len(b)


def _entry(name, kind=tarfile.DIRTYPE, mode=0o755, data=None, link=None, uid=0):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.mtime, info.uid, info.gid = kind, mode, EPOCH, uid, uid
    info.uname = info.gname = ""
    if data is not None:
        info.size = len(data)
    if link is not None:
        info.linkname = link
    return info, (io.BytesIO(data) if data is not None else None)


class Layer:
    def __init__(self, path):
        self.path, self.dirs, self.names = path, set(), set()
        self.file = open(path, "wb")
        self.gz = gzip.GzipFile(fileobj=self.file, mode="wb", mtime=0, filename="", compresslevel=6)
        self.hashing = _Hashing(self.gz)
        self.tar = tarfile.open(fileobj=self.hashing, mode="w|", format=tarfile.PAX_FORMAT)
        self.links = {}

    def add(self, info, fileobj=None):
        parts = info.name.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent not in self.dirs:
                self.dirs.add(parent)
                self.tar.addfile(_entry(parent)[0])
        if info.isdir():
            if info.name in self.dirs:
                return
            self.dirs.add(info.name)
        elif info.name in self.names:
            # a layer with a path twice is refused by container runtimes (podman: "duplicates of file paths")
            raise ValueError("two entries for " + info.name)
        self.names.add(info.name)
        self.tar.addfile(info, fileobj)

    def add_tree(self, src, prefix, owner=None):
        """Adds src's contents under prefix, sorted, as root; symbolic links kept, hard links kept as such."""
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel_root = os.path.relpath(root, src)
            for name in sorted(dirs) + sorted(files):
                full = os.path.join(root, name)
                rel = os.path.normpath(os.path.join(prefix, rel_root, name))
                if any((rel + "/").startswith(d) for d in DROPPED) and not rel.endswith("/copyright"):
                    continue
                self._add_path(full, rel, owner)

    def _add_path(self, full, rel, owner):
        st = os.lstat(full)
        mode = st.st_mode & 0o7777
        if os.path.islink(full):
            info, f = _entry(rel, tarfile.SYMTYPE, 0o777, link=os.readlink(full))
        elif os.path.isdir(full):
            info, f = _entry(rel, mode=mode)
        elif st.st_nlink > 1 and (st.st_dev, st.st_ino) in self.links:
            info, f = _entry(rel, tarfile.LNKTYPE, mode, link=self.links[(st.st_dev, st.st_ino)])
        else:
            if st.st_nlink > 1:
                self.links[(st.st_dev, st.st_ino)] = rel
            with open(full, "rb") as fh:
                info, f = _entry(rel, tarfile.REGTYPE, mode, data=fh.read())
        if owner is not None:
            info.uid = info.gid = owner
        self.add(info, f)

    def close(self):
        self.tar.close()
        self.gz.close()
        self.file.close()
        return "sha256:" + self.hashing.sha.hexdigest()


def _os_layer(layer, os_dir, certs):
    layer.add_tree(os_dir, "")
    text = lambda s: s.encode("utf-8")
    if not os.path.lexists(os.path.join(os_dir, "bin/sh")):  # dash ships it; older ones made it in postinst
        layer.add(*_entry("bin/sh", tarfile.SYMTYPE, 0o777, link="dash"))
    layer.add(*_entry("etc/passwd", tarfile.REGTYPE, 0o644, data=text(
        "root:x:0:0:root:/root:/usr/sbin/nologin\n"
        f"plumbline:x:{USER_ID}:{USER_ID}:Plumbline:/{DATA_DIR}:/usr/sbin/nologin\n")))
    layer.add(*_entry("etc/group", tarfile.REGTYPE, 0o644, data=text(f"root:x:0:\nplumbline:x:{USER_ID}:\n")))
    layer.add(*_entry("etc/nsswitch.conf", tarfile.REGTYPE, 0o644, data=text(
        "passwd: files\ngroup: files\nhosts: files dns\n")))
    layer.add(*_entry("etc/ssl/certs/ca-certificates.crt", tarfile.REGTYPE, 0o644, data=certs))
    layer.add(*_entry("etc/plumbline"))
    for mount_point in ("dev", "proc", "sys"):
        layer.add(*_entry(mount_point))
    layer.add(*_entry("root", mode=0o700))
    layer.add(*_entry("tmp", mode=0o1777))
    layer.add(*_entry(DATA_DIR, mode=0o700, uid=USER_ID))


def _bundle(os_dir):
    """ca-certificates.crt as update-ca-certificates would write it: the Mozilla certificates, in name order."""
    d = os.path.join(os_dir, "usr/share/ca-certificates/mozilla")
    out = b""
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as fh:
            pem = fh.read()
        out += pem if pem.endswith(b"\n") else pem + b"\n"
    return out


def _tofurc_offline():
    return ("# Providers only from the mirror in this image, for sites without a registry:\n"
            "# set PLUMBLINE_TF_CLI_CONFIG=/opt/plumbline/tofurc.offline\n"
            "provider_installation {\n"
            "  filesystem_mirror {\n"
            "    path    = \"/opt/plumbline/providers\"\n"
            "    include = [\"registry.opentofu.org/*/*\", \"registry.terraform.io/*/*\"]\n"
            "  }\n"
            "}\n"
            "disable_checkpoint = true\n").encode("utf-8")


def _versions(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                out[k] = v
    return out


def main():
    ap = argparse.ArgumentParser()
    for opt in ("os", "jre", "tofu", "terraform", "opa", "mirror", "packages", "versions", "out"):
        ap.add_argument("--" + opt, required=True)
    a = ap.parse_args()
    work = os.path.dirname(os.path.abspath(a.out))
    layers, history = [], []

    def build(name, comment, fill):
        path = os.path.join(work, name + ".tar.gz")
        layer = Layer(path)
        fill(layer)
        layers.append((path, layer.close()))
        history.append({"created": "1970-01-01T00:00:00Z", "created_by": comment})

    build("os", "Debian packages: " + open(a.packages, encoding="utf-8").read().strip().replace("\n", ", "),
          lambda l: _os_layer(l, a.os, _bundle(a.os)))
    build("jre", "Java runtime (jlink)", lambda l: l.add_tree(a.jre, "opt/java"))

    def tools(layer):
        for name, src in (("tofu", a.tofu), ("terraform", a.terraform), ("opa", a.opa)):
            with open(src, "rb") as fh:
                layer.add(*_entry("usr/local/bin/" + name, tarfile.REGTYPE, 0o755, data=fh.read()))
    build("tools", "tofu, terraform and opa at the pinned versions", tools)

    def mirror(layer):
        layer.add_tree(a.mirror, "opt/plumbline/providers")
        layer.add(*_entry("opt/plumbline/tofurc.offline", tarfile.REGTYPE, 0o644, data=_tofurc_offline()))
    build("providers", "provider mirror (used only with PLUMBLINE_TF_CLI_CONFIG=/opt/plumbline/tofurc.offline)",
          mirror)

    v = _versions(a.versions)
    providers = ",".join(f"hashicorp/{p}={v['PROVIDER_' + p + '_VERSION']}" for p in v["PROVIDERS"].split(","))
    config = {
        "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
        "config": {
            "Env": ["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
            "Labels": {"dev.plumbline.tofu.version": v["TOFU_VERSION"],
                       "dev.plumbline.terraform.version": v["TERRAFORM_VERSION"],
                       "dev.plumbline.opa.version": v["OPA_VERSION"],
                       "dev.plumbline.providers": providers},
        },
        "rootfs": {"type": "layers", "diff_ids": [d for _, d in layers]},
        "history": history,
    }
    raw = json.dumps(config, sort_keys=True, separators=(",", ":")).encode("utf-8")
    config_name = hashlib.sha256(raw).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": ["plumbline-base:latest"],
                 "Layers": [d.split(":")[1] + ".tar.gz" for _, d in layers]}]
    with tarfile.open(a.out, "w", format=tarfile.PAX_FORMAT) as out:
        def put(name, data=None, path=None):
            info = tarfile.TarInfo(name)
            info.mtime, info.mode = EPOCH, 0o644
            if path is not None:
                info.size = os.path.getsize(path)
                with open(path, "rb") as fh:
                    out.addfile(info, fh)
            else:
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
        put("manifest.json", json.dumps(manifest).encode("utf-8"))
        put(config_name, raw)
        for path, diff_id in layers:
            put(diff_id.split(":")[1] + ".tar.gz", path=path)
            os.remove(path)


if __name__ == "__main__":
    main()
