from presidio_analyzer import EntityRecognizer

from pipeline.recognizers import RECOGNIZER_ENTITIES, all_recognizers


def test_all_recognizers_contract():
    recs = all_recognizers()
    assert all(isinstance(r, EntityRecognizer) for r in recs)
    assert {r.name: r.supported_entities for r in recs} == RECOGNIZER_ENTITIES
    assert all(r.supported_language == "nl" and r.name == type(r).__name__ for r in recs)
    assert all(r.context for r in recs), "every recognizer carries Dutch context words"
    assert all_recognizers({"site": "x"})[0] is not recs[0]  # fresh instances, options accepted


def test_entity_names():
    entities = {e for es in RECOGNIZER_ENTITIES.values() for e in es}
    assert entities == {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "NL_BSN",
        "IBAN_CODE",
        "NL_ADDRESS",
        "DATE_OF_BIRTH",
        "PERSON",
        "NL_LICENSE_PLATE",
        "NL_ID_DOCUMENT",
        "NL_CLIENT_NUMBER",
        "NL_SPECIAL_DATA",
        "NL_LOONHEFFINGENNUMMER",
        "NL_DRIVING_LICENCE",
        "NL_V_NUMBER",
        "NL_DETAINEE_NUMBER",
        "NL_CELL_NUMBER",
        "NL_LOGIN_CODE",
    }


def test_mixed_letter(analyzer):
    text = (
        "Van: Jansen, Piet (P.) <p.jansen@minbzk.nl>\n\nBeste Sanne,\n\n"
        "Mevrouw S. Bakker (BSN 123456782, geboren op 12-03-1985) woont op Kerkstraat 12a, 1234 AB Utrecht.\n"
        "Zij is bereikbaar op 06-12345678. Het besluit van 3 april 2024 (kenmerk 2024-123456) volgt.\n\n"
        "Met vriendelijke groet,\n\nKees de Vries\n"
    )
    got = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="nl")}
    assert got == {
        ("PERSON", "Jansen, Piet (P.)"),
        ("EMAIL_ADDRESS", "p.jansen@minbzk.nl"),
        ("PERSON", "Sanne"),
        ("PERSON", "S. Bakker"),
        ("NL_BSN", "123456782"),
        ("DATE_OF_BIRTH", "12-03-1985"),
        ("NL_ADDRESS", "Kerkstraat 12a, 1234 AB Utrecht"),
        ("PHONE_NUMBER", "06-12345678"),
        ("PERSON", "Kees de Vries"),
    }
