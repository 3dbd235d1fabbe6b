"""Public officials: which ones a document names, and every written form that then stays readable.

``named_in``: the registry officials a document names in full (only their surnames may
then stand alone).  ``DocOfficials``: the officials a document introduces by a role word
(before or after the name) or names from the registry or from other documents of the
batch, and which person spans and e-mail addresses are one of them
(``pipeline.official_forms`` compares the parts of a name).

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
from pipeline.official_forms import NameForm, is_own_address, parse_name, same_person


@functools.lru_cache(maxsize=4096)
def _full_name_pattern(name: str) -> re.Pattern[str]:
    """The whole name, any whitespace (a line break) between its words, case-insensitive."""
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def named_in(doc: Document, officials: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The registry entries whose full name occurs somewhere in the document's text."""
    text = "\n".join(page.text for page in doc.pages)
    return [o for o in officials if _full_name_pattern(o["name"]).search(text)]


# --------------------------------------------------------------------------- in every form

# The entity of a batch term that carries an official to the other documents (never redacted).
OFFICIAL_TERM = "PUBLIC_OFFICIAL"


def split_terms(
    terms: Sequence[tuple[str, str, str]] | None,
) -> tuple[list[tuple[str, str, str]] | None, list[str]]:
    """Batch terms to redact, and the officials other documents of the batch introduced."""
    if not terms:
        return (list(terms) if terms is not None else None), []
    officials = [t[0] for t in terms if t[2] == OFFICIAL_TERM]
    return [tuple(t) for t in terms if t[2] != OFFICIAL_TERM] or None, officials  # type: ignore[misc]


_AFTER_NAME = re.compile(r"[ \t]*(?:,|\(|\n|[–-](?=[ \t]))[ \t]*")


def role_after(page_text: str, page: int, end: int, roles: Sequence[str], findings: Sequence) -> str | None:
    """The role written right after a name: "Anna de Vries (wethouder)", "Anna de Vries, burgemeester",
    a signature's next line "Wethouder Werk en Inkomen".

    Not when the role introduces a name of its own ("Piet Bos, wethouder De Vries en ...").
    """
    m = _AFTER_NAME.match(page_text, end)
    if m is None:
        return None
    rest = page_text[m.end() : m.end() + 80]
    low = rest.lower()
    for role in sorted(roles, key=len, reverse=True):
        if low.startswith(role.lower()) and not low[len(role) : len(role) + 1].isalnum():
            cut = re.search(r"[\n),;]", rest[len(role) :])  # the role's own words end here
            stop = m.end() + len(role) + (cut.start() if cut else len(rest))
            if any(f.page == page and f.entity == "PERSON" and m.end() < f.start < stop for f in findings):
                return None
            return role
    return None


class DocOfficials:
    """The officials a document names, in every written form, and what that keeps readable.

    *Here*: introduced in this document by a role word ("wethouder Anna de Vries",
    "Wethouder De Vries") or a registry official named here with a first name or initial
    in any form.  *Known*: those plus the officials other documents of the batch
    introduced with a first name or initial.  A form with a first name or initial stays
    readable when it can only be a known official's ("Vries, Anna de", "A. de Vries"); the
    surname alone only for an official named here (as for the registry: a citizen called
    De Vries elsewhere stays redacted); their own work address ("a.devries@gemeente.nl")
    too.  Another first name or initial ("Arjen de Vries") is somebody else and redacted.
    """

    def __init__(self, doc: Document, findings: Sequence, rules, batch: Sequence[str] = ()) -> None:
        from pipeline.decide.keep import _role_inside, role_before

        self.here: list[NameForm] = []
        carried = [f for f in (parse_name(n) for n in batch) if f is not None]
        registry = [f for f in (parse_name(o["name"]) for o in rules.officials) if f is not None]
        for f in findings:
            if f.entity != "PERSON":
                continue
            text = re.sub(r"\s+", " ", f.text).strip()
            role = _role_inside(text, rules.official_roles)
            if role:
                text = text[len(role) :].strip()
            elif not (
                role_before(doc.pages[f.page].text, f.start, rules.official_roles)
                or role_after(doc.pages[f.page].text, f.page, f.end, rules.official_roles, findings)
            ):
                continue
            form = parse_name(text)
            if form is not None and form not in self.here:
                self.here.append(form)
        for entry in named_in(doc, rules.officials):  # the registry's own full-name test (any line break)
            form = parse_name(entry["name"])
            if form is not None and form not in self.here:
                self.here.append(form)
        # a registry or batch official named here with a first name or initial, in any form
        others = [o for o in registry + carried if o not in self.here]
        if others:
            for f in findings:
                if f.entity == "PERSON" and re.search(r"[,.\s]", f.text.strip()):
                    form = parse_name(f.text)
                    if form is not None and (form.given or form.initials):
                        for o in others:
                            if o not in self.here and same_person(form, o, False) and self._full(o, form):
                                self.here.append(o)
        self.known = self.here + [o for o in carried if o not in self.here]

    @staticmethod
    def _full(official: NameForm, form: NameForm) -> bool:
        """A registry official counts as named only with a written-out first name, not an initial."""
        return bool(form.given) or not official.given

    def keeps_person(self, text: str) -> bool:
        """Whether a person span is a known official in one of their forms."""
        form = parse_name(text)
        if form is None:
            return False
        return any(same_person(form, o, o in self.here) for o in self.known)

    def keeps_address(self, text: str) -> bool:
        return is_own_address(text, self.known)

    def verdict(self, finding) -> str | None:
        """The keep rule for a finding decide would redact, or None."""
        if not self.known:
            return None
        if finding.entity == "PERSON" and self.keeps_person(finding.text):
            return "public-official-form"
        if finding.entity == "EMAIL_ADDRESS" and self.keeps_address(finding.text):
            return "public-official-address"
        return None

    def kept_words(self) -> set[str]:
        """Lower-case names consistency must not redact: each official named here, and their surname."""
        out: set[str] = set()
        for o in self.here:
            sur = " ".join(x for x in (o.interfix, o.surname) if x)
            out.update({sur, o.surname, o.canonical().lower()})
        return out

    def carried(self) -> list[str]:
        """The officials named here with a first name or initial, for the other documents of the batch."""
        return [o.canonical() for o in self.here if o.first_initial]

    def drops(self, term: tuple[str, str, str]) -> bool:
        """A batch term that is one of this document's officials (another document redacted it first)."""
        if term[2] == "PERSON":
            return self.keeps_person(term[0])
        if term[2] == "EMAIL_ADDRESS":
            return self.keeps_address(term[0])
        return False
