"""Which registry officials a document names in full: only their surnames may then stand alone.

The registry keeps a public official's name readable, and ``decide`` also keeps the
surname alone ("Van Hijum zei ...").  With real office holders in the registry that
surname is often a common one (Jansen, de Vries, Hermans, Paul), so a citizen with the
same surname would stay readable in every document.  Limiting the registry to the
officials a document names in full keeps the short forms where they refer to the
official and nowhere else; a role word ("staatssecretaris Jansen") still keeps a name
on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from pipeline.model import Document


@functools.lru_cache(maxsize=4096)
def _full_name_pattern(name: str) -> re.Pattern[str]:
    """The whole name, any whitespace (a line break) between its words, case-insensitive."""
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def named_in(doc: Document, officials: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The registry entries whose full name occurs somewhere in the document's text."""
    text = "\n".join(page.text for page in doc.pages)
    return [o for o in officials if _full_name_pattern(o["name"]).search(text)]
