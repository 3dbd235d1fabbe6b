"""Paraphs and initials that stand for a civil servant (PERSON): "Paraaf directeur: RdJ", "Akkoord, P.".

A paraph is a person's mark on a memo's routing lines: initials such as "MV", "JdV" or
"J.v.d.L.".  On their own such strings are ambiguous (abbreviations, units), so they
only count right after a paraph or approval label: "Paraaf <role>:" (on the same line
or the line before), "Geparafeerd:", "Akkoord, P.", "Gezien, JdV", or an author label at
the start of a line: "Opsteller: SBK", "Steller: JdV", "Initialen: MV".
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import LocalRecognizer, RecognizerResult

from pipeline.recognizers._base import LANGUAGE, make_result, mark_context_applied

# Initials: 2-4 capitals with optional interfix letters ("JdV", "RdJ", "MV"), or dotted
# initials with optional interfixes ("J.v.d.L.", "P.", "A.M.").
_INITIALS = r"(?:[A-Z](?:[a-z]{1,2})?[A-Z](?:[a-z]{1,2})?[A-Z]?|(?:[A-Z]\.)(?:(?:[a-z]{1,3}\.)*[A-Z]\.)*)"
_PARAPH = re.compile(
    rf"(?im:^[ \t]*(?:paraaf|parafen|geparafeerd)\b[^\n:]{{0,40}}:[ \t]*\n?[ \t]*)(?-i:(?P<p>{_INITIALS}))"
    rf"(?![\w])"
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


class DutchParaphRecognizer(LocalRecognizer):
    """Initials after a paraph or approval label."""

    ENTITY = "PERSON"
    SCORE = 0.85
    CONTEXT = ["paraaf", "geparafeerd", "akkoord", "gezien", "opsteller"]

    def __init__(self, supported_language: str = LANGUAGE) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return the initials that follow a paraph or approval label."""
        results = []
        low = text.lower()
        for pattern, name in ((_PARAPH, "paraph"), (_APPROVAL, "approval"), (_AUTHOR, "author")):
            if name == "author" and not any(h in low for h in _AUTHOR_HINTS):
                continue  # most pages have no author line: skip the scan
            for m in pattern.finditer(text):
                if name == "author" and m.group("p") in _BODIES:
                    continue  # "Opsteller: SZW" is the ministry, not a civil servant
                start, end = m.span("p")
                result = make_result(self, self.ENTITY, start, end, self.SCORE, name)
                results.append(mark_context_applied(result, name))
        return results
