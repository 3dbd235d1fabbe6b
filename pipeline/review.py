"""Review before release: ``scan`` proposes, the coordinator edits, ``apply`` writes.

``scan`` saves each document's findings and the rules' proposal (private state)
and writes, for the coordinator:

- ``review/findings.csv``: one row per finding with a context snippet and a
  ``decision`` column pre-filled from the rules (``accept`` / ``reject``); the
  ``ground`` column may be changed too.  Extra rows with ``decision`` set to
  ``redact-everywhere`` or ``keep-everywhere`` and a ``text`` add a string to
  redact, or a name to keep readable, in every document of the batch.
- ``review/<document>.html``: every page as an image with the proposed boxes
  drawn, a colour per ground; hovering a box shows its finding.

The review folder shows personal data in plain text: it is for the coordinator
only and must never be published.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import ConfigError
from pipeline.safetext import clean, for_csv, for_html, json_dumps

CSV_COLUMNS = [
    "document",
    "output",
    "finding",
    "span",
    "page",
    "entity",
    "score",
    "recognizer",
    "rule",
    "text",
    "context",
    "proposed",
    "proposed_ground",
    "decision",
    "ground",
    "area",  # redact-area rows: "x0 top x1 bottom" in points (extraction coordinates) on ``page``
    "reviewed",  # "1" once the reviewer has looked at the finding (woo-redact review)
    "ocr_flag",  # scanned pages: "low OCR confidence nearby" (pipeline.scanpages)
]
DECISIONS = {"accept", "reject", "redact-everywhere", "keep-everywhere", "redact-area"}
COLOURS = {"5.1.2e": "#d62728", "5.1.1e": "#1f77b4", "5.1.1d": "#9467bd"}


def state_key(rel: str) -> str:
    return hashlib.sha256(rel.encode("utf-8")).hexdigest()[:20]


def save_proposal(job, doc, findings, outcome, res, options) -> list[dict[str, Any]]:
    """Save what apply needs, render the review page, and return the CSV rows (runs in a worker)."""
    detector_findings = [asdict(f) for f in findings]
    state = {
        "document": job.rel,
        "number": job.number,
        "src": job.src,
        "input_sha256": res.input_sha256,
        "output": res.out_rel,
        "findings": detector_findings,
        "pages": doc.page_count,
        "scanned_pages": doc.pages_without_text,
        **review_geometry(doc, outcome),
        "origin": asdict(job.origin) if job.origin is not None else None,  # file type, family, ... for apply
    }
    state_dir = Path(options.state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_dir / f".{state_key(job.rel)}.json.tmp"
    tmp.write_text(json_dumps(state), encoding="utf-8")
    os.replace(tmp, state_dir / f"{state_key(job.rel)}.json")

    rows = []
    for d in outcome.decisions:
        f = d.finding
        page = doc.pages[f.page]
        before = page.text[max(0, f.start - 40) : f.start].replace("\n", " ")
        after = page.text[f.end : f.end + 40].replace("\n", " ")
        rows.append(
            {
                "document": job.rel,
                "output": res.out_rel,
                "finding": f.id,
                "span": f"{f.page}:{f.start}:{f.end}",
                "page": f.page + 1,
                "entity": f.entity,
                "score": f"{f.score:.2f}",
                "recognizer": f.recognizer,
                "rule": d.rule,
                "text": f.text,
                "context": f"{before}«{f.text}»{after}",
                "proposed": "accept" if d.accepted else "reject",
                "proposed_ground": d.ground or "",
                "decision": "accept" if d.accepted else "reject",
                "ground": d.ground or "",
            }
        )
    if options.review_dir:
        write_review_page(Path(options.review_dir), job, doc, outcome, res.out_rel)
    return rows


def review_geometry(doc, outcome) -> dict[str, Any]:
    """Page frames, finding boxes and page texts: ``woo-redact review`` opens pages without extracting."""
    boxes = {}
    for d in outcome.decisions:
        f = d.finding
        boxes[f"{f.page}:{f.start}:{f.end}"] = [
            b.as_list() for b in doc.pages[f.page].span_boxes(f.start, f.end)
        ]
    frames = [list(p.cropbox or (0.0, 0.0, p.width, p.height)) for p in doc.pages]
    return {"frames": frames, "boxes": boxes, "texts": [p.text for p in doc.pages]}


def write_review_page(review_dir: Path, job, doc, outcome, out_rel: str, scale: float = 1.5) -> Path:
    """Each page rendered as an image with the proposed boxes drawn on top."""
    import pypdfium2 as pdfium

    stem = PurePosixPath(out_rel).with_suffix("").as_posix()
    page_dir = review_dir / (stem + "_pages")
    page_dir.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(job.src)
    parts = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>",
        f"<title>Review {for_html(out_rel)}</title><style>",
        "body{font-family:sans-serif;margin:1em;background:#eee}.page{position:relative;margin:1em 0;"
        "box-shadow:0 0 4px #999;display:inline-block}.page img{display:block}"
        ".box{position:absolute;border:2px solid;opacity:.45}.box:hover{opacity:.8}"
        ".reject{border-style:dashed;background:none!important}.legend span{padding:0 .5em;color:#fff}",
        "</style></head><body>",
        f"<h1>Review: {for_html(out_rel)}</h1>",
        "<p>Voorstel tot lakken. Doorgetrokken vak: lakken (kleur per grond); gestippeld: niet lakken. "
        "Beweeg over een vak voor de bevinding. Dit bestand bevat persoonsgegevens: niet publiceren.</p>",
        "<p class='legend'>"
        + " ".join(f"<span style='background:{c}'>{g}</span>" for g, c in COLOURS.items())
        + "</p>",
    ]
    try:
        for page in doc.pages:
            img = pdf[page.index].render(scale=scale).to_pil()
            name = f"page-{page.index + 1}.png"
            img.save(page_dir / name)
            rel_img = f"{PurePosixPath(stem).name}_pages/{name}"
            parts.append(
                f"<div class='page' id='p{page.index + 1}'><img src='{for_html(rel_img)}' "
                f"width='{img.width}' height='{img.height}' alt='pagina {page.index + 1}'>"
            )
            cx, ctop = (page.cropbox or (0, 0, 0, 0))[:2]
            for d in outcome.decisions:
                f = d.finding
                if f.page != page.index or f.start == f.end:
                    continue
                colour = COLOURS.get(d.ground or "", "#ff7f0e") if d.accepted else "#555"
                tip = (
                    f"{f.id} · {f.entity} · {d.ground or '-'} · score {f.score:.2f} · {f.recognizer} · "
                    f"{d.rule} · {'lakken' if d.accepted else 'niet lakken'}"
                )
                for b in page.span_boxes(f.start, f.end):
                    style = (
                        f"left:{(b.x0 - cx) * scale:.1f}px;top:{(b.top - ctop) * scale:.1f}px;"
                        f"width:{b.width * scale:.1f}px;height:{b.height * scale:.1f}px;"
                        f"border-color:{colour};background:{colour}"
                    )
                    cls = "box" if d.accepted else "box reject"
                    parts.append(f"<div class='{cls}' style='{style}' title='{for_html(tip)}'></div>")
            parts.append("</div>")
    finally:
        pdf.close()
    parts.append("</body></html>")
    out = review_dir / (stem + ".html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def write_findings_csv(review_dir: Path, rows: list[dict[str, Any]]) -> Path:
    review_dir.mkdir(parents=True, exist_ok=True)
    path = review_dir / "findings.csv"
    tmp = review_dir / ".findings.csv.tmp"
    with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, delimiter=";")
        w.writeheader()
        for row in sorted(rows, key=lambda r: (r["document"], int(r["page"]), _span_start(r["span"]))):
            w.writerow(_csv_row(row))
    os.replace(tmp, path)
    return path


def _area(row: dict[str, Any], ground: str | None, where: str) -> list:
    """[page (0-based), x0, top, x1, bottom, ground] from a redact-area row."""
    try:
        page = int(row.get("page") or "") - 1
        x0, top, x1, bottom = (float(v) for v in (row.get("area") or "").split())
    except ValueError:
        raise ConfigError(f"{where}: redact-area needs page and area (x0 top x1 bottom in points)") from None
    if page < 0 or x1 <= x0 or bottom <= top:
        raise ConfigError(f"{where}: redact-area box is empty or on no page")
    if not ground:
        raise ConfigError(f"{where}: redact-area needs a ground")
    return [page, x0, top, x1, bottom, ground]


def _csv_row(row: dict[str, Any]) -> dict[str, str]:
    """Cells safe for a spreadsheet; the columns apply reads back keep their exact text."""
    return {k: for_csv(v) if k in ("text", "context") else clean(v) for k, v in row.items()}


def _span_start(span: str) -> int:
    return int(span.split(":")[1])


def load_review(
    out_dir: Path, reviewer: str, warn: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    """Read the edited findings.csv and the saved proposals; return one review payload per document.

    A change to a finding in one copy of a duplicated document applies to all copies
    (pipeline.duplicates); ``warn`` gets conflicting changes (default: stderr).
    """
    from pipeline.duplicates import propagate

    review_dir = out_dir / "review"
    csv_path = review_dir / "findings.csv"
    state_dir = out_dir / ".woo-redact" / "scan"
    if not csv_path.is_file() or not state_dir.is_dir():
        raise ConfigError(f"no scan found in {out_dir}: run 'woo-redact scan INPUT... --out {out_dir}' first")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    redact_all: list[tuple[str, str]] = []
    keep_all: list[str] = []
    per_doc: dict[str, dict[str, tuple[str, str | None]]] = {}
    areas: dict[str, list[list]] = {}
    for n, row in enumerate(rows, start=2):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise ConfigError(f"{csv_path} line {n}: decision must be one of {', '.join(sorted(DECISIONS))}")
        ground = (row.get("ground") or "").strip() or None
        if decision == "redact-everywhere":
            if not row.get("text"):
                raise ConfigError(f"{csv_path} line {n}: redact-everywhere needs the text to redact")
            redact_all.append((row["text"], ground or "5.1.2e"))
        elif decision == "keep-everywhere":
            if not row.get("text"):
                raise ConfigError(f"{csv_path} line {n}: keep-everywhere needs the text to keep")
            keep_all.append(row["text"])
        elif decision == "redact-area":
            areas.setdefault(row["document"], []).append(_area(row, ground, f"{csv_path} line {n}"))
        else:
            if decision == "accept" and not ground:
                raise ConfigError(f"{csv_path} line {n}: an accepted finding needs a ground")
            per_doc.setdefault(row["document"], {})[row["span"]] = (decision, ground)
    states = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(state_dir.glob("*.json"))]
    rules = propagate(states, rows, per_doc, warn)
    payloads = []
    for state in states:
        payloads.append(
            {
                **state,
                "overrides": {
                    "reviewer": reviewer,
                    "spans": per_doc.get(state["document"], {}),
                    "rules": rules.get(state["document"], {}),  # span -> rule: a copy's decision
                    "redact_everywhere": redact_all,
                    "keep_everywhere": keep_all,
                    "areas": areas.get(state["document"], []),
                },
            }
        )
    payloads.sort(key=lambda p: p.get("number", 0))
    return payloads
