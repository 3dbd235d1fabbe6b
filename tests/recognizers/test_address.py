import pytest

from pipeline.recognizers.address import NlAddressRecognizer


def test_address_block_in_letter(found):
    text = "Mevrouw S. Bakker\nKerkstraat 12a\n1234 AB  Utrecht\n\nGeachte mevrouw Bakker,"
    result = found(text, "NL_ADDRESS")
    assert set(result) == {"Kerkstraat 12a", "1234 AB  Utrecht"}
    assert min(result.values()) >= 0.85


def test_address_on_one_line(found):
    text = "Hij woont op Prins Bernhardlaan 3-5, 2511 DP Den Haag sinds kort."
    assert list(found(text, "NL_ADDRESS")) == ["Prins Bernhardlaan 3-5, 2511 DP Den Haag"]


@pytest.mark.parametrize(
    "street",
    [
        "Kerkstraat 12a",
        "Prins Bernhardlaan 3-5",
        "Oude Gracht 12 bis",
        "Laan van Meerdervoort 5",
        "Rijksweg 120",
    ],
)
def test_street_and_number(found, street):
    result = found(f"Het pand aan de {street} is verkocht.", "NL_ADDRESS")
    assert list(result) == [street]
    assert 0.5 <= result[street] < 0.85


def test_postcode_scores(found):
    with_place = found("Verhuisd naar 3511 LX Utrecht vorig jaar.", "NL_ADDRESS")
    alone = found("In de wijk met 3511 LX staan veel huizen.", "NL_ADDRESS")
    assert list(with_place) == ["3511 LX Utrecht"]
    assert list(alone) == ["3511 LX"]
    assert alone["3511 LX"] < with_place["3511 LX Utrecht"]
    assert alone["3511 LX"] < 0.5


def test_all_caps_place_and_multiword_place(found):
    assert list(found("Adres: 2500 AB DEN HAAG", "NL_ADDRESS")) == ["2500 AB DEN HAAG"]
    assert list(found("Gevestigd in 2401 AB Alphen aan den Rijn.", "NL_ADDRESS")) == [
        "2401 AB Alphen aan den Rijn"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Organisation postal addresses stay readable (documented choice: not returned).
        "Postbus 20901\n2500 EX Den Haag",
        "Retouradres Postbus 20901, 2500 EX Den Haag",
        # Things that look like "word + number".
        "Artikel 5 en lid 2 van hoofdstuk 3, bijlage 4.",
        "In Amsterdam 8 meldingen, Achterhoek 2022 en Groot-Amsterdam 2022.",
        "Verklaring 0 en Monitoring 14, De lancering 2 was in De mei 2018.",
        "Klik op Opslaan 5 keer.",
        "In 2016 VA-rapport en 4506 WW-uitkeringen.",
    ],
)
def test_not_addresses(found, text):
    assert found(text, "NL_ADDRESS") == {}


def test_postcode_not_taken_as_house_number(found):
    # House number missing (OCR); "3032" belongs to the postcode, not to the street.
    assert list(found("Zomerhofstraat 3032 CK Rotterdam", "NL_ADDRESS")) == ["3032 CK Rotterdam"]


def test_context_boosts(found):
    plain = found("Kerkstraat 12 is mooi.", "NL_ADDRESS")["Kerkstraat 12"]
    boosted = found("Zijn woonadres is Kerkstraat 12.", "NL_ADDRESS")["Kerkstraat 12"]
    assert boosted > plain


def test_bare_listed_street_only_in_block():
    rec = NlAddressRecognizer()
    text = "Markt 5 en Kamer 3.\nMarkt 5\n1234 AB Utrecht\n"
    spans = {text[r.start : r.end] for r in rec.analyze(text, [])}
    assert spans == {"Markt 5", "1234 AB Utrecht"}
    assert {r.start for r in rec.analyze(text, [])} == {text.index("Markt 5\n"), text.index("1234")}


# -- organisation addresses: reported below the threshold ------------------------------------


def _scores(found, text):
    return found(text, "NL_ADDRESS")


