"""A minimal Outlook .msg writer for tests: an OLE2 compound file (CFB v3) with MAPI streams.

No library on PyPI writes new compound files (olefile only reads and
overwrites streams in place), so this writes one from the specification
([MS-CFB]: header, FAT, mini FAT, mini stream, red-black directory tree) with
the property layout of [MS-OXMSG]: string properties as `__substg1.0_XXXX001F`
streams (UTF-16LE), binary ones as `…0102`, fixed-size ones in the
`__properties_version1.0` stream of each storage; one storage per recipient
(`__recip_version1.0_#0000000N`) and attachment (`__attach_version1.0_#…`).
Only what extract-msg (the reader the app uses) and Outlook need to open it.
"""

from __future__ import annotations

import datetime
import struct

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102


# --- compound file -------------------------------------------------------------------


class _Node:
    def __init__(self, name: str, data: bytes | None = None):
        self.name = name
        self.data = data  # None: a storage
        self.children: dict[str, _Node] = {}
        self.id = 0
        self.left = self.right = self.child = NOSTREAM
        self.start = ENDOFCHAIN
        self.size = 0


def _key(node: _Node) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names first, then by upper-case code points.
    return (len(node.name), node.name.upper())


def _tree(nodes: list[_Node]) -> int:
    """A balanced binary search tree of siblings (all black: valid red-black); its root id."""
    if not nodes:
        return NOSTREAM
    middle = len(nodes) // 2
    root = nodes[middle]
    root.left = _tree(nodes[:middle])
    root.right = _tree(nodes[middle + 1 :])
    return root.id


