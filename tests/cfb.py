"""A minimal Compound File (CFB, version 3) writer, to build Outlook .msg test inputs.

No .msg writer exists under a licence woo-redact can use in tests, so this builds the
few structures the MSG format needs: storages, streams (small ones in the mini stream),
one FAT, no DIFAT sectors (files under ~7 MB).  Directory siblings are chained to the
right in the spec's order (by length, then upper-case name).
"""

from __future__ import annotations

import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _sectors(data: bytes, size: int) -> list[bytes]:
    padded = data + b"\0" * (-len(data) % size)
    return [padded[i : i + size] for i in range(0, len(padded), size)]


def write_cfb(tree: dict) -> bytes:
    """``tree``: {name: bytes (a stream) or dict (a storage)} -> the compound file's bytes."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "kids": []}]

    def add(node: dict, parent: int) -> None:
        for name, value in node.items():
            idx = len(entries)
            entries.append({"name": name, "type": 1 if isinstance(value, dict) else 2, "kids": []})
            entries[parent]["kids"].append(idx)
            if isinstance(value, dict):
                add(value, idx)
            else:
                entries[idx]["data"] = value

    add(tree, 0)
    mini_stream, minifat = b"", []
    big: list[tuple[int, bytes]] = []
    for i, e in enumerate(entries):
        data = e.get("data")
        if data is None:
            continue
        if len(data) < CUTOFF:
            chunks = _sectors(data, MINI) if data else []
            e["start"] = len(minifat) if chunks else END
            for n in range(len(chunks)):
                minifat.append(len(minifat) + 1 if n < len(chunks) - 1 else END)
            mini_stream += b"".join(chunks)
        else:
            big.append((i, data))
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        chunks = _sectors(data, SECTOR)
        if not chunks:
            return END
        start = len(sectors)
        for n, chunk in enumerate(chunks):
            sectors.append(chunk)
            fat.append(start + n + 1 if n < len(chunks) - 1 else END)
        return start

    entries[0]["start"] = place(mini_stream)
    entries[0]["data"] = mini_stream
    for i, data in big:
        entries[i]["start"] = place(data)
    minifat_start = place(b"".join(struct.pack("<I", x) for x in minifat)) if minifat else END
    minifat_count = len(_sectors(b"\0" * 4 * len(minifat), SECTOR)) if minifat else 0
    for e in entries:  # siblings: a right-leaning chain in the spec's order
        kids = sorted(e["kids"], key=lambda k: (len(entries[k]["name"]), entries[k]["name"].upper()))
        e["child"] = kids[0] if kids else NOSTREAM
        for n, kid in enumerate(kids):
            entries[kid]["right"] = kids[n + 1] if n + 1 < len(kids) else NOSTREAM
    directory = b""
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            e["type"],
            1,
            NOSTREAM,
            e.get("right", NOSTREAM),
            e["child"],
            b"\0" * 16,
            0,
            0,
            0,
            e.get("start", END) if e["type"] != 1 else 0,
            len(e.get("data", b"")),
        )
    directory += b"\0" * (-len(directory) % SECTOR)  # empty entries: all zero is "unused"
    dir_start = place(directory)
    nfat = 1
    while (len(sectors) + nfat) * 4 > nfat * SECTOR:
        nfat += 1
    assert nfat <= 109, "too large for this writer"
    fat_start = len(sectors)
    fat += [FATSECT] * nfat
    sectors += _sectors(
        b"".join(struct.pack("<I", x) for x in fat) + b"\xff" * (nfat * SECTOR - 4 * len(fat)), SECTOR
    )
    difat = [fat_start + n for n in range(nfat)] + [FREE] * (109 - nfat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        nfat,
        dir_start,
        0,
        CUTOFF,
        minifat_start,
        minifat_count,
        END,
        0,
    ) + b"".join(struct.pack("<I", x) for x in difat)
    return header + b"".join(sectors)


# ----------------------------------------------------------------------------- MSG

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102


def _props(values: list[tuple[int, int, object]], header: bytes) -> tuple[bytes, dict]:
    """A property stream and the substg streams of its variable-length values."""
    import datetime as dt

    stream, subs = header, {}
    for pid, ptype, value in values:
        tag = struct.pack("<HHI", ptype, pid, 6)
        if ptype == PT_LONG:
            stream += tag + struct.pack("<II", int(value), 0)
        elif ptype == PT_SYSTIME:
            ticks = int((value - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10_000_000)
            stream += tag + struct.pack("<Q", ticks)
        else:
            data = str(value).encode("utf-16-le") if ptype == PT_UNICODE else bytes(value)
            subs[f"__substg1.0_{pid:04X}{ptype:04X}"] = data
            stream += tag + struct.pack("<II", len(data) + (2 if ptype == PT_UNICODE else 0), 0)
    return stream, subs


def msg_file(
    subject: str,
    sender: tuple[str, str],
    recipients: list[tuple[int, str, str]],
    body: str,
    sent,
    message_id: str = "",
    attachments: list[tuple[str, bytes]] = (),
) -> bytes:
    """An Outlook message: ``recipients`` as (1 To / 2 CC / 3 BCC, name, address)."""
    props = [
        (0x001A, PT_UNICODE, "IPM.Note"),
        (0x0037, PT_UNICODE, subject),
        (0x1000, PT_UNICODE, body),
        (0x0C1A, PT_UNICODE, sender[0]),
        (0x0C1F, PT_UNICODE, sender[1]),
        (0x0039, PT_SYSTIME, sent),
        (0x340D, PT_LONG, 0x00040000),  # store support mask: Unicode strings
    ]
    if message_id:
        props.append((0x1035, PT_UNICODE, message_id))
    n_r, n_a = len(recipients), len(attachments)
    stream, tree = _props(props, struct.pack("<8xIIII8x", n_r, n_a, n_r, n_a))
    tree["__properties_version1.0"] = stream
    tree["__nameid_version1.0"] = {}
    for i, (kind, name, addr) in enumerate(recipients):
        s, subs = _props(
            [(0x0C15, PT_LONG, kind), (0x3001, PT_UNICODE, name), (0x39FE, PT_UNICODE, addr)], b"\0" * 8
        )
        tree[f"__recip_version1.0_#{i:08X}"] = {"__properties_version1.0": s, **subs}
    for i, (name, data) in enumerate(attachments):
        s, subs = _props(
            [(0x3705, PT_LONG, 1), (0x3707, PT_UNICODE, name), (0x3701, PT_BINARY, data)], b"\0" * 8
        )
        tree[f"__attach_version1.0_#{i:08X}"] = {"__properties_version1.0": s, **subs}
    tree.update(_props_subs_only(props))
    return write_cfb(tree)


def _props_subs_only(props) -> dict:
    return _props(props, b"")[1]
