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
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchLocalRecognizer

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


class DutchLoginCodeRecognizer(DutchLocalRecognizer):
    """Login names and user ids after a login label, and user folders in file paths."""

    ENTITY = "NL_LOGIN_CODE"
    SCORE = 0.85
    CONTEXT = ["inlognaam", "gebruikersnaam", "login", "gebruiker", "puik"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Logins after their labels and in user-folder paths, each span once."""
        return self.scan(text, _PATTERNS, "v", skip=_not_a_login, unique=True)


def _not_a_login(rule: str, value: str) -> bool:
    """A generic account ("admin"), or a version, date or case code after a loose label."""
    return value.lower() in _GENERIC_USERS or (rule == "login_mixed" and _NOT_LOGIN.match(value) is not None)
