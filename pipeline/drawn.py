"""What a page draws versus what its text layer says: the verifier's check on two blind spots.

Detection and the other checks read the text layer.  Two things put a name on the page
that the text layer does not hold:

- a font whose ToUnicode map disagrees with its glyphs: the page draws "Jansen", the
  text layer says "Xxxxxx".  For simple fonts the glyph each code draws is named by the
  font's encoding (base encoding + /Differences, Adobe glyph names); a code that is
  drawn and whose glyph name and ToUnicode value are different letters or digits is a
  mismatch.  For two-byte (Type0, Identity) TrueType fonts the embedded font's own
  cmap table says which characters each glyph is for.  Subset fonts without a cmap, CFF
  fonts and symbolic fonts without an encoding name no glyphs and are not checked.
- an image with text on a page that also has a text layer (a pasted screenshot of an
  e-mail): each image of some size is rendered as the page shows it (boxes already
  painted over it) and read with Tesseract (nld).  Words that the page's text layer
  does not hold are image text; a redacted string's word among them, or more than
  ``IMAGE_TEXT_WORDS`` of them, hold the document.

Each finding is an :class:`Issue`.  A handler registered in ``HANDLERS`` (the OCR
module, which can redact image text) may take an issue over; what no handler takes
becomes a verification problem, so the document is ``failed`` with a reason a
coordinator can act on.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from pipeline.model import Secret

IMAGE_TEXT_WORDS = 8  # image words not in the text layer above which a page waits for review
# ... or this share of the text layer's words: a scan with an OCR text layer differs by misreads.
IMAGE_TEXT_SHARE = 0.15
SCAN_SHARE = 0.8  # an image covering this much of the page makes it a scanned page
MIN_IMAGE_PT = (72.0, 18.0)  # images smaller than this (in points, either way round) are not read
OCR_DPI = 200
MAX_PX = 2500  # larger images are read scaled down (Tesseract's time grows with the pixels)
OCR_MIN_CONF = 70.0
_SIMPLE_FONTS = {"/Type1", "/TrueType", "/MMType1"}
_WORD = re.compile(r"[^\W\d_]{3,}|\d{5,}")


@dataclass(frozen=True)
class Issue:
    """One page where the drawing and the text layer may differ; ``reason`` names no secret text."""

    page: int  # 0-based
    kind: str  # "tounicode" or "image-text"
    reason: str


# Handlers that can resolve an issue (e.g. pipeline.ocr redacting image text): called with
# the output path and the issue, True when it is dealt with.  Empty: every issue holds the document.
# An issue of kind "image" asks, before the verifier reads a page's images, whether a handler
# reads them itself.  ``pipeline.ocr.handle_drawn_issue``, when that module defines it, is one.
HANDLERS: list[Callable[[Path, Issue], bool]] = []


def _handlers() -> list[Callable[[Path, Issue], bool]]:
    try:
        from pipeline import ocr  # the OCR module, for its optional handle_drawn_issue hook
    except ImportError:
        return HANDLERS
    hook = getattr(ocr, "handle_drawn_issue", None)
    return [*HANDLERS, hook] if callable(hook) and hook not in HANDLERS else HANDLERS


def check_drawn(
    path: Path, secrets: Sequence[Secret], pages_text: Sequence[str] | None = None
) -> tuple[list[str], list[str]]:
    """Problems (issues no handler took) and what was checked, for the written PDF ``path``."""
    issues: list[Issue] = []
    with pikepdf.open(path) as pdf:
        issues += tounicode_issues(pdf)
    checks = ["drawn text: fonts' ToUnicode maps compared with their glyph names"]
    if tesseract_ready():
        found, n_images = image_text_issues(path, secrets, pages_text)
        issues += found
        checks.append(f"drawn text: {n_images} images read with tesseract (nld)")
    else:
        checks.append("drawn text: tesseract with Dutch (nld) not installed, images not read")
        issues += [
            Issue(p, "image-text", f"page {p + 1}: its images were not read: install tesseract-ocr-nld")
            for p in _pages_with_text_and_images(path)
        ]
    handlers = _handlers()
    problems = [i.reason for i in issues if not any(h(path, i) for h in handlers)]
    return problems, checks


@functools.lru_cache(maxsize=1)
def tesseract_ready() -> bool:
    """Tesseract with its Dutch model is installed (without it images cannot be read)."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        res = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "nld" in res.stdout.decode("utf-8", "replace").split()


# --------------------------------------------------------------------------- fonts


