#!/usr/bin/env python3
"""Writes hand-crafted (often malicious) ZIP archives for the pack tests.

usage: make_zip.py SPEC.json OUTPUT.zip

SPEC is a JSON object:
  "base":    an existing archive whose entries are copied first (optional)
  "drop":    names of base entries to leave out
  "replace": {name: text} new contents for base entries
  "entries": list of new entries, each
      {"name": str, "text": str | "repeat": [char, count],
       "mode": int (Unix st_mode, e.g. 0o120777 for a symlink),
       "method": "stored" | "deflate",
       "claim_size": int (a lie written into the size headers)}
Duplicate names are written as given.
"""
import json
import struct
import sys
import warnings
import zipfile

warnings.simplefilter("ignore")  # zipfile warns about duplicate names; that is the point


def entry_bytes(entry):
    if "repeat" in entry:
        char, count = entry["repeat"]
        return char.encode() * count
    return entry.get("text", "").encode()


def main(spec_path, output):
    with open(spec_path) as f:
        spec = json.load(f)
    lies = {}
    with zipfile.ZipFile(output, "w") as out:
        if "base" in spec:
            with zipfile.ZipFile(spec["base"]) as base:
                for info in base.infolist():
                    if info.filename in spec.get("drop", []):
                        continue
                    data = base.read(info.filename)
                    if info.filename in spec.get("replace", {}):
                        data = spec["replace"][info.filename].encode()
                    out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for entry in spec.get("entries", []):
            info = zipfile.ZipInfo(entry["name"], date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = entry.get("mode", 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED if entry.get("method", "deflate") == "deflate" else zipfile.ZIP_STORED
            out.writestr(info, entry_bytes(entry))
            if "claim_size" in entry:
                lies[entry["name"]] = entry["claim_size"]
    if lies:
        patch_sizes(output, lies)


def patch_sizes(path, lies):
    """Overwrites the uncompressed size in local and central headers."""
    data = bytearray(open(path, "rb").read())
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        name = data[pos + 46: pos + 46 + name_len].decode()
        if name in lies:
            struct.pack_into("<I", data, pos + 24, lies[name])
            local = struct.unpack_from("<I", data, pos + 42)[0]
            struct.pack_into("<I", data, local + 22, lies[name])
        pos += 4
    open(path, "wb").write(bytes(data))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
