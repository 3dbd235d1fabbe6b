"""Identifier gold for the generalisation corpus: synthetic items of the types issue 16 found leaking.

Why: the refill only puts names, e-mail addresses and phone numbers where a publisher removed
something, so detainee and cell numbers, loonheffingennummers, mistyped IBANs, foreign phone
numbers, driving-licence, passport, ID-card and v-numbers, login codes and paraphs had no gold
at all.  This module inserts them, each in a genre where it really occurs (custodial incident
lines in reports, memos, minutes and e-mails; payroll numbers in forms, tables and letters;
document numbers in letters and forms; foreign numbers in signatures; paraphs and logins in
memo and e-mail headers), with realistic values (valid checksums where the type has one), and
must-keep near-misses next to them (case numbers, postcodes, dates, law articles, amounts, a
company's KvK number, an organisation's service line) so over-redaction shows.

Every item is drawn from its own random stream (seeded by the document's source), after the
document is otherwise complete: the excerpts, the split and all other gold stay as they were.
Labels and how many items per document come from ``identifiers`` in ``eval_rules.yaml``.
"""

from __future__ import annotations

import random
import string

import corpus
from corpus import CorpusDoc, Draft, Piece

from models.synth.names import make_person

# Gold label -> Woo ground of each identifier (to redact).  Everything else inserted here is kept.
ID_GROUNDS = {
    "DETAINEE_NR": "5.1.2e",
    "CELL_NR": "5.1.2e",
    "LOONHEFFINGEN_NR": "5.1.1e",
    "IBAN_INVALID": "5.1.2e",
    "PHONE_INTL": "5.1.2e",
    "DRIVING_LICENCE": "5.1.1e",
    "PASSPORT": "5.1.1e",
    "ID_CARD": "5.1.1e",
    "V_NUMBER": "5.1.1e",
    "LOGIN_CODE": "5.1.2e",
    "PARAPH": "5.1.2e",
}
NEAR_MISS_LABELS = ("CASENR", "POSTCODE", "DATE", "ARTICLE", "AMOUNT", "KVK", "ORGPHONE")
_ACRONYMS = frozenset(
    "AZ BZ BZK EZK FIN LNV OCW SZW VWS DEF CAK CBR CBS COA DJI DUO FEZ ILT IND KVK RDW RVO SVB UWV".split()
)
_DOC_LETTERS = [c for c in string.ascii_uppercase if c != "O"]  # the letter O is not used


def _digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def _ascii(s: str) -> str:
    return "".join(corpus.fold_char(c) for c in s)


def _initials(rng: random.Random) -> str:
    """A paraph as civil servants write it: "RdJ", "MV", "JvdL", "SBK", "P.v.d.B."."""
    p = make_person(rng, "nl")
    first, last = _ascii(p.first)[:1].upper(), _ascii(p.last)
    words = last.split()
    lower = ["".join(c for c in w if c.isalpha()) for w in words[:-1] if w == w.lower()]
    interfix = "".join(w[0] for w in lower if w)[:2]  # "van der" -> "vd"; a double surname adds none
    core = (words[-1][:1] or "X").upper()
    style = rng.choice(["short", "short", "three", "dotted"])
    if style == "three":
        mid = rng.choice("ABDEHJKLMNPRSTW")
        return first + mid + core if first + mid + core not in _ACRONYMS else first + interfix + core
    if style == "dotted":
        return first + "." + "".join(c + "." for c in interfix) + core + "."
    return first + interfix + core


def _login(rng: random.Random) -> str:
    p = make_person(rng, "nl")
    last = "".join(ch for ch in _ascii(p.last).lower() if ch.isalpha())
    style = rng.choice(["name", "name", "uid", "uid2"])
    if style == "uid":
        return rng.choice("uabm") + _digits(rng, 6)
    if style == "uid2":
        return rng.choice(["ab", "jk", "mv", "tr"]) + _digits(rng, 5)
    return _ascii(p.first)[:1].lower() + last[:10] + f"{rng.randint(1, 9):02d}"


