import pytest

from pipeline.recognizers import _lexicon


def persons(found, text):
    return found(text, "PERSON")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Gesprek met dhr. Jansen over de zaak.", "Jansen"),
        ("Aanwezig: de heer P. de Vries.", "P. de Vries"),
        ("Zoals mevr. Bakker-de Wit aangaf.", "Bakker-de Wit"),
        ("Volgens mevrouw De Boer klopt dit.", "De Boer"),
        ("Zie mw. S. van den Berg.", "S. van den Berg"),
        ("Advies van drs. K. ter Horst.", "K. ter Horst"),
        ("Door mr. drs. A.B. Jansen-de Wit opgesteld.", "A.B. Jansen-de Wit"),
        ("Onderzocht door prof. dr. ir. L. in 't Veld.", "L. in 't Veld"),
        ("Gebeld met ing. Van 't Hof.", "Van 't Hof"),
        ("Brief aan de heer Yilmaz.", "Yilmaz"),
    ],
)
def test_titles_and_forms_of_address(found, text, name):
    result = persons(found, text)
    assert list(result) == [name]
    assert result[name] >= 0.85


@pytest.mark.parametrize(
    "text, name",
    [
        ("Beste Sanne,\n\nHierbij de stukken.", "Sanne"),
        ("Hoi Jan,\nKun je even kijken?", "Jan"),
        ("Dag Piet!\nTot morgen.", "Piet"),
        ("Geachte mevrouw De Boer,\n", "De Boer"),
        ("Geachte heer Yilmaz,\n", "Yilmaz"),
        ("Beste Kees de Vries,\n", "Kees de Vries"),
    ],
)
def test_salutations(found, text, name):
    result = persons(found, text)
    assert list(result) == [name]
    assert result[name] >= 0.85


@pytest.mark.parametrize(
    "text, name",
    [
        ("Het stuk is gelezen door J.P. de Vries gisteren.", "J.P. de Vries"),
        ("Het stuk is gelezen door A. El Amrani gisteren.", "A. El Amrani"),
        ("Zie het advies van P.J.M. van der Berg.", "P.J.M. van der Berg"),
        ("Zie het advies van J. Jansen-de Wit.", "J. Jansen-de Wit"),
    ],
)
def test_initials_and_surname(found, text, name):
    result = persons(found, text)
    assert list(result) == [name]
    assert result[name] >= 0.85


def test_mail_headers(found):
    text = (
        "Van: Jansen, Piet (P.) <p.jansen@minbzk.nl>\n"
        "Aan: Bakker, Sanne; De Vries, Kees\n"
        "CC: Woo-team; Secretariaat DGWB\n"
        "Onderwerp: Overleg Woo-verzoek\n"
    )
    result = persons(found, text)
    assert set(result) == {"Jansen, Piet (P.)", "Bakker, Sanne", "De Vries, Kees"}
    assert min(result.values()) >= 0.85


def test_display_name_first_last(found):
    assert list(persons(found, "From: Sanne Bakker <s.bakker@uwv.nl>\n")) == ["Sanne Bakker"]


def test_first_name_plus_surname(found):
    result = persons(found, "Het verslag is opgesteld en daarna heeft Kees Visser het gelezen.")
    assert list(result) == ["Kees Visser"]
    assert 0.6 <= result["Kees Visser"] < 0.85


@pytest.mark.parametrize(
    "closing", ["Met vriendelijke groet,", "Groet,", "Hartelijke groet,", "Met vriendelijke groeten,"]
)
def test_signature_after_closing(found, closing):
    text = f"Tot ziens.\n\n{closing}\n\nSanne Bakker\nAdviseur Woo\nDirectie Juridische Zaken"
    result = persons(found, text)
    assert list(result) == ["Sanne Bakker"]
    assert result["Sanne Bakker"] >= 0.85


def test_signature_below_role_line(found):
    text = "Met vriendelijke groet,\n\nde minister van Sociale Zaken en Werkgelegenheid,\n\nW. Koolmees\n"
    assert list(persons(found, text)) == ["W. Koolmees"]


def test_lone_list_name_is_low(found):
    result = persons(found, "Daarover heeft Sanne nog niets gezegd.")
    assert list(result) == ["Sanne"]
    assert result["Sanne"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Bierman B.V. en Stichting Van der Velden hebben gereageerd.",
        "Het Ministerie van Sociale Zaken, de Gemeente Den Haag en UWV zijn betrokken.",
        "De minister en de staatssecretaris hebben besloten.",
        "Van de gemeente kregen we op maandag 3 maart niets. Het is goed. De zaak loopt.",
        "In Amsterdam, Utrecht en Den Haag is de Kerkstraat bekend.",
        "Jan Feb Mrt Apr Mei Jun\n",
        "A. Inleiding\nB. Besluit\n",
        "Overwegingen. B. Aangezien de aanvraag. ## C. Service en - D. Dossier",
        "Met vriendelijke groet,\n\nFacilitaire Diensten\n",
        "Met vriendelijke groet,\n\nNamens Bestuur\n",
        "Van: Woo-team <woo@minbzk.nl>\nAan: Secretariaat DGWB\n",
        "Beste collega's,\nBeste allen,\nGeachte heer/mevrouw,\n",
        "N.B. Dit is belangrijk. P.S. Zie bijlage.",
        "Aan de Willem Alexanderstraat en de Mgr. Nolenslaan.",
    ],
)
def test_not_persons(found, text):
    assert persons(found, text) == {}


def test_name_lists_come_from_deduce():
    assert _lexicon.deduce_lookup_dir() is not None
    assert "Sanne" in _lexicon.first_names()
    assert "Visser" in _lexicon.surnames()
    assert len(_lexicon.first_names()) > 10000


def test_single_initial_with_unlisted_surname_mid_sentence(found):
    result = persons(found, "Het stuk ging naar K. Ozdemirtas voor advies.")
    assert list(result) == ["K. Ozdemirtas"]
    assert 0.5 <= result["K. Ozdemirtas"] < 0.85
    # A context word ("gesproken") lifts it through Presidio's LemmaContextAwareEnhancer.
    boosted = persons(found, "Ik heb gesproken met K. Ozdemirtas over het dossier.")
    assert boosted["K. Ozdemirtas"] > result["K. Ozdemirtas"]
