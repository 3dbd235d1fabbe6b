"""One review decision for all copies of a document (issue 17).

Triage marks exact duplicates (same bytes) and the same e-mail message in several
mailboxes: the later copies' ``origin.same_as`` names the first copy.  The copies have
the same content, so the same finding sits on the same page at the same place.  At
apply time a reviewer's change to a finding in one copy (its decision or ground in
review/findings.csv differs from the proposal) is applied to the same finding in every
copy of its group; the copies' decision records say where it came from
(``review:same-as <document>``).

Two copies changed differently: fail closed.  The finding is redacted (with the
ground of the first copy that redacts it), every copy's record says
``review:conflict ...`` and the conflict is reported on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Choice = tuple[str, str | None]  # (accept|reject, ground)


@dataclass(frozen=True)
class Change:
    """A reviewer's change to one finding of one copy."""

    document: str
    span: str
    choice: Choice


def groups(states: list[dict[str, Any]]) -> list[list[str]]:
    """Documents that are copies of one another (more than one each), first copy first."""
    by_head: dict[str, list[str]] = {}
    for s in sorted(states, key=lambda s: s.get("number", 0)):
        head = (s.get("origin") or {}).get("same_as") or s["document"]
        by_head.setdefault(head, []).append(s["document"])
    return [docs for docs in by_head.values() if len(docs) > 1]


def reviewer_changes(row: dict[str, str]) -> Choice | None:
    """The row's decision if the reviewer changed the proposal (decision or ground), else None."""
    decision = (row.get("decision") or "").strip().lower()
    ground = (row.get("ground") or "").strip() or None
    if decision not in ("accept", "reject"):
        return None
    proposed = (row.get("proposed") or "").strip().lower()
    proposed_ground = (row.get("proposed_ground") or "").strip() or None
    if decision != proposed or (decision == "accept" and ground != proposed_ground):
        return (decision, ground if decision == "accept" else None)
    return None


Rows = list[dict[str, str]]


def _same(a: dict[str, str], b: dict[str, str]) -> bool:
    return a.get("text") == b.get("text") and a.get("context", "") == b.get("context", "")


def _counterpart(row: dict[str, str], source: Rows, target: Rows) -> str | None:
    """The span in ``target`` of ``row`` (of ``source``): the same span with the same text and context,
    else the n-th finding with that text and context on the page (a header line may shift offsets).
    None when there is no such finding: never guess a place to keep readable."""
    same = next((r for r in target if r["span"] == row["span"]), None)
    if same is not None and _same(same, row):
        return row["span"]

    def alike(rows: Rows) -> list[str]:
        hits = [r for r in rows if r["page"] == row["page"] and _same(r, row)]
        return [r["span"] for r in sorted(hits, key=lambda r: int(r["span"].split(":")[1]))]

    n = alike(source).index(row["span"])
    there = alike(target)
    return there[n] if n < len(there) else None


def propagate(
    states: list[dict[str, Any]],
    rows: list[dict[str, str]],
    spans: dict[str, dict[str, Choice]],
    warn: Callable[[str], None] | None = None,
) -> dict[str, dict[str, str]]:
    """Spread each reviewer change to the group's other copies (updates ``spans``); return the rules.

    ``rows``: the finding rows of findings.csv; ``spans``: document -> span -> choice, as
    load_review read them.  Returns document -> span -> the decision rule to record.
    """
    warn = warn or (lambda msg: print(msg, file=sys.stderr))
    rows_of: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if (row.get("decision") or "").strip().lower() in ("accept", "reject"):
            rows_of.setdefault(row["document"], []).append(row)
    rules: dict[str, dict[str, str]] = {}
    warned: set[str] = set()
    for docs in groups(states):
        wanted: dict[tuple[str, str], list[Change]] = {}  # (document, span) -> the copies' changes
        for src in docs:
            for row in rows_of.get(src, []):
                choice = reviewer_changes(row)
                if choice is None:
                    continue
                for dst in docs:
                    other = rows_of.get(dst, [])
                    span = row["span"] if dst == src else _counterpart(row, rows_of[src], other)
                    if span is not None:
                        wanted.setdefault((dst, span), []).append(Change(src, row["span"], choice))
                    else:
                        warn(
                            f"woo-redact: the finding {row['span']} changed in {src} is not in its copy "
                            f"{dst}: that copy keeps its own decision, review it there"
                        )
        for (dst, span), changes in wanted.items():
            choices = {c.choice for c in changes}
            if len(choices) == 1:
                spans.setdefault(dst, {})[span] = changes[0].choice
                if changes[0].document != dst:
                    rules.setdefault(dst, {})[span] = f"review:same-as {changes[0].document}"
                continue
            redact = [c for c in changes if c.choice[0] == "accept"]
            spans.setdefault(dst, {})[span] = redact[0].choice  # conflicts differ, so one redacts
            copies = ", ".join(f"{c.document} {c.span}: {_label(c.choice)}" for c in changes)
            rules.setdefault(dst, {})[span] = f"review:conflict {copies}"
            if copies not in warned:
                warned.add(copies)
                warn(f"woo-redact: copies of one document reviewed differently ({copies}): redacted")
    return rules


def _label(choice: Choice) -> str:
    return f"{choice[0]} {choice[1]}" if choice[1] else choice[0]
