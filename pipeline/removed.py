"""What the sanitizer removes besides the page content, counted per kind and said in Dutch.

A released document whose form values, comments or attachments were silently dropped
would look "Openbaar" with 0 Lakkingen in the inventory while the public gets less than
the original held.  The counts go into the ``sanitized`` audit record and the
``document`` record, and the inventory's Toelichting says them ("verwijderd: 2
formuliervelden, 1 bijlage").  Counts only: never the removed text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pikepdf

from pipeline.allowlist import TABLES

# kind -> (Dutch singular, Dutch plural), in the order the Toelichting lists them.
KINDS: dict[str, tuple[str, str]] = {
    "form_values": ("formulierveld", "formuliervelden"),
    "comments": ("opmerking", "opmerkingen"),
    "attachments": ("bijlage", "bijlagen"),
    "javascript": ("script", "scripts"),
    "hidden_layers": ("verborgen laag", "verborgen lagen"),
}
# Annotations that are not someone's remark: links, form widgets, popups of a comment, ...
_NOT_COMMENTS = {"/Link", "/Widget", "/Popup", "/FileAttachment", "/PrinterMark", "/TrapNet", "/Watermark"}


def count_removed_content(pdf: pikepdf.Pdf, hidden_groups: int) -> dict[str, int]:
    """Count, in the input, what the sanitizer is about to remove; only kinds that occur."""
    counts = dict.fromkeys(KINDS, 0)
    root = pdf.Root
    form = root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary):
        counts["form_values"] = sum(1 for f in _fields(form.get("/Fields")) if _has_value(f.get("/V")))
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for a in annots:
            if not isinstance(a, pikepdf.Dictionary):
                continue
            sub = str(a.get("/Subtype", ""))
            if sub == "/FileAttachment":
                counts["attachments"] += 1
            elif sub not in _NOT_COMMENTS:
                counts["comments"] += 1
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        counts["attachments"] += _name_tree_count(names.get("/EmbeddedFiles"))
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and (obj.get("/S") == "/JavaScript" or "/JS" in obj):
            if obj.objgen not in seen:
                seen.add(obj.objgen)
                counts["javascript"] += 1
    counts["hidden_layers"] = hidden_groups
    return {k: v for k, v in counts.items() if v}


def _fields(arr, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    """Terminal form fields (a field with /Kids is a group; widgets without /T are its faces)."""
    if depth > 32 or not isinstance(arr, pikepdf.Array):
        return
    for f in arr:
        if not isinstance(f, pikepdf.Dictionary):
            continue
        kids = f.get("/Kids")
        if isinstance(kids, pikepdf.Array) and any(
            isinstance(k, pikepdf.Dictionary) and "/T" in k for k in kids
        ):
            yield from _fields(kids, depth + 1)
        else:
            yield f


def _has_value(v) -> bool:
    if v is None:
        return False
    if isinstance(v, pikepdf.String):
        return bool(str(v).strip())
    if isinstance(v, pikepdf.Name):
        return v != pikepdf.Name.Off
    if isinstance(v, pikepdf.Array):
        return len(v) > 0
    return True


def _name_tree_count(node, depth: int = 0) -> int:
    if depth > 32 or not isinstance(node, pikepdf.Dictionary):
        return 0
    n = len(node.Names) // 2 if isinstance(node.get("/Names"), pikepdf.Array) else 0
    for kid in node.get("/Kids", []):
        n += _name_tree_count(kid, depth + 1)
    return n


def toelichting(counts: Mapping[str, int] | None) -> str:
    """``verwijderd: 2 formuliervelden, 1 bijlage`` for the inventory; "" when nothing was removed."""
    parts = []
    for kind, (one, many) in KINDS.items():
        n = int((counts or {}).get(kind, 0) or 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return "verwijderd: " + ", ".join(parts) if parts else ""


# Key names the audit log may show; any other dropped key (a producer's private key could
# itself be a name) is logged as "<type>/(other)".
_KNOWN_KEYS = {k for table in TABLES.values() for k in table} | {
    *("/PageLabels", "/Names", "/Outlines", "/OpenAction", "/AA", "/AcroForm", "/Metadata"),
    *("/StructTreeRoot", "/MarkInfo", "/ViewerPreferences", "/PageMode", "/OCProperties", "/Threads"),
    *("/URI", "/Perms", "/Legal", "/Requirements", "/Collection", "/NeedsRendering", "/Dests"),
    *("/SpiderInfo", "/Annots", "/Trans", "/Thumb", "/B", "/Dur", "/ID", "/PZ", "/SeparationInfo"),
    *("/Tabs", "/TemplateInstantiated", "/PresSteps", "/VP", "/PieceInfo", "/LastModified"),
    *("/StructParents", "/StructParent", "/CharSet", "/FontFamily", "/Intent", "/Usage", "/OC"),
    *("/OPI", "/Ref", "/Alternates", "/Measure", "/PtData", "/AF", "/DPartRoot", "/DPart", "/Lang"),
    *("/Style", "/FD", "/Info", "/Encrypt", "/Extensions", "/Version"),
}


def loggable_dropped(dropped: Mapping[str, int]) -> dict[str, int]:
    """The allow-list's dropped keys with unknown key names folded, so no free text reaches the log."""
    out: dict[str, int] = {}
    for label, n in dropped.items():
        kind, slash, key = label.partition("/")
        name = f"/{key}" if slash else ""
        shown = label if name in _KNOWN_KEYS or label.endswith(":unknown") else f"{kind}/(other)"
        out[shown] = out.get(shown, 0) + n
    return dict(sorted(out.items()))


def sanitized_record(document: str, report) -> dict:
    """The ``sanitized`` audit record of a written document (a RedactReport): counts only."""
    return {
        "type": "sanitized",
        "document": document,
        "removed": dict(report.content),
        "dropped_keys": loggable_dropped(report.dropped),
    }
