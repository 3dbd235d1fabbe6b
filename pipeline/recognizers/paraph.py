"""Paraphs and initials that stand for a civil servant (PERSON): "Paraaf directeur: RdJ", "Akkoord, P.".

A paraph is a person's mark on a memo's routing lines: initials such as "MV", "JdV" or
"J.v.d.L.".  On their own such strings are ambiguous (abbreviations, units), so they
only count right after a paraph or approval label: "Paraaf <role>:" (on the same line
or the line before), "Geparafeerd:", "Akkoord, P.", "Gezien, JdV", or an author label at
the start of a line: "Opsteller: SBK", "Steller: JdV", "Initialen: MV".
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchLocalRecognizer

# Initials: 2-4 capitals with optional interfix letters ("JdV", "RdJ", "MV"), or dotted
# initials with optional interfixes ("J.v.d.L.", "P.", "A.M.").
_INITIALS = r"(?:[A-Z](?:[a-z]{1,2})?[A-Z](?:[a-z]{1,2})?[A-Z]?|(?:[A-Z]\.)(?:(?:[a-z]{1,3}\.)*[A-Z]\.)*)"
# The label starts a line, or (capitalised) follows a space: the extractor joins a line that ran to the
# right margin with the next one ("... bij Bestuurszaken Paraaf directeur: VtE").
_PARAPH = re.compile(
    rf"(?:(?im:^[ \t]*(?:paraaf|parafen|geparafeerd))|(?<=[ \t])(?:Paraaf|Parafen|Geparafeerd))"
    rf"(?i:\b[^\n:]{{0,40}}:[ \t]*\n?[ \t]*)(?-i:(?P<p>{_INITIALS}))(?![\w])"
)
_APPROVAL = re.compile(rf"(?m:\b(?:Akkoord|Gezien|Accoord|Ok|Oké)[,:][ \t]*)(?P<p>{_INITIALS})(?![\w])")
# A memo's author line: "Opsteller: SBK", "Steller: JdV", "ParaafUWV: MV" (not "Opsteller: AO/IC Beleid").
_AUTHOR = re.compile(
    rf"(?im:^[ \t]*(?:op)?steller|\bauteur|\binitialen|\bparaaf(?-i:(?=[A-Z]))\w{{0,20}})[ \t]*:[ \t]*"
    rf"(?-i:(?P<p>{_INITIALS}))(?![\w/&-])"
)
_AUTHOR_HINTS = ("steller", "auteur", "initialen", "paraaf")
# Acronyms of government bodies that may follow an author label instead of a person's initials.
_BODIES = frozenset(
    "AZ BZ BZK EZ EZK FIN JV LNV OCW SZW VWS DEF KGG VRO AP CAK CBR CBS COA DJI DUO FEZ ILT IND KVK RDW "
    "RVO SVB UWV".split()
)


class DutchParaphRecognizer(DutchLocalRecognizer):
    """Initials after a paraph or approval label."""

    ENTITY = "PERSON"
    SCORE = 0.85
    CONTEXT = ["paraaf", "geparafeerd", "akkoord", "gezien", "opsteller"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return the initials that follow a paraph or approval label."""
        return self.scan(text, _PATTERNS, "p", skip=_a_body)


# Each pattern with its rule name and the words one of which a page must hold (none: always run).
_PATTERNS = ((_PARAPH, "paraph", ()), (_APPROVAL, "approval", ()), (_AUTHOR, "author", _AUTHOR_HINTS))


def _a_body(rule: str, value: str) -> bool:
    """ "Opsteller: SZW" is the ministry, not a civil servant."""
    return rule == "author" and value in _BODIES
