"""Dutch Presidio recognizers for Woo redaction, one module per entity type.

``all_recognizers()`` builds a fresh instance of each; ``RECOGNIZER_ENTITIES`` maps each
recognizer's stable name (its class name) to the entities it returns, which the rules
file maps to Woo grounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from presidio_analyzer import EntityRecognizer

from pipeline.recognizers.address import NlAddressRecognizer
from pipeline.recognizers.birthdate import DutchBirthDateRecognizer
from pipeline.recognizers.bsn import NlBsnRecognizer
from pipeline.recognizers.cell_number import NlCellNumberRecognizer
from pipeline.recognizers.client_number import NlClientNumberRecognizer
from pipeline.recognizers.detainee_number import NlDetaineeNumberRecognizer
from pipeline.recognizers.driving_licence import NlDrivingLicenceRecognizer
from pipeline.recognizers.email import DutchEmailRecognizer
from pipeline.recognizers.iban import IbanRecognizer
from pipeline.recognizers.iban_checksum import IbanChecksumFailedRecognizer
from pipeline.recognizers.id_document import NlIdDocumentRecognizer
from pipeline.recognizers.license_plate import NlLicensePlateRecognizer
from pipeline.recognizers.login_code import DutchLoginCodeRecognizer
from pipeline.recognizers.loonheffingennummer import NlLoonheffingennummerRecognizer
from pipeline.recognizers.paraph import DutchParaphRecognizer
from pipeline.recognizers.person import DutchPersonRecognizer
from pipeline.recognizers.phone import DutchPhoneRecognizer
from pipeline.recognizers.phone_international import InternationalPhoneRecognizer
from pipeline.recognizers.special import DutchSpecialDataRecognizer
from pipeline.recognizers.v_number import NlVNumberRecognizer

RECOGNIZER_CLASSES: tuple[type[EntityRecognizer], ...] = (
    DutchEmailRecognizer,
    DutchPhoneRecognizer,
    NlBsnRecognizer,
    IbanRecognizer,
    NlAddressRecognizer,
    DutchBirthDateRecognizer,
    DutchPersonRecognizer,
    DutchParaphRecognizer,
    NlLicensePlateRecognizer,
    NlIdDocumentRecognizer,
    NlClientNumberRecognizer,
    DutchSpecialDataRecognizer,
    NlLoonheffingennummerRecognizer,
    IbanChecksumFailedRecognizer,
    InternationalPhoneRecognizer,
    NlDrivingLicenceRecognizer,
    NlVNumberRecognizer,
    NlDetaineeNumberRecognizer,
    NlCellNumberRecognizer,
    DutchLoginCodeRecognizer,
)

RECOGNIZER_ENTITIES: dict[str, list[str]] = {
    "DutchEmailRecognizer": ["EMAIL_ADDRESS"],
    "DutchPhoneRecognizer": ["PHONE_NUMBER"],
    "NlBsnRecognizer": ["NL_BSN"],
    "IbanRecognizer": ["IBAN_CODE"],
    "NlAddressRecognizer": ["NL_ADDRESS"],
    "DutchBirthDateRecognizer": ["DATE_OF_BIRTH"],
    "DutchPersonRecognizer": ["PERSON"],
    "DutchParaphRecognizer": ["PERSON"],
    "NlLicensePlateRecognizer": ["NL_LICENSE_PLATE"],
    "NlIdDocumentRecognizer": ["NL_ID_DOCUMENT"],
    "NlClientNumberRecognizer": ["NL_CLIENT_NUMBER"],
    "DutchSpecialDataRecognizer": ["NL_SPECIAL_DATA"],
    "NlLoonheffingennummerRecognizer": ["NL_LOONHEFFINGENNUMMER"],
    "IbanChecksumFailedRecognizer": ["IBAN_CODE"],
    "InternationalPhoneRecognizer": ["PHONE_NUMBER"],
    "NlDrivingLicenceRecognizer": ["NL_DRIVING_LICENCE"],
    "NlVNumberRecognizer": ["NL_V_NUMBER"],
    "NlDetaineeNumberRecognizer": ["NL_DETAINEE_NUMBER"],
    "NlCellNumberRecognizer": ["NL_CELL_NUMBER"],
    "DutchLoginCodeRecognizer": ["NL_LOGIN_CODE"],
}


def all_recognizers(options: Mapping[str, Any] | None = None) -> list[EntityRecognizer]:
    """Fresh instances of every Dutch recognizer (``options`` is reserved for per-site tuning)."""
    return [cls() for cls in RECOGNIZER_CLASSES]


__all__ = ["RECOGNIZER_CLASSES", "RECOGNIZER_ENTITIES", "all_recognizers"]
