"""The inventarislijst: one row per input document, rebuilt from the audit log.

The columns follow the production report that ministries upload to
open.minvws.nl (ID ... Zaaknummer), followed by woo-redact's own columns.  Built
from the audit log's last ``document`` record per input, so it always matches
what actually happened, also after an interrupted and resumed run.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.audit import iter_records

PRODUCTION_COLUMNS = [
    "ID",
    "Matter",
    "Family ID",
    "Email Thread ID",
    "Document",
    "File type",
    "Datum",
    "Beoordeling",
    "Opgeschort",
    "Beoordelingsgrond",
    "Toelichting",
    "Publieke link",
    "Gerelateerd ID",
    "Zaaknummer",
]
OWN_COLUMNS = ["Volgnummer", "Bestand", "Pagina's", "Lakkingen", "Status", "Reden"]
COLUMNS = PRODUCTION_COLUMNS + OWN_COLUMNS


def last_document_records(audit_path: Path) -> dict[str, dict[str, Any]]:
    """The latest ``document`` record per input (keyed by the input's fingerprint), in input order."""
    latest: dict[str, dict[str, Any]] = {}
    for rec in iter_records(audit_path, types=("document",)):
        latest[rec.get("input") or rec["document"]] = rec
    return dict(sorted(latest.items(), key=lambda kv: kv[1].get("number", 0)))


def row_for(rec: dict[str, Any], grounds: dict[str, str]) -> dict[str, str]:
    out = PurePosixPath(rec.get("output") or rec["document"])
    released = rec.get("status") == "released"
    if released:
        beoordeling = "Deels openbaar" if rec.get("redactions") else "Openbaar"
    else:
        beoordeling = ""
    codes = rec.get("grounds") or []
    return {
        "ID": out.stem,
        "Document": rec.get("title") or out.stem,
        "File type": "pdf",
        "Datum": rec.get("date", ""),
        "Beoordeling": beoordeling,
        "Beoordelingsgrond": ";".join(codes),
        "Toelichting": "; ".join(f"{c} {grounds.get(c, '')}".strip() for c in codes),
        "Volgnummer": str(rec.get("number", "")),
        "Bestand": str(out),
        "Pagina's": str(rec.get("pages", "")),
        "Lakkingen": str(rec.get("redactions", 0)),
        "Status": rec.get("status", ""),
        "Reden": rec.get("reason", ""),
    }


def write_inventory(out_dir: Path, grounds: dict[str, str]) -> list[dict[str, str]]:
    """(Re)write ``inventory.csv`` (and ``inventory.xlsx`` when openpyxl is present) atomically."""
    rows = [row_for(r, grounds) for r in last_document_records(out_dir / "audit.jsonl").values()]
    tmp = out_dir / ".inventory.csv.tmp"
    with tmp.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens UTF-8 correctly
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    os.replace(tmp, out_dir / "inventory.csv")
    try:
        import openpyxl
    except ImportError:
        return rows
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inventarislijst"
    ws.append(COLUMNS)
    for row in rows:  # control characters (a title from a broken font or OCR) are refused by XLSX
        values = [row.get(c, "") for c in COLUMNS]
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    tmpx = out_dir / ".inventory.xlsx.tmp"
    wb.save(tmpx)
    os.replace(tmpx, out_dir / "inventory.xlsx")
    return rows
