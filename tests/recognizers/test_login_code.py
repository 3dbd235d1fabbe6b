"""Login names and user ids (NL_LOGIN_CODE): after login labels, as user ids near them, in user folders."""

import pytest

POSITIVE = [
    ("Behandeld door: jdvries01", "jdvries01"),
    ("Behandeld door\njdvries01\nDatum 3 maart 2024", "jdvries01"),
    ("Inlognaam: jdevries", "jdevries"),
    ("Gebruikersnaam = k.bakker", "k.bakker"),
    ("PUIK-id: abc123", "abc123"),
    ("User ID: JDV001", "JDV001"),
    ("Gebruiker u123456 heeft het dossier geopend.", "u123456"),
    ("Ingelogd als medewerker u123456 om 10:12.", "u123456"),
    ("Gewijzigd door: kbakker2 op 12-3-2024", "kbakker2"),
    ("Opgeslagen in C:\\Users\\jdvries01\\Documents\\nota.docx", "jdvries01"),
    ("Bestand: /home/jdevries/woo/besluit.pdf", "jdevries"),
]


@pytest.mark.parametrize("text, login", POSITIVE)
def test_found(found, text, login):
    assert found(text, "NL_LOGIN_CODE") == {login: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "De gebruiker kan inloggen met DigiD.",  # an ordinary word after a loose label
        "Behandeld door: de afdeling Bezwaar",
        "Account: info@uwv.nl",  # an e-mail address is the e-mail recognizer's
        "Medewerker 2024-123 is het zaaknummer.",
        "Gebruiker: versie 2.1",
        "Login v2.3 is uitgerold.",
        "Behandeld door: ABC-123",  # a case code
        "Medewerker: 3e lijn",
        "C:\\Users\\Public\\Documents\\x.pdf",  # a shared folder
        "Zaaknummer u123456 in de brief.",  # a user-id shape without a login word
        "Bijlage 17 Gebruikershandleiding_CBBS_AD_tcm5-383034 (Definitief)",  # label word inside a file name
    ],
)
def test_not_returned(found, text):
    assert found(text, "NL_LOGIN_CODE") == {}
