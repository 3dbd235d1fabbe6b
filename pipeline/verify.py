"""The fail-closed verifier: re-read a written PDF and look for every redacted string.

Independent of the writer: text from pdfplumber and pypdfium2 (and ``pdftotext`` when
installed), the decompressed bytes of every object, and the document-level side
channels (Info, XMP, annotations, attachments, JavaScript, outlines, hidden layers).
Anything it cannot check counts as a problem.  Problems name a secret only by its
``ref``: the log is published and must not repeat what was redacted.

The raw-byte search is skipped for secrets with ``allowed > 0`` (legitimate copies
remain) and for secrets shorter than 4 characters, which would match random bytes in
fonts and images; the text extractors still check those.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
from pdfplumber.utils import extract_text as plumber_text

from pipeline import textforms
from pipeline.drawn import check_drawn
from pipeline.fragments import scan_fragments
from pipeline.model import Secret
from pipeline.tags import is_own_xmp, structure_problems
from pipeline.textnorm import visible_text

RAW_MIN_LEN = 4
_INFO_ALLOWED = {"/Producer", "/CreationDate", "/ModDate", "/Title"}  # Title: redacted (pipeline.tags)
_INFO_KNOWN = ("/Author", "/Title", "/Subject", "/Keywords", "/Creator")
_LABEL_RE = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3} ?[a-z]")
_IMAGE_CODECS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}


@dataclass
class VerifyResult:
    """``passed`` only when no problem was found; ``checks`` says what was looked at."""

    passed: bool
    problems: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


THOROUGH = ("pdfplumber", "pypdfium2", "pdftotext")
FAST = ("pypdfium2", "pdftotext")  # two independent C/C++ engines (PDFium, Poppler): ~10x faster


def effective_extractors(extractors: Sequence[str]) -> tuple[str, ...]:
    """The extractors that really run: without pdftotext installed, pdfplumber takes its
    place, so that never fewer than two independent extractors read the output."""
    wanted = list(extractors)
    if "pdftotext" in wanted and shutil.which("pdftotext") is None:
        wanted.remove("pdftotext")
        if "pdfplumber" not in wanted:
            wanted.insert(0, "pdfplumber")
    return tuple(wanted)


def verify_pdf(
    path: Path,
    secrets: Sequence[Secret],
    *,
    expected_labels: int | None = None,
    extractors: Sequence[str] = THOROUGH,
) -> VerifyResult:
    """Check a redacted PDF for leftover secrets and side channels; any doubt is a problem.

    ``extractors``: THOROUGH (default) re-reads the output with pdfplumber, pypdfium2 and
    pdftotext; FAST drops pdfplumber, the slowest, and needs pdftotext so that two
    independent extractors remain (without it, pdfplumber is used after all).
    """
    path = Path(path)
    problems: list[str] = []
    checks: list[str] = []
    texts: dict[str, list[list[str]]] = {}  # extractor -> page -> alternative texts
    wanted = effective_extractors(extractors)
    if "pdftotext" in extractors and "pdftotext" not in wanted:
        checks.append("pdftotext: not installed, skipped")
    readers = {"pdfplumber": _pdfplumber_pages, "pypdfium2": _pdfium_pages, "pdftotext": _pdftotext_pages}
    for name, extractor in ((n, readers[n]) for n in wanted):
        try:
            pages = extractor(path)
        except Exception as exc:  # noqa: BLE001 - any failure to read means "not verified"
            problems.append(f"{name} could not read the file ({type(exc).__name__})")
            continue
        if pages is None:
            checks.append(f"{name}: not installed, skipped")
            continue
        texts[name] = pages
        checks.append(f"{name}: text of {len(pages)} pages searched")

    # Normalised variants once per page, not once per secret and page; and per extractor one
    # string of all of them, so that the usual case (the secret is gone) costs one search.
    variants = {
        name: [[v for t in alts for v in _variants(t)] for alts in pages] for name, pages in texts.items()
    }
    haystacks = {name: "\x00".join(v for vs in pages for v in vs) for name, pages in variants.items()}
    for secret in secrets:
        target = _norm_secret(secret.text)
        if not target:
            continue
        pattern = None
        for name, pages in variants.items():
            if target not in haystacks[name]:
                continue
            pattern = pattern or re.compile(r"(?<!\w)" + re.escape(target) + r"(?!\w)")
            counts = [max((len(pattern.findall(v)) for v in vs if target in v), default=0) for vs in pages]
            total = sum(counts)
            if total > secret.allowed:
                where = ", ".join(str(i + 1) for i, n in enumerate(counts) if n)
                problems.append(
                    f"{secret.ref} found {total}x by {name} on page {where} (allowed {secret.allowed})"
                )

    if expected_labels is not None:
        for name in ("pdfplumber", "pypdfium2"):
            if name in texts:
                found = sum(max(len(_LABEL_RE.findall(_norm_plain(t))) for t in alts) for alts in texts[name])
                if found < expected_labels:
                    problems.append(f"{name} finds {found} ground labels, expected {expected_labels}")
        checks.append(f"ground labels: expected at least {expected_labels}")

    try:  # what pages draw against what their text layer says (fonts' ToUnicode, text in images)
        layer = [alts[0] for alts in texts["pypdfium2"]] if "pypdfium2" in texts else None
        drawn_problems, checked = check_drawn(path, secrets, layer)
        problems.extend(drawn_problems)
        checks.extend(checked)
    except Exception as exc:  # noqa: BLE001 - not checked means not verified
        problems.append(f"drawn text could not be checked ({type(exc).__name__})")

    try:
        _check_structure(path, secrets, problems, checks)
    except pikepdf.PasswordError:
        problems.append("output is encrypted")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"file structure could not be checked ({type(exc).__name__})")
    try:  # the structure tree and title are a leak channel (pipeline.tags)
        problems.extend(structure_problems(path, secrets))
        checks.append("structure tree and title: every string searched")
    except Exception as exc:  # noqa: BLE001 - unreadable tree: not verified
        problems.append(f"structure tree could not be checked ({type(exc).__name__})")
    return VerifyResult(passed=not problems, problems=problems, checks=checks)


# --------------------------------------------------------------------------- text


def _pdfplumber_pages(path: Path) -> list[list[str]]:
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = dedupe_chars(_plumber_chars(page))
            # Layout text, plus the glyphs in content order: on rotated pages the layout
            # text puts every word on its own line, which would hide a two-word name.
            out.append([plumber_text(chars), _join_chars(chars)])
    return out


def _plumber_chars(page: pdfplumber.page.Page) -> list[dict]:
    """The glyphs of pdfplumber's layout, with the attributes text extraction uses.

    ``page.chars`` resolves every attribute of every glyph (colours, colour spaces,
    matrices) into a dict, which costs more than parsing the page; verification needs
    only text and position, computed the way pdfplumber computes them.
    """
    from pdfminer.layout import LTChar, LTContainer

    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    out: list[dict] = []
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
        elif isinstance(obj, LTChar):
            top = height - obj.y1 + mb_top
            out.append(
                {
                    "text": obj.get_text(),
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": top,
                    "bottom": height - obj.y0 + mb_top,
                    "doctop": page.initial_doctop + top,
                    "size": obj.size,
                    "fontname": obj.fontname,
                    "upright": obj.upright,
                }
            )
    return out


def dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop a glyph drawn again at (almost) the same place: fake bold would read "JJaann".

    What pdfplumber's ``dedupe_chars`` does (same text, font, size and upright flag within
    ``tolerance`` points), in linear time: its version sorts by ``list.index``, which is
    quadratic and cost more than parsing the page.
    """
    from pipeline.layers import dedupe_tolerance

    seen: dict[tuple, list[tuple[float, float]]] = {}
    out = []
    for c in chars:
        x, y = float(c["x0"]), float(c["doctop"])
        ident = (c["text"], c.get("fontname"), c.get("size"), c.get("upright"))
        gx, gy = int(x // tolerance), int(y // tolerance)
        tol = min(tolerance, dedupe_tolerance(float(c.get("size") or 0)))  # tiny text: 0.1 pt letters
        dup = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py in seen.get((ident, gx + dx, gy + dy), ()):
                    if abs(px - x) <= tol and abs(py - y) <= tol:
                        dup = True
        if not dup:
            seen.setdefault((ident, gx, gy), []).append((x, y))
            out.append(c)
    return out


def _join_chars(chars: list[dict]) -> str:
    """Glyphs in content-stream order, with a space where there is a gap or a new line."""
    parts: list[str] = []
    prev = None
    for c in chars:
        if prev is not None:
            size = max(float(prev.get("size") or 0), 1.0)
            if prev.get("upright", True):
                same_line = abs(c["top"] - prev["top"]) < size / 2
                gap = c["x0"] - prev["x1"]
            else:
                same_line = abs(c["x0"] - prev["x0"]) < size / 2
                gap = min(abs(c["top"] - prev["bottom"]), abs(prev["top"] - c["bottom"]))
            if not same_line or gap > size * 0.2:
                parts.append(" ")
        parts.append(c["text"])
        prev = c
    return "".join(parts)


def _pdfium_pages(path: Path) -> list[list[str]]:
    return [[t] for t in textforms.pdfium_page_texts(path)]


def _pdftotext_pages(path: Path) -> list[list[str]] | None:
    pages = textforms.pdftotext_page_texts(path)
    return None if pages is None else [[t] for t in pages]


def _norm_plain(text: str) -> str:
    text = visible_text(text)  # as detection read it: NFKC, zero-width characters and soft hyphens gone
    return text.replace("\r", "\n").replace("\x00", "").replace("\ufeff", "")


def _variants(text: str) -> list[str]:
    """Normalised forms of a page text (pipeline.textforms), white space collapsed and case folded."""
    return list(dict.fromkeys(textforms.collapse(v).casefold() for v in textforms.forms(text)))


def _norm_secret(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


# --------------------------------------------------------------------------- structure + bytes


def _check_structure(path: Path, secrets: Sequence[Secret], problems: list[str], checks: list[str]) -> None:
    raw_file = path.read_bytes()
    if raw_file.count(b"startxref") > 1:
        problems.append("file has an incremental update (old revisions may remain)")
    with pikepdf.open(path) as pdf:
        if pdf.is_encrypted:
            problems.append("output is encrypted")
        _check_metadata(pdf, problems)
        blobs, strings = _collect(pdf)
        blobs.append(raw_file)
        checks.append(f"metadata and side channels; raw bytes of {len(pdf.objects)} objects")
        found, checked = scan_fragments(pdf, [s for s in secrets if s.kind])
        problems.extend(found)
        checks.append(checked)

    secrets = [s for s in secrets if not s.kind]  # fragments: searched above, with their own rules
    raw_secrets = [s for s in secrets if s.allowed == 0 and len(s.text.strip()) >= RAW_MIN_LEN]
    lowered_blobs = [b.lower() for b in blobs]
    lowered_strings = [_norm_secret(s) for s in strings]
    # One buffer of everything for a first substring test: most secrets are simply gone.
    all_blobs = b"\n".join(lowered_blobs)
    all_strings = "\n".join(lowered_strings)
    in_blobs = _Haystack(all_blobs)
    for secret in raw_secrets:
        needles = [n for n in _encodings(secret.text) if in_blobs(n)]
        norm = _norm_secret(secret.text)
        hits = 0
        if needles:  # a plain substring test first (fast), the whole-word regex only where it hits
            pattern = _raw_pattern(needles)
            hits += sum(1 for b in lowered_blobs if any(n in b for n in needles) and pattern.search(b))
        if norm in all_strings:
            target = re.compile(r"(?<!\w)" + re.escape(norm) + r"(?!\w)")
            hits += sum(1 for s in lowered_strings if norm in s and target.search(s))
        if hits:
            problems.append(f"{secret.ref} found in the raw bytes of {hits} objects")
    skipped = len(secrets) - len(raw_secrets)
    checks.append(
        f"raw bytes searched for {len(raw_secrets)} secrets"
        + (f" ({skipped} skipped: allowed > 0 or shorter than {RAW_MIN_LEN})" if skipped else "")
    )


_LETTER_BEFORE = {
    "single": rb"(?<![a-z0-9\xc0-\xff])",
    "be": rb"(?<!\x00[a-z0-9])",
    "le": rb"(?<![a-z0-9]\x00)",
    "hex": rb"(?<!6[1-9a-f]|7[0-9a]|3[0-9])",
}
_LETTER_AFTER = {
    "single": rb"(?![a-z0-9\xc0-\xff])",
    "be": rb"(?!\x00[a-z0-9])",
    "le": rb"(?![a-z0-9]\x00)",
    "hex": rb"(?!6[1-9a-f]|7[0-9a]|3[0-9])",
}


class _Haystack:
    """``needle in data``, answered from smaller haystacks first; the answer is exact.

    A document has hundreds of secrets in up to a dozen byte forms each, and scanning all
    of its bytes (~100 KB) for every form was most of the raw-bytes check.  A hex form
    (8+ hex digits) can only lie inside a run of 8+ hex digits, a small part of the bytes.
    Any other form is first looked for without its zero bytes in the bytes without
    theirs: the UTF-16 forms of an ASCII name then share one scan with the plain one, and
    when that misses (most secrets are simply gone) none of them is present.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.hex_runs = b"\n".join(_HEX_RUN.findall(data))
        self.stripped = data.replace(b"\x00", b"")
        self.seen: dict[bytes, bool] = {}  # zero-free form -> present in ``stripped``

    def __call__(self, needle: bytes) -> bool:
        if len(needle) >= 8 and _HEX_ONLY.fullmatch(needle):
            return needle in self.hex_runs
        key = needle.replace(b"\x00", b"")
        present = self.seen.get(key)
        if present is None:
            present = self.seen[key] = key in self.stripped
        return present and needle in self.data


_HEX_RUN = re.compile(rb"[0-9a-f]{8,}")
_HEX_ONLY = re.compile(rb"[0-9a-f]+")


def _raw_pattern(needles: list[bytes]) -> re.Pattern:
    """Whole-word search for the byte forms: "stel" must not hit inside "stelling"."""
    alts = []
    for n in needles:
        if re.fullmatch(rb"[0-9a-f]+", n) and len(n) % 2 == 0 and len(n) >= 8:
            kind = "hex"
        elif n[:1] == b"\x00":
            kind = "be"
        elif n[1:2] == b"\x00":
            kind = "le"
        else:
            kind = "single"
        alts.append(_LETTER_BEFORE[kind] + re.escape(n) + _LETTER_AFTER[kind])
    return re.compile(b"|".join(alts))


def _encodings(text: str) -> list[bytes]:
    """Lower-cased byte forms a string may take inside a PDF."""
    variants = {text, re.sub(r"\s+", " ", text.strip())}
    needles: set[bytes] = set()
    for v in variants:
        low = v.lower()
        for enc in ("latin-1", "utf-8", "utf-16-be", "utf-16-le"):
            try:
                b = low.encode(enc)
            except UnicodeEncodeError:
                continue
            needles.add(b)
            needles.add(b.hex().encode())  # hex strings <...>, lower-cased like the blobs
    return sorted(needles)


def _collect(pdf: pikepdf.Pdf) -> tuple[list[bytes], list[str]]:
    """Decompressed bytes of every object, and every string value decoded to text."""
    blobs: list[bytes] = []
    strings: list[str] = []
    for obj in pdf.objects:
        try:
            if isinstance(obj, pikepdf.Stream):
                blobs.append(obj.stream_dict.unparse() if hasattr(obj, "stream_dict") else b"")
                filters = obj.get("/Filter")
                flist = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
                raw = obj.read_raw_bytes()
                if any(str(f) in _IMAGE_CODECS for f in flist if f is not None):
                    blobs.append(raw)  # JPEG EXIF/XMP live in the coded bytes
                elif obj.get("/Subtype") != "/Image":
                    blobs.append(obj.read_bytes())
            elif isinstance(obj, pikepdf.Object):
                blobs.append(obj.unparse())
        except pikepdf.PdfError:
            blobs.append(obj.read_raw_bytes() if isinstance(obj, pikepdf.Stream) else b"")
        _strings(obj, strings, 0)
    return blobs, strings


def _strings(obj, out: list[str], depth: int) -> None:
    if depth > 8:
        return
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            _strings(item, out, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key, value in obj.items():
            out.append(key)
            if not getattr(value, "is_indirect", False):
                _strings(value, out, depth + 1)


def _walk_dicts(pdf: pikepdf.Pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj


def _check_metadata(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    info = pdf.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary):
        extra = [k for k in info.keys() if k not in _INFO_ALLOWED]
        known = [k[1:] for k in _INFO_KNOWN if k in extra]
        if extra:
            problems.append(
                f"Info has {len(extra)} entries besides Producer and dates"
                + (f" ({', '.join(known)})" if known else "")
            )
    root = pdf.Root
    for key, what in (
        ("/Metadata", "document XMP metadata"),
        ("/Outlines", "outlines (bookmarks)"),
        ("/AcroForm", "form fields"),
        ("/OpenAction", "an open action"),
        ("/AA", "document actions"),
        ("/Dests", "named destinations"),
        ("/StructTreeRoot", "a structure tree"),
    ):
        if key in root:
            if key == "/StructTreeRoot" or (key == "/Metadata" and is_own_xmp(pdf)):
                continue  # allowed as such (its Alt/ActualText are caught below); XMP: title + PDF/UA id
            problems.append(f"document has {what}")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in names.keys():
            problems.append(f"document has a {key[1:]} name tree")
    props = root.get("/OCProperties")
    if isinstance(props, pikepdf.Dictionary):
        d = props.get("/D", pikepdf.Dictionary())
        if d.get("/OFF") or d.get("/BaseState") == "/OFF" or props.get("/Configs"):
            problems.append("document has hidden optional content (layers)")

    for i, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array) and len(annots):
            problems.append(f"page {i + 1} has {len(annots)} annotations")
        for key in ("/Thumb", "/PieceInfo", "/AA"):
            if key in page.obj:
                problems.append(f"page {i + 1} has {key[1:]}")
        try:
            if (
                b"/ActualText" in page.obj.Contents.read_bytes()
                if isinstance(page.obj.get("/Contents"), pikepdf.Stream)
                else any(b"/ActualText" in s.read_bytes() for s in page.obj.get("/Contents", []))
            ):
                problems.append(f"page {i + 1} content has ActualText")
        except pikepdf.PdfError:
            problems.append(f"page {i + 1} content could not be read")

    counts = {
        "XMP on objects": 0,
        "embedded files": 0,
        "JavaScript": 0,
        "actions": 0,
        "Alt/ActualText": 0,
        "PieceInfo": 0,
        "thumbnails": 0,
    }
    for obj in _walk_dicts(pdf):
        if "/Metadata" in obj and obj.objgen != root.objgen:
            counts["XMP on objects"] += 1
        if obj.get("/Type") in ("/EmbeddedFile", "/Filespec") or "/EF" in obj:
            counts["embedded files"] += 1
        if obj.get("/S") == "/JavaScript" or "/JS" in obj:
            counts["JavaScript"] += 1
        if "/AA" in obj or "/OpenAction" in obj:
            counts["actions"] += 1
        if ("/ActualText" in obj or "/Alt" in obj) and not ("/S" in obj and "/P" in obj):
            counts["Alt/ActualText"] += 1  # a structure element's are redacted and searched (pipeline.tags)
        if "/PieceInfo" in obj:
            counts["PieceInfo"] += 1
        if "/Thumb" in obj:
            counts["thumbnails"] += 1
    for what, n in counts.items():
        if n:
            problems.append(f"{what}: {n} objects")
