import pytest


@pytest.mark.parametrize(
    "text, date",
    [
        ("Mevrouw is geboren op 12-03-1985 te Utrecht.", "12-03-1985"),
        ("Geboortedatum: 12/03/1985", "12/03/1985"),
        ("J. Jansen (geb. 12 maart 1985) woont hier.", "12 maart 1985"),
        ("geboren 1 januari 2001", "1 januari 2001"),
        ("Geboortedatum\n03-11-1979", "03-11-1979"),
        ("De aanvrager, 12-03-1985 (geboortedatum), verzoekt", "12-03-1985"),
        ("d.d. geboorte 1985-03-12", "1985-03-12"),
    ],
)
def test_birth_dates(found, text, date):
    assert found(text, "DATE_OF_BIRTH") == {date: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Het besluit van 12-03-2024 is verzonden op 3 april 2024.",
        "Vergadering 12/03/1985, agenda bijgevoegd.",
        "GEB check jobcoachportaal 01-08-2020 — 30-11-2020",
        "In het gebied is op 12 maart 1985 gebouwd.",
        "geboren op 31-13-1985",  # no such month
    ],
)
def test_other_dates_never_returned(found, text):
    assert found(text, "DATE_OF_BIRTH") == {}
