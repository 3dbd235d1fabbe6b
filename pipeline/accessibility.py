"""Accessibility check per document: the machine-checkable PDF/UA rules, input against output.

Government PDFs put online must be accessible (EN 301 549 / WCAG 2.1, PDF/UA in
practice), and redacting must not make a document less so.  ``pdfua`` (MIT, on pikepdf)
checks 16 of the 106 machine-checkable PDF/UA-1 rules: tagged, MarkInfo, all content
marked, /Lang, title and DisplayDocTitle, figure alternatives, tables, headings, PDF/UA
identification.  That is a triage, not a conformance claim (run veraPDF for that).

``compare`` checks input and output; an output that fails an error-level rule its input
passed is not released (pipeline.process): ``worse`` names those rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def tool() -> str:
    try:
        from importlib.metadata import version

        return f"pdfua {version('pdfua')}"
    except Exception:  # noqa: BLE001 - not installed
        return ""


def assess(path: Path) -> dict[str, Any] | None:
    """Rule ids the file fails (errors, warnings); None when it cannot be checked."""
    try:
        from pdfua import validate
    except ImportError:
        return None
    try:
        report = validate(str(path))
    except Exception:  # noqa: BLE001 - an unreadable file is simply not assessed
        return None
    errors = sorted({f.rule_id for f in report.findings if f.severity.name == "ERROR"})
    warnings = sorted({f.rule_id for f in report.findings if f.severity.name == "WARNING"})
    return {"passes": not errors, "errors": errors, "warnings": warnings}


def compare(src: Path, out: Path) -> dict[str, Any]:
    """Input and output assessed; ``worse`` / ``worse_warnings``: rules only the output fails."""
    before, after = assess(src), assess(out)
    result: dict[str, Any] = {"tool": tool(), "input": before, "output": after}
    if before is None or after is None:
        result["worse"] = [] if after is not None or before is None else ["not checked"]
        result["worse_warnings"] = []
        return result
    result["worse"] = sorted(set(after["errors"]) - set(before["errors"]))
    result["worse_warnings"] = sorted(set(after["warnings"]) - set(before["warnings"]))
    return result


def toelichting(acc: dict[str, Any] | None) -> str:
    """One Dutch sentence for the inventory's Toelichting and the report."""
    if not acc or not acc.get("output"):
        return ""
    out, inp = acc["output"], acc.get("input") or {}
    text = "PDF/UA-controle: " + ("geslaagd" if out.get("passes") else "niet geslaagd")
    if out.get("errors"):
        text += f" ({', '.join(out['errors'])})"
    if inp:
        text += "; invoer " + ("geslaagd" if inp.get("passes") else "niet geslaagd")
    if acc.get("worse_warnings"):
        text += f"; nieuwe waarschuwingen {', '.join(acc['worse_warnings'])}"
    return text
