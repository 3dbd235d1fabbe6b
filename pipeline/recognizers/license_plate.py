"""Dutch licence plates (NL_LICENSE_PLATE), sidecodes 1-14 with hyphens.

Every sidecode mixes letters and digits, so dates ("12-03-24") never match; the
letters are upper case and the pattern is case-sensitive.  Without context a plate
scores moderately; "kenteken" and friends lift it via Presidio's context enhancer.
"""

from __future__ import annotations

from pipeline.recognizers._base import DutchPatternRecognizer

_L = "[A-Z]"  # current plates use consonants only, but older series and examples do not
_LV = "[A-Z]"  # the oldest sidecodes (1-3) did use vowels
_D = r"\d"
_SIDECODES = [
    f"{_LV}{{2}}-{_D}{{2}}-{_D}{{2}}",  # 1  XX-99-99
    f"{_D}{{2}}-{_D}{{2}}-{_LV}{{2}}",  # 2  99-99-XX
    f"{_D}{{2}}-{_LV}{{2}}-{_D}{{2}}",  # 3  99-XX-99
    f"{_L}{{2}}-{_D}{{2}}-{_L}{{2}}",  # 4  XX-99-XX
    f"{_L}{{2}}-{_L}{{2}}-{_D}{{2}}",  # 5  XX-XX-99
    f"{_D}{{2}}-{_L}{{2}}-{_L}{{2}}",  # 6  99-XX-XX
    f"{_D}{{2}}-{_L}{{3}}-{_D}",  # 7  99-XXX-9
    f"{_D}-{_L}{{3}}-{_D}{{2}}",  # 8  9-XXX-99
    f"{_L}{{2}}-{_D}{{3}}-{_L}",  # 9  XX-999-X
    f"{_L}-{_D}{{3}}-{_L}{{2}}",  # 10 X-999-XX
    f"{_L}{{3}}-{_D}{{2}}-{_L}",  # 11 XXX-99-X
    f"{_L}-{_D}{{2}}-{_L}{{3}}",  # 12 X-99-XXX
    f"{_D}-{_L}{{2}}-{_D}{{3}}",  # 13 9-XX-999
    f"{_D}{{3}}-{_L}{{2}}-{_D}",  # 14 999-XX-9
]
_PLATE = r"(?<![\w-])(?:" + "|".join(_SIDECODES) + r")(?![\w-])"


class NlLicensePlateRecognizer(DutchPatternRecognizer):
    """Dutch licence plates in their hyphenated sidecode forms."""

    ENTITY = "NL_LICENSE_PLATE"
    PATTERNS = (("nl_sidecode", _PLATE, 0.5),)
    CONTEXT = ("kenteken", "kentekenplaat", "kentekennummer", "nummerplaat", "voertuig", "auto", "rdw")
