"""Tagged PDF through redaction: the structure tree survives, redacted like the page text.

A tagged input (``/MarkInfo /Marked true`` and a ``/StructTreeRoot``) keeps its structure
tree, reading order, ``/Lang``, ``/MarkInfo`` and ``/Tabs``, and gets its redacted title
with ``DisplayDocTitle``.  The writer (pipeline.redact) calls, in this order:

1. ``detach(pdf, src, areas, tagging)`` before its sanitizer: takes the structure keys
   out of the catalog and the pages (so a sanitizer that drops unknown keys cannot
   lose them), and notes, per redaction box, the marked-content id (MCID) of the text
   under it (pdfplumber), so its label can take that text's place in the tree;
2. ``reattach(pdf, kept)`` after its sanitizer: puts the keys back and redacts the
   tree's strings (``/Alt``, ``/ActualText``, ``/T``, ``/E``): a redacted string becomes
   its ground code; a string with words the page text does not have (and so were never
   checked for personal data) is replaced by a neutral text (fail closed);
3. ``finish(out, kept)`` on the redacted file: the black boxes become ``/Artifact``
   content, each label a ``/Span`` with its own MCID and ``/ActualText`` = the ground
   code (a screen reader says "5.1.2e") placed right after the text it replaces;
   structure elements whose content was removed entirely are removed; ``/Title`` is
   the redacted title.  Untagged inputs stay untagged but get ``/Lang nl`` and the title.

``STRUCTURE_KEYS`` lists the keys a tagged output needs, for any allow-list sanitizer.
``structure_problems`` is the verification step: the structure tree is a leak channel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

# Keys a tagged output needs, per object kind: an allow-list sanitizer must keep them
# (tags.detach takes them out before today's sanitizer and puts them back after it).
STRUCTURE_KEYS: dict[str, frozenset[str]] = {
    "catalog": frozenset({"/StructTreeRoot", "/MarkInfo", "/Lang", "/ViewerPreferences"}),
    "page": frozenset({"/StructParents", "/Tabs"}),
    "resources": frozenset({"/Properties"}),  # named marked-content property lists (BDC /Span /P0)
    "viewer_preferences": frozenset({"/DisplayDocTitle"}),
    "struct_elem": frozenset(
        {
            "/Type",
            "/S",
            "/P",
            "/K",
            "/Pg",
            "/ID",
            "/A",
            "/C",
            "/R",
            "/Lang",
            "/Alt",
            "/ActualText",
            "/T",
            "/E",
        }
    ),
    "struct_tree_root": frozenset(
        {"/Type", "/K", "/ParentTree", "/ParentTreeNextKey", "/RoleMap", "/ClassMap"}
    ),
}
STRING_KEYS = ("/Alt", "/ActualText", "/T", "/E")
UNCHECKED = "[tekst niet gecontroleerd op persoonsgegevens en daarom weggelaten]"
DEFAULT_LANG = "nl"
LABEL_FONT_PREFIX = "/WooLabel"  # pipeline.redact.LABEL_FONT
_MAX_DEPTH = 200


@dataclass(frozen=True)
class TagInput:
    """What the writer needs to redact the structure tree: built by the pipeline from its decisions."""

    title: str = ""  # the document title with personal data already replaced
    redacted: tuple[tuple[str, str], ...] = ()  # (redacted string, ground code), longest first
    vocabulary: frozenset[str] = frozenset()  # folded words of the input's page text
    checked: frozenset[str] = frozenset()  # structure strings the detector has read (normalised)

    @classmethod
    def build(
        cls,
        title: str,
        redactions: Iterable[Any],
        page_texts: Iterable[str],
        src: Path | None = None,
        detector: Callable[[str], list[tuple[str, str]]] | None = None,
    ) -> TagInput:
        """From the document's redactions; ``detector`` (text -> [(found, ground)]) reads the tree's strings.

        The structure tree's strings are not page text: a name only in a figure's /Alt was
        never seen by detection.  With ``detector`` each string is read like a page; without
        it a string with words the page text does not have is replaced (fail closed).
        """
        pairs = {(_norm(r.text), r.ground) for r in redactions if len(_norm(r.text)) >= 2}
        checked: set[str] = set()
        if src is not None and detector is not None:
            for text in structure_strings(src):
                for found, ground in detector(text):
                    if len(_norm(found)) >= 2:
                        pairs.add((_norm(found), ground))
                checked.add(_norm(text))
        words: set[str] = set()
        for text in page_texts:
            words.update(_words(text))
        ordered = tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))  # "Sanne Bakker" before "Sanne"
        return cls(title, ordered, frozenset(words), frozenset(checked))


def analyzer_detector(analyzer: Any, entity_rules: dict[str, Any], language: str = "nl"):
    """A detector for TagInput.build from the run's Presidio analyzer and the rules' entities.

    Every finding at or above its entity's ``min_score`` is redacted with the entity's
    ground (stricter than the page's decisions: no exceptions for public officials).
    """

    def detect(text: str) -> list[tuple[str, str]]:
        out = []
        for r in analyzer.analyze(text=text, language=language, entities=sorted(entity_rules)):
            rule = entity_rules.get(r.entity_type)
            if rule is not None and r.score >= rule.min_score:
                out.append((text[r.start : r.end], rule.ground))
        return out

    return detect


def structure_strings(src: Path) -> list[str]:
    """The /Alt, /ActualText, /T, /E and attribute strings of a tagged file's tree (empty if untagged)."""
    try:
        with pikepdf.open(src) as pdf:
            if not is_tagged(pdf):
                return []
            out: dict[str, None] = {}
            for elem in _elements(pdf.Root.StructTreeRoot, set()):
                for holder, key in _string_places(elem):
                    value = holder.get(key)
                    if isinstance(value, pikepdf.String) and str(value).strip():
                        out.setdefault(str(value), None)
            return list(out)
    except (pikepdf.PdfError, OSError, ValueError):
        return []


@dataclass
class TagReport:
    """What happened to the structure tree (``tagged`` False: the input had none)."""

    tagged: bool = False
    labels_tagged: int = 0
    labels_in_place: int = 0  # read where the removed text was, not after its element
    labels_at_end: int = 0  # the removed text ended its marked content: read after it, where it was
    elements_removed: int = 0
    strings_redacted: int = 0
    strings_replaced_unchecked: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Kept:
    """The structure keys taken out before sanitizing, and where each label belongs."""

    tagged: bool
    pdfua: bool  # the input claims PDF/UA in its XMP: the output does too (with its redacted title)
    catalog: dict[str, Any]
    pages: list[dict[str, Any]]
    label_mcids: dict[int, list[int | None]]  # page -> MCID under each labelled box, in box order
    tagging: TagInput
    report: TagReport


# --------------------------------------------------------------------------- text helpers


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text))).strip()


