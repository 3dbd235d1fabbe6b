"""Whether text is about detention: the evidence the detainee and cell-number recognizers need.

"Registratienummer 1234567" or "cel 12" alone could be a company register or a spreadsheet
cell ("cel B12" in a UWV handbook); near words such as "gedetineerde", "PI" or
"penitentiaire inrichting" they identify a detainee.
"""

from __future__ import annotations

import regex as re

CUSTODIAL = re.compile(
    r"\b(?:gedetineerde\w*|justitiabele\w*|ingeslotene\w*|ingesloten|insluiting\w*|penitentiair\w*|"
    r"detentie\w*|gevangen\w*|arrestant\w*|luchtplaats\w*|isoleercel\w*|strafcel\w*|celdeur\w*|"
    r"celinspectie\w*|celbezoek\w*|celinval\w*|huis van bewaring|bewaarder\w*|piw'?er\w*|"
    r"(?-i:PI|DJI|EBI|HvB|FPC|PPC|IBT|PIW|TBS)|tbs|forensisch\w*|justiti[eë]le\s+(?:jeugd)?inrichting\w*|"
    r"jeugdinrichting\w*)\b",
    re.IGNORECASE,
)
# Plain substrings one of which every custodial word contains: a cheap test before the regex.
_STEMS = (
    "gedetineerd",
    "justitiabel",
    "ingeslot",
    "insluiting",
    "penitentiair",
    "detentie",
    "gevangen",
    "arrestant",
    "luchtplaats",
    "isoleercel",
    "strafcel",
    "celdeur",
    "celinspectie",
    "celbezoek",
    "celinval",
    "huis van bewaring",
    "bewaarder",
    "piw",
    "tbs",
    "forensisch",
    "inrichting",
)
_ACRONYMS = ("PI", "DJI", "EBI", "HvB", "FPC", "PPC", "IBT")
WINDOW = 600  # characters either side: a custodial incident report says so within a paragraph or two


def custodial_page(text: str) -> bool:
    """Whether the text holds a custodial word anywhere (substring tests first: most pages have none)."""
    low = text.lower()
    if not any(s in low for s in _STEMS) and not any(a in text for a in _ACRONYMS):
        return False
    return CUSTODIAL.search(text) is not None


def custodial_context(text: str, start: int, end: int) -> str | None:
    """The first custodial word within ``WINDOW`` characters of the span, or None."""
    m = CUSTODIAL.search(text, max(0, start - WINDOW), min(len(text), end + WINDOW))
    return m.group(0) if m else None