def _phone_intl(rng: random.Random) -> str:
    """A valid foreign or +31 mobile number in the grouping people write."""
    kind = rng.choice(["be", "be", "de", "pl", "nl", "nl", "be00"])
    if kind in ("be", "be00"):
        head = "+32" if kind == "be" else "0032"
        pairs = " ".join(str(rng.randint(10, 99)) for _ in range(3))
        return f"{head} 4{rng.choice('6789')}{rng.randint(0, 9)} {pairs}"
    if kind == "de":
        return f"+49 15{rng.choice('12')} {_digits(rng, 4)} {_digits(rng, 4, string.digits)}"
    if kind == "pl":
        return f"+48 {rng.choice('5678')}{_digits(rng, 2, string.digits)} {_digits(rng, 3)} {_digits(rng, 3)}"
    return (
        f"+31 6 {_digits(rng, 8, '12345')}"
        if rng.random() < 0.6
        else f"+31 (0)6 {_digits(rng, 4, '12345')} {_digits(rng, 4)}"
    )


def _bad_iban(rng: random.Random) -> str:
    """A Dutch IBAN whose mod-97 check fails: one digit mistyped, or one digit lost."""
    good = corpus.iban(rng).replace(" ", "")
    if rng.random() < 0.7:
        i = rng.randrange(8, len(good))
        bad = good[:i] + str((int(good[i]) + rng.randint(1, 9)) % 10) + good[i + 1 :]
    else:
        i = rng.randrange(8, len(good))
        bad = good[:i] + good[i + 1 :]
    return " ".join(bad[i : i + 4] for i in range(0, len(bad), 4)) if rng.random() < 0.7 else bad


def _doc_number(rng: random.Random) -> str:
    mid = "".join(rng.choice(_DOC_LETTERS + list(string.digits)) for _ in range(6))
    return rng.choice(_DOC_LETTERS) + rng.choice(_DOC_LETTERS) + mid + rng.choice(string.digits)


def _cell(rng: random.Random) -> str:
    return rng.choice(
        [
            f"cel {rng.randint(1, 4)}.{rng.randint(1, 30):02d}",
            f"cel {rng.randint(1, 40)}",
            f"cel {rng.choice('ABCD')}{rng.randint(0, 3)}.{rng.randint(1, 30):02d}",
        ]
    )


def _piece(parts: list[tuple[str, str | None]]) -> Piece:
    pc = Piece()
    for s, label in parts:
        pc.add(s, label)
    return pc