def _fold(text: str) -> str:
    return _norm(text).casefold()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _fold(text)))


def is_tagged(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    mark = root.get("/MarkInfo")
    marked = isinstance(mark, pikepdf.Dictionary) and bool(mark.get("/Marked", False))
    return marked and isinstance(root.get("/StructTreeRoot"), pikepdf.Dictionary)


def redact_string(text: str, tagging: TagInput) -> tuple[str, bool, bool]:
    """``text`` with each redacted string replaced by its ground code; (text, redacted, unchecked).

    Words that neither the page text has nor a ground code explains were never checked
    for personal data: then the whole string is replaced (fail closed).
    """
    out = _norm(text)
    changed = False
    for secret, ground in tagging.redacted:
        pattern = re.compile(r"(?<!\w)" + re.escape(secret) + r"(?!\w)", re.IGNORECASE)
        out, n = pattern.subn(ground, out)
        changed |= bool(n)
    if _norm(text) in tagging.checked:
        return out, changed, False
    grounds = {w for _, g in tagging.redacted for w in _words(g)}
    unknown = _words(out) - tagging.vocabulary - grounds
    if unknown:
        return UNCHECKED, changed, True
    return out, changed, False


# --------------------------------------------------------------------------- XMP


def xmp_packet(title: str) -> bytes:
    """The only XMP an output may carry: its redacted title and the PDF/UA-1 identification.

    Written only when the input claimed PDF/UA; verification accepts a /Metadata stream
    only if it is exactly this packet for the file's /Title (nothing else can hide in it).
    """
    from xml.sax.saxutils import escape

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


def is_own_xmp(pdf: pikepdf.Pdf) -> bool:
    """Whether the catalog's /Metadata is exactly ``xmp_packet`` of the file's /Title."""
    meta = pdf.Root.get("/Metadata")
    info = pdf.trailer.get("/Info")
    if not isinstance(meta, pikepdf.Stream) or not isinstance(info, pikepdf.Dictionary):
        return False
    try:
        return _xmp_signature(meta.read_bytes()) == _xmp_signature(xmp_packet(str(info.get("/Title", ""))))
    except (pikepdf.PdfError, ValueError):
        return False


def _xmp_signature(data: bytes) -> list[tuple[Any, ...]]:
    """Every node of an XMP packet (elements, comments, instructions) with its attributes and text.

    Equal signatures: the same packet up to indentation (pikepdf pretty-prints XMP on save).
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError("XMP is not well-formed") from exc
    nodes: list[tuple[Any, ...]] = []
    for node in root.getroottree().iter():
        nodes.append(
            (
                str(node.tag),
                sorted(node.attrib.items()) if hasattr(node, "attrib") else [],
                (node.text or "").strip(),
                (node.tail or "").strip(),
            )
        )
    return nodes


def _claims_pdfua(pdf: pikepdf.Pdf) -> bool:
    meta = pdf.Root.get("/Metadata")
    try:
        return isinstance(meta, pikepdf.Stream) and b"pdfuaid" in meta.read_bytes()
    except pikepdf.PdfError:
        return False


# --------------------------------------------------------------------------- 1. detach


def detach(pdf: pikepdf.Pdf, src: Path, areas: Sequence[Any], tagging: TagInput | None) -> Kept:
    """Take the structure keys out of the catalog and pages; note the MCID under each labelled box."""
    tagging = tagging or TagInput()
    tagged = is_tagged(pdf)
    root = pdf.Root
    catalog: dict[str, Any] = {}
    pages: list[dict[str, Any]] = []
    if tagged:
        for key in ("/StructTreeRoot", "/MarkInfo"):
            catalog[key] = root[key]
            del root[key]
        for page in pdf.pages:
            keep = {k: page.obj[k] for k in STRUCTURE_KEYS["page"] if k in page.obj}
            pages.append(keep)
    elif isinstance(root.get("/MarkInfo"), pikepdf.Dictionary):
        # marked without a structure tree (LibreOffice Calc does this): keep the flag only,
        # so the output claims no less than its input
        marked = bool(root.MarkInfo.get("/Marked", False))
        catalog["/MarkInfo"] = pikepdf.Dictionary(Marked=marked)
    if "/Lang" in root:
        catalog["/Lang"] = root.Lang
    report = TagReport(tagged=tagged)
    label_mcids = _mcids_under(src, areas) if tagged and areas else {}
    return Kept(tagged, tagged and _claims_pdfua(pdf), catalog, pages, label_mcids, tagging, report)


def _mcids_under(src: Path, areas: Sequence[Any]) -> dict[int, list[int | None]]:
    """Per page, the MCID of the text under each labelled box (pdfplumber: same coordinates as the boxes)."""
    import pdfplumber

    by_page: dict[int, list[Any]] = {}
    for a in areas:
        if a.label and a.ground:
            by_page.setdefault(a.box.page, []).append(a)
    out: dict[int, list[int | None]] = {}
    try:
        with pdfplumber.open(src, pages=[p + 1 for p in sorted(by_page)]) as doc:
            for page, pno in zip(doc.pages, sorted(by_page), strict=True):
                chars = [c for c in page.chars if c.get("mcid") is not None]
                found: list[int | None] = []
                for a in by_page[pno]:
                    b = a.box
                    inside = [
                        c["mcid"]
                        for c in chars
                        if b.x0 <= (c["x0"] + c["x1"]) / 2 <= b.x1
                        and b.top <= (c["top"] + c["bottom"]) / 2 <= b.bottom
                    ]
                    found.append(inside[0] if inside else None)
                out[pno] = found
    except Exception:  # noqa: BLE001 - no MCIDs: labels go to the page's first element instead
        return {}
    return out


# --------------------------------------------------------------------------- 2. reattach


def reattach(pdf: pikepdf.Pdf, kept: Kept) -> None:
    """Put the structure keys back after sanitizing and redact the strings of the tree."""
    root = pdf.Root
    for key, value in kept.catalog.items():
        root[key] = value
    if not kept.tagged:
        return
    for page, keys in zip(pdf.pages, kept.pages, strict=False):
        for key, value in keys.items():
            page.obj[key] = value
    tree = root.StructTreeRoot
    for key in list(tree.keys()):
        if key not in STRUCTURE_KEYS["struct_tree_root"]:
            del tree[key]
    seen: set[tuple[int, int]] = set()
    for elem in _elements(tree, seen):
        for key in list(elem.keys()):
            if key not in STRUCTURE_KEYS["struct_elem"]:
                del elem[key]
        _redact_strings(elem, kept)
        _drop_dead_objrs(elem)


def _elements(node, seen: set[tuple[int, int]], depth: int = 0):
    """Every structure element below ``node`` (each once; cycles and depth bounded)."""
    if depth > _MAX_DEPTH:
        return
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") in ("/MCR", "/OBJR"):
            continue
        ident = kid.objgen
        if ident != (0, 0):
            if ident in seen:
                continue
            seen.add(ident)
        yield kid
        yield from _elements(kid, seen, depth + 1)


def _redact_strings(elem: pikepdf.Dictionary, kept: Kept) -> None:
    """The element's /Alt, /ActualText, /T, /E and its attributes' strings (/A: e.g. a table's /Summary)."""
    for holder, key in _string_places(elem):
        value = holder.get(key)
        if not isinstance(value, pikepdf.String):
            continue
        new, changed, unchecked = redact_string(str(value), kept.tagging)
        if unchecked:
            kept.report.strings_replaced_unchecked += 1
        elif changed:
            kept.report.strings_redacted += 1
        if new != str(value):
            holder[key] = pikepdf.String(new)


def _string_places(elem: pikepdf.Dictionary) -> list[tuple[pikepdf.Dictionary, str]]:
    places: list[tuple[pikepdf.Dictionary, str]] = [(elem, key) for key in STRING_KEYS]
    attrs = elem.get("/A")
    for attr in attrs if isinstance(attrs, pikepdf.Array) else [attrs]:
        if isinstance(attr, pikepdf.Dictionary):
            places.extend((attr, key) for key in attr.keys())
    return places


def _drop_dead_objrs(elem: pikepdf.Dictionary) -> None:
    """Annotations are all removed by the writer: their object references go too."""
    kids = elem.get("/K")
    if isinstance(kids, pikepdf.Array):
        keep = [k for k in kids if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")]
        if len(keep) != len(kids):
            elem.K = pikepdf.Array(keep)
    elif isinstance(kids, pikepdf.Dictionary) and kids.get("/Type") == "/OBJR":
        del elem["/K"]


# --------------------------------------------------------------------------- 3. finish


def finish(out: pikepdf.Pdf, kept: Kept, areas: Sequence[Any]) -> TagReport:
    """On the redacted file: tag boxes and labels, prune emptied elements, set title and language."""
    root = out.Root
    report = kept.report
    if "/Lang" not in root or not str(root.get("/Lang", "")).strip():
        root.Lang = pikepdf.String(DEFAULT_LANG)
    title = _norm(kept.tagging.title)
    if title:
        out.trailer.Info.Title = pikepdf.String(title)
        prefs = pikepdf.Dictionary(DisplayDocTitle=True)
        root.ViewerPreferences = prefs
    if not kept.tagged or not is_tagged(out):
        return report
    _embed_label_font(out)  # PDF/UA: every font embedded
    if kept.pdfua and title:
        root.Metadata = out.make_stream(
            xmp_packet(title), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
    labelled: dict[int, list[Any]] = {}
    for a in areas:
        if a.label and a.ground:
            labelled.setdefault(a.box.page, []).append(a)
    tree = _sub(root, "/StructTreeRoot")  # is_tagged: a dictionary
    parent_tree = _ParentTree(out, tree)
    present: dict[int, set[int]] = {}
    for pno, page in enumerate(out.pages):
        present[pno] = _mark_page(out, page, pno, labelled.get(pno, []), kept, parent_tree, report)
    _prune(tree, out, present, report)
    return report


def _sub(holder: pikepdf.Object, key: str) -> pikepdf.Dictionary:
    """``holder[key]`` if it is a dictionary, else an empty one."""
    value = holder.get(key) if isinstance(holder, pikepdf.Dictionary) else None
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


def _embed_label_font(out: pikepdf.Pdf) -> None:
    """Embed the labels' Helvetica (the metric-compatible Nimbus Sans that PyMuPDF ships, CFF).

    PDF/UA requires every font to be embedded; the writer uses the standard Helvetica by
    name.  The URW base-35 fonts' licence allows embedding them in documents.
    """
    import pymupdf

    done: set[tuple[int, int]] = set()
    for page in out.pages:
        fonts = _sub(_sub(page.obj, "/Resources"), "/Font")
        for name, font in fonts.items():
            if not name.startswith(LABEL_FONT_PREFIX) or not isinstance(font, pikepdf.Dictionary):
                continue
            if font.objgen in done or "/FontDescriptor" in font:
                continue
            done.add(font.objgen)
            helv = pymupdf.Font("helv")
            widths = []
            for code in range(32, 256):
                try:
                    char = bytes([code]).decode("cp1252")
                except UnicodeDecodeError:
                    char = " "
                widths.append(round(helv.glyph_advance(ord(char)) * 1000))
            program = out.make_stream(helv.buffer, Subtype=pikepdf.Name("/Type1C"))
            font.FirstChar, font.LastChar, font.Widths = 32, 255, pikepdf.Array(widths)
            font.FontDescriptor = out.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.FontDescriptor,
                    FontName=pikepdf.Name("/Helvetica"),
                    Flags=32,
                    FontBBox=pikepdf.Array([-166, -225, 1000, 931]),
                    ItalicAngle=0,
                    Ascent=718,
                    Descent=-207,
                    CapHeight=718,
                    StemV=88,
                    FontFile3=program,
                )
            )


def _mark_page(
    out: pikepdf.Pdf,
    page: pikepdf.Page,
    pno: int,
    labels: list[Any],
    kept: Kept,
    parent_tree: _ParentTree,
    report: TagReport,
) -> set[int]:
    """Wrap the writer's boxes (Artifact) and labels (Span with MCID); return the MCIDs with content."""
    try:
        ops = list(pikepdf.parse_content_stream(page))
    except pikepdf.PdfError:
        report.problems.append(f"page {pno + 1}: content stream cannot be parsed to tag the labels")
        return set()
    mcids: set[int] = set()
    with_content: set[int] = set()
    stack: list[int | None] = []  # MCID (or None) of each open marked-content sequence
    for inst in ops:
        name = str(inst.operator)
        if name in ("BDC", "BMC"):
            mcid = None
            if name == "BDC" and len(inst.operands) == 2:
                props: Any = inst.operands[1]
                if isinstance(props, pikepdf.Name):
                    props = _sub(_sub(page.obj, "/Resources"), "/Properties").get(props)
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    mcids.add(mcid)
            stack.append(mcid)
        elif name == "EMC":
            if stack:
                stack.pop()
        elif stack and stack[-1] is not None:
            with_content.add(stack[-1])
    if not labels and not _has_unmarked_painting(ops):
        return with_content

    if labels:
        parent_tree.ensure(page)
    next_mcid = max([*mcids, parent_tree.length(page) - 1, -1]) + 1
    # Where possible the label's text takes the removed name's place inside the sentence
    # (reading order); the drawn label is then an artifact.  Otherwise it follows the text.
    in_place: set[int] = set()
    where = kept.label_mcids.get(pno, [])
    targets: dict[int, list[int]] = {}
    for n, target in enumerate(where[: len(labels)]):
        if target is not None:
            targets.setdefault(target, []).append(n)
    for target, numbers in targets.items():
        split = _split_sequence(ops, page, target, len(numbers), next_mcid)
        if split is None:
            continue
        if not split:
            report.labels_at_end += len(numbers)
            continue
        ops, order, next_mcid = split
        grounds = iter(labels[n].ground for n in numbers)
        _insert_split(
            out,
            page,
            target,
            [(kind, mcid, next(grounds) if kind == "label" else "") for kind, mcid in order],
            parent_tree,
        )
        with_content.update(mcid for _, mcid in order)
        in_place.update(numbers)
        report.labels_in_place += len(numbers)
    result: list[Any] = []
    depth = 0
    i = 0
    label_no = 0
    path_start: int | None = None
    while i < len(ops):
        inst = ops[i]
        name = str(inst.operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        if depth == 0 and name == "BT":
            j = i
            while j < len(ops) and str(ops[j].operator) != "ET":
                j += 1
            block = ops[i : j + 1]
            if any(
                str(o.operator) == "Tf" and str(o.operands[0]).startswith(LABEL_FONT_PREFIX) for o in block
            ):
                if label_no in in_place:  # its text is already in the sentence (ActualText)
                    result.append(
                        pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
                    )
                    result.extend(block)
                    result.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
                    report.labels_tagged += 1
                    label_no += 1
                    i = j + 1
                    continue
                area = labels[label_no] if label_no < len(labels) else None
                ground = area.ground if area is not None else ""
                props = pikepdf.Dictionary(MCID=next_mcid)
                result.append(
                    pikepdf.ContentStreamInstruction([pikepdf.Name.Span, props], pikepdf.Operator("BDC"))
                )
                result.extend(block)
                result.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
                where = kept.label_mcids.get(pno, [])
                after = where[label_no] if label_no < len(where) else None
                _add_label_element(out, page, next_mcid, ground, after, parent_tree)
                with_content.add(next_mcid)
                report.labels_tagged += 1
                next_mcid += 1
                label_no += 1
            else:
                result.extend(block)
            i = j + 1
            continue
        if depth == 0 and name in ("re", "m") and path_start is None:
            path_start = len(result)
        if (
            depth == 0
            and path_start is not None
            and name in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n")
        ):
            result.append(inst)
            if name != "n":  # a clip-only path paints nothing
                result.insert(
                    path_start,
                    pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")),
                )
                result.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            path_start = None
            i += 1
            continue
        if name in ("W", "W*"):
            pass
        result.append(inst)
        i += 1
    if label_no != len(labels):
        report.problems.append(f"page {pno + 1}: {len(labels)} labels drawn, {label_no} found to tag")
    data = pikepdf.unparse_content_stream(result)
    page.obj.Contents = out.make_stream(data)
    return with_content


_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI", "EI", "INLINE IMAGE"}
GAP_MIN = 400  # TJ adjustment (1/1000 em) that marks removed glyphs: larger than kerning and word spacing


def _op(operator: str, *operands: Any) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def _bdc(tag: Any, mcid: int) -> pikepdf.ContentStreamInstruction:
    return _op("BDC", tag, pikepdf.Dictionary(MCID=mcid))


def _split_sequence(
    ops: list[Any], page: pikepdf.Page, target: int, count: int, next_mcid: int
) -> tuple[list[Any], list[tuple[str, int]], int] | tuple[()] | None:
    """Split the marked content ``target`` at the ``count`` widest TJ gaps (the removed glyphs).

    ``BDC(t) q BT .. [a b GAP c] TJ .. ET Q EMC`` becomes
    ``q BT BDC(t) .. [a b] TJ EMC BDC(label) [GAP] TJ EMC BDC(new) [c] TJ .. EMC ET Q``: the
    marked content moves inside the text object, so nothing else changes (a sequence already
    inside a text object is split where it is).  Returns the new
    operators, the MCIDs in reading order (("piece" | "label", mcid)) and the next free MCID;
    ``()`` when the removed text left no gap (it ended the text: the label follows it, in
    place); None when the sequence does not have that simple form (the label follows the text).
    """
    start = end = None
    for n, inst in enumerate(ops):
        name = str(inst.operator)
        if start is None:
            if name == "BDC" and len(inst.operands) == 2 and isinstance(inst.operands[1], pikepdf.Dictionary):
                props = inst.operands[1]
                if "/MCID" in props and int(props.MCID) == target:
                    start = n
            continue
        if name in ("BDC", "BMC"):
            return None  # nested marked content: leave it alone
        if name == "EMC":
            end = n
            break
    if start is None or end is None:
        return None
    tag = ops[start].operands[0]
    inner = ops[start + 1 : end]
    gaps: list[tuple[float, int, int]] = []  # (adjustment, op index in inner, element index)
    has_bt = any(str(inst.operator) == "BT" for inst in inner)
    in_text = not has_bt  # no text object inside: the sequence is inside one (LibreOffice)
    for n, inst in enumerate(inner):
        name = str(inst.operator)
        if name == "BT":
            if in_text:
                return None
            in_text = True
        elif name == "ET":
            in_text = False
        elif name == "TJ" and in_text and inst.operands and isinstance(inst.operands[0], pikepdf.Array):
            for k, item in enumerate(inst.operands[0]):
                if not isinstance(item, pikepdf.String | pikepdf.Array | pikepdf.Dictionary):
                    try:
                        value = float(item)
                    except (TypeError, ValueError):
                        continue
                    if value <= -GAP_MIN:  # a move to the right in horizontal writing
                        gaps.append((-value, n, k))
        elif not in_text and name in _PAINTING:
            return None  # painting outside the text objects would be left unmarked: not this form
    if has_bt and in_text:
        return None
    if not gaps and count == 1:
        return ()  # the name ended the text: the label after the content is where the name was
    if len(gaps) < count:
        return None
    chosen = sorted(sorted(gaps, reverse=True)[:count], key=lambda g: (g[1], g[2]))
    by_op: dict[int, list[int]] = {}
    for _, n, k in chosen:
        by_op.setdefault(n, []).append(k)

    order: list[tuple[str, int]] = [("piece", target)]
    out: list[Any] = [] if has_bt else [ops[start]]
    current = target
    first_block = True
    for n, inst in enumerate(inner):
        name = str(inst.operator)
        if name == "BT":
            out.append(inst)
            if not first_block:
                current = next_mcid
                next_mcid += 1
                order.append(("piece", current))
            out.append(_bdc(tag, current))
            first_block = False
            continue
        if name == "ET":
            out.append(_op("EMC"))
            out.append(inst)
            continue
        if n in by_op:
            items = list(inst.operands[0])
            cut = 0
            for k in by_op[n]:
                if items[cut:k]:
                    out.append(_op("TJ", pikepdf.Array(items[cut:k])))
                out.append(_op("EMC"))
                label = next_mcid
                next_mcid += 1
                out.extend([_bdc(pikepdf.Name.Span, label), _op("TJ", pikepdf.Array([items[k]])), _op("EMC")])
                current = next_mcid
                next_mcid += 1
                order.extend([("label", label), ("piece", current)])
                out.append(_bdc(tag, current))
                cut = k + 1
            if items[cut:]:
                out.append(_op("TJ", pikepdf.Array(items[cut:])))
            continue
        out.append(inst)
    if not has_bt:
        out.append(ops[end])
    return ops[:start] + out + ops[end + 1 :], order, next_mcid


def _insert_split(
    out: pikepdf.Pdf,
    page: pikepdf.Page,
    target: int,
    order: list[tuple[str, int, str]],
    parent_tree: _ParentTree,
) -> None:
    """In the element that owned ``target``: its pieces and the labels' Spans, in reading order."""
    parent = parent_tree.element(page, target)
    if parent is None:
        return
    kids = parent.get("/K")
    items: list[Any] = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    pos = next((n for n, kid in enumerate(items) if _kid_mcid(kid) == target), None)
    if pos is None:
        return
    original = items[pos]
    new: list[Any] = []
    for kind, mcid, ground in order:
        if kind == "label":
            elem = out.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.Span,
                    P=parent,
                    Pg=page.obj,
                    K=mcid,
                    ActualText=pikepdf.String(ground),
                )
            )
            parent_tree.set(page, mcid, elem)
            new.append(elem)
        elif mcid == target:
            new.append(original)
        else:
            if isinstance(original, pikepdf.Dictionary):  # an MCR: keep its form
                new.append(
                    pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=original.get("/Pg", page.obj), MCID=mcid)
                )
            else:
                new.append(mcid)
            parent_tree.set(page, mcid, parent)
    items[pos : pos + 1] = new
    parent.K = pikepdf.Array(items)


