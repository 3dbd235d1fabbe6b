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

from pipeline.accessibility import toelichting as accessibility_note
from pipeline.audit import iter_records
from pipeline.removed import toelichting
from pipeline.safetext import clean, for_csv, xlsx_row
from pipeline.status import Status

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
OWN_COLUMNS = ["Volgnummer", "Bestand", "Pagina's", "Lakkingen", "Status", "Reden", "Inclusief"]
COLUMNS = PRODUCTION_COLUMNS + OWN_COLUMNS


def last_document_records(audit_path: Path) -> dict[str, dict[str, Any]]:
    """The latest ``document`` record per input (keyed by the input's fingerprint), in input order."""
    latest: dict[str, dict[str, Any]] = {}
    for rec in iter_records(audit_path, types=("document",)):
        latest[rec.get("input") or rec["document"]] = rec
    return dict(sorted(latest.items(), key=lambda kv: kv[1].get("number", 0)))


def document_ids(latest: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Input key -> inventory ID: the file name without suffix, or its relative path where that
    name occurs in more than one folder (``a/memo`` and ``b/memo``), so no two rows share an ID."""
    paths = {key: PurePosixPath(r.get("output") or r["document"]) for key, r in latest.items()}
    stems: dict[str, int] = {}
    for path in paths.values():
        stems[path.stem] = stems.get(path.stem, 0) + 1
    return {
        key: path.stem if stems[path.stem] == 1 else str(path.with_suffix("")) for key, path in paths.items()
    }


def row_for(
    rec: dict[str, Any],
    grounds: dict[str, str],
    ids: dict[str, str] | None = None,
    own_id: str | None = None,
) -> dict[str, str]:
    """``ids``: input key -> ID, to name a document's family by its head document's ID;
    ``own_id``: this row's ID (default: the file name without suffix)."""
    out = PurePosixPath(rec.get("output") or rec["document"])
    released = rec.get("status") == Status.RELEASED
    removed = toelichting(rec.get("removed_content"))  # form values, comments, ... the output lacks
    if released:
        beoordeling = "Deels openbaar" if rec.get("redactions") or removed else "Openbaar"
    else:
        beoordeling = ""
    codes = rec.get("grounds") or []
    notes = [f"{c} {grounds.get(c, '')}".strip() for c in codes] + ([removed] if removed else [])
    row = {
        "ID": own_id or out.stem,
        "Document": rec.get("title") or out.stem,
        "File type": rec.get("file_type", "pdf"),
        "Family ID": (ids or {}).get(rec.get("family", ""), ""),
        "Email Thread ID": rec.get("thread", ""),
        "Gerelateerd ID": (ids or {}).get(rec.get("same_as", ""), ""),
        "Datum": rec.get("date", ""),
        "Beoordeling": beoordeling,
        "Beoordelingsgrond": ";".join(codes),
        "Toelichting": "; ".join(notes + [t for t in [accessibility_note(rec.get("accessibility"))] if t]),
        "Volgnummer": str(rec.get("number", "")),
        "Bestand": str(out),
        "Pagina's": str(rec.get("pages", "")),
        "Lakkingen": str(rec.get("redactions", 0)),
        "Status": rec.get("status", ""),
        "Reden": rec.get("reason", ""),
        "Inclusief": _ja_nee(rec.get("inclusive")),  # e-mails only
    }
    return {k: clean(v or "") for k, v in row.items()}  # a Title may hold anything


def _ja_nee(value: Any) -> str:
    return "ja" if value is True else "nee" if value is False else ""


def write_inventory(out_dir: Path, grounds: dict[str, str]) -> list[dict[str, str]]:
    """(Re)write ``inventory.csv`` (and ``inventory.xlsx`` when openpyxl is present) atomically."""
    latest = last_document_records(out_dir / "audit.jsonl")
    ids = document_ids(latest)
    rows = [row_for(r, grounds, ids, ids[key]) for key, r in latest.items()]
    tmp = out_dir / ".inventory.csv.tmp"
    with tmp.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens UTF-8 correctly
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: for_csv(row.get(c, "")) for c in COLUMNS})
    os.replace(tmp, out_dir / "inventory.csv")
    try:
        import openpyxl
    except ImportError:
        return rows

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inventarislijst"
    ws.append(COLUMNS)
    for row in rows:
        xlsx_row(ws, [row.get(c, "") for c in COLUMNS])
    tmpx = out_dir / ".inventory.xlsx.tmp"
    wb.save(tmpx)
    os.replace(tmpx, out_dir / "inventory.xlsx")
    return rows
