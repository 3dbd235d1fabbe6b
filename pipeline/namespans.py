"""A person finding made whole: ``R. (Ruud) Hermans`` is one name, not ``R. (Ruud`` and a rest.

Dutch letters and colophons write a civil servant as initials, the first name in
parentheses and the surname.  The NER (and the name recognizer) often stop at the
parenthesis, leaving ``) Hermans`` readable next to a box (samples/README.md).  A
finding that lies inside such a written-out name is widened to the whole of it.
"""

from __future__ import annotations

import regex as re

_TITLE = r"(?:(?:dhr|mevr|mw|drs|dr|mr|ir|ing|prof|ds)\.?[ \t]+)"
_INTERFIX = r"(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|el|al|la|le|du|da|di|von|zu)[ \t]+)"
_SURNAME = r"\p{Lu}[\p{L}'’]+(?:-\p{Lu}[\p{L}'’]+)?"
_WHOLE = re.compile(
    rf"{_TITLE}*(?:\p{{Lu}}\.[ \t]?)+[ \t]*\([ \t]*\p{{Lu}}[\p{{L}}'’-]+[ \t]*\)[ \t]+{_INTERFIX}*{_SURNAME}"
)


def whole_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the written-out name around ``text[start:end]``, or the span itself."""
    if "(" not in text[max(0, start - 40) : end + 40]:
        return start, end
    lo = max(0, start - 40)
    for m in _WHOLE.finditer(text, lo, min(len(text), end + 60)):
        if m.start() < end and start < m.end():  # overlaps the finding
            return min(start, m.start()), max(end, m.end())
    return start, end