def _has_unmarked_painting(ops: list[Any]) -> bool:
    depth = 0
    for inst in ops:
        name = str(inst.operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif depth == 0 and name in ("B", "f", "F", "S", "b", "B*", "f*", "b*", "s", "TJ", "Tj"):
            return True
    return False


class _ParentTree:
    """The /ParentTree number tree: page /StructParents key -> array of elements by MCID."""

    def __init__(self, pdf: pikepdf.Pdf, tree: pikepdf.Dictionary) -> None:
        self.pdf = pdf
        self.tree = tree
        self.nums: dict[int, pikepdf.Object] = {}
        pt = tree.get("/ParentTree")
        if isinstance(pt, pikepdf.Dictionary):
            self._read(pt, 0)

    def _read(self, node, depth: int) -> None:
        if depth > 32:
            return
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for k in range(0, len(nums) - 1, 2):
                self.nums[int(nums[k])] = nums[k + 1]
        for kid in node.get("/Kids", []):
            if isinstance(kid, pikepdf.Dictionary):
                self._read(kid, depth + 1)

    def array(self, page: pikepdf.Page) -> pikepdf.Array | None:
        key = page.obj.get("/StructParents")
        value = self.nums.get(int(key)) if key is not None else None
        return value if isinstance(value, pikepdf.Array) else None

    def ensure(self, page: pikepdf.Page) -> None:
        """Give a page without content in the tree its own /StructParents entry (for its labels)."""
        pt = self.tree.get("/ParentTree")
        if self.array(page) is not None or not isinstance(pt, pikepdf.Dictionary) or "/Kids" in pt:
            return
        key = max(int(self.tree.get("/ParentTreeNextKey", 0)), max(self.nums, default=-1) + 1)
        arr = self.pdf.make_indirect(pikepdf.Array([]))
        if not isinstance(pt.get("/Nums"), pikepdf.Array):
            pt.Nums = pikepdf.Array([])
        pt.Nums.append(key)  # the largest key: /Nums stays sorted
        pt.Nums.append(arr)
        page.obj.StructParents = key
        self.tree.ParentTreeNextKey = key + 1
        self.nums[key] = arr

    def length(self, page: pikepdf.Page) -> int:
        arr = self.array(page)
        return len(arr) if arr is not None else 0

    def element(self, page: pikepdf.Page, mcid: int | None) -> pikepdf.Dictionary | None:
        arr = self.array(page)
        if arr is None or mcid is None or not 0 <= mcid < len(arr):
            return None
        elem = arr[mcid]
        return elem if isinstance(elem, pikepdf.Dictionary) else None

    def set(self, page: pikepdf.Page, mcid: int, elem: pikepdf.Object) -> None:
        arr = self.array(page)
        if arr is None:
            return
        while len(arr) <= mcid:
            arr.append(None)
        arr[mcid] = elem


def _add_label_element(
    out: pikepdf.Pdf, page: pikepdf.Page, mcid: int, ground: str, after: int | None, parent_tree: _ParentTree
) -> None:
    """A /Span element for a label, right after the marked content it replaces (or at the page's start)."""
    parent: pikepdf.Object | None = parent_tree.element(page, after)
    if parent is None:  # the text under the box had no MCID: the first element that has this page's content
        page_elems = parent_tree.array(page)
        parent = next((e for e in (page_elems or []) if isinstance(e, pikepdf.Dictionary)), None)
    if parent is None:
        top = out.Root.StructTreeRoot.get("/K")
        parent = top[0] if isinstance(top, pikepdf.Array) and len(top) else top
    if not isinstance(parent, pikepdf.Dictionary):
        return
    elem = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Span,
            P=parent,
            Pg=page.obj,
            K=mcid,
            ActualText=pikepdf.String(ground),
        )
    )
    kids = parent.get("/K")
    if kids is None:
        parent.K = pikepdf.Array([elem])
    else:
        items: list[Any] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        pos = len(items)
        if after is not None:
            for n, kid in enumerate(items):
                if _kid_mcid(kid) == after:
                    pos = n + 1
        items.insert(pos, elem)
        parent.K = pikepdf.Array(items)
    parent_tree.set(page, mcid, elem)


