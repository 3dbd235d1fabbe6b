"""Special personal data (5.1.1d): only about one person, never in general policy text."""

import pytest


@pytest.mark.parametrize(
    "text, term",
    [
        ("Uit het verslag blijkt dat u vanwege een hernia uw werk niet kunt doen.", "hernia"),
        ("Mevrouw Kramer is sinds maart thuis met een burn-out.", "burn-out"),
        ("Betrokkene heeft een strafblad.", "strafblad"),
        ("Hij is moslim en vraagt om aangepaste werktijden.", "moslim"),
    ],
)
def test_terms_about_a_person(found, text, term):
    assert term in found(text, "NL_SPECIAL_DATA")


@pytest.mark.parametrize(
    "text",
    [
        "Het beleid voor klanten met psychische klachten wordt in 2024 herzien.",
        "Het aantal meldingen van burn-out in de sector is gestegen.",
        "De regeling geldt voor werkgevers met een christelijke grondslag.",
    ],
)
def test_general_policy_text_stays(found, text):
    assert found(text, "NL_SPECIAL_DATA") == {}
