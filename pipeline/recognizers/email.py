"""E-mail addresses (EMAIL_ADDRESS).

Presidio's EmailRecognizer validates the domain with tldextract, which fetches the
public suffix list over the network; a redaction tool in a closed network must not,
so this recognizer checks the shape only.  Local parts with dots
("j.p.de.vries@minbzk.nl") and with accented letters ("daniël.de.wit@...") are matched whole.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import CASE_INSENSITIVE, DutchPatternRecognizer

# Letters are any script's (RFC 6531): "daniël.westerburg@..." is a name in an address.
_LOCAL_CHARS = r"[\w!#$%&'*+/=?^`{|}~-]"
_ALNUM = r"[^\W_]"
_EMAIL = (
    r"(?<![\w.+-])"  # not glued to a preceding word
    + _ALNUM
    + _LOCAL_CHARS
    + r"*(?:\."
    + _LOCAL_CHARS
    + r"+)*"
    + rf"@(?:{_ALNUM}(?:[\w-]{{0,61}}{_ALNUM})?\.)+[A-Za-z]{{2,24}}"
    + r"(?![\w-])"
)


class DutchEmailRecognizer(DutchPatternRecognizer):
    """Whole e-mail addresses, offline (no TLD lookup)."""

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (("email", _EMAIL, 0.9),)
    CONTEXT = ("e-mail", "email", "mail", "mailadres", "e-mailadres", "emailadres")
    FLAGS = CASE_INSENSITIVE

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Drop matches whose local part ends with a quote (a quoted word, not an address)."""
        local = text[result.start : result.end].split("@", 1)[0]
        return local[-1] not in "'`"
