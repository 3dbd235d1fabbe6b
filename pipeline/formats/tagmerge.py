"""Pages of one tagged PDF appended to another, structure trees merged: the appendix stays tagged.

An Office file's hidden content is rendered (tagged, pipeline.formats.render) on pages
after LibreOffice's tagged export.  Appending only the pages would leave their marked
content pointing at no structure element: a screen reader would skip the appendix, and
pipeline.tags could not place the redaction labels there.  So the appendix's Document
element becomes a ``/Sect`` (``/Lang nl``) at the end of the main document's top element,
and its pages' parent-tree entries move to fresh keys of the main parent tree.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf


def append_tagged(main: Path, extra: Path, lang: str = "nl") -> None:
    """Append ``extra``'s pages to ``main`` (in place), its structure tree under main's top element."""
    with pikepdf.open(main, allow_overwriting_input=True) as pdf, pikepdf.open(extra) as add:
        first_new = len(pdf.pages)
        pdf.pages.extend(add.pages)
        root, extra_root = pdf.Root.get("/StructTreeRoot"), add.Root.get("/StructTreeRoot")
        if root is not None and extra_root is not None and "/ParentTree" in root:
            _merge(pdf, root, add, extra_root, first_new, lang)
        pdf.save(main)


def _merge(
    pdf: pikepdf.Pdf,
    root: pikepdf.Dictionary,
    add: pikepdf.Pdf,
    extra_root: pikepdf.Dictionary,
    first_new: int,
    lang: str,
) -> None:
    tree = pikepdf.NumberTree(root.ParentTree)
    next_key = max([int(k) for k, _ in tree.items()] + [int(root.get("/ParentTreeNextKey", 0)) - 1, -1]) + 1
    extra_tree = pikepdf.NumberTree(extra_root.ParentTree) if "/ParentTree" in extra_root else None
    # pages first (already copied by pages.extend): the same foreign-object map is used below,
    # so /Pg and parent-tree references land on the copied pages and elements
    renumber: dict[int, int] = {}
    for page in list(pdf.pages)[first_new:]:
        annots = [
            (a, "/StructParent") for a in page.obj.get("/Annots", []) if isinstance(a, pikepdf.Dictionary)
        ]
        for holder, key in [(page.obj, "/StructParents"), *annots]:
            if key in holder:
                old = int(holder[key])
                renumber.setdefault(old, next_key + len(renumber))
                holder[key] = renumber[old]
    top = _top_element(root)
    kids = extra_root.K
    sections = [
        pdf.copy_foreign(_indirect(add, k)) for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
    ]
    for element in sections:
        if isinstance(element, pikepdf.Dictionary):
            if element.get("/S") == "/Document":
                element.S = pikepdf.Name.Sect
            element.Lang = pikepdf.String(lang)
            element.P = top if top is not None else root
    if extra_tree is not None:
        for old, new in renumber.items():
            if old in extra_tree:
                tree[new] = pdf.copy_foreign(_indirect(add, extra_tree[old]))
    root.ParentTreeNextKey = next_key + len(renumber)
    target = top if top is not None else root
    present = target.get("/K")
    if present is None:
        target.K = pikepdf.Array(sections)
    elif isinstance(present, pikepdf.Array):
        present.extend(sections)
    else:
        target.K = pikepdf.Array([present, *sections])


def _indirect(pdf: pikepdf.Pdf, obj):
    """copy_foreign takes indirect objects only: a direct one is made indirect in its own file first."""
    return obj if obj.is_indirect else pdf.make_indirect(obj)


def _top_element(root: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The main document's single top element (its Document), if it has exactly one."""
    kids = root.get("/K")
    if isinstance(kids, pikepdf.Array):
        elements = [k for k in kids if isinstance(k, pikepdf.Dictionary)]
        return elements[0] if len(elements) == 1 else None
    return kids if isinstance(kids, pikepdf.Dictionary) else None