def tounicode_issues(pdf: pikepdf.Pdf) -> list[Issue]:
    """Pages that draw, with a simple font, a code whose glyph and ToUnicode value are different letters.

    Fonts are compared first (cheap); only a page with a font that disagrees somewhere has
    its content parsed, to see whether it draws those codes.
    """
    out = []
    suspicious: dict[tuple[int, int], frozenset[int]] = {}
    for pno, page in enumerate(pdf.pages):
        if not any(_suspicious(f, suspicious) for f in _fonts(page.obj)):
            continue
        bad = 0
        for font, codes in _used_codes(page.obj).values():
            bad += len(_suspicious(font, suspicious) & codes)
        if bad:
            out.append(
                Issue(
                    pno,
                    "tounicode",
                    f"page {pno + 1}: a font draws {bad} characters other than its text layer says "
                    "(ToUnicode differs from the glyphs): check the page by hand",
                )
            )
    return out


def _fonts(holder, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    """The simple fonts in a page's resources and in those of its forms."""
    resources = holder.get("/Resources")
    if depth > 8 or not isinstance(resources, pikepdf.Dictionary):
        return
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        if isinstance(font, pikepdf.Dictionary) and _checkable(font):
            yield font
    for xo in resources.get("/XObject", pikepdf.Dictionary()).values():
        if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form":
            yield from _fonts(xo, depth + 1)


def _suspicious(font: pikepdf.Dictionary, cache: dict) -> frozenset[int]:
    """Codes whose glyph name and ToUnicode value are different letters or digits."""
    key = font.objgen if font.is_indirect else (id(font), -1)
    if key not in cache:
        cache[key] = frozenset(_mismatches(font))
    return cache[key]


def _used_codes(
    holder, seen: set | None = None
) -> dict[tuple[int, int], tuple[pikepdf.Dictionary, set[int]]]:
    """Simple fonts and the byte codes the content draws with them, forms included."""
    seen = set() if seen is None else seen
    out: dict[tuple[int, int], tuple[pikepdf.Dictionary, set[int]]] = {}
    resources = holder.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        return out
    fonts = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    try:
        ops = pikepdf.parse_content_stream(holder)
    except pikepdf.PdfError:
        return out
    font = None
    wide = False
    for operands, op in ops:
        name = str(op)
        if name == "Tf" and operands and isinstance(operands[0], pikepdf.Name):
            f = fonts.get(operands[0])
            font = f if isinstance(f, pikepdf.Dictionary) and _checkable(f) else None
            wide = font is not None and font.get("/Subtype") == "/Type0"
        elif name in ("Tj", "'", '"', "TJ") and font is not None and operands:
            items = operands[-1]
            strings = list(items) if isinstance(items, pikepdf.Array) else [items]
            key = font.objgen if font.is_indirect else (id(font), 0)
            entry = out.setdefault(key, (font, set()))
            for s in strings:
                if isinstance(s, pikepdf.String):
                    data = bytes(s)
                    if wide:  # Identity-H/V: two bytes per code
                        entry[1].update(
                            int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)
                        )
                    else:
                        entry[1].update(data)
        elif name == "Do" and operands and isinstance(operands[0], pikepdf.Name):
            xo = xobjects.get(operands[0])
            if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                for key, (f, codes) in _used_codes(xo, seen).items():
                    out.setdefault(key, (f, set()))[1].update(codes)
    return out


def _checkable(font: pikepdf.Dictionary) -> bool:
    """A simple font, or a Type0 font with two-byte Identity codes (what word processors write)."""
    sub = font.get("/Subtype")
    return sub in _SIMPLE_FONTS or (
        sub == "/Type0" and font.get("/Encoding") in ("/Identity-H", "/Identity-V")
    )


def _mismatches(font: pikepdf.Dictionary) -> list[int]:
    tu = font.get("/ToUnicode")
    if not isinstance(tu, pikepdf.Stream):
        return []
    try:
        glyphs = _cid_glyphs(font) if font.get("/Subtype") == "/Type0" else _encoding(font)
        if glyphs is None:
            return []
        told = _tounicode(bytes(tu.read_bytes()))
    except Exception:  # noqa: BLE001 - a font or map that cannot be read: the extractors saw the same
        return []
    bad = []
    for code, b in told.items():
        a = glyphs.get(code)
        if a is None:
            continue
        options = {_fold(x) for x in a} if isinstance(a, frozenset) else {_fold(a)}
        b = _fold(b)
        if b.isalnum() and all(x.isalnum() for x in options) and b not in options:
            bad.append(code)
    return bad