def _kid_mcid(kid) -> int | None:
    if isinstance(kid, int):
        return kid
    if isinstance(kid, pikepdf.Object) and not isinstance(kid, pikepdf.Dictionary):
        try:
            return int(kid)
        except (TypeError, ValueError):
            return None
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and "/Stm" not in kid:
        return int(kid.MCID)
    return None


def _prune(
    tree: pikepdf.Dictionary, out: pikepdf.Pdf, present: dict[int, set[int]], report: TagReport
) -> None:
    """Remove MCID references whose content is gone, then elements left without any kid."""
    page_no = {p.obj.objgen: n for n, p in enumerate(out.pages)}

    def walk(node, inherited_page: int | None, depth: int) -> bool:
        """Prune below ``node``; True when ``node`` still has content."""
        if depth > _MAX_DEPTH:
            return True
        pg = node.get("/Pg")
        here = (
            page_no.get(pg.objgen, inherited_page) if isinstance(pg, pikepdf.Dictionary) else inherited_page
        )
        kids = node.get("/K")
        if kids is None:
            return bool(node.get("/Alt") or node.get("/ActualText"))
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        keep = []
        for kid in items:
            mcid = _kid_mcid(kid)
            if mcid is not None:
                kpg = kid.get("/Pg") if isinstance(kid, pikepdf.Dictionary) else None
                kpage = page_no.get(kpg.objgen, here) if isinstance(kpg, pikepdf.Dictionary) else here
                if kpage is None or mcid in present.get(kpage, set()):
                    keep.append(kid)
                continue
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                if walk(kid, here, depth + 1):
                    keep.append(kid)
                else:
                    report.elements_removed += 1
                continue
            keep.append(kid)
        if len(keep) != len(items):
            if keep:
                node.K = pikepdf.Array(keep)
            else:
                del node["/K"]
        return bool(keep)

    walk(tree, None, 0)


