"""Boxes a reviewer drew on a page (``woo-redact review``): redacted by ``apply`` like any finding.

A drawn box becomes two things:

- one reviewer decision per run of text whose glyph centres lie inside the box, so
  the text is removed line by line (a tall box over several lines would otherwise
  only lose the glyphs under its middle band) and the verifier checks it is gone;
- a box with no text inside (a signature, a photo) becomes a redaction area itself,
  so the image pixels and line art under it are blanked and labelled.

A box with text inside is not also painted as a whole: the writer removes text under a
box's middle band and counts a glyph as covered by its baseline, so a loosely drawn box
would take words of the neighbouring lines with it.  Images under a box with text are
therefore not blanked: draw a separate box for them.

Every decision is logged with the reviewer's name, like the other overrides.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.detect import Finding
from pipeline.model import Box, Document, Page, RedactionArea

ENTITY = "REVIEWER_AREA"
RULE = "review:area"


@dataclass(frozen=True)
class ManualArea:
    """A rectangle in extraction (pdfplumber) coordinates on a 0-based page, with its ground."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    ground: str

    @classmethod
    def from_list(cls, v: list | tuple) -> ManualArea:
        page, x0, top, x1, bottom, ground = v
        x0, x1 = sorted((float(x0), float(x1)))
        top, bottom = sorted((float(top), float(bottom)))
        return cls(int(page), x0, top, x1, bottom, str(ground))

    def as_list(self) -> list:
        return [self.page, self.x0, self.top, self.x1, self.bottom, self.ground]


def text_runs(page: Page, area: ManualArea) -> list[tuple[int, int]]:
    """Spans [start, end) of the page text whose glyph centres lie inside ``area``, whitespace trimmed."""

    def inside(i: int) -> bool | None:  # None: synthetic or blank, neither starts nor breaks a run
        ci = page.char_map[i] if i < len(page.char_map) else -1
        if ci < 0:
            return None
        ch = page.chars[ci]
        if ch.text.isspace():
            return None
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        return area.x0 <= cx <= area.x1 and area.top <= cy <= area.bottom

    runs: list[tuple[int, int]] = []
    start = last = -1
    for i in range(len(page.text)):
        state = inside(i)
        if state is None:
            continue
        if state:
            if start < 0:
                start = i
            last = i
        elif start >= 0:
            runs.append((start, last + 1))
            start = -1
    if start >= 0:
        runs.append((start, last + 1))
    return runs


def area_findings(doc: Document, areas: list[ManualArea]) -> list[tuple[Finding, str]]:
    """One finding per text run inside each area (with the area's ground).

    An area without text still gets one (empty) finding, so the audit log records it.
    """
    out: list[tuple[Finding, str]] = []
    for k, area in enumerate(areas, 1):
        if not 0 <= area.page < len(doc.pages):
            continue
        page = doc.pages[area.page]
        runs = text_runs(page, area) or [(0, 0)]
        for j, (s, e) in enumerate(runs, 1):
            fid = f"p{area.page + 1}-area{k}-{j}"
            out.append((Finding(fid, area.page, s, e, page.text[s:e], ENTITY, 1.0, "Reviewer"), area.ground))
    return out


def area_boxes(doc: Document, areas: list[ManualArea]) -> list[RedactionArea]:
    """The drawn rectangles without text inside, as labelled redaction areas."""
    out = []
    for area in areas:
        if 0 <= area.page < len(doc.pages) and not text_runs(doc.pages[area.page], area):
            out.append(RedactionArea(Box(area.page, area.x0, area.top, area.x1, area.bottom), area.ground))
    return out
