"""The review state of one scanned batch: findings.csv (the store ``apply`` reads) plus the scan.

All decisions live in ``review/findings.csv``; this class reads it once, changes it in
memory under a lock, and writes it back whole (temporary file, fsync, ``os.replace``), so a
crash or a spreadsheet reading it mid-save never sees half a file.  The extracted text of
each document (needed for boxes, search and "everywhere" counts) is kept in memory once read.
"""

from __future__ import annotations

import csv
import json
import os
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.decide import normalize, word_pattern
from pipeline.errors import ConfigError
from pipeline.model import Document
from pipeline.review import COLOURS, CSV_COLUMNS
from pipeline.status import Status

LOW_SCORE = 0.7  # the "low scores" filter: findings the detector was unsure of
UI = {"accept": "redact", "reject": "keep"}  # findings.csv decision -> what the page shows
CSV = {v: k for k, v in UI.items()}
FLAG_STATUSES = {Status.FAILED, Status.NEEDS_OCR, Status.UNREADABLE, Status.ENCRYPTED}
EVERYWHERE = ("redact-everywhere", "keep-everywhere")


class ReviewStore:
    """Documents, findings and the reviewer's decisions of one output folder."""

    def __init__(self, out_dir: Path, grounds: dict[str, str]) -> None:
        self.out = out_dir
        self.grounds = grounds
        self.csv_path = out_dir / "review" / "findings.csv"
        state_dir = out_dir / ".woo-redact" / "scan"
        if not self.csv_path.is_file() or not state_dir.is_dir():
            raise ConfigError(
                f"no scan found in {out_dir}: run 'woo-redact scan INPUT... --out {out_dir}' first"
            )
        self.lock = threading.RLock()
        self.docs: dict[int, dict[str, Any]] = {}
        for f in sorted(state_dir.glob("*.json")):
            state = json.loads(f.read_text(encoding="utf-8"))
            state.pop("findings", None)
            self.docs[int(state["number"])] = state
        self._read_csv()
        self._by_name = {d["document"]: n for n, d in self.docs.items()}
        self._extracted: dict[int, Document] = {}
        self._audit = self._audit_status()
        # Documents saved from their page at least once: a document without findings needs a look too.
        self.seen_path = out_dir / "review" / "reviewed.json"
        try:
            self.seen: dict[str, str] = json.loads(self.seen_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.seen = {}

    # ---- reading -------------------------------------------------------------------------

    def _read_csv(self) -> None:
        with self.csv_path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=";")
            self.columns = list(reader.fieldnames or [])
            self.rows: list[dict[str, str]] = [dict(r) for r in reader]
        self.columns += [c for c in CSV_COLUMNS if c not in self.columns]
        self._stamp = _stamp(self.csv_path)

    def _reread_if_changed(self) -> None:
        """findings.csv edited outside the app (a spreadsheet) since we read it: start from that copy."""
        if _stamp(self.csv_path) != self._stamp:
            self._read_csv()

    def document(self, number: int) -> Document:
        """The extracted document (same extractor as scan, so the spans match)."""
        from pipeline.extract import extract

        with self.lock:
            doc = self._extracted.get(number)
        if doc is None:
            doc = extract(Path(self.docs[number]["src"]))
            with self.lock:
                self._extracted[number] = doc
        return doc

    def page_texts(self, number: int) -> list[str]:
        """The analysis text of every page: saved by scan, else extracted."""
        texts = self.docs[number].get("texts")
        return texts if texts is not None else [p.text for p in self.document(number).pages]

    def _rows_of(self, number: int) -> list[dict[str, str]]:
        name = self.docs[number]["document"]
        return [r for r in self.rows if r.get("document") == name]

    def _audit_status(self) -> dict[int, dict[str, Any]]:
        """Latest status per document from audit.jsonl (after apply/run), if the input is unchanged."""
        path = self.out / "audit.jsonl"
        out: dict[int, dict[str, Any]] = {}
        if not path.is_file():
            return out
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if rec.get("type") != "document":
                    continue
                n = rec.get("number")
                if n in self.docs and rec.get("input_sha256") == self.docs[n].get("input_sha256"):
                    out[n] = rec
        return out

    def batch(self) -> list[dict[str, Any]]:
        """One summary per document for the start page."""
        with self.lock:
            self._reread_if_changed()
            by_doc: dict[str, list[dict[str, str]]] = {}
            for r in self.rows:  # one pass: a batch has thousands of documents and rows
                by_doc.setdefault(r.get("document") or "", []).append(r)
            out = []
            for n, d in sorted(self.docs.items()):
                all_rows = by_doc.get(d["document"], [])
                rows = [r for r in all_rows if r.get("decision") in UI]
                per_ground = Counter(r.get("ground") or "?" for r in rows if r["decision"] == "accept")
                flags: list[str] = []
                if d.get("scanned_pages"):
                    flags.append(Status.NEEDS_OCR)
                rec = self._audit.get(n)
                status = (
                    rec["status"]
                    if rec
                    else (Status.NEEDS_OCR if d.get("scanned_pages") else Status.PROPOSED)
                )
                if rec and rec["status"] in FLAG_STATUSES:
                    flags.append(f"{rec['status']}: {rec.get('reason') or ''}".strip(": "))
                flags.extend(d.get("flags", []))
                low = sum(1 for r in rows if _score(r) < LOW_SCORE)
                out.append(
                    {
                        "number": n,
                        "document": d["document"],
                        "output": d.get("output", ""),
                        "status": status,
                        "pages": d.get("pages") or self._page_count(n),
                        "per_ground": dict(sorted(per_ground.items())),
                        "keep": sum(1 for r in rows if r["decision"] == "reject"),
                        "areas": sum(1 for r in all_rows if r.get("decision") == "redact-area"),
                        "findings": len(rows),
                        "reviewed": sum(1 for r in rows if r.get("reviewed") == "1"),
                        "seen": d["document"] in self.seen,
                        "low": low,
                        "flags": flags,
                    }
                )
            return out

    def _page_count(self, number: int) -> int:
        return self.document(number).page_count

    def doc_view(self, number: int) -> dict[str, Any]:
        """Everything the document page draws: pages, findings with boxes, drawn areas, everywhere rows.

        The page frames and finding boxes saved by scan make this fast; the document is
        extracted only for an older scan or when "everywhere" rows need their places.
        """
        if number not in self.docs:
            raise KeyError(number)
        state = self.docs[number]
        with self.lock:
            self._reread_if_changed()
            strings = [r["text"] for r in self.rows if r.get("decision") in EVERYWHERE and r.get("text")]
        texts = self.page_texts(number)
        touched = any(_found(t, p) for t in strings for p in texts)
        doc = self.document(number) if "frames" not in state or touched else None
        pages_of = doc.pages if doc is not None else []
        frames = state.get("frames") or [list(p.cropbox or (0.0, 0.0, p.width, p.height)) for p in pages_of]
        saved_boxes = state.get("boxes") or {}
        with self.lock:
            pages = [
                {"index": i, "x0": x0, "top": top, "width": x1 - x0, "height": bottom - top}
                for i, (x0, top, x1, bottom) in enumerate(frames)
            ]
            findings, areas = [], []
            for r in self._rows_of(number):
                if r.get("decision") == "redact-area":
                    x0, top, x1, bottom = (float(v) for v in r["area"].split())
                    areas.append(
                        {
                            "id": r["finding"],
                            "page": int(r["page"]) - 1,
                            "box": [x0, top, x1, bottom],
                            "ground": r.get("ground") or "",
                            "decision": "redact",
                        }
                    )
                    continue
                if r.get("decision") not in UI:
                    continue
                pg, start, end = (int(v) for v in r["span"].split(":"))
                boxes = saved_boxes.get(r["span"])
                if boxes is None:
                    doc = doc or self.document(number)
                    boxes = (
                        [b.as_list() for b in doc.pages[pg].span_boxes(start, end)]
                        if pg < len(doc.pages)
                        else []
                    )
                findings.append(
                    {
                        "id": r["finding"],
                        "page": pg,
                        "boxes": boxes,
                        "text": r.get("text", ""),
                        "entity": r.get("entity", ""),
                        "score": r.get("score", ""),
                        "recognizer": r.get("recognizer", ""),
                        "rule": r.get("rule", ""),
                        "decision": UI[r["decision"]],
                        "ground": r.get("ground") or r.get("proposed_ground") or "",
                        Status.PROPOSED: UI.get(r.get(Status.PROPOSED, ""), ""),
                        "reviewed": r.get("reviewed") == "1",
                    }
                )
            everywhere = []
            for r in self.rows:
                if r.get("decision") in EVERYWHERE and r.get("text"):
                    boxes = []  # places on this document's pages (extracted only when it has some)
                    for p in doc.pages if doc else []:
                        for m in word_pattern(r["text"], ignore_case=True).finditer(p.text):
                            boxes.extend([p.index, *b.as_list()] for b in p.span_boxes(m.start(), m.end()))
                    everywhere.append(
                        {
                            "text": r["text"],
                            "decision": r["decision"],
                            "ground": r.get("ground", ""),
                            "boxes": boxes,
                        }
                    )
            numbers = sorted(self.docs)
            i = numbers.index(number)
            d = self.docs[number]
            return {
                "number": number,
                "document": d["document"],
                "output": d.get("output", ""),
                "pages": pages,
                "findings": findings,
                "areas": areas,
                "everywhere": everywhere,
                "grounds": self.grounds,
                "colours": COLOURS,
                "prev": numbers[i - 1] if i > 0 else None,
                "next": numbers[i + 1] if i + 1 < len(numbers) else None,
            }

    def count(self, text: str) -> dict[str, int]:
        """How many places a string touches across the batch (as apply will match it)."""
        text = normalize(text)
        places = docs = 0
        if len(text) >= 2:
            for n in sorted(self.docs):
                pattern = word_pattern(text, ignore_case=True)
                hits = sum(sum(1 for _ in pattern.finditer(t)) for t in self.page_texts(n))
                places += hits
                docs += 1 if hits else 0
        with self.lock:
            proposals = sum(
                1 for r in self.rows if r.get("decision") in UI and _matches(r.get("text", ""), text)
            )
        return {"places": places, "documents": docs, "proposals": proposals}

    def search(self, query: str, limit: int = 200) -> list[dict[str, Any]]:
        """Case-insensitive substring search over every page of the batch, with context."""
        q = normalize(query).lower()
        out: list[dict[str, Any]] = []
        if len(q) < 2:
            return out
        for n in sorted(self.docs):
            for index, text in enumerate(self.page_texts(n)):
                low = text.lower()
                i = low.find(q)
                while i >= 0 and len(out) < limit:
                    ctx = text[max(0, i - 40) : i + len(q) + 40].replace("\n", " ")
                    out.append(
                        {
                            "number": n,
                            "document": self.docs[n]["document"],
                            "page": index + 1,
                            "context": ctx,
                        }
                    )
                    i = low.find(q, i + len(q))
        return out

    # ---- writing -------------------------------------------------------------------------

    def save(self, number: int, payload: dict[str, Any]) -> dict[str, Any]:
        """Apply one document's edits (and batch-wide "everywhere" rows) and write findings.csv."""
        if number not in self.docs:
            raise KeyError(number)
        name = self.docs[number]["document"]
        doc = self.document(number)
        changes = payload.get("findings") or {}
        areas = payload.get("areas")
        everywhere = payload.get("everywhere") or []
        for ch in changes.values():
            if ch.get("decision") not in CSV:
                raise ValueError("decision must be redact or keep")
            self._check_ground(ch.get("ground"), required=ch["decision"] == "redact")
        new_areas = []
        for a in areas or []:
            page = int(a["page"])
            bx = [float(v) for v in a["box"]]
            (x0, x1), (top, bottom) = sorted((bx[0], bx[2])), sorted((bx[1], bx[3]))
            if not 0 <= page < doc.page_count or x1 - x0 < 1 or bottom - top < 1:
                raise ValueError("a drawn box is empty or off the page")
            self._check_ground(a.get("ground"), required=True)
            new_areas.append((page, x0, top, x1, bottom, a["ground"]))
        for e in everywhere:
            if (
                e.get("decision") not in ("redact-everywhere", "keep-everywhere")
                or len(normalize(e.get("text", ""))) < 2
            ):
                raise ValueError("everywhere needs a decision and a text of at least 2 characters")
            self._check_ground(e.get("ground"), required=e["decision"] == "redact-everywhere")
        with self.lock:
            self._reread_if_changed()  # this save's edits go on top of the outside ones, not over them
            for r in self.rows:
                if r.get("document") != name or r.get("decision") not in UI:
                    continue
                ch = changes.get(r["finding"])
                if ch:
                    r["decision"] = CSV[ch["decision"]]
                    r["ground"] = (
                        (ch.get("ground") or r.get("ground") or "") if ch["decision"] == "redact" else ""
                    )
                r["reviewed"] = "1"  # saved from its page: the reviewer has seen it
            if areas is not None:
                self.rows = [
                    r
                    for r in self.rows
                    if not (r.get("document") == name and r.get("decision") == "redact-area")
                ]
                output = self.docs[number].get("output", "")
                for k, (page, x0, top, x1, bottom, ground) in enumerate(new_areas, 1):
                    self.rows.append(
                        {
                            "document": name,
                            "output": output,
                            "finding": f"area-{k}",
                            "page": str(page + 1),
                            "decision": "redact-area",
                            "ground": ground,
                            "reviewed": "1",
                            "area": f"{x0:.2f} {top:.2f} {x1:.2f} {bottom:.2f}",
                            "entity": "REVIEWER_AREA",
                        }
                    )
            for e in everywhere:
                self._everywhere(normalize(e["text"]), e["decision"], e.get("ground") or "")
            self.seen[name] = datetime.now(UTC).isoformat(timespec="seconds")
            self._write()
        return {
            "saved": True,
            "findings": len(changes),
            "areas": len(new_areas),
            "everywhere": len(everywhere),
        }

    def _everywhere(self, text: str, decision: str, ground: str) -> None:
        """Add (or replace) a batch-wide row and set the matching proposals, so every page shows it."""
        low = text.lower()
        self.rows = [
            r
            for r in self.rows
            if not (
                r.get("decision") in ("redact-everywhere", "keep-everywhere")
                and normalize(r.get("text", "")).lower() == low
            )
        ]
        row = {
            "decision": decision,
            "text": text,
            "ground": ground if decision == "redact-everywhere" else "",
        }
        self.rows.append(row)
        for r in self.rows:
            if r.get("decision") in UI and _matches(r.get("text", ""), text):
                if decision == "redact-everywhere":
                    r["decision"], r["ground"] = "accept", ground
                elif _keeps(r.get("text", ""), text):
                    r["decision"], r["ground"] = "reject", ""

    def _check_ground(self, ground: str | None, required: bool) -> None:
        if ground and ground not in self.grounds:
            raise ValueError(f"unknown Woo ground {ground!r}")
        if required and not ground:
            raise ValueError("a redaction needs a ground")

    def _write(self) -> None:
        """findings.csv first (what apply reads), then the list of documents seen; both atomic."""
        tmp = self.csv_path.with_name(".findings.csv.review.tmp")
        with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, fieldnames=self.columns, delimiter=";", restval="", extrasaction="ignore")
            w.writeheader()
            w.writerows(self.rows)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.csv_path)
        self._stamp = _stamp(self.csv_path)
        tmp = self.seen_path.with_name(".reviewed.json.tmp")
        tmp.write_text(json.dumps(self.seen, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.seen_path)


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _score(row: dict[str, str]) -> float:
    try:
        return float(row.get("score") or 1.0)
    except ValueError:
        return 1.0


def _found(text: str, within: str) -> bool:
    """Does ``text`` occur in ``within`` as apply's everywhere rows match it (whole words, any case)?"""
    return next(iter(word_pattern(text, ignore_case=True).finditer(within)), None) is not None


def _matches(found: str, text: str) -> bool:
    """Does apply's redact-everywhere reach this finding's text?"""
    return bool(found) and _found(text, normalize(found))


def _keeps(found: str, text: str) -> bool:
    """Does apply's keep-everywhere keep this finding (decide._review's test)?"""
    f, k = normalize(found).lower(), normalize(text).lower()
    return f == k or (" " not in k and k in f.split(" "))
