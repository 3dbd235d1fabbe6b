"""The batch report ``DIR/report.html``: one page for coordinators and auditors.

Built only from what the run recorded (``audit.jsonl``, ``manifest.json``) plus the
ground table of the rules, so it always says what actually happened.  It is a
single static file that opens from disk: inline CSS, no scripts, no external
requests (a Content-Security-Policy forbids them), and it can be published next to
the documents, so it shows no personal data: documents are named by their output
name (personal data in file names already replaced by the ground code), never by
the input path, and never by the PDF title.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from pipeline.audit import iter_lines, line_hash
from pipeline.safetext import for_html
from pipeline.status import Status

STATUS_LABELS: dict[str, str] = {
    Status.RELEASED: "Vrijgegeven",
    Status.NEEDS_OCR: "OCR nodig",
    Status.UNREADABLE: "Onleesbaar",
    Status.ENCRYPTED: "Versleuteld",
    Status.TOO_LARGE: "Te groot",
    Status.FAILED: "Mislukt",
    Status.HELD: "Vastgehouden",
}

HASH_CLASS = ' class="hash"'

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #154273;
padding-bottom:.2rem;color:#154273}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95rem}
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
table.summary{width:auto;min-width:24rem}th{background:#eef2f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.status{font-weight:600;white-space:nowrap}.s-released{color:#1c6b2c}.s-other{color:#a4121b}
.meta{color:#555;margin-top:0}code,.hash{font-family:ui-monospace,Consolas,monospace;font-size:.85em;
word-break:break-all}
.ok{color:#1c6b2c}.muted{color:#666}
@media print{a{color:inherit;text-decoration:none}body{margin:0}}
"""


def write_report(out_dir: Path) -> Path:
    """Write ``out_dir/report.html`` atomically and return its path."""
    out_dir = Path(out_dir)
    target = out_dir / "report.html"
    tmp = out_dir / ".report.html.tmp"
    tmp.write_text(build_report(out_dir), encoding="utf-8")
    os.replace(tmp, target)
    return target


def _e(value: Any) -> str:
    return for_html(value)


def _href(*parts: str) -> str:
    """A relative URL to a file in the output folder, each path segment percent-encoded."""
    segs: list[str] = []
    for part in parts:
        segs.extend(PurePosixPath(part).parts)
    return _e("/".join(quote(s) for s in segs))


def _load(out_dir: Path) -> tuple[list[dict[str, Any]], int, str, dict[str, Any]]:
    """The log's run and document records, its record count and last line hash, and the manifest.

    Streamed: finding and decision records (nearly all of an archive run's gigabytes) are
    only counted, except the accepted decisions an old document record needs for its
    counts per ground (see per_ground).
    """
    kept: list[dict[str, Any]] = []
    count, last_hash = 0, ""
    decisions: list[dict[str, Any]] = []  # accepted decisions since the last "received"
    for raw in iter_lines(out_dir / "audit.jsonl"):
        try:
            rec = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(rec, dict):
            continue
        count, last_hash = count + 1, line_hash(raw)
        kind = rec.get("type")
        if kind == "received":
            decisions = []
        elif kind == "decision" and rec.get("accepted") and isinstance(rec.get("redaction"), int):
            decisions.append({k: rec.get(k) for k in ("type", "document", "accepted", "redaction", "ground")})
        elif kind in ("run", "document"):
            if kind == "document" and not isinstance(rec.get("redactions_per_ground"), dict):
                kept.extend(d for d in decisions if d["document"] == rec.get("document"))
            kept.append(rec)
            decisions = []
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        runs = [r for r in kept if r.get("type") == "run"]
        manifest = runs[-1].get("manifest", {}) if runs else {}
    return kept, count, last_hash, manifest if isinstance(manifest, dict) else {}


