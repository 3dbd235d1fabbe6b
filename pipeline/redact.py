"""The PDF writer: really removes what lies under each redaction box, and sanitizes the file.

Three passes, each writing a complete new file (no incremental update, so no old
revision survives):

1. pikepdf: strip every side channel a reader never sees on the page but a copy
   keeps (annotations, form fields, attachments, JavaScript and actions, outlines,
   named destinations, an untagged file's structure tree, XMP everywhere,
   thumbnails, /PieceInfo, EXIF in JPEGs) and remove the *content* of hidden
   optional-content layers before their definitions go (deleting /OCProperties
   alone would make hidden layers visible).
2. PyMuPDF: redaction annotations applied with glyph removal, image pixels blanked,
   covered line art removed; the ground code printed on each box as real text.
   Only pages with areas are touched (MuPDF's clean-up on save still covers all).
3. pikepdf: collapse the spacing numbers left in TJ arrays of the redacted pages (each
   removed glyph's width would otherwise leak the name's letters), keep only the keys a
   page needs to render (:mod:`pipeline.allowlist`), set Info to Producer only.

Passes hand each other bytes in memory; only the last writes ``dst``.

A tagged input keeps its structure tree (pipeline.tags: taken out before the sanitizer,
its strings redacted, put back, the labels tagged); an untagged input's structure tree,
if any, is removed.
"""

from __future__ import annotations

import io
import math
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pikepdf

# PyMuPDF >= 1.27 imports its optional layout analyser (pymupdf_layout: ONNX models) on
# import when installed, about 0.6 s and 55 MB in every worker; the writer never uses it.
# A None entry makes that import fail, which PyMuPDF expects and skips.
if "pymupdf" not in sys.modules:
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
import pymupdf  # noqa: E402

from pipeline import tags
from pipeline.allowlist import apply_allow_list
from pipeline.errors import DocumentError
from pipeline.model import RedactionArea
from pipeline.removed import count_removed_content
from pipeline.status import Status

PAD = 1.0  # points added around every box: glyph boxes from font metrics can be tight
LABEL_FONT = "WooLabel"  # resource name of the label font (Helvetica)

_ROOT_KEEP = {"/Type", "/Pages", "/Version", "/Lang", "/PageLayout", "/PageLabels"}
_PAGE_KEEP = {
    "/Type",
    "/Parent",
    "/Resources",
    "/MediaBox",
    "/CropBox",
    "/BleedBox",
    "/TrimBox",
    "/ArtBox",
    "/Rotate",
    "/Contents",
    "/Group",
    "/UserUnit",
}
_PAGES_NODE_KEEP = {"/Type", "/Parent", "/Kids", "/Count"}
_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Keys that carry hidden copies of text or behaviour on any object.
_ANY_OBJECT_DROP = (
    "/Metadata",
    "/PieceInfo",
    "/Thumb",
    "/AA",
    "/OC",
    "/AF",
    "/StructParent",
    "/StructParents",
)
_MARKED_PROPS_DROP = ("/ActualText", "/Alt", "/E")


@dataclass
class RedactReport:
    """What the writer did; ``unsupported`` non-empty means the output must not be released."""

    areas: int
    labels: int
    removed: dict[str, int] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # keys the allow-list removed, "type/Key"
    content: dict[str, int] = field(default_factory=dict)  # removed content per kind (pipeline.removed)
    tags: tags.TagReport | None = None  # what happened to the structure tree (pipeline.tags)


def redact_pdf(
    src: Path,
    dst: Path,
    areas: Sequence[RedactionArea],
    *,
    producer: str = "woo-redact",
    tagging: tags.TagInput | None = None,
    blanked_pages: frozenset[int] = frozenset(),
) -> RedactReport:
    """Remove the content under ``areas`` (pdfplumber coordinates), label them, sanitize, write ``dst``.

    ``tagging``: the redacted title and strings, for a tagged input's structure tree (pipeline.tags).

    ``blanked_pages``: pages whose image pixels are blanked already (pipeline.redact_scan);
    MuPDF would only re-encode their JPEG losslessly, five times the size.
    """
    removed: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    unsupported: list[str] = []
    pdf = _open_pikepdf(Path(src))
    with pdf:
        geometry = [_page_geometry(p) for p in pdf.pages]
        for area in areas:
            if not 0 <= area.box.page < len(geometry):
                raise ValueError(f"redaction area on page {area.box.page}, document has {len(geometry)}")
        kept = tags.detach(pdf, Path(src), areas, tagging)  # the structure tree survives the sanitizer
        content = count_removed_content(pdf, len(_hidden_ocgs(pdf)))
        _sanitize_structure(pdf, removed, unsupported, dropped)
        dropped.update(apply_allow_list(pdf))  # before MuPDF: it would drop some keys unrecorded
        tags.reattach(pdf, kept)  # its own allow-list of structure keys, its strings redacted
        buf = io.BytesIO()
        pdf.save(buf, encryption=False)

    labels = _apply_redactions(buf.getvalue(), geometry, areas, removed, unsupported, blanked_pages)

    with pikepdf.open(io.BytesIO(labels[1])) as out:
        _collapse_tj_spacing(out, unsupported, {area.box.page for area in areas})
        for pno, (page, g) in enumerate(zip(out.pages, geometry, strict=True)):
            annots = page.obj.get("/Annots")
            if annots is not None:
                if isinstance(annots, pikepdf.Array) and len(annots):
                    unsupported.append(f"page {pno + 1}: annotations left after redaction")
                else:
                    del page.obj.Annots
            if g.rotation:
                page.obj.Rotate = g.rotation
            elif "/Rotate" in page.obj:
                del page.obj.Rotate
        dropped.update(apply_allow_list(out))
        out.trailer.Info = out.make_indirect(pikepdf.Dictionary(Producer=pikepdf.String(producer)))
        if "/Metadata" in out.Root:
            del out.Root.Metadata
        tag_report = tags.finish(out, kept, areas)
        out.save(  # deterministic /ID: the same input and decisions give the same bytes
            dst,
            encryption=False,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
            deterministic_id=True,
        )
    return RedactReport(
        areas=len(areas),
        labels=labels[0],
        removed=dict(removed),
        unsupported=unsupported,
        dropped=dict(sorted(dropped.items())),
        content=content,
        tags=tag_report,
    )