def identifier(kind: str, rng: random.Random) -> Piece:
    """One inserted sentence or line holding an identifier of ``kind`` (its gold label's lower case)."""
    r = rng.choice
    if kind == "detainee_nr":
        n = _digits(rng, 7)
        return _piece(
            r(
                [
                    [
                        ("Incidentmelding: gedetineerde met registratienummer ", None),
                        (n, "DETAINEE_NR"),
                        (" weigerde na het luchten terug te keren naar de afdeling.", None),
                    ],
                    [
                        ("Betreft: gedetineerde, reg.nr. ", None),
                        (n, "DETAINEE_NR"),
                        (", overplaatsing naar de PI in verband met het incident.", None),
                    ],
                    [
                        ("De justitiabele (SKN ", None),
                        (_digits(rng, 8), "DETAINEE_NR"),
                        (") is na het incident in afzondering geplaatst.", None),
                    ],
                    [("Gedetineerdennummer: ", None), (n, "DETAINEE_NR")],
                ]
            )
        )
    if kind == "cell_nr":
        cell = _cell(rng)
        return _piece(
            r(
                [
                    [
                        (f"De gedetineerde op afdeling {r('ABCDE')} ", None),
                        (cell, "CELL_NR"),
                        (" heeft de celdeur beschadigd.", None),
                    ],
                    [
                        ("Tijdens de celinspectie van ", None),
                        (cell, "CELL_NR"),
                        (" zijn twee mobiele telefoons aangetroffen.", None),
                    ],
                    [
                        ("Insluiting van de gedetineerde in ", None),
                        (cell, "CELL_NR"),
                        (f" om {rng.randint(16, 21)}.{r(['00', '15', '30', '45'])} uur.", None),
                    ],
                ]
            )
        )
    if kind == "loonheffingen_nr":
        bsn = corpus.bsn(rng)
        sub = f"L{rng.randint(1, 3):02d}"
        value = r([bsn + sub, f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}.{sub}", bsn + sub])
        return _piece(
            r(
                [
                    [("Loonheffingennummer: ", None), (value, "LOONHEFFINGEN_NR")],
                    [
                        ("De werkgever (particulier, loonheffingennummer ", None),
                        (value, "LOONHEFFINGEN_NR"),
                        (") heeft de loonaangifte te laat gedaan.", None),
                    ],
                    [
                        ("Werkgever met loonheffingennummer ", None),
                        (value, "LOONHEFFINGEN_NR"),
                        (" is per 1 januari een alfahulp in dienst.", None),
                    ],
                ]
            )
        )
    if kind == "iban_invalid":
        return _piece(
            r(
                [
                    [("IBAN: ", None), (_bad_iban(rng), "IBAN_INVALID")],
                    [
                        ("Het bedrag wordt overgemaakt op rekeningnummer ", None),
                        (_bad_iban(rng), "IBAN_INVALID"),
                        (" van betrokkene.", None),
                    ],
                    [
                        ("Betaling op bankrekening ", None),
                        (_bad_iban(rng), "IBAN_INVALID"),
                        (" is mislukt.", None),
                    ],
                ]
            )
        )
    if kind == "phone_intl":
        tel = _phone_intl(rng)
        return _piece(
            r(
                [
                    [(r(["M ", "Mobiel: ", "T ", "Tel.: ", "Telefoon: "]), None), (tel, "PHONE_INTL")],
                    [
                        ("Tijdens mijn verblijf in Brussel ben ik bereikbaar op ", None),
                        (tel, "PHONE_INTL"),
                        (".", None),
                    ],
                    [("Bereikbaar via WhatsApp: ", None), (tel, "PHONE_INTL")],
                ]
            )
        )
    if kind == "driving_licence":
        n = _digits(rng, 10, "45")
        value = r([n, f"{n[:4]} {n[4:7]} {n[7:]}", n])
        return _piece(
            r(
                [
                    [("Rijbewijsnummer: ", None), (value, "DRIVING_LICENCE")],
                    [
                        ("Betrokkene toonde een rijbewijs met nummer ", None),
                        (value, "DRIVING_LICENCE"),
                        (" dat op 1 maart was verlopen.", None),
                    ],
                ]
            )
        )
    if kind == "passport":
        return _piece(
            r(
                [
                    [("Paspoortnummer: ", None), (_doc_number(rng), "PASSPORT")],
                    [
                        ("Verzoeker heeft zich gelegitimeerd met paspoort ", None),
                        (_doc_number(rng), "PASSPORT"),
                        (".", None),
                    ],
                ]
            )
        )
    if kind == "id_card":
        return _piece(
            r(
                [
                    [("Documentnummer identiteitskaart: ", None), (_doc_number(rng), "ID_CARD")],
                    [
                        ("Een kopie van de identiteitskaart (nr. ", None),
                        (_doc_number(rng), "ID_CARD"),
                        (") is bijgevoegd.", None),
                    ],
                ]
            )
        )
    if kind == "v_number":
        n = _digits(rng, 10)
        return _piece(
            r(
                [
                    [("V-nummer: ", None), (n, "V_NUMBER")],
                    [("Het vreemdelingennummer van betrokkene is ", None), (n, "V_NUMBER"), (".", None)],
                ]
            )
        )
    if kind == "login_code":
        login = _login(rng)
        return _piece(
            r(
                [
                    [("Inlognaam: ", None), (login, "LOGIN_CODE")],
                    [("Gebruiker: ", None), (login, "LOGIN_CODE")],
                    [("Gewijzigd door: ", None), (login, "LOGIN_CODE")],
                    [
                        ("Bestand: C:\\Users\\", None),
                        (login, "LOGIN_CODE"),
                        ("\\Documents\\notitie.docx", None),
                    ],
                ]
            )
        )
    if kind == "paraph":
        ini = _initials(rng)
        return _piece(
            r(
                [
                    [
                        (f"Paraaf {r(['directeur', 'afdelingshoofd', 'MT-lid', 'teamleider'])}: ", None),
                        (ini, "PARAPH"),
                    ],
                    [("Akkoord, ", None), (ini, "PARAPH")],
                    [("Opsteller: ", None), (ini, "PARAPH")],
                ]
            )
        )
    raise KeyError(kind)


def near_miss(kind: str, rng: random.Random) -> Piece:
    """A sentence holding something that looks like an identifier and must stay readable."""
    r = rng.choice
    if kind == "casenr":
        value = r(
            [
                f"{rng.randint(2019, 2025)}-{_digits(rng, 10, '0')}",
                f"Z/{rng.randint(19, 25)}/{_digits(rng, 6)}",
                f"WOO-{rng.randint(2021, 2025)}-{_digits(rng, 4)}",
            ]
        )
        return _piece([(r(["Ons kenmerk: ", "Zaaknummer: ", "Kenmerk "]), None), (value, "CASENR")])
    if kind == "postcode":
        return _piece(
            r(
                [
                    [
                        ("Het aantal meldingen in postcodegebied ", None),
                        (str(rng.randint(1011, 9999)), "POSTCODE"),
                        (" is in het tweede kwartaal gestegen.", None),
                    ],
                    [
                        ("De pilot loopt in de wijken met postcode ", None),
                        (f"{rng.randint(1011, 9999)} {r('ABCDEGHJKLMN')}{r('ABCDEGHJKLMN')}", "POSTCODE"),
                        (" en omgeving.", None),
                    ],
                ]
            )
        )
    if kind == "date":
        months = ["januari", "februari", "maart", "april", "mei", "juni", "september", "oktober", "november"]
        value = r(
            [
                f"{rng.randint(1, 28)} {r(months)} {rng.randint(2019, 2024)}",
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2019, 2024)}",
            ]
        )
        return _piece(
            [
                (r(["Het verzoek is ontvangen op ", "Het overleg van ", "Bij brief van "]), None),
                (value, "DATE"),
                (r([".", " is verplaatst.", " is het besluit verzonden."]), None),
            ]
        )
    if kind == "article":
        value = r(
            [
                "artikel 5.1, tweede lid",
                "artikel 5.2, eerste lid",
                "artikel 4:8 Awb",
                "artikel 10, tweede lid",
            ]
        )
        return _piece(
            [("Op grond van ", None), (value, "ARTICLE"), (" is een deel van de informatie gelakt.", None)]
        )
    if kind == "amount":
        value = r(
            [
                f"€ {rng.randint(1, 999)}.{rng.randint(0, 999):03d},00",
                f"EUR {rng.randint(10, 99)}.{rng.randint(0, 999):03d}",
                f"€ {rng.randint(100, 999)},{rng.randint(0, 99):02d}",
            ]
        )
        return _piece([("Het totale budget bedraagt ", None), (value, "AMOUNT"), (".", None)])
    if kind == "kvk":
        company = r(
            [
                "Technisch Installatiebedrijf Noord B.V.",
                "Adviesbureau Meridiaan B.V.",
                "Stichting Werkplaats Oost",
            ]
        )
        return _piece([(f"Opdrachtnemer: {company}, KvK-nummer ", None), (_digits(rng, 8), "KVK")])
    if kind == "orgphone":
        line, value = r(
            [
                ("UWV Telefoon Werkgevers: ", "088 898 92 95"),
                ("BelastingTelefoon: ", "0800 0543"),
                ("Vragen? Bel Informatie Rijksoverheid: ", "1400"),
                ("UWV Telefoon Werknemers: ", "088 898 20 01"),
            ]
        )
        return _piece([(line, None), (value, "ORGPHONE")])
    raise KeyError(kind)