def _entry(node: _Node | None, kind: int) -> bytes:
    if node is None:
        return (
            b"\0" * 64
            + struct.pack("<HBB3I", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM)
            + (b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", 0, 0))
        )
    name = node.name.encode("utf-16-le") + b"\0\0"
    assert len(name) <= 64, node.name
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(name), kind, 1, node.left, node.right, node.child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification time
        + struct.pack("<IQ", node.start, node.size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding `streams` ("storage/sub/stream" paths → content)."""
    root = _Node("Root Entry")
    for path, data in streams.items():
        *storages, name = path.split("/")
        node = root
        for storage in storages:
            node = node.children.setdefault(storage, _Node(storage))
        node.children[name] = _Node(name, data)

    order: list[_Node] = []

    def number(node: _Node) -> None:
        node.id = len(order)
        order.append(node)
        for child in node.children.values():
            number(child)

    number(root)
    for node in order:
        node.child = _tree(sorted(node.children.values(), key=_key))

    # Stream contents: small ones in the mini stream, the others in sectors.
    mini_stream, mini_fat = bytearray(), []
    big: list[_Node] = []
    for node in order:
        if node.data is None:
            continue
        node.size = len(node.data)
        if node.size == 0:
            node.start = ENDOFCHAIN
        elif node.size < MINI_CUTOFF:
            count = -(-node.size // MINI_SECTOR)
            node.start = len(mini_fat)
            mini_fat += [node.start + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
            mini_stream += node.data.ljust(count * MINI_SECTOR, b"\0")
        else:
            big.append(node)

    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(data: bytes, marker: int | None = None) -> int:
        if not data:
            return ENDOFCHAIN
        count = -(-len(data) // SECTOR)
        start = len(sectors)
        for i in range(count):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(marker if marker is not None else (start + i + 1))
        if marker is None:
            fat[-1] = ENDOFCHAIN
        return start

    for node in big:
        node.start = allocate(node.data)
    root.start = allocate(bytes(mini_stream))
    root.size = len(mini_stream)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    per_sector = SECTOR // 4
    if mini_fat:
        mini_fat_bytes += struct.pack("<I", FREESECT) * (-len(mini_fat) % per_sector)
    mini_fat_start = allocate(mini_fat_bytes)
    entries = b"".join(_entry(n, 5 if n is root else (1 if n.data is None else 2)) for n in order)
    entries += _entry(None, 0) * (-len(order) % (SECTOR // 128))
    directory_start = allocate(entries)

    # FAT sectors cover every sector including themselves.
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * per_sector:
        fat_count += 1
    assert fat_count <= 109, "too large for a header-only DIFAT"
    fat_start = len(sectors)
    fat += [FATSECT] * fat_count
    fat += [FREESECT] * (fat_count * per_sector - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    for i in range(fat_count):
        sectors.append(fat_bytes[i * SECTOR : (i + 1) * SECTOR])

    difat = [fat_start + i for i in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,  # directory sectors (0 in version 3)
            fat_count,
            directory_start,
            0,  # transaction signature
            MINI_CUTOFF,
            mini_fat_start if mini_fat else ENDOFCHAIN,
            len(mini_fat_bytes) // SECTOR,
            ENDOFCHAIN,  # first DIFAT sector
            0,  # DIFAT sectors
        )
        + struct.pack("<109I", *difat)
    )
    assert len(header) == SECTOR
    return header + b"".join(sectors)


# --- MAPI properties -------------------------------------------------------------------


def _filetime(moment: datetime.datetime) -> int:
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)
    return int((moment - epoch).total_seconds() * 10_000_000)


class _Properties:
    """The streams and the fixed-size property table of one storage."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.streams: dict[str, bytes] = {}
        self.table = bytearray()

    def text(self, prop: int, value: str) -> None:
        data = value.encode("utf-16-le")
        self.streams[f"{self.prefix}__substg1.0_{prop:04X}{PT_UNICODE:04X}"] = data
        self.table += struct.pack("<IIII", (prop << 16) | PT_UNICODE, 6, len(data) + 2, 0)

    def binary(self, prop: int, value: bytes) -> None:
        self.streams[f"{self.prefix}__substg1.0_{prop:04X}{PT_BINARY:04X}"] = value
        self.table += struct.pack("<IIII", (prop << 16) | PT_BINARY, 6, len(value), 0)

    def long(self, prop: int, value: int) -> None:
        self.table += struct.pack("<IIiI", (prop << 16) | PT_LONG, 6, value, 0)

    def time(self, prop: int, value: datetime.datetime) -> None:
        self.table += struct.pack("<IIQ", (prop << 16) | PT_SYSTIME, 6, _filetime(value))

    def finish(self, header: bytes) -> dict[str, bytes]:
        return {**self.streams, f"{self.prefix}__properties_version1.0": header + self.table}


def msg(
    *,
    betreff: str = "Bauantrag Müller",
    absender_name: str = "Erika Müller",
    absender: str = "erika.mueller@example.org",
    empfaenger: str = "poststelle@meinhard.de",
    datum: datetime.datetime | None = None,
    text: str = "Sehr geehrte Damen und Herren,\r\nanbei mein Antrag.\r\n",
    anhaenge: list[tuple[str, bytes]] = (),
) -> bytes:
    """An Outlook mail (IPM.Note) with sender, recipient, date, body and attachments."""
    datum = datum or datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.UTC)
    message = _Properties("")
    message.text(0x001A, "IPM.Note")  # message class
    message.text(0x0037, betreff)  # subject
    message.text(0x0E1D, betreff)  # normalized subject
    message.text(0x0C1A, absender_name)  # sender name
    message.text(0x0C1F, absender)  # sender e-mail address
    message.text(0x0C1E, "SMTP")  # sender address type
    message.text(0x5D01, absender)  # sender SMTP address
    message.text(0x0E04, empfaenger)  # display To
    message.text(0x1000, text)  # body
    message.time(0x0039, datum)  # client submit time (extract-msg's "date")
    message.time(0x0E06, datum)  # delivery time
    message.long(0x0E07, 1)  # message flags: read, sent (no unsent flag 8)
    message.long(0x340D, 0x00040000)  # store support mask: Unicode strings
    message.long(0x3FDE, 65001)  # internet code page: UTF-8
    streams: dict[str, bytes] = {}

    recipient = _Properties("__recip_version1.0_#00000000/")
    recipient.text(0x3001, empfaenger)  # display name
    recipient.text(0x3003, empfaenger)  # e-mail address
    recipient.text(0x3002, "SMTP")  # address type
    recipient.text(0x39FE, empfaenger)  # SMTP address
    recipient.long(0x0C15, 1)  # recipient type: To
    recipient.long(0x3000, 0)  # row id
    streams.update(recipient.finish(b"\0" * 8))

    for n, (name, data) in enumerate(anhaenge):
        attachment = _Properties(f"__attach_version1.0_#{n:08X}/")
        attachment.binary(0x3701, data)  # data
        attachment.text(0x3707, name)  # long file name
        attachment.text(0x3704, name[:12])  # (short) file name
        attachment.text(0x3703, "." + name.rsplit(".", 1)[-1] if "." in name else "")
        attachment.long(0x3705, 1)  # attach method: by value
        attachment.long(0x0E21, n)  # attach number
        attachment.long(0x370B, -1)  # rendering position
        streams.update(attachment.finish(b"\0" * 8))

    # Named-property mapping (empty: the mail uses none).
    for stream in ("00020102", "00030102", "00040102"):
        streams[f"__nameid_version1.0/__substg1.0_{stream}"] = b""
    header = b"\0" * 8 + struct.pack("<IIII", 1, len(anhaenge), 1, len(anhaenge)) + b"\0" * 8
    streams.update(message.finish(header))
    return compound_file(streams)
