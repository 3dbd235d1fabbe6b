"""Login names and user ids of civil servants (NL_LOGIN_CODE) in headers, logs and file paths.

A login ("jdvries01", "u123456", a UWV PUIK-id) identifies a civil servant as surely as
the name, but it is lower-case or mixed with digits, so the person recognizer (and the
name checks in ``decide``) never see it.  It is returned:

- after a login label ("Inlognaam:", "Gebruikersnaam:", "User ID:", "PUIK-id:",
  "Account:") followed by a colon: any single token of letters, digits and ``._-``;
- after "Behandeld door", "Gebruiker", "Medewerker", "Login" (with or without a colon,
  or on the next line): only a token that mixes letters and digits ("jdvries01"), since
  a word there is just as likely ordinary text ("De gebruiker kan ...");
- a user id of one to three lower-case letters and five to seven digits ("u123456") a
  few words after "ingelogd", "gebruikersaccount", "login" on the same line;
- as the user folder in a file path ("C:\\Users\\jdvries01\\Documents", "/home/jdvries/").
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import LocalRecognizer, RecognizerResult

from pipeline.recognizers._base import LANGUAGE, make_result, mark_context_applied

_TOKEN = r"[A-Za-z0-9][A-Za-z0-9._-]{1,30}[A-Za-z0-9]"
_STRICT = re.compile(
    r"(?i:\b(?:inlog(?:naam|code|gegevens)?|login(?:naam|code)?|loginnaam|gebruikers?(?:naam|code|-?id)|"
    r"user(?:name|[ -]?id)?|account(?:naam)?|puik(?:[ -]?(?:id|code|account))?|medewerkerscode|"
    r"personeelscode|behandelaarscode))[ \t]*[:=][ \t]*(?P<v>" + _TOKEN + r")(?![\w@.-]|\.\w)"
)
_LOOSE = re.compile(
    r"(?i:\b(?:behandeld[ \t]+door|opgesteld[ \t]+door|gebruiker|medewerker|login|inlog|account|"
    r"gewijzigd[ \t]+door|aangemaakt[ \t]+door|auteur))\b(?:[ \t]*:[ \t]*|[ \t]+)?(?:\n[ \t]*)?(?<=[\s:])"
    r"(?P<v>(?=[A-Za-z._-]*\d)(?=\d*[A-Za-z])" + _TOKEN + r")(?![\w@.-]|\.\w)"
)
# A user id ("u123456", "ab12345") a few words after "ingelogd", "gebruikersaccount", "login" on the line.
_NEAR = re.compile(
    r"(?i:\b(?:inlog\w*|ingelogd|login\w*|gebruiker\w*|account\w*|userid|user))\b[^\n]{0,40}?"
    r"(?<![\w.@/-])(?P<v>[a-z]{1,3}\d{5,7})(?![\w@-]|\.\w)"
)
_PATH = re.compile(
    r"(?i:(?<![\w])[A-Z]:\\(?:users|gebruikers|documents and settings)\\|(?<![\w.])/(?:home|users)/)"
    r"(?P<v>[A-Za-z0-9][A-Za-z0-9._-]{1,30})(?=[\\/])"
)
# Tokens after a loose label that are versions, dates or case codes rather than logins.
_NOT_LOGIN = re.compile(r"^(?:v?\d+(?:[._-]\d+)*|\d+[a-z]{1,2}|[A-Z]{2,}-?\d{2,}(?:-\d+)*|\d{4}-.*)$")
_GENERIC_USERS = {"public", "default", "all", "shared", "admin", "administrator", "gebruiker", "user"}

# Each pattern with the lower-case words one of which a page must hold for it to match.
_PATTERNS = (
    (_STRICT, "login_label", ("inlog", "login", "gebruiker", "user", "account", "puik", "scode")),
    (
        _LOOSE,
        "login_mixed",
        (
            "behandeld",
            "opgesteld",
            "gewijzigd",
            "aangemaakt",
            "gebruiker",
            "medewerker",
            "login",
            "inlog",
            "account",
            "auteur",
        ),
    ),
    (_NEAR, "user_id", ("inlog", "ingelogd", "login", "gebruiker", "account", "user")),
    (_PATH, "user_folder", (":\\", "/home/", "/users/")),
)


class DutchLoginCodeRecognizer(LocalRecognizer):
    """Login names and user ids after a login label, and user folders in file paths."""

    ENTITY = "NL_LOGIN_CODE"
    SCORE = 0.85
    CONTEXT = ["inlognaam", "gebruikersnaam", "login", "gebruiker", "puik"]

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
        """Logins after their labels and in user-folder paths, each span once."""
        results: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        low = text.lower()
        for pattern, name, hints in _PATTERNS:
            if not any(h in low for h in hints):
                continue  # most pages hold none of the label words: skip the scan
            for m in pattern.finditer(text):
                value = m.group("v")
                span = m.span("v")
                if span in seen or value.lower() in _GENERIC_USERS:
                    continue
                if name == "login_mixed" and _NOT_LOGIN.match(value):
                    continue
                seen.add(span)
                result = make_result(self, self.ENTITY, span[0], span[1], self.SCORE, name)
                results.append(mark_context_applied(result, name))
        return results