def _cid_glyphs(font: pikepdf.Dictionary) -> dict[int, frozenset[str]] | None:
    """CID -> the characters the embedded TrueType font's own cmap gives its glyph; None if unknown.

    The glyph a CID draws is CIDToGIDMap's (Identity when absent); the font program's
    cmap table says which characters that glyph is for.  Subset fonts without a cmap, and
    CFF fonts, are not checked.
    """
    kids = font.get("/DescendantFonts")
    cid_font = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else None
    if not isinstance(cid_font, pikepdf.Dictionary) or cid_font.get("/Subtype") != "/CIDFontType2":
        return None
    descriptor = cid_font.get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if isinstance(descriptor, pikepdf.Dictionary) else None
    if not isinstance(program, pikepdf.Stream):
        return None
    gid_chars = _truetype_chars(bytes(program.read_bytes()))
    if not gid_chars:
        return None
    to_gid = cid_font.get("/CIDToGIDMap")
    if isinstance(to_gid, pikepdf.Stream):
        table = bytes(to_gid.read_bytes())
        gids = {cid: int.from_bytes(table[2 * cid : 2 * cid + 2], "big") for cid in range(len(table) // 2)}
        return {cid: gid_chars[g] for cid, g in gids.items() if g in gid_chars}
    return gid_chars  # Identity: CID = glyph id


@functools.lru_cache(maxsize=64)
def _truetype_chars(data: bytes) -> dict[int, frozenset[str]]:
    """Glyph id -> characters, from a TrueType program's Unicode cmap ({} when it has none)."""
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
    cmap = tt.getBestCmap() or {}
    out: dict[int, set[str]] = {}
    for code, name in cmap.items():
        out.setdefault(tt.getGlyphID(name), set()).add(chr(code))
    return {gid: frozenset(chars) for gid, chars in out.items()}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@functools.lru_cache(maxsize=256)
def _tounicode(data: bytes) -> dict[int, str]:
    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    cmap = FileUnicodeMap()
    CMapParser(cmap, io.BytesIO(data)).run()
    return dict(cmap.cid2unichr)


def _encoding(font: pikepdf.Dictionary) -> dict[int, str] | None:
    """Code -> the character its glyph is named for; None when the font's encoding names no glyphs."""
    from pdfminer.encodingdb import EncodingDB, name2unicode

    enc = font.get("/Encoding")
    base, diff = None, None
    if isinstance(enc, pikepdf.Name):
        base = str(enc)[1:]
    elif isinstance(enc, pikepdf.Dictionary):
        base = str(enc.get("/BaseEncoding", "/StandardEncoding"))[1:]
        diff = enc.get("/Differences")
    if base is None:
        descriptor = font.get("/FontDescriptor")
        flags = int(descriptor.get("/Flags", 0)) if isinstance(descriptor, pikepdf.Dictionary) else 32
        if flags & 4 or font.get("/Subtype") == "/TrueType":
            return None  # symbolic: the font program's own encoding, unnamed here
        base = "StandardEncoding"
    if base not in ("StandardEncoding", "WinAnsiEncoding", "MacRomanEncoding", "PDFDocEncoding"):
        return None
    glyphs = dict(EncodingDB.get_encoding(base))
    if isinstance(diff, pikepdf.Array):
        code = 0
        for item in diff:
            if isinstance(item, int):
                code = int(item)
                continue
            if isinstance(item, pikepdf.Name):
                try:
                    glyphs[code] = name2unicode(str(item)[1:])
                except Exception:  # noqa: BLE001 - a private glyph name ("g23"): unknown
                    glyphs.pop(code, None)
                code += 1
    return glyphs


# --------------------------------------------------------------------------- images


def _image_boxes(pdf, index: int) -> list[tuple[float, float, float, float]]:
    """Where the page's images are drawn, in page points (left, bottom, right, top)."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        boxes = []
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
            left, bottom, right, top = bounds()
            w, h = right - left, top - bottom
            if max(w, h) >= MIN_IMAGE_PT[0] and min(w, h) >= MIN_IMAGE_PT[1]:
                boxes.append((left, bottom, right, top))
        return boxes
    finally:
        page.close()


def _pages_with_text_and_images(path: Path) -> list[int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            has_text = tp.count_chars() > 0
            tp.close()
            if has_text and _image_boxes(pdf, i):
                out.append(i)
        return out
    finally:
        pdf.close()


def image_text_issues(
    path: Path, secrets: Sequence[Secret], pages_text: Sequence[str] | None = None
) -> tuple[list[Issue], int]:
    """Images with text the text layer lacks, on pages that have a text layer; and how many were read."""
    import pypdfium2 as pdfium

    secret_words = {w for s in secrets for w in _words(s.text)}
    pdf = pdfium.PdfDocument(str(path))
    issues: list[Issue] = []
    n_images = 0
    try:
        for i in range(len(pdf)):
            boxes = _image_boxes(pdf, i)
            if not boxes:
                continue
            page = pdf[i]
            tp = page.get_textpage()
            layer = pages_text[i] if pages_text is not None and i < len(pages_text) else tp.get_text_range()
            has_text = tp.count_chars() > 0
            tp.close()
            if not has_text:
                page.close()
                continue  # a scanned page: the OCR stage's business, not a hidden channel
            if any(h(path, Issue(i, "image", f"page {i + 1}: images not read")) for h in _handlers()):
                page.close()
                continue  # a handler (OCR) reads this page's images itself
            rot = page.get_rotation()
            cx0, cy0, cx1, cy1 = page.get_cropbox()
            page_area = max((cx1 - cx0) * (cy1 - cy0), 1.0)
            scan = any((r - le) * (t - b) >= SCAN_SHARE * page_area for le, b, r, t in boxes)
            layer_words = set(_words(layer))
            extra: set[str] = set()
            for image in _images(page):
                n_images += 1
                # As stored and, on a turned page, as the reader sees it: an image may be either way up.
                views = [image, image.rotate(-rot, expand=True)] if rot else [image]
                extra |= {w for view in views for w in _ocr_words(view) if w not in layer_words}
            page.close()
            leaked = extra & secret_words
            if leaked:
                refs = sorted({s.ref for s in secrets if set(_words(s.text)) & leaked})
                issues.append(
                    Issue(i, "image-text", f"page {i + 1}: an image shows redacted text ({', '.join(refs)})")
                )
            elif len(extra) > max(IMAGE_TEXT_WORDS, IMAGE_TEXT_SHARE * len(layer_words)):
                what = (
                    f"page {i + 1}: the scanned page shows {len(extra)} words its text layer lacks: "
                    "OCR it again (ocrmypdf -l nld --redo-ocr) or check it by hand"
                    if scan
                    else f"page {i + 1}: an image holds text ({len(extra)} words) that the text layer "
                    "does not: check the image by hand or run OCR on the page"
                )
                issues.append(Issue(i, "image-text", what))
    finally:
        pdf.close()
    return issues, n_images


def _images(page) -> Iterator:
    """The page's images of some size as drawn (masks applied), grey, at most ``MAX_PX`` a side.

    The image itself, not the rendered page: text drawn over a background image is the
    text layer's, and reading it again would cost seconds a page.  Pixels under a
    redaction box are blanked in the image data itself by the writer.
    """
    import pypdfium2.raw as raw
    from PIL import Image

    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
        left, bottom, right, top = bounds()
        w, h = right - left, top - bottom
        if max(w, h) < MIN_IMAGE_PT[0] or min(w, h) < MIN_IMAGE_PT[1]:
            continue
        img = obj.get_bitmap(render=True).to_pil()
        if img.mode in ("RGBA", "LA"):
            white = Image.new("RGBA", img.size, (255, 255, 255, 255))
            img = Image.alpha_composite(white, img.convert("RGBA"))
        img = img.convert("L")
        # Low-resolution images are enlarged to ~OCR_DPI as shown: Tesseract needs ~20 px letters.
        target = min(max(w, h) / 72 * OCR_DPI, MAX_PX)
        if max(img.size) < 0.75 * target:
            factor = target / max(img.size)
            size = (round(img.width * factor), round(img.height * factor))
            img = img.resize(size, Image.Resampling.LANCZOS)
        if max(img.size) > MAX_PX:
            img.thumbnail((MAX_PX, MAX_PX))
        yield img


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_fold(text))]


def _ocr_words(image) -> list[str]:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return list(_ocr_png(buf.getvalue()))


@functools.lru_cache(maxsize=512)
def _ocr_png(png: bytes) -> tuple[str, ...]:
    """Words Tesseract reads with some confidence; cached by content (a logo repeats on every page)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    res = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "nld", "--psm", "11", "tsv"],
        input=png,
        capture_output=True,
        timeout=120,
        env=env,
        check=False,
    )
    if res.returncode != 0:
        raise RuntimeError("tesseract failed")
    words = []
    for line in res.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= OCR_MIN_CONF:
            words.extend(_words(cols[11]))
    return tuple(words)