def _ground_table(manifest: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Descriptions and precedence of the grounds, from the run's rules (the default rules as fallback)."""
    from pipeline.rules import DEFAULT_RULES, load_rules

    for candidate in ((manifest.get("rules") or {}).get("path"), DEFAULT_RULES):
        if not candidate:
            continue
        try:
            rules = load_rules(Path(candidate))
        except Exception:  # noqa: BLE001 - a moved rules file must not stop the report
            continue
        return rules.grounds, rules.precedence
    return {}, []


def per_ground(records: list[dict[str, Any]], index: int, precedence: list[str]) -> dict[str, int]:
    """Redactions per ground for the ``document`` record at ``index``.

    Uses the record's own ``redactions_per_ground`` when present; otherwise derives it
    from the accepted decisions written just before it (one redaction may merge several
    decisions; the strongest ground wins, as in ``decide``).
    """
    rec = records[index]
    given = rec.get("redactions_per_ground")
    if isinstance(given, dict):
        return {str(k): int(v) for k, v in given.items()}
    doc = rec.get("document")
    grounds_of: dict[int, set[str]] = {}
    j = index - 1
    while j >= 0:
        r = records[j]
        if r.get("type") in ("run", "document") or r.get("document") != doc:
            break
        if r.get("type") == "decision" and r.get("accepted") and isinstance(r.get("redaction"), int):
            grounds_of.setdefault(r["redaction"], set()).add(str(r.get("ground") or ""))
        if r.get("type") == "received":
            break
        j -= 1

    def rank(g: str) -> tuple[int, str]:
        return (precedence.index(g) if g in precedence else len(precedence), g)

    counts = Counter(min(gs, key=rank) for gs in grounds_of.values())
    counts.pop("", None)
    total = int(rec.get("redactions") or 0)
    if sum(counts.values()) != total and len(rec.get("grounds") or []) == 1:
        return {rec["grounds"][0]: total} if total else {}
    return dict(counts)


def _latest(records: list[dict[str, Any]]) -> list[int]:
    latest: dict[str, int] = {}
    for i, rec in enumerate(records):
        if rec.get("type") == "document" and isinstance(rec.get("document"), str):
            latest[str(rec.get("input") or rec["document"])] = i  # keyed like the inventory
    return sorted(latest.values(), key=lambda i: (records[i].get("number") or 0, i))


def _fmt_time(value: Any) -> str:
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return str(value)


def _pdfua(rec: dict[str, Any]) -> str:
    """The document's accessibility check (pipeline.accessibility), one Dutch phrase."""
    from pipeline.accessibility import toelichting

    return toelichting(rec.get("accessibility")).removeprefix("PDF/UA-controle: ") or "—"


def build_report(out_dir: Path) -> str:
    """The report's HTML; see the module docstring for what it may and may not show."""
    out_dir = Path(out_dir)
    records, count, head, manifest = _load(out_dir)
    descriptions, precedence = _ground_table(manifest)
    rows = _latest(records)

    status_counts: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    docs_per_ground: Counter[str] = Counter()
    pages_total = 0
    doc_rows: list[str] = []
    problems: list[str] = []
    for i in rows:
        rec = records[i]
        status = str(rec.get("status") or "")
        status_counts[status] += 1
        pages = int(rec.get("pages") or 0)
        pages_total += pages
        output = str(rec.get("output") or "")
        name = output or f"document {rec.get('number', '?')}"
        pg = per_ground(records, i, precedence) if status == Status.RELEASED else {}
        for g, n in pg.items():
            totals[g] += n
            docs_per_ground[g] += 1
        doc_file = out_dir / "documents" / output
        if status == Status.RELEASED and output and doc_file.is_file():
            name_html = f'<a href="{_href("documents", output)}">{_e(name)}</a>'
        else:
            name_html = _e(name)
        review_rel = str(PurePosixPath(output).with_suffix(".html")) if output else ""
        if review_rel and (out_dir / "review" / review_rel).is_file():
            review_html = f'<a href="{_href("review", review_rel)}">Beoordelen</a>'
        else:
            review_html = '<span class="muted">—</span>'
        label = STATUS_LABELS.get(status, status)
        cls = "s-released" if status == Status.RELEASED else "s-other"
        pg_html = ", ".join(f"{_e(g)}: {n}" for g, n in sorted(pg.items())) or "—"
        doc_rows.append(
            f'<tr data-status="{_e(status)}"><td class="num">{_e(rec.get("number", ""))}</td>'
            f'<td>{name_html}</td><td class="status {cls}" title="{_e(status)}">{_e(label)}</td>'
            f'<td class="num">{pages}</td><td class="num">{_e(rec.get("redactions") or 0)}</td>'
            f"<td>{pg_html}</td><td>{review_html}</td><td>{_e(_pdfua(rec))}</td></tr>"
        )
        if status != Status.RELEASED:
            reason = str(rec.get("reason") or "geen reden vastgelegd")
            problems.append(
                f'<li><strong>{_e(name)}</strong> — <span class="status s-other">'
                f"{_e(label)}</span> ({_e(status)}): {_e(reason)}</li>"
            )

    parts: list[str] = []
    folder = out_dir.resolve().name
    parts.append(
        f'<h1>Lakrapport woo-redact</h1>\n<p class="meta">Map <code>{_e(folder)}</code> · '
        f"gestart {_e(_fmt_time(manifest.get('started')))} · "
        f"afgerond {_e(_fmt_time(manifest.get('finished')))} · "
        f"rapport gemaakt {_e(_fmt_time(datetime.now(UTC).isoformat()))}</p>"
    )

    summary = ", ".join(
        f"{n} {_e(STATUS_LABELS.get(s, s).lower())}" for s, n in sorted(status_counts.items())
    )
    parts.append(
        '<h2 id="samenvatting">Samenvatting</h2>\n<table class="summary"><tbody>'
        f'<tr><th>Documenten</th><td class="num">{len(rows)}</td><td>{summary or "—"}</td></tr>'
        f'<tr><th>Pagina\'s</th><td class="num">{pages_total}</td><td></td></tr>'
        f'<tr><th>Lakkingen</th><td class="num">{sum(totals.values())}</td><td></td></tr>'
        "</tbody></table>"
    )

    parts.append('<h2 id="totaal-per-grond">Totaal per grond</h2>')
    if totals:
        body = "".join(
            f'<tr><td>{_e(g)}</td><td>{_e(descriptions.get(g, ""))}</td><td class="num">{n}</td>'
            f'<td class="num">{docs_per_ground[g]}</td></tr>'
            for g, n in sorted(totals.items())
        )
        parts.append(
            '<table id="grounds"><thead><tr><th>Grond</th><th>Omschrijving</th>'
            '<th class="num">Lakkingen</th><th class="num">Documenten</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
    else:
        parts.append("<p>Geen lakkingen.</p>")

    parts.append('<h2 id="documenten">Documenten</h2>')
    parts.append(
        '<table id="documents"><thead><tr><th class="num">Nr.</th><th>Document</th><th>Status</th>'
        '<th class="num">Pagina\'s</th><th class="num">Lakkingen</th><th>Lakkingen per grond</th>'
        "<th>Reviewpagina</th><th>Toegankelijkheid (PDF/UA)</th></tr></thead>"
        f"<tbody>{''.join(doc_rows)}</tbody></table>"
    )

    parts.append('<h2 id="problemen">Problemen</h2>')
    if problems:
        parts.append(f'<ul id="problems">{"".join(problems)}</ul>')
    else:
        parts.append('<p id="problems" class="ok">Geen problemen: alle documenten zijn vrijgegeven.</p>')

    parts.append(_versions_html(manifest))

    runs = sum(1 for r in records if r.get("type") == "run")
    parts.append(
        '<h2 id="auditlog">Auditlog</h2>'
        f'<table><tbody><tr><th>Records</th><td class="num">{count}</td></tr>'
        f'<tr><th>Runs</th><td class="num">{runs}</td></tr>'
        f'<tr><th>Hash laatste record</th><td class="hash">{_e(head or "—")}</td></tr></tbody></table>'
        "<p>Controleer de map, de keten en de documenten met "
        "<code>woo-redact verify MAP</code>.</p>"
    )

    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Lakrapport woo-redact – {_e(folder)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def _versions_html(manifest: dict[str, Any]) -> str:
    model = manifest.get("model") or {}
    rules = manifest.get("rules") or {}
    libs = manifest.get("libraries") or {}
    recognizers = manifest.get("recognizers") or []
    rules_name = PurePosixPath(str(rules.get("path") or "")).name or "—"
    lib_text = ", ".join(f"{k} {v}" for k, v in sorted(libs.items()) if v) or "—"
    rows = [
        ("Programma", f"{manifest.get('tool', 'woo-redact')} {manifest.get('version', '')}".strip()),
        ("Model", f"{model.get('name', '—')} {model.get('version', '')}".strip()),
        ("Model sha256", model.get("sha256") or "—"),
        ("Regels", rules_name),
        ("Regels sha256", rules.get("sha256") or "—"),
        ("Herkenners", ", ".join(str(r) for r in recognizers) or "—"),
        ("Bibliotheken", lib_text),
        ("Python", manifest.get("python") or "—"),
    ]
    body = "".join(
        f"<tr><th>{_e(k)}</th><td{HASH_CLASS if 'sha256' in k else ''}>{_e(v)}</td></tr>" for k, v in rows
    )
    return f'<h2 id="versies">Model en regels</h2>\n<table id="versions"><tbody>{body}</tbody></table>'