# --------------------------------------------------------------------------- verification


def structure_problems(path: Path, secrets: Sequence[Any]) -> list[str]:
    """Every string of the structure tree and the title searched for every redacted string.

    Whole-word, case-insensitive, after NFKC normalisation, as the page text is searched;
    a string may hold at most ``allowed`` occurrences in total (the kept ones).
    """
    problems: list[str] = []
    strings = tree_texts(path)
    haystack = [_fold(s) for s in strings]
    joined = "\n".join(haystack)
    for secret in secrets:
        target = _fold(secret.text)
        if len(target) < 2 or target not in joined:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(target) + r"(?!\w)")
        hits = sum(len(pattern.findall(s)) for s in haystack)
        if hits > secret.allowed:
            problems.append(
                f"{secret.ref} found {hits}x in the structure tree or title (allowed {secret.allowed})"
            )
    return problems


def tree_texts(path: Path) -> list[str]:
    """The structure tree's strings and the title, one per entry (for ``woo-redact verify DIR``)."""
    strings: list[str] = []
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if isinstance(tree, pikepdf.Dictionary):
            _all_strings(tree, strings, set(), 0)
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary) and isinstance(info.get("/Title"), pikepdf.String):
            strings.append(str(info.Title))
    return [s for s in strings if s.strip()]


def _all_strings(obj, out: list[str], seen: set[tuple[int, int]], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            _all_strings(item, out, seen, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary):
        if obj.objgen != (0, 0):
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        if obj.get("/Type") == "/Page":
            return  # pages are searched as page text
        for key, value in obj.items():
            if key in ("/P", "/Pg", "/Parent"):
                continue
            _all_strings(value, out, seen, depth + 1)
