"""Strings made safe for every output format, in one place.

Text from a PDF (a Title, a file name, a reason quoting a library's error) can hold
anything: control characters (openpyxl refuses ``\\x00``-``\\x1f`` with
IllegalCharacterError), lone UTF-16 surrogates (``str.encode("utf-8")`` raises, so
does JSON written as UTF-8), a leading ``=`` (a formula in Excel), markup (HTML).  One
such string must never stop a batch after its documents were processed, so every
writer of inventory, report, review pages and JSON passes its strings through here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

# C0 controls except tab, line feed, carriage return; DEL and the C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A cell starting with one of these is a formula in Excel / LibreOffice (CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fix_surrogates(text: str) -> str:
    """Join surrogate pairs into the one character they encode; a lone surrogate becomes U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean(value: Any) -> str:
    """Any value as a string that every format can hold: valid Unicode, no control characters."""
    text = fix_surrogates(value if isinstance(value, str) else str(value))
    return _CONTROL.sub(" ", text)


def for_html(value: Any) -> str:
    """Escaped text for an HTML element or a quoted attribute."""
    return html.escape(clean(value), quote=True)


def for_csv(value: Any) -> str:
    """A CSV cell: clean, and never read as a formula by a spreadsheet."""
    text = clean(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def for_xlsx(value: Any) -> str:
    """An openpyxl cell value (the writer also marks it as text, see ``xlsx_row``)."""
    return clean(value)


def xlsx_row(ws, values: list[Any]) -> None:
    """Append a row of text cells: clean, and a leading ``=`` stays text instead of becoming a formula."""
    ws.append([for_xlsx(v) for v in values])
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def for_json(value: Any) -> Any:
    """``value`` with every string (keys too) free of lone surrogates, so it encodes as UTF-8."""
    if isinstance(value, str):
        return fix_surrogates(value)
    if isinstance(value, dict):
        return {for_json(k): for_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [for_json(v) for v in value]
    return value


def json_dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps(..., ensure_ascii=False)`` whose result always encodes as UTF-8.

    The common case costs one encode check; only a value holding a surrogate is rebuilt.
    """
    kwargs.setdefault("ensure_ascii", False)
    text = json.dumps(value, **kwargs)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(for_json(value), **kwargs)
    return text


def usable_path(path: Path | str, folder: Path) -> Path | str:
    """``path`` itself, or a link to it under ``folder`` when its name is not valid UTF-8.

    Linux file names are bytes; Python hands undecodable ones over as lone surrogates,
    which pikepdf, PDFium and JSON all refuse.  The link has a name made of the path's
    hash, so the libraries open the same file under a name they can take.
    """
    try:
        str(path).encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    import hashlib
    import os
    import shutil

    raw = os.fsencode(path)
    link = folder / f"{hashlib.sha256(raw).hexdigest()[:24]}.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        try:
            link.symlink_to(path)
        except OSError:
            shutil.copyfile(path, link)
    return link
