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
