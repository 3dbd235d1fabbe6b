"""Paraphs and approval initials (PERSON) — only after their label."""

import pytest


@pytest.mark.parametrize(
    "text, initials",
    [
        ("Paraaf beleidsmedewerker:\nMV 15-03", "MV"),
        ("Paraaf afdelingshoofd: J.v.d.L. 16-03", "J.v.d.L."),
        ("Paraaf directeur:\nRdJ 16-03", "RdJ"),
        ("Geparafeerd: JdV", "JdV"),
        ("Akkoord, P.", "P."),
        ("Gezien, A.M.", "A.M."),
        ("Opsteller: SBK", "SBK"),
        ("Bijlage 2\nOpsteller: BS, 12 maart 2021", "BS"),
        ("Steller: JdV", "JdV"),
        ("ParaafUWV: MV", "MV"),
        ("Auteur: J.v.d.L.", "J.v.d.L."),
    ],
)
def test_initials_after_a_paraph_or_approval_label(found, text, initials):
    assert initials in found(text, "PERSON")


@pytest.mark.parametrize(
    "text, word",
    [
        ("De kosten zijn 4,2 MV per jaar volgens de SVB.", "MV"),
        ("Het UWV en de SVB voeren de regeling uit.", "SVB"),
        ("Akkoord, de brief kan uit.", "de"),
        ("Paraaf directeur: akkoord per mail", "akkoord"),
        ("Opsteller: AO/IC Beleid, afdeling Rechtmatigheid", "AO"),
        ("Opsteller: SZW", "SZW"),
        ("Paraaf UWV: Paraaf Afnemer:", "Paraaf"),
    ],
)
def test_abbreviations_elsewhere_are_not_paraphs(found, text, word):
    assert not any(word == k for k in found(text, "PERSON"))


def test_paraph_label_after_a_joined_line_break(found):
    # The extractor joins a line that ran to the right margin with the next: the label is mid-line.
    text = "Het crisisteam wordt afgeschaald bij Bestuurszaken Paraaf directeur: VtE\nOp grond van"
    assert "VtE" in found(text, "PERSON")
    assert not any(k == "AB" for k in found("Zie de paraaf van de directeur: dit is AB hier.", "PERSON"))