# --------------------------------------------------------------------------- open


def _open_pikepdf(src: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(src)
    except pikepdf.PasswordError as exc:
        raise DocumentError(Status.ENCRYPTED, "PDF needs a password") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        name = type(exc).__name__
        raise DocumentError(
            Status.UNREADABLE,
            f"PDF is damaged and cannot be rewritten ({name}): re-export it from the source",
        ) from exc


# --------------------------------------------------------------------------- coordinates


@dataclass(frozen=True)
class _Geometry:
    """What is needed to map a pdfplumber box to PyMuPDF's unrotated page space."""

    rotation: int
    mediabox: tuple[float, float, float, float]  # raw order, as pdfminer uses it
    cropbox: tuple[float, float, float, float]  # sorted, intersected with the MediaBox


def _inherited(page: pikepdf.Dictionary, key: str):
    node = page
    for _ in range(64):
        if key in node:
            return node[key]
        if "/Parent" not in node:
            return None
        node = node.Parent
    return None


def _floats(arr) -> tuple[float, float, float, float]:
    vals = [float(v) for v in arr]
    return vals[0], vals[1], vals[2], vals[3]


def _page_geometry(page: pikepdf.Page) -> _Geometry:
    obj = page.obj
    mb_raw = _inherited(obj, "/MediaBox")
    mb = _floats(mb_raw) if mb_raw is not None else (0.0, 0.0, 612.0, 792.0)
    cb_raw = _inherited(obj, "/CropBox")
    smb = (min(mb[0], mb[2]), min(mb[1], mb[3]), max(mb[0], mb[2]), max(mb[1], mb[3]))
    if cb_raw is not None:
        c = _floats(cb_raw)
        scb = (min(c[0], c[2]), min(c[1], c[3]), max(c[0], c[2]), max(c[1], c[3]))
        scb = (max(scb[0], smb[0]), max(scb[1], smb[1]), min(scb[2], smb[2]), min(scb[3], smb[3]))
        if scb[0] >= scb[2] or scb[1] >= scb[3]:
            scb = smb
    else:
        scb = smb
    rot = _inherited(obj, "/Rotate")
    rotation = (int(rot) + 360) % 360 if rot is not None else 0
    return _Geometry(rotation, mb, scb)


def plumber_matrix(g: _Geometry) -> pymupdf.Matrix:
    """Affine map from pdfplumber coordinates to PyMuPDF's unrotated page space.

    pdfplumber = pdfminer's page CTM (chosen by /Rotate) followed by a vertical flip
    (pdfplumber.page.Page.process_object); MuPDF's unrotated space has its origin at
    the top-left of the CropBox, y growing downwards.
    """
    x0, y0, x1, y1 = g.mediabox
    if g.rotation == 90:
        ctm = pymupdf.Matrix(0, -1, 1, 0, -y0, x1)
    elif g.rotation == 180:
        ctm = pymupdf.Matrix(-1, 0, 0, -1, x1, y1)
    elif g.rotation == 270:
        ctm = pymupdf.Matrix(0, 1, -1, 0, y1, -x0)
    else:
        ctm = pymupdf.Matrix(1, 0, 0, 1, -x0, -y0)
    sx0, sx1 = sorted((x0, x1))
    sy0, sy1 = sorted((y0, y1))
    nb = (sy0, sx0, sy1, sx1) if g.rotation in (90, 270) else (sx0, sy0, sx1, sy1)
    height = nb[3] - nb[1]
    mb_x0, mb_top = nb[0], height - nb[3]
    # plumber (x, top) -> device (x - mb_x0, height + mb_top - top)
    to_device = pymupdf.Matrix(1, 0, 0, -1, -mb_x0, height + mb_top)
    to_mupdf = pymupdf.Matrix(1, 0, 0, -1, -g.cropbox[0], g.cropbox[3])
    return to_device * ~ctm * to_mupdf


def box_to_mupdf(g: _Geometry, x0: float, top: float, x1: float, bottom: float) -> pymupdf.Rect:
    """A pdfplumber box as a rectangle in PyMuPDF's unrotated page coordinates."""
    return (pymupdf.Rect(x0, top, x1, bottom) * plumber_matrix(g)).normalize()


# --------------------------------------------------------------------------- pass 1: structure


def _sanitize_structure(
    pdf: pikepdf.Pdf, removed: Counter[str], unsupported: list[str], dropped: Counter[str]
) -> None:
    root = pdf.Root
    if "/Outlines" in root:
        removed["outlines"] += 1
    if "/AcroForm" in root:
        fields = root.AcroForm.get("/Fields")
        removed["form_fields"] += len(fields) if isinstance(fields, pikepdf.Array) else 1
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key, label in (
            ("/EmbeddedFiles", "embedded_files"),
            ("/JavaScript", "javascript"),
            ("/Dests", "named_destinations"),
        ):
            if key in names:
                removed[label] += _name_tree_count(names[key])
    if "/Dests" in root:
        removed["named_destinations"] += len(root.Dests.keys())
    if "/OpenAction" in root or "/AA" in root:
        removed["actions"] += 1
    if "/StructTreeRoot" in root:
        removed["struct_tree"] += 1
    if "/Metadata" in root:
        removed["metadata"] += 1

    off = _hidden_ocgs(pdf)
    for page_no, page in enumerate(pdf.pages):
        obj = page.obj
        for key in _INHERITABLE:  # push inherited attributes down before pruning the tree
            if key not in obj:
                val = _inherited(obj, key)
                if val is not None:
                    obj[key] = val
        # PyMuPDF draws boxes and text wrongly on rotated pages with an offset CropBox; the
        # page is redacted unrotated and /Rotate is restored in the last pass.
        obj.Rotate = 0
        annots = obj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            removed["annotations"] += len(annots)
        for key in list(obj.keys()):
            if key not in _PAGE_KEEP:
                if key in ("/Thumb", "/PieceInfo"):
                    removed[key[1:].lower()] += 1
                dropped[f"page{key}"] += 1
                del obj[key]
        _filter_content(pdf, obj, f"page {page_no + 1}", off, removed, unsupported, set())

    _prune_pages_tree(root.Pages)
    for key in list(root.keys()):
        if key not in _ROOT_KEEP:
            dropped[f"catalog{key}"] += 1
            del root[key]
    if "/Info" in pdf.trailer:
        del pdf.trailer.Info

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        for key in _ANY_OBJECT_DROP:
            if key in obj:
                if key in ("/Metadata", "/PieceInfo", "/Thumb"):
                    removed[key[1:].lower()] += 1
                del obj[key]
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            _strip_jpeg_metadata(obj, removed)


def _name_tree_count(node, depth: int = 0) -> int:
    if depth > 32 or not isinstance(node, pikepdf.Dictionary):
        return 0
    n = len(node.Names) // 2 if "/Names" in node else 0
    for kid in node.get("/Kids", []):
        n += _name_tree_count(kid, depth + 1)
    return n


def _prune_pages_tree(node, depth: int = 0) -> None:
    if depth > 64:
        return
    for key in list(node.keys()):
        if key not in _PAGES_NODE_KEEP:
            del node[key]
    for kid in node.get("/Kids", []):
        if kid.get("/Type") == "/Pages":
            _prune_pages_tree(kid, depth + 1)


# ------------------------------------------------------------- optional content + marked content


def _hidden_ocgs(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The optional-content groups hidden in the default configuration (as object ids)."""
    props = pdf.Root.get("/OCProperties")
    if not isinstance(props, pikepdf.Dictionary):
        return set()
    all_groups = {g.objgen for g in props.get("/OCGs", []) if isinstance(g, pikepdf.Dictionary)}
    d = props.get("/D", pikepdf.Dictionary())
    if d.get("/BaseState") == "/OFF":
        on = {g.objgen for g in d.get("/ON", []) if isinstance(g, pikepdf.Dictionary)}
        return all_groups - on
    return {g.objgen for g in d.get("/OFF", []) if isinstance(g, pikepdf.Dictionary)}


def _oc_hidden(oc, off: set[tuple[int, int]]) -> bool:
    """Whether an OCG or OCMD is hidden by default; unknown forms count as hidden (fail closed)."""
    if not isinstance(oc, pikepdf.Dictionary):
        return False
    if oc.get("/Type") == "/OCMD":
        if "/VE" in oc:
            return True
        groups = oc.get("/OCGs", [])
        if isinstance(groups, pikepdf.Dictionary):
            groups = [groups]
        states = [g.objgen not in off for g in groups if isinstance(g, pikepdf.Dictionary)]
        if not states:
            return False
        policy = str(oc.get("/P", "/AnyOn"))
        visible = {"/AllOn": all(states), "/AnyOff": not all(states), "/AllOff": not any(states)}.get(
            policy, any(states)
        )
        return not visible
    return oc.objgen in off


def _filter_content(
    pdf, holder, where: str, off, removed: Counter[str], unsupported: list[str], seen: set[tuple[int, int]]
) -> None:
    """Drop hidden-layer content and Alt/ActualText marked-content properties; recurse into forms."""
    resources = holder.get("/Resources", pikepdf.Dictionary())
    properties = resources.get("/Properties", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    try:
        ops = pikepdf.parse_content_stream(holder)
    except pikepdf.PdfError:
        if off or _mentions_marked_props(holder):
            unsupported.append(f"{where}: content stream cannot be parsed to remove hidden content")
        return

    out = []
    changed = False
    skip_depth = 0  # > 0 while inside a hidden optional-content section
    depth = 0
    for inst in ops:
        operands, op = list(inst.operands), inst.operator
        orig_operands = operands
        name = str(op)
        if skip_depth:
            if name in ("BDC", "BMC"):
                skip_depth += 1
            elif name == "EMC":
                skip_depth -= 1
            removed["hidden_layer_ops"] += 1
            changed = True
            continue
        if name == "BDC" and len(operands) == 2:
            tag, prop = operands
            prop_dict = properties.get(prop) if isinstance(prop, pikepdf.Name) else prop
            if tag == "/OC" and _oc_hidden(prop_dict, off):
                skip_depth = 1
                removed["hidden_layer_ops"] += 1
                changed = True
                continue
            if isinstance(prop, pikepdf.Dictionary) and any(k in prop for k in _MARKED_PROPS_DROP):
                prop = pikepdf.Dictionary({k: v for k, v in prop.items() if k not in _MARKED_PROPS_DROP})
                removed["actual_text"] += 1
                operands = [tag, prop]
                changed = True
            elif isinstance(prop, pikepdf.Name) and isinstance(prop_dict, pikepdf.Dictionary):
                for k in _MARKED_PROPS_DROP:
                    if k in prop_dict:
                        del prop_dict[k]
                        removed["actual_text"] += 1
            depth += 1
        elif name == "BMC":
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name == "Do" and operands and isinstance(operands[0], pikepdf.Name):
            xo = xobjects.get(operands[0])
            if isinstance(xo, pikepdf.Stream):
                if _oc_hidden(xo.get("/OC"), off):
                    removed["hidden_layer_ops"] += 1
                    changed = True
                    continue
                if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                    seen.add(xo.objgen)
                    _filter_content(pdf, xo, where, off, removed, unsupported, seen)
        out.append(inst if operands is orig_operands else pikepdf.ContentStreamInstruction(operands, op))
    if skip_depth or depth < 0:
        unsupported.append(f"{where}: unbalanced marked content around a hidden layer")
    if changed:
        data = pikepdf.unparse_content_stream(out)
        if isinstance(holder, pikepdf.Stream):
            holder.write(data)
        else:
            holder.Contents = pdf.make_stream(data)


def _mentions_marked_props(holder) -> bool:
    try:
        streams = (
            [holder]
            if isinstance(holder, pikepdf.Stream)
            else (list(holder.Contents) if isinstance(holder.Contents, pikepdf.Array) else [holder.Contents])
        )
        return any(b"ActualText" in s.read_bytes() or b"/OC" in s.read_bytes() for s in streams)
    except Exception:  # noqa: BLE001 - unreadable stream: assume the worst
        return True


# --------------------------------------------------------------------------- JPEG metadata

_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}  # JFIF, ICC profile, Adobe (colour transform)


def _strip_jpeg_metadata(img: pikepdf.Stream, removed: Counter[str]) -> None:
    """Drop EXIF/XMP/IPTC/comment segments from a DCT image: they may hold author names."""
    filt = img.get("/Filter")
    if isinstance(filt, pikepdf.Array):
        if len(filt) != 1:
            return
        filt = filt[0]
    if filt != "/DCTDecode":
        return
    data = img.read_raw_bytes()
    if data[:2] != b"\xff\xd8":
        return
    out = bytearray(data[:2])
    i = 2
    dropped = 0
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: copy the rest verbatim
            break
        seg_len = int.from_bytes(data[i + 2 : i + 4], "big")
        seg = data[i : i + 2 + seg_len]
        if (0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE:
            dropped += 1
        else:
            out += seg
        i += 2 + seg_len
    if dropped:
        out += data[i:]
        img.write(bytes(out), filter=pikepdf.Name.DCTDecode, decode_parms=img.get("/DecodeParms"))
        removed["jpeg_metadata_segments"] += dropped


# --------------------------------------------------------------------------- pass 2: PyMuPDF


def _apply_redactions(
    data: bytes,
    geometry: list[_Geometry],
    areas: Sequence[RedactionArea],
    removed: Counter[str],
    unsupported: list[str],
    blanked_pages: frozenset[int] = frozenset(),
) -> tuple[int, bytes]:
    """Two redaction passes per page, because MuPDF removes every glyph whose box *touches* an area.

    Pass A removes text under a narrow band inside each box (the middle of the line,
    inset at both ends), so descenders of the line above and the brackets or commas
    next to a name survive.  Pass B blanks image pixels and covered line art under the
    full, padded box; it removes no text.  The black boxes and their labels are then
    drawn as one content stream per page.  Pages without areas are not touched here.
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises plain RuntimeError/ValueError
        raise DocumentError(
            Status.UNREADABLE, f"PDF cannot be opened for redaction: {type(exc).__name__}"
        ) from exc
    try:
        by_page: dict[int, list[RedactionArea]] = {}
        for area in areas:
            by_page.setdefault(area.box.page, []).append(area)
        labels = 0
        font = _LabelFont()
        for pno, page_areas in sorted(by_page.items()):
            page = doc[pno]
            g = geometry[pno]
            to_mupdf = plumber_matrix(g)
            rects = [
                (pymupdf.Rect(a.box.x0, a.box.top, a.box.x1, a.box.bottom) * to_mupdf).normalize()
                for a in page_areas
            ]
            index = _GlyphIndex(_glyph_boxes(page, rects))
            planned = []
            for area, rect in zip(page_areas, rects, strict=True):
                fill, bands = _plan_area(rect, index)
                planned.append((area, fill, bands))
            _redact(page, [b for _, _, bands in planned for b in bands], text=pymupdf.PDF_REDACT_TEXT_REMOVE,
                    images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
            pixels = pymupdf.PDF_REDACT_IMAGE_PIXELS
            if pno in blanked_pages:
                pixels = pymupdf.PDF_REDACT_IMAGE_NONE
            _redact(page, [fill for _, fill, _ in planned], text=pymupdf.PDF_REDACT_TEXT_NONE,
                    images=pixels,
                    graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED)
            removed["redaction_boxes"] += len(planned)
            # One content stream per page for all boxes and labels (Page.insert_text would add one
            # per label, and look the font up each time).
            ipctm = tuple(~page.transformation_matrix)
            from_mupdf = tuple(~to_mupdf)
            frame = (page.mediabox_size.y, page.cropbox_position.x, page.cropbox_position.y)
            box_ops = [_box_ops(fill, ipctm) for _, fill, _ in planned]
            labelled = [(area.ground, fill) for area, fill, _ in planned if area.label and area.ground]
            font_name = font.add_to(page) if labelled else ""
            label_ops = [
                _label_ops(fill, ground, font_name, g.rotation, tuple(to_mupdf), from_mupdf, frame)
                for ground, fill in labelled
            ]
            labels += len(label_ops)
            shape = page.new_shape()
            shape.totalcont = "".join(box_ops)
            shape.text_cont = "".join(label_ops)  # after the boxes: the labels sit on top
            shape.commit()
            if page.first_annot is not None:
                unsupported.append(f"page {pno + 1}: annotations left after applying redactions")
        out = doc.tobytes(garbage=3, deflate=True, clean=True, encryption=pymupdf.PDF_ENCRYPT_NONE)
    finally:
        doc.close()
    return labels, out


class _LabelFont:
    """One Helvetica font object per document, named in the /Resources of each labelled page.

    Page.insert_font costs ~0.5 ms a page (a new font object and its width table each
    time), and it reuses any font the page already calls /helv, whatever font that is.
    """

    def __init__(self) -> None:
        self.ref = None

    def add_to(self, page: pymupdf.Page) -> str:
        """Put the font in the page's /Resources/Font under a name the page does not use; return it."""
        mu = pymupdf.mupdf
        pdf_page = page._pdf_page()  # noqa: SLF001 - the low-level page PyMuPDF itself uses
        doc = pdf_page.doc()
        if self.ref is None:
            font = mu.pdf_new_dict(doc, 4)
            for key, value in (("Type", "Font"), ("Subtype", "Type1"), ("BaseFont", "Helvetica"),
                               ("Encoding", "WinAnsiEncoding")):
                mu.pdf_dict_puts(font, key, mu.pdf_new_name(value))
            self.ref = mu.pdf_add_object(doc, font)
        page_obj = pdf_page.obj()
        res = mu.pdf_dict_get_inheritable(page_obj, mu.pdf_new_name("Resources"))
        if not res.m_internal:
            res = mu.pdf_new_dict(doc, 1)
            mu.pdf_dict_puts(page_obj, "Resources", res)
        fonts = mu.pdf_dict_gets(res, "Font")
        if not fonts.m_internal:
            fonts = mu.pdf_new_dict(doc, 1)
            mu.pdf_dict_puts(res, "Font", fonts)
        name, n = LABEL_FONT, 0
        while True:
            current = mu.pdf_dict_gets(fonts, name)
            if not current.m_internal:
                mu.pdf_dict_puts(fonts, name, self.ref)
                return name
            if mu.pdf_objcmp(current, self.ref) == 0:  # this page shares /Resources with one done before
                return name
            n += 1
            name = f"{LABEL_FONT}{n}"


def _redact(page: pymupdf.Page, rects: list[pymupdf.Rect], *, text: int, images: int, graphics: int) -> None:
    """Apply redactions over ``rects`` with the given options; no black boxes (the caller paints them).

    All rectangles go into one redaction annotation as QuadPoints: MuPDF tests every glyph
    against every annotation with dictionary look-ups, and one annotation with n quads is
    about twice as fast as n annotations.  The test per quad is the same as per annotation
    Rect (pdf-clean.c: the quad's bounding rectangle is intersected with the glyph box).
    Page.add_redact_annot / apply_redactions would also add ~0.3 ms per box of Python
    bookkeeping (annotation ids, appearance streams) that the redaction does not use.
    """
    if not rects:  # an annotation without QuadPoints would redact its default Rect instead
        return
    mu = pymupdf.mupdf
    pdf_page = page._pdf_page()  # noqa: SLF001 - the low-level page PyMuPDF itself uses
    annot = mu.pdf_create_annot(pdf_page, mu.PDF_ANNOT_REDACT)
    for r in rects:
        mu.pdf_add_annot_quad_point(annot, mu.fz_quad_from_rect(mu.FzRect(r.x0, r.y0, r.x1, r.y1)))
    opts = mu.PdfRedactOptions()
    opts.black_boxes = 0
    opts.text = text
    opts.image_method = images
    opts.line_art = graphics
    if not mu.pdf_redact_page(pdf_page.doc(), pdf_page, opts):
        raise ValueError("MuPDF could not apply the redactions")  # as Page.apply_redactions does


class _GlyphIndex:
    """Glyphs sorted by centre y and by baseline-mid y, so each box only looks at its own lines."""

    def __init__(self, glyphs: list[tuple[float, ...]]) -> None:
        self.glyphs = glyphs
        centre = [gl[5] for gl in glyphs]
        base = [gl[7] for gl in glyphs]
        everything: list[int] | range = range(len(glyphs))
        self.odd: list[int] = []
        if any(map(math.isnan, centre)) or any(map(math.isnan, base)):
            # NaN cannot be sorted: such glyphs are checked one by one (infinities sort fine).
            self.odd = [i for i in everything if centre[i] != centre[i] or base[i] != base[i]]
            everything = [i for i in everything if centre[i] == centre[i] and base[i] == base[i]]
        self.by_centre = sorted(everything, key=centre.__getitem__)
        self.centre_y = [centre[i] for i in self.by_centre]
        self.by_base = sorted(everything, key=base.__getitem__)
        self.base_y = [base[i] for i in self.by_base]

    def covered(self, px0: float, py0: float, px1: float, py1: float) -> list[tuple[float, ...]]:
        """Glyphs whose centre or baseline midpoint lies inside the box (edges included)."""
        glyphs = self.glyphs
        hits: set[int] = set()
        for order, keys, xi in ((self.by_centre, self.centre_y, 4), (self.by_base, self.base_y, 6)):
            for i in order[bisect_left(keys, py0) : bisect_right(keys, py1)]:
                if px0 <= glyphs[i][xi] <= px1:
                    hits.add(i)
        for i in self.odd:
            gl = glyphs[i]
            if (px0 <= gl[4] <= px1 and py0 <= gl[5] <= py1) or (px0 <= gl[6] <= px1 and py0 <= gl[7] <= py1):
                hits.add(i)
        return [glyphs[i] for i in sorted(hits)]


def _glyph_boxes(page: pymupdf.Page, near: Sequence[pymupdf.Rect] | None = None) -> list[tuple[float, ...]]:
    """Each glyph as (x0, y0, x1, y1, centre x, centre y, baseline-mid x, baseline-mid y, horizontal).

    ``near``: only the glyphs of text lines within reach of these boxes (the line's box
    grown by its thickness plus 4 pt: a glyph's centre lies inside its line's box, its
    baseline midpoint at most a descent below); the other lines cannot hold a covered
    glyph (see _plan_area), and a page has far more of them.
    """
    result: list = []
    append = result.append
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    reach = [(r.x0 - PAD, r.y0 - PAD, r.x1 + PAD, r.y1 + PAD) for r in near] if near is not None else None
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            if reach is not None and not any(map(math.isnan, line["bbox"])):  # NaN boxes: keep, as before
                lx0, ly0, lx1, ly1 = line["bbox"]
                grow = max(min(lx1 - lx0, ly1 - ly0), 0.0) + 4.0
                lx0, ly0, lx1, ly1 = lx0 - grow, ly0 - grow, lx1 + grow, ly1 + grow
                if not any(x0 <= lx1 and lx0 <= x1 and y0 <= ly1 and ly0 <= y1 for x0, y0, x1, y1 in reach):
                    continue
            dx, dy = line.get("dir", (1, 0))
            horizontal = abs(dx) >= abs(dy)
            oblique = OBLIQUE * abs(dx) < abs(dy) and OBLIQUE * abs(dy) < abs(dx)
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    if ch["c"].isspace():
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    ox, oy = ch["origin"]
                    adv = abs(x1 - x0) if horizontal else abs(y1 - y0)
                    append(
                        (x0, y0, x1, y1, (x0 + x1) / 2, (y0 + y1) / 2, ox + dx * adv / 2, oy + dy * adv / 2,
                         horizontal, oblique)
                    )
    return result


def _plan_area(rect: pymupdf.Rect, index: _GlyphIndex) -> tuple[pymupdf.Rect, list[pymupdf.Rect]]:
    """The box to paint (padded, grown to whole glyphs) and the narrower band(s) that remove text.

    A glyph counts as covered when its centre or its baseline midpoint lies inside the
    padded box.  LibreOffice PDFs give flat character boxes on the baseline: the painted
    box is then grown to the covered glyphs' full height so no upper half stays readable.
    """
    px0, py0, px1, py1 = rect.x0 - PAD, rect.y0 - PAD, rect.x1 + PAD, rect.y1 + PAD
    covered = index.covered(px0, py0, px1, py1)
    turned = [gl for gl in covered if gl[9]]
    if turned and len(turned) * 2 > len(covered):
        return _plan_oblique(rect, turned)
    horizontal = sum(1 for gl in covered if gl[8]) * 2 >= len(covered)
    fill = pymupdf.Rect(px0, py0, px1, py1)
    if covered:
        gx0 = min(gl[0] for gl in covered)
        gy0 = min(gl[1] for gl in covered)
        gx1 = max(gl[2] for gl in covered)
        gy1 = max(gl[3] for gl in covered)
        # Grow along the line to whole glyphs; across it only when the box is flat (LibreOffice):
        # MuPDF's glyph boxes are taller than the letters and would cover the neighbouring lines.
        if horizontal:
            flat = rect.height < 0.6 * (gy1 - gy0)
            fill |= pymupdf.Rect(gx0, gy0 if flat else py0, gx1, gy1 if flat else py1)
        else:
            flat = rect.width < 0.6 * (gx1 - gx0)
            fill |= pymupdf.Rect(gx0 if flat else px0, gy0, gx1 if flat else px1, gy1)
        # Across the line: the middle half of the covered glyphs (or of the box, if taller).
        if horizontal:
            lo, hi = min(gy0, rect.y0), max(gy1, rect.y1)
        else:
            lo, hi = min(gx0, rect.x0), max(gx1, rect.x1)
    else:
        lo, hi = (rect.y0, rect.y1) if horizontal else (rect.x0, rect.x1)
    span = hi - lo
    across = (lo + span * 0.25, hi - span * 0.25) if span > 1.0 else (lo - 0.5, hi + 0.5)
    # Along the line: the box itself, inset so glyphs that merely abut it are not touched.
    a0, a1 = (rect.x0, rect.x1) if horizontal else (rect.y0, rect.y1)
    thick = rect.height if horizontal else rect.width  # tiny text (0.1 pt): a glyph is 0.05 pt wide
    inset = min(0.5, (a1 - a0) * 0.1, thick * 0.1)
    along = (a0 + inset, a1 - inset)
    if horizontal:
        band = pymupdf.Rect(along[0], across[0], along[1], across[1])
    else:
        band = pymupdf.Rect(across[0], along[0], across[1], along[1])
    return fill, [band]


# Text more than ~5 degrees off the axes (as pipeline.extract.OBLIQUE).
OBLIQUE = math.tan(math.radians(5))
_DOT = 0.15  # half the side of the square that removes one turned glyph


def _plan_oblique(
    rect: pymupdf.Rect, glyphs: list[tuple[float, ...]]
) -> tuple[pymupdf.Rect, list[pymupdf.Rect]]:
    """Text at an angle: remove the glyphs the box stands for by a dot at each one's centre.

    The upright boxes of turned glyphs overlap their neighbours', so no band along the
    line can take one glyph and leave the next; MuPDF removes a glyph that a dot at its
    centre touches and leaves the neighbours.  The extractor gives one box per turned
    glyph: the box stands for the glyph whose centre is nearest to its own.  A larger
    box (several glyphs) takes every turned glyph whose centre lies inside it.
    """
    cx, cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    areas = sorted((gl[2] - gl[0]) * (gl[3] - gl[1]) for gl in glyphs)
    if rect.width * rect.height <= 2.5 * areas[len(areas) // 2]:
        chosen = [min(glyphs, key=lambda gl: (gl[4] - cx) ** 2 + (gl[5] - cy) ** 2)]
    else:
        inside = [gl for gl in glyphs if rect.x0 <= gl[4] <= rect.x1 and rect.y0 <= gl[5] <= rect.y1]
        chosen = inside or glyphs
    fill = pymupdf.Rect(rect.x0 - PAD, rect.y0 - PAD, rect.x1 + PAD, rect.y1 + PAD)
    bands = [pymupdf.Rect(gl[4] - _DOT, gl[5] - _DOT, gl[4] + _DOT, gl[5] + _DOT) for gl in chosen]
    return fill, bands


_Affine = tuple[float, float, float, float, float, float]


def _map(m: _Affine, x: float, y: float) -> tuple[float, float]:
    """``Point(x, y) * m`` in plain floats (PyMuPDF's Point/Matrix objects cost ~10 us per use)."""
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _num(v: float) -> str:
    """A PDF number to 1e-5 pt (``%g`` keeps six digits: 0.01 pt off at x > 1000)."""
    text = f"{v:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _box_ops(rect: pymupdf.Rect, ipctm: _Affine) -> str:
    """Operators painting ``rect`` black, filled and stroked 1 pt wide (as Shape.draw_rect + finish)."""
    x, y = _map(ipctm, rect.x0, rect.y1)
    w, h = _num(rect.x1 - rect.x0), _num(rect.y1 - rect.y0)
    return f"\nq\n{_num(x)} {_num(y)} {w} {h} re\nh\n0 0 0 RG 0 0 0 rg B\nQ\n"


def _label_ops(
    rect: pymupdf.Rect,
    ground: str,
    font_name: str,
    rotation: int,
    to_mupdf: _Affine,
    from_mupdf: _Affine,
    frame: tuple[float, float, float],
) -> str:
    """Operators printing the ground code as real white text, upright for the reader, fitted in ``rect``.

    The operators Shape.insert_text writes for Helvetica, without its font lookup per call
    (a scan of the page's resources for every label).  ``frame`` is the MediaBox height
    and the CropBox offset that Shape uses to map MuPDF's page space to PDF space.
    """
    # The box as the reader sees it (pdfplumber space): the map is a multiple of 90 degrees.
    corners = [_map(from_mupdf, x, y) for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    vx0, vy0 = min(xs), min(ys)
    width, height = max(xs) - vx0, max(ys) - vy0
    unit = _text_unit(ground)
    size = min(height * 0.75, (width * 0.92) / unit if unit else height)
    size = max(size, 0.5)
    text_w = unit * size
    sx, sy = _map(to_mupdf, vx0 + (width - text_w) / 2, vy0 + (height + size * 0.7) / 2)
    page_h, crop_x, crop_y = frame
    if rotation == 90:
        cm, left, top = "0 1 -1 0 0 0 cm\n", page_h - sy - crop_y, -sx - crop_x
    elif rotation == 180:
        cm, left, top = "-1 0 0 -1 0 0 cm\n", -sx - crop_x, -page_h + sy + crop_y
    elif rotation == 270:
        cm, left, top = "0 -1 1 0 0 0 cm\n", -page_h + sy + crop_y, sx + crop_x
    else:
        cm, left, top = "", sx + crop_x, page_h - sy - crop_y
    codes = "".join(f"{ord(c):02x}" if ord(c) < 256 else "b7" for c in ground)  # WinAnsi, as Shape does
    return (
        f"\nq\n{cm}BT\n1 0 0 1 {_num(left)} {_num(top)} Tm\n/{font_name} {_num(size)} Tf "
        f"1 1 1 RG 1 1 1 rg [<{codes}>]TJ\nET\nQ\n"
    )


@lru_cache(maxsize=64)
def _text_unit(ground: str) -> float:
    """Width of ``ground`` at font size 1 (the labels are a handful of ground codes)."""
    return pymupdf.get_text_length(ground, fontname="helv", fontsize=1)  # Helvetica metrics


# --------------------------------------------------------------------------- pass 3: spacing


def _collapse_tj_spacing(pdf: pikepdf.Pdf, unsupported: list[str], redacted: set[int]) -> None:
    """Merge runs of numbers in TJ arrays into one, so removed glyphs' widths do not leak.

    Only the ``redacted`` pages (0-based) and their forms: MuPDF removed no glyph anywhere else.
    """
    seen: set[tuple[int, int]] = set()
    for page_no, page in enumerate(pdf.pages):
        if page_no not in redacted:
            continue
        holders = [page.obj]
        xobjs = page.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary())
        for xo in xobjs.values():
            if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                holders.append(xo)
        for holder in holders:
            try:
                ops = pikepdf.parse_content_stream(holder)
            except pikepdf.PdfError:
                unsupported.append(f"page {page_no + 1}: redacted content stream cannot be parsed")
                continue
            changed = False
            out = []
            for inst in ops:
                operands, op = inst.operands, inst.operator
                if str(op) == "TJ" and operands and isinstance(operands[0], pikepdf.Array):
                    merged = _merge_numbers(operands[0])
                    if merged is not None:
                        inst = pikepdf.ContentStreamInstruction([merged], op)
                        changed = True
                out.append(inst)
            if changed:
                data = pikepdf.unparse_content_stream(out)
                if isinstance(holder, pikepdf.Stream):
                    holder.write(data)
                else:
                    holder.Contents = pdf.make_stream(data)


def _merge_numbers(arr: pikepdf.Array) -> pikepdf.Array | None:
    items: list = []
    changed = False
    for item in arr:
        if isinstance(item, int | float | Decimal) and items and isinstance(items[-1], int | float | Decimal):
            items[-1] = Decimal(str(round(float(items[-1]) + float(item), 3)))
            changed = True
        else:
            items.append(item)
    return pikepdf.Array(items) if changed else None