@pytest.mark.parametrize(
    "text, spans",
    [
        (
            "Jurist JKC\n## UWV\n## JURIDISCH KENNISCENTRUM (JKC)\nLa Guardiaweg 94-112 / 1043 DL Amsterdam\n"
            "Locatie gebouw C / AMSG2 1.31\nPostbus 58285 1040 HG Amsterdam\n",
            {"La Guardiaweg 94-112", "1043 DL Amsterdam"},
        ),
        (
            "## UWV\n## BEZWAAR EN BEROEP ZUID-OOST/VENLO\nPrinsessesingel 10\n5911 HT Venlo\n"
            "Postbus 110 5900 AC Venlo\n",
            {"Prinsessesingel 10", "5911 HT Venlo"},
        ),
        (
            "Medewerker hoger beroep\n## UWV\n## BEZWAAR & BEROEP DISTRICT NOORD\n"
            "Stationsweg 10, 9726 AC Groningen\nPostbus 51010, 9702 JA Groningen\n",
            {"Stationsweg 10, 9726 AC Groningen"},
        ),
        (
            "Ministerie van Sociale Zaken\nParnassusplein 5\n2511 VX Den Haag\n",
            {"Parnassusplein 5", "2511 VX Den Haag"},
        ),
        ("Gemeente Venlo\nNassaustraat 1\n5912 AT Venlo\n", {"Nassaustraat 1", "5912 AT Venlo"}),
        ("Bezoekadres: Stationsweg 10, 9726 AC Groningen", {"Stationsweg 10, 9726 AC Groningen"}),
        # No person on the way up, the organisation's Postbus right under it.
        (
            "Kerkstraat 177\n8473 BS Utrecht\nPostbus 58285, 1040 HG Amsterdam\n",
            {"Kerkstraat 177", "8473 BS Utrecht"},
        ),
    ],
)
def test_organisation_address_blocks_score_below_threshold(found, text, spans):
    result = _scores(found, text)
    assert set(result) == spans
    assert max(result.values()) < 0.5


@pytest.mark.parametrize(
    "text, spans",
    [
        # A citizen's block stays high with its place, also when the organisation's Postbus follows.
        (
            "Mevrouw I. Doe\nKerkstraat 177\n8473 BS MEGCHELEN\nPostbus 58285, 1040 HG Amsterdam\n",
            {"Kerkstraat 177", "8473 BS MEGCHELEN"},
        ),
        (
            "UWV\nDe heer D.N. Hoekstra\nKerkstraat 203\n6508 WL Herpen\n",
            {"Kerkstraat 203", "6508 WL Herpen"},
        ),
        ("Rick van der Goudriaan\nKerkstraat 114A\n4001 EL Beugen\n", {"Kerkstraat 114A", "4001 EL Beugen"}),
        ("T.a.v. J. Jansen\nKerkstraat 12\n1234 AB Utrecht\n", {"Kerkstraat 12", "1234 AB Utrecht"}),
    ],
)
def test_citizen_address_blocks_stay_high(found, text, spans):
    result = _scores(found, text)
    assert set(result) == spans
    assert min(result.values()) >= 0.85


def test_organisation_line_in_running_text_does_not_lower_an_address(found):
    text = (
        "Gemeente Utrecht heeft op 12 mei besloten dat de aanvrager die nu woont op\n"
        "Kerkstraat 12, 1234 AB Utrecht een vergoeding krijgt.\n"
    )
    result = _scores(found, text)
    assert list(result) == ["Kerkstraat 12, 1234 AB Utrecht"]
    assert result["Kerkstraat 12, 1234 AB Utrecht"] >= 0.85


def test_blank_lines_do_not_cut_a_citizen_block_from_its_name(found):
    text = "Mevrouw I. Doe\n\nKerkstraat 177\n\n8473 BS Utrecht\n\nPostbus 58285\n\n1040 HG Amsterdam\n"
    result = _scores(found, text)
    # The Postbus address is the organisation's: not returned, also across a blank line.
    assert set(result) == {"Kerkstraat 177", "8473 BS Utrecht"}
    assert min(result.values()) >= 0.6


@pytest.mark.parametrize(
    "text",
    [
        "De pilot loopt in de wijken met postcode 9430 DG en omgeving.",
        "Het aantal meldingen in postcodegebied 3521 AZ is gestegen.",
    ],
)
def test_a_postcode_named_as_an_area_stays_below_the_threshold(found, text):
    assert all(score < 0.5 for score in found(text, "NL_ADDRESS").values())


@pytest.mark.parametrize(
    "text",
    [
        "Mijn postcode is 1234 AB en mijn huisnummer 12.",
        "Postcode: 1234 AB",
        "De heer woont in postcode 3511 AB.",
        "Betrokkene verhuisde naar een woning met postcode 3511 AB en een tuin.",
    ],
)
def test_a_persons_postcode_is_still_redacted(found, text):
    assert max(found(text, "NL_ADDRESS").values()) >= 0.5
