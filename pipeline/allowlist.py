"""The last word of the sanitizer: the output keeps only the keys a page needs to render.

The deny-list passes in :mod:`pipeline.redact` remove the side channels we know of;
this allow-list removes everything else, including keys no one has thought of yet
(``/PageLabels``, an optional-content group's ``/Name``, a private key a producer added
to a font dictionary).  It walks the written file from the catalog, typing each
dictionary by where it is reached from (a page's ``/Resources`` are resources, their
``/Font`` entries fonts, ...), and deletes every key its type does not list.  What is
not reachable any more is not written (the writer saves a complete new file).

The tables are data.  A tagged-PDF structure tree is kept as it is: pipeline.tags prunes
it to its own allow-list (``tags.STRUCTURE_KEYS``) and redacts its strings first.
Keys are dropped from shared objects everywhere they are reached,
so a type's table must hold every key any of its uses needs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pikepdf

# A child of None keeps the value as it is (numbers, names, arrays of them); a type name
# walks the value (a dictionary, a stream, or an array of them) as that type; a type
# name ending in "{}" is a map of resource names to values of that type.
STREAM_KEYS: dict[str, str | None] = {"/Length": None, "/Filter": None, "/DecodeParms": None}

TABLES: dict[str, dict[str, str | None]] = {
    "catalog": {
        "/Type": None,
        "/Pages": "pages",
        "/Version": None,
        "/Lang": "lang",  # kept only when it is a plain language tag ("nl", "nl-NL")
        "/PageLayout": None,
        # Tagged PDF: the structure tree was pruned to pipeline.tags.STRUCTURE_KEYS and its
        # strings redacted before (tags.reattach); kept as it is.
        "/StructTreeRoot": None,
        "/MarkInfo": None,
    },
    "pages": {"/Type": None, "/Kids": "node", "/Count": None, "/Parent": None},
    "page": {
        "/Type": None,
        "/Parent": None,
        "/StructParents": None,  # tagged PDF: the key into the structure tree's parent tree
        "/Tabs": None,
        "/Resources": "resources",
        "/MediaBox": None,
        "/CropBox": None,
        "/BleedBox": None,
        "/TrimBox": None,
        "/ArtBox": None,
        "/Rotate": None,
        "/Contents": "content",
        "/Group": "group",
        "/UserUnit": None,
    },
    "content": {},
    "resources": {
        "/Font": "font{}",
        "/XObject": "xobject{}",
        "/ExtGState": "extgstate{}",
        "/ColorSpace": "colorspace{}",
        "/Pattern": "pattern{}",
        "/Shading": "shading{}",
        "/Properties": "property{}",
        "/ProcSet": None,
    },
    "font": {
        "/Type": None,
        "/Subtype": None,
        "/BaseFont": None,
        "/Name": None,
        "/FirstChar": None,
        "/LastChar": None,
        "/Widths": None,
        "/FontDescriptor": "font_descriptor",
        "/Encoding": "cmap",
        "/ToUnicode": "cmap",
        "/DescendantFonts": "font",
        "/FontMatrix": None,
        "/FontBBox": None,
        "/CharProcs": "content{}",
        "/Resources": "resources",
        "/CIDSystemInfo": "cid_system_info",
        "/DW": None,
        "/W": None,
        "/DW2": None,
        "/W2": None,
        "/CIDToGIDMap": "content",
    },
    "cmap": {  # an /Encoding dictionary, an embedded CMap stream or a ToUnicode stream
        "/Type": None,
        "/BaseEncoding": None,
        "/Differences": None,
        "/CMapName": None,
        "/CIDSystemInfo": "cid_system_info",
        "/WMode": None,
        "/UseCMap": "cmap",
    },
    "cid_system_info": {"/Registry": None, "/Ordering": None, "/Supplement": None},
    "font_descriptor": {
        "/Type": None,
        "/FontName": None,
        "/FontStretch": None,
        "/FontWeight": None,
        "/Flags": None,
        "/FontBBox": None,
        "/ItalicAngle": None,
        "/Ascent": None,
        "/Descent": None,
        "/Leading": None,
        "/CapHeight": None,
        "/XHeight": None,
        "/StemV": None,
        "/StemH": None,
        "/AvgWidth": None,
        "/MaxWidth": None,
        "/MissingWidth": None,
        "/FontFile": "font_file",
        "/FontFile2": "font_file",
        "/FontFile3": "font_file",
        "/CIDSet": "content",
    },
    "font_file": {"/Length1": None, "/Length2": None, "/Length3": None, "/Subtype": None},
    "image": {
        "/Type": None,
        "/Subtype": None,
        "/Width": None,
        "/Height": None,
        "/ColorSpace": "colorspace",
        "/BitsPerComponent": None,
        "/Intent": None,
        "/ImageMask": None,
        "/Mask": "image",
        "/SMask": "image",
        "/Decode": None,
        "/Interpolate": None,
        "/SMaskInData": None,
        "/Matte": None,
    },
    "form": {
        "/Type": None,
        "/Subtype": None,
        "/FormType": None,
        "/BBox": None,
        "/Matrix": None,
        "/Resources": "resources",
        "/Group": "group",
        "/StructParents": None,
        "/StructParent": None,
    },
    "group": {"/Type": None, "/S": None, "/CS": "colorspace", "/I": None, "/K": None},
    "extgstate": {
        **{k: None for k in ("/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/OP", "/op", "/OPM", "/FL")},
        **{k: None for k in ("/SM", "/SA", "/BM", "/CA", "/ca", "/AIS", "/TK", "/UseBlackPtComp")},
        "/Font": "font",
        "/BG": "function",
        "/BG2": "function",
        "/UCR": "function",
        "/UCR2": "function",
        "/TR": "function",
        "/TR2": "function",
        "/SMask": "soft_mask",
    },
    "soft_mask": {"/Type": None, "/S": None, "/G": "form", "/BC": None, "/TR": "function"},
    "icc": {"/N": None, "/Alternate": "colorspace", "/Range": None},
    "colorspace_dict": {  # CalRGB/CalGray/Lab parameters, DeviceN attributes
        "/WhitePoint": None,
        "/BlackPoint": None,
        "/Gamma": None,
        "/Matrix": None,
        "/Range": None,
        "/Subtype": None,
        "/Colorants": "colorspace{}",
        "/Process": "colorspace_dict",
        "/ColorSpace": "colorspace",
        "/Components": None,
    },
    "lookup": {},  # an /Indexed colour table stream
    "function": {
        **{k: None for k in ("/FunctionType", "/Domain", "/Range", "/Size", "/BitsPerSample", "/Order")},
        **{k: None for k in ("/Encode", "/Decode", "/C0", "/C1", "/N", "/Bounds")},
        "/Functions": "function",
    },
    "tiling_pattern": {
        **{k: None for k in ("/Type", "/PatternType", "/PaintType", "/TilingType", "/BBox", "/XStep")},
        **{k: None for k in ("/YStep", "/Matrix")},
        "/Resources": "resources",
    },
    "shading_pattern": {
        "/Type": None,
        "/PatternType": None,
        "/Shading": "shading",
        "/Matrix": None,
        "/ExtGState": "extgstate",
    },
    "shading": {
        **{k: None for k in ("/ShadingType", "/Background", "/BBox", "/AntiAlias", "/Domain", "/Coords")},
        **{k: None for k in ("/Matrix", "/Extend", "/BitsPerCoordinate", "/BitsPerComponent")},
        **{k: None for k in ("/BitsPerFlag", "/Decode", "/VerticesPerRow")},
        "/ColorSpace": "colorspace",
        "/Function": "function",
    },
    # Marked-content properties: optional-content groups and membership dictionaries.  The
    # catalog's /OCProperties is not kept, so every remaining layer shows; a group's /Name
    # (which a viewer lists) is replaced, see _SPECIAL.
    "property": {"/Type": None, "/Name": "neutral_name", "/OCGs": "property", "/P": None},
}


def _node(obj) -> str:
    kind = obj.get("/Type")
    if kind == "/Pages" or (kind != "/Page" and "/Kids" in obj):
        return "pages"
    return "page"


def _xobject(obj) -> str | None:
    return {"/Image": "image", "/Form": "form"}.get(str(obj.get("/Subtype")))


def _colorspace(obj) -> str:
    if "/FunctionType" in obj:
        return "function"
    if isinstance(obj, pikepdf.Stream):
        return "icc" if "/N" in obj else "lookup"
    return "colorspace_dict"


def _pattern(obj) -> str | None:
    kind = obj.get("/PatternType")
    return {1: "tiling_pattern", 2: "shading_pattern"}.get(kind if isinstance(kind, int) else 0)


# Types chosen by the object itself; None drops the key that leads to it.
DISPATCH: dict[str, Callable[[pikepdf.Object], str | None]] = {
    "node": _node,
    "xobject": _xobject,
    "colorspace": _colorspace,
    "pattern": _pattern,
}

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{2})?")
NEUTRAL_LAYER_NAME = "Laag"


class _Walker:
    def __init__(self) -> None:
        self.dropped: Counter[str] = Counter()
        self.seen: set[tuple[tuple[int, int], str]] = set()

    def walk(self, value, kind: str, depth: int = 0) -> bool:
        """Prune ``value`` as ``kind``; False when the value itself must go (unknown type)."""
        if depth > 64:
            return True
        if isinstance(value, pikepdf.Array):
            for item in value:
                if isinstance(item, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream):
                    self.walk(item, kind, depth + 1)
            return True
        if not isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
            return True
        if kind in DISPATCH:
            resolved = DISPATCH[kind](value)
            if resolved is None:
                return False
            kind = resolved
        if value.is_indirect:
            ident = (value.objgen, kind)
            if ident in self.seen:
                return True
            self.seen.add(ident)
        table = TABLES[kind]
        stream = isinstance(value, pikepdf.Stream)
        for key in list(value.keys()):
            if key in table:
                child = table[key]
            elif stream and key in STREAM_KEYS:
                child = STREAM_KEYS[key]
            else:
                self.dropped[f"{kind}{key}"] += 1
                del value[key]
                continue
            if child is None:
                continue
            if child in _SPECIAL:
                _SPECIAL[child](self, value, key, kind)
            elif child.endswith("{}"):
                mapping = value[key]
                if isinstance(mapping, pikepdf.Dictionary):
                    for name in list(mapping.keys()):
                        if not self.walk(mapping[name], child[:-2], depth + 1):
                            self.dropped[f"{child[:-2]}:unknown"] += 1
                            del mapping[name]
            elif not self.walk(value[key], child, depth + 1):
                self.dropped[f"{kind}{key}"] += 1
                del value[key]
        return True


def _lang(walker: _Walker, holder, key: str, kind: str) -> None:
    """Keep a language tag only when it is one ("nl", "nl-NL"): free text there is dropped."""
    value = holder[key]
    if not (isinstance(value, pikepdf.String) and _LANG_TAG.fullmatch(str(value))):
        walker.dropped[f"{kind}{key}"] += 1
        del holder[key]


def _neutral_name(walker: _Walker, holder, key: str, kind: str) -> None:
    """A required name a viewer shows (a layer's): replaced, since it may name a person."""
    if holder[key] != pikepdf.String(NEUTRAL_LAYER_NAME):
        walker.dropped[f"{kind}{key}"] += 1
        holder[key] = pikepdf.String(NEUTRAL_LAYER_NAME)


_SPECIAL: dict[str, Callable[[_Walker, pikepdf.Object, str, str], None]] = {
    "lang": _lang,
    "neutral_name": _neutral_name,
}
TRAILER_KEEP = {"/Root", "/Info", "/ID", "/Size"}
# Cross-reference stream keys: file structure that every save writes anew, not worth listing.
_TRAILER_XREF = {"/Type", "/W", "/Index", "/Filter", "/DecodeParms", "/Length", "/Prev", "/XRefStm"}


def apply_allow_list(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Delete every key the tables do not list, from the catalog down; return what went, per type/key.

    The document Info dictionary is the caller's (it writes Producer only).
    """
    walker = _Walker()
    for key in list(pdf.trailer.keys()):
        if key not in TRAILER_KEEP:
            if key not in _TRAILER_XREF:
                walker.dropped[f"trailer{key}"] += 1
            del pdf.trailer[key]
    walker.walk(pdf.Root, "catalog")
    return dict(sorted(walker.dropped.items()))
