"""The document model every stage shares: pages, characters with boxes, text with offsets.

Coordinates are pdfplumber's: points, origin at the top-left of the page as
pdfplumber presents it (``page.bbox``), ``top`` growing downwards.  The writer
(`pipeline.redact`) converts them for its engine; nothing else needs to.

The analysis text of a page is built from its characters in reading order.  Each
text offset maps back to the index of the character it came from (or -1 for a
synthetic space or newline), so a finding on the text becomes a set of glyph
boxes on the page.  Line-end hyphenation is rejoined in the text ("Jan-" +
"sen" -> "Jansen") while the hyphen glyph stays in the page's character list: a
span covering both halves covers the hyphen too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on one page, in pdfplumber coordinates."""

    page: int  # 0-based page index
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


class Char(NamedTuple):
    """One glyph as extracted: its text and its box.

    A named tuple, not a frozen dataclass: pages hold thousands of these and a frozen
    dataclass takes three times as long to create (extraction and unpack_document
    create one per glyph).
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    upright: bool = True
    line: int = -1  # index of the text line this glyph belongs to (any writing direction)


@dataclass(slots=True)
class Page:
    """One page: its characters, its analysis text and the offset map between them."""

    index: int  # 0-based
    width: float
    height: float
    chars: list[Char] | PackedChars = field(default_factory=list)  # PackedChars: read back from storage
    text: str = ""
    # char_map[i] is the index in ``chars`` of text[i], or -1 for synthetic whitespace.
    char_map: list[int] = field(default_factory=list)
    image_count: int = 0
    # Fraction of the page area covered by images (0..1), for scan detection.
    image_coverage: float = 0.0
    # The visible area (CropBox) in the same coordinates as the chars: what a viewer shows.
    cropbox: tuple[float, float, float, float] | None = None

    @property
    def has_text(self) -> bool:
        return any(not c.text.isspace() for c in self.chars)

    def span_chars(self, start: int, end: int) -> list[int]:
        """Indices of every glyph a text span [start, end) covers, hyphens included."""
        idx = [self.char_map[i] for i in range(start, end) if self.char_map[i] >= 0]
        if not idx:
            return []
        lo, hi = min(idx), max(idx)
        return list(range(lo, hi + 1))

    def span_boxes(self, start: int, end: int) -> list[Box]:
        """Boxes covering a text span: one per line (glyphs merged), in reading order."""
        boxes: list[Box] = []
        current: list[Char] = []
        for ci in self.span_chars(start, end):
            ch = self.chars[ci]
            if current and not _same_line(current[-1], ch):
                boxes.extend(_boxes(self.index, current))
                current = []
            if not ch.text.isspace():
                current.append(ch)
        if current:
            boxes.extend(_boxes(self.index, current))
        return boxes


def _boxes(page: int, chars: list[Char]) -> list[Box]:
    """One box for a run of glyphs on a line; one per glyph when the line runs at an angle.

    The upright box around a 30-degree line holds the ends of the neighbouring words too.
    """
    first, last = chars[0], chars[-1]
    rise = abs((first.top + first.bottom) - (last.top + last.bottom)) / 2
    run = abs((first.x0 + first.x1) - (last.x0 + last.x1)) / 2
    height = max(c.bottom - c.top for c in chars)
    width = max(c.x1 - c.x0 for c in chars)
    if len(chars) > 1 and rise > 0.6 * height and run > 0.6 * width:
        return [_merge(page, [c]) for c in chars]
    return [_merge(page, chars)]


def _same_line(a: Char, b: Char) -> bool:
    if a.line >= 0 and b.line >= 0:
        return a.line == b.line
    mid_a = (a.top + a.bottom) / 2
    mid_b = (b.top + b.bottom) / 2
    tol = max(a.bottom - a.top, b.bottom - b.top, 1.0) / 2
    return abs(mid_a - mid_b) <= tol and b.x0 >= a.x0 - tol


def _merge(page: int, chars: list[Char]) -> Box:
    return Box(
        page,
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )


@dataclass(slots=True)
class Document:
    """An extracted PDF: its pages plus what the extractor learned about the file."""

    path: str
    pages: list[Page] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def pages_without_text(self) -> list[int]:
        """Pages that carry an image but no text layer: they need OCR before release."""
        return [p.index for p in self.pages if not p.has_text and p.image_count > 0]


@dataclass(frozen=True, slots=True)
class RedactionArea:
    """A box to make unreadable, with the ground code printed on it."""

    box: Box
    ground: str  # e.g. "5.1.2e"
    label: bool = True  # print the ground code in this box (False for a finding's continuation lines)


@dataclass(frozen=True, slots=True)
class Secret:
    """A redacted string the verifier must not find in the output.

    ``allowed`` is how many whole-word occurrences may legitimately remain (the same
    string kept readable elsewhere on purpose, e.g. inside an organisation name);
    normally 0.  ``ref`` identifies it in reports without repeating the text.
    """

    ref: str
    text: str
    allowed: int = 0
    kind: str = ""  # "" a redacted string; "surname" or "digits" a part of one (pipeline.fragments)


# ---------------------------------------------------------------- compact storage

_BLOBS = ("text", "char_map", "char_text", "char_len", "char_num", "char_line", "char_upright")
_TEXT, _NUMS, _UPRIGHT, _LINE = itemgetter(0), itemgetter(1, 2, 3, 4, 5), itemgetter(6), itemgetter(7)


class PackedChars(Sequence):
    """A stored page's glyphs as columns; each Char is built when it is read.

    The second pass of a batch run reads the glyphs of its redactions, a few per
    span, not the ~2,000 of a page: building them all cost more than reading the file.
    Reads like the list of Chars it stands for (index, slice, iteration, ``==``).
    """

    __slots__ = ("_lines", "_nums", "_texts", "_upright")

    def __init__(self, texts: str | list[str], nums, upright: bytes, lines) -> None:
        self._texts, self._nums, self._upright, self._lines = texts, nums, upright, lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self._lines)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("glyph index out of range")
        v, k = self._nums, 5 * i
        return tuple.__new__(
            Char,
            (
                self._texts[i],
                v[k],
                v[k + 1],
                v[k + 2],
                v[k + 3],
                v[k + 4],
                bool(self._upright[i]),
                self._lines[i],
            ),
        )

    def __iter__(self) -> Iterator[Char]:
        v = self._nums
        columns = (
            self._texts,
            v[0::5],
            v[1::5],
            v[2::5],
            v[3::5],
            v[4::5],
            map(bool, self._upright),
            self._lines,
        )
        return map(tuple.__new__, repeat(Char), zip(*columns, strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list | PackedChars):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the list it stands for

    def __repr__(self) -> str:
        return f"PackedChars({len(self)} glyphs)"


def pack_document(doc: Document) -> bytes:
    """The document as compact bytes, so a batch's second pass need not extract it again.

    A JSON header plus binary arrays, zlib-compressed (about 20 KB per page); no pickle,
    so a file planted in the state folder cannot run code.  unpack_document gives back an
    equal Document: same floats, same offsets.
    """
    import json
    import zlib
    from array import array
    from itertools import chain

    head: dict = {"path": doc.path, "metadata": doc.metadata, "pages": []}
    blobs: list[bytes] = []
    for p in doc.pages:
        ch = p.chars
        texts = list(map(_TEXT, ch))  # itemgetter and map: no Python loop per glyph
        parts = {
            "text": p.text.encode("utf-8"),
            "char_map": array("i", p.char_map).tobytes(),
            "char_text": "".join(texts).encode("utf-8"),
            "char_len": array("I", map(len, texts)).tobytes(),
            "char_num": array("d", chain.from_iterable(map(_NUMS, ch))).tobytes(),
            "char_line": array("i", map(_LINE, ch)).tobytes(),
            "char_upright": bytes(map(_UPRIGHT, ch)),
        }
        head["pages"].append(
            {
                "index": p.index,
                "width": p.width,
                "height": p.height,
                "image_count": p.image_count,
                "image_coverage": p.image_coverage,
                "cropbox": p.cropbox,
                "sizes": [len(parts[k]) for k in _BLOBS],
            }
        )
        blobs.extend(parts[k] for k in _BLOBS)
    header = json.dumps(head).encode("ascii")  # \u escapes: a path's undecodable bytes survive the trip
    return zlib.compress(len(header).to_bytes(4, "big") + header + b"".join(blobs), 1)


def unpack_document(data: bytes) -> Document:
    """The Document pack_document stored; raises ValueError if the bytes are not one."""
    import json
    import zlib
    from array import array

    try:
        raw = zlib.decompress(data)
        n = int.from_bytes(raw[:4], "big")
        head = json.loads(raw[4 : 4 + n].decode("utf-8"))
        pos = 4 + n
        doc = Document(path=head["path"], metadata=head["metadata"])
        for ph in head["pages"]:
            parts = {}
            for key, size in zip(_BLOBS, ph["sizes"], strict=True):
                parts[key] = raw[pos : pos + size]
                pos += size
            lens, nums, lines, cmap = array("I"), array("d"), array("i"), array("i")
            lens.frombytes(parts["char_len"])
            nums.frombytes(parts["char_num"])
            lines.frombytes(parts["char_line"])
            cmap.frombytes(parts["char_map"])
            texts = parts["char_text"].decode("utf-8")
            upright = parts["char_upright"]
            count = len(lens)
            if len(nums) != 5 * count or len(lines) != count or len(upright) != count:
                raise ValueError("glyph columns differ in length")
            if lens.count(1) == count == len(texts):  # one code point per glyph (nearly always)
                glyph_texts: list[str] | str = texts
            else:
                glyph_texts, at = [], 0
                for k in lens:
                    glyph_texts.append(texts[at : at + k])
                    at += k
                if at != len(texts):
                    raise ValueError("glyph text lengths do not add up")
            chars = PackedChars(glyph_texts, nums, upright, lines)
            crop = ph["cropbox"]
            doc.pages.append(
                Page(
                    ph["index"],
                    ph["width"],
                    ph["height"],
                    chars,
                    parts["text"].decode("utf-8"),
                    cmap.tolist(),
                    ph["image_count"],
                    ph["image_coverage"],
                    tuple(crop) if crop else None,
                )
            )
    except (zlib.error, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"not a stored document: {exc}") from exc
    if pos != len(raw):
        raise ValueError("not a stored document: trailing bytes")
    return doc