def insert_identifiers(doc: CorpusDoc, rules: dict, seed: str) -> None:
    """Add the genre's identifier items and near-misses to a finished ``doc`` (text and gold, in place)."""
    cfg = rules.get("identifiers") or {}
    kinds = cfg.get("genres", {}).get(doc.genre, [])
    misses = cfg.get("near_misses", [])
    if not kinds and not misses:
        return
    rng = random.Random(f"{seed}:identifiers:{doc.publication}:{doc.source}:{doc.name.split('/')[-1]}")
    d = Draft(doc.text)
    d.spans = list(doc.spans)
    d.origin = "insert"
    items = [identifier(k, rng) for k in rng.sample(kinds, min(len(kinds), cfg.get("per_document", 2)))]
    items += [
        near_miss(k, rng)
        for k in rng.sample(misses, min(len(misses), cfg.get("near_misses_per_document", 2)))
    ]
    for pc in items:
        corpus._insert_paragraph(d, rng, pc, rng.uniform(0.1, 0.95))
    for s in d.spans:
        if s.label in ID_GROUNDS:
            s.action, s.ground = "redact", ID_GROUNDS[s.label]
        elif s.label in NEAR_MISS_LABELS:
            s.action, s.ground, s.origin = "keep", None, ""
    doc.text = d.text
    doc.spans = sorted(d.spans, key=lambda s: (s.start, s.end))
