"""Build the bundled sample PDFs: fictitious Dutch Woo documents with known personal data.

Every person, number and address in here is invented (the BSN and IBAN are well-known
test values that pass their checksums).  The layouts imitate what a ministry or UWV
actually releases (an Outlook print, a "beslisnota", a decision letter, a table) so the
pipeline meets realistic text: display names, ";"-separated address lists, signatures,
line-end hyphenation, grid lines, Word-style Author metadata.  samples/README.md lists
what must be redacted and what must stay.

Run ``python samples/make_samples.py``; the output is byte-for-byte reproducible
(reportlab's ``invariant`` mode fixes dates and document ids).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

HERE = Path(__file__).resolve().parent
WORD = "Microsoft® Word voor Microsoft 365"
FONT, BOLD = "Helvetica", "Helvetica-Bold"


class Writer:
    """A minimal top-down text flow on a reportlab canvas, with page breaks and page numbers."""

    def __init__(
        self,
        name: str,
        title: str,
        author: str,
        left: float = 25 * mm,
        right: float = 20 * mm,
        top: float = 25 * mm,
    ) -> None:
        self.c = Canvas(str(HERE / name), pagesize=A4, invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator(WORD)
        self.c.setProducer(WORD)
        self.c.setSubject("")
        self.left, self.width, self.top = left, A4[0] - left - right, top
        self.page = 1
        self.y = A4[1] - top

    def need(self, height: float) -> None:
        if self.y - height < 22 * mm:
            self.new_page()

    def new_page(self) -> None:
        self.c.setFont(FONT, 8)
        self.c.drawCentredString(A4[0] / 2, 12 * mm, str(self.page))
        self.c.showPage()
        self.page += 1
        self.y = A4[1] - self.top

    def lines(
        self, text: str, size: float = 10, font: str = FONT, indent: float = 0, width: float | None = None
    ) -> list[str]:
        """Wrap ``text``; a "\\n" is a hard break the author placed (used for hyphenation)."""
        width = (width or self.width) - indent
        out: list[str] = []
        for segment in text.split("\n"):
            wrapped = simpleSplit(segment, font, size, width) or [""]
            assert all(self.c.stringWidth(w, font, size) <= width + 0.01 for w in wrapped), segment
            out.extend(wrapped)
        return out

    def para(
        self, text: str, size: float = 10, font: str = FONT, after: float = 6, indent: float = 0
    ) -> None:
        lead = size * 1.25
        for line in self.lines(text, size, font, indent):
            self.need(lead)
            self.c.setFont(font, size)
            self.c.drawString(self.left + indent, self.y - size, line)
            self.y -= lead
        self.y -= after

    def field(self, label: str, value: str, size: float = 10, tab: float = 28 * mm) -> None:
        """An Outlook/colophon style "Label:  value" line with a hanging indent."""
        lead = size * 1.25
        self.need(lead)
        self.c.setFont(BOLD, size)
        self.c.drawString(self.left, self.y - size, label)
        for line in self.lines(value, size, FONT, tab):
            self.need(lead)
            self.c.setFont(FONT, size)
            self.c.drawString(self.left + tab, self.y - size, line)
            self.y -= lead

    def rule(self, weight: float = 0.5, after: float = 8) -> None:
        self.c.setLineWidth(weight)
        self.c.line(self.left, self.y, self.left + self.width, self.y)
        self.y -= after

    def save(self) -> None:
        self.c.setFont(FONT, 8)
        self.c.drawCentredString(A4[0] / 2, 12 * mm, str(self.page))
        self.c.save()


# --------------------------------------------------------------------------- e-mail
SIG_SANNE = (
    "Met vriendelijke groet,\n\nSanne Bakker\nSenior beleidsmedewerker\n"
    "Directie Participatie en Decentrale Voorzieningen\n"
    "Ministerie van Sociale Zaken en Werkgelegenheid\n"
    "T 070 333 44 55\nM 06-12345678\nsanne.bakker@minszw.nl"
)
MESSAGES = [
    (
        "Bakker, Sanne",
        "dinsdag 14 maart 2023 16:42",
        "Kees de Vries <kees.devries@minszw.nl>; Dijkstra, Ahmed <ahmed.dijkstra@minszw.nl>",
        "woo@minszw.nl; Meijer, Lotte <lotte.meijer@minszw.nl>",
        "RE: Kamervragen pilot jongeren met een arbeidsbeperking",
        [
            "Hoi Kees,",
            (
                "Dank voor je snelle reactie. Ik heb de conceptbeantwoording vanochtend telefonisch met Petra Jan-\n"
                "sen besproken; zij vraagt of UWV de cijfers over 2022 nog voor vrijdag kan aanleveren. Ahmed "
                "neemt daarover contact op met Yvonne El Amrani van UWV."
            ),
            (
                "De minister van Sociale Zaken en Werkgelegenheid, minister Verhoeven, wil de brief uiterlijk "
                "24 maart tekenen. Lotte Meijer stemt het communicatiemoment af met de woordvoering. Vragen van "
                "burgers over de pilot kunnen naar info@minszw.nl of naar ons algemene nummer 070 333 44 44."
            ),
            SIG_SANNE,
        ],
    ),
    (
        "Kees de Vries <kees.devries@minszw.nl>",
        "maandag 13 maart 2023 09:15",
        "Bakker, Sanne <sanne.bakker@minszw.nl>",
        "Dijkstra, Ahmed <ahmed.dijkstra@minszw.nl>",
        "RE: Kamervragen pilot jongeren met een arbeidsbeperking",
        [
            "Beste Sanne,",
            (
                "Movisie heeft het tussenrapport over de pilot afgerond. De belangrijkste conclusie is dat "
                "gemeenten en UWV de jongeren eerder in beeld krijgen wanneer de werkcoach en de "
                "jobcoach samen het eerste gesprek voeren. In de antwoorden op vraag 3 en 4 kunnen we daar "
                "naar verwijzen. Wil jij het concept nog langs Ahmed sturen? Hij kent de cijfers van de "
                "regio's Groningen en Zwolle het best."
            ),
            (
                "Mijn opmerkingen staan in de bijlage. Ik ben woensdag op het werk, daarna tot en met 20 maart "
                "met verlof; Marloes Hendriks neemt het dan van mij over."
            ),
            (
                "Groet,\nKees\n\nKees de Vries | Coördinerend beleidsmedewerker | Directie Arbeidsmarkt\n"
                "M 06 23 45 67 89 | kees.devries@minszw.nl"
            ),
        ],
    ),
    (
        "Yvonne El Amrani <yvonne.elamrani@uwv.nl>",
        "vrijdag 10 maart 2023 11:03",
        "De Vries, Kees <kees.devries@minszw.nl>",
        "Bakker, Sanne <sanne.bakker@minszw.nl>; Post, Richard <richard.post@uwv.nl>",
        "Kamervragen pilot jongeren met een arbeidsbeperking",
        [
            "Beste Kees,",
            (
                "Zoals gisteren telefonisch besproken stuur ik je hierbij de voorlopige cijfers van UWV over "
                "de pilot. In 2022 zijn 412 jongeren met een arbeidsbeperking via de pilot aan het werk "
                "gegaan, tegen 298 in 2021. De cijfers per regio volgen volgende week; Richard Post "
                "controleert ze nog."
            ),
            (
                "Let op: de cijfers zijn nog niet vastgesteld en daarom niet voor publicatie bedoeld. Voor "
                "de definitieve rapportage kun je ook terecht bij de functionele mailbox van ons team."
            ),
            (
                "Met vriendelijke groet,\n\nYvonne El Amrani\nAdviseur Arbeidsmarkt\nUWV Directie Strategie, "
                "Beleid en Kenniscentrum\nT 088 - 898 47 21\nyvonne.elamrani@uwv.nl"
            ),
        ],
    ),
]


def email_thread() -> None:
    w = Writer("email-thread.pdf", "Kamervragen pilot jongeren met een arbeidsbeperking", "Bakker, Sanne")
    w.para("Bakker, Sanne", size=12, font=BOLD, after=2)
    w.rule(1.5, after=10)
    for i, (sender, sent, to, cc, subject, body) in enumerate(MESSAGES):
        if i:
            w.y -= 6
            w.rule(0.5, after=6)
        for label, value in (
            ("Van:", sender),
            ("Verzonden:", sent),
            ("Aan:", to),
            ("CC:", cc),
            ("Onderwerp:", subject),
        ):
            w.field(label, value)
        w.y -= 10
        for block in body:
            w.para(block, after=8)
    w.save()


# --------------------------------------------------------------------------- beslisnota
def beslisnota() -> None:
    w = Writer(
        "beslisnota.pdf",
        "Nota aan de minister - uitbreiding pilot jongeren met een arbeidsbeperking",
        "Visser, Marieke",
        right=62 * mm,
    )
    col = w.left + w.width + 10 * mm
    colophon = [
        ("Directie Participatie en", BOLD),
        ("Decentrale Voorzieningen", BOLD),
        ("Postbus 90801", FONT),
        ("2509 LV Den Haag", FONT),
        ("T 070 333 44 44", FONT),
        ("www.rijksoverheid.nl", FONT),
        ("", FONT),
        ("Contactpersoon", BOLD),
        ("drs. M. (Marieke) Visser", FONT),
        ("Beleidsmedewerker", FONT),
        ("T 070 333 52 17", FONT),
        ("marieke.visser@minszw.nl", FONT),
        ("", FONT),
        ("Datum", BOLD),
        ("15 maart 2023", FONT),
        ("", FONT),
        ("Kenmerk", BOLD),
        ("2023-0000041876", FONT),
        ("", FONT),
        ("Bijlagen", BOLD),
        ("1. Conceptbrief Tweede Kamer", FONT),
    ]
    y = A4[1] - 60 * mm
    for text, font in colophon:
        w.c.setFont(font, 7.5)
        w.c.drawString(col, y, text)
        y -= 10
    w.para("Nota aan de minister", size=16, font=BOLD, after=14)
    w.field(
        "Aan", "de minister van Sociale Zaken en Werkgelegenheid, mevrouw drs. L.M. Verhoeven", tab=22 * mm
    )
    w.field("Onderwerp", "Uitbreiding pilot jongeren met een arbeidsbeperking", tab=22 * mm)
    w.y -= 14
    sections = [
        (
            "Aanleiding",
            (
                "De Tweede Kamer heeft bij de begrotingsbehandeling gevraagd de pilot voor jongeren "
                "met een arbeidsbeperking uit te breiden naar alle arbeidsmarktregio's. U heeft toegezegd de "
                "Kamer voor het zomerreces te informeren."
            ),
        ),
        (
            "Geadviseerd besluit",
            (
                "U wordt geadviseerd in te stemmen met een uitbreiding naar twaalf regio's "
                "in 2024 en de bijgevoegde brief aan de Tweede Kamer te ondertekenen."
            ),
        ),
        (
            "Kern",
            (
                "Het tussenrapport van Movisie laat zien dat jongeren eerder aan het werk komen wanneer "
                "gemeenten en UWV het eerste gesprek samen voeren. In 2022 gingen 412 jongeren via de pilot aan "
                "het werk, tegen 298 in 2021. Een landelijke uitrol in één keer is niet uitvoerbaar: UWV heeft "
                "aangegeven dat de capaciteit van werkcoaches pas in 2025 op peil is."
            ),
        ),
        (
            "Toelichting",
            (
                "De uitbreiding kost in 2024 naar verwachting 4,2 miljoen euro, te dekken uit "
                "het budget voor de banenafspraak. De VNG steunt een gefaseerde uitrol. Met UWV is afgesproken "
                "dat de regio's Groningen, Zwolle en Eindhoven als eerste aansluiten. Na een jaar volgt een "
                "evaluatie, die u met de Kamer zult delen.\nDe directeur Participatie en Decentrale "
                "Voorzieningen heeft de nota besproken met de directeur-generaal Sociale Zekerheid en "
                "Integratie; beiden adviseren positief."
            ),
        ),
    ]
    for head, text in sections:
        w.para(head, size=11, font=BOLD, after=3)
        w.para(text, after=12)
    w.y -= 6
    for role, initials, date in (
        ("Paraaf beleidsmedewerker", "MV", "15-03"),
        ("Paraaf afdelingshoofd", "J.v.d.L.", "16-03"),
        ("Paraaf directeur", "RdJ", "16-03"),
    ):
        w.field(role + ":", f"{initials}   {date}", tab=50 * mm)
        w.y -= 4
    w.save()


# --------------------------------------------------------------------------- brief aan burger
def brief_burger() -> None:
    w = Writer("brief-burger.pdf", "Beslissing op uw aanvraag Ziektewet-uitkering", "Timmermans, Joyce")
    w.para("UWV", size=18, font=BOLD, after=2)
    w.para("Postbus 4102, 7300 AE Apeldoorn", size=7.5, after=24)
    for line in ("Mevrouw A.M. Kramer", "Lindenlaan 27", "7311 KL Apeldoorn"):
        w.para(line, after=0)
    w.y -= 30
    for label, value in (
        ("Datum", "21 april 2023"),
        ("Ons kenmerk", "ZW-2023-118734"),
        ("Onderwerp", "Beslissing op uw aanvraag Ziektewet-uitkering"),
    ):
        w.field(label, value, size=9, tab=30 * mm)
    w.y -= 18
    w.para("Geachte mevrouw Kramer,", after=10)
    w.para(
        "U heeft op 3 januari 2023 een Ziektewet-uitkering aangevraagd. In deze brief leest u wat wij "
        "hebben besloten en waarom."
    )
    w.para("Uw gegevens", font=BOLD, after=2)
    w.para(
        "Burgerservicenummer: 111222333\nU bent geboren op 12 maart 1985.\nRekeningnummer (IBAN): "
        "NL91ABNA0417164300"
    )
    w.para("Ons besluit", font=BOLD, after=2)
    w.para(
        "U krijgt vanaf 17 januari 2023 een Ziektewet-uitkering. Uit het verslag van de "
        "verzekeringsarts blijkt dat u vanwege een hernia uw eigen werk als magazijnmedewerker niet "
        "kunt doen. De uitkering is 70% van uw dagloon en bedraagt € 98,46 bruto per dag. Wij maken "
        "het bedrag elke vier weken over op uw rekening NL91ABNA0417164300."
    )
    w.para(
        "Wij hebben u op 4 april 2023 gebeld op 06-87654321 om uw situatie te bespreken. U vertelde "
        "toen dat u per 1 mei weer twee dagen per week bij Jansen Logistiek B.V. in Apeldoorn gaat werken. "
        "Geeft u wijzigingen altijd direct aan ons door."
    )
    w.para("Bent u het niet eens met deze beslissing?", font=BOLD, after=2)
    w.para(
        "Dan kunt u binnen 6 weken na de datum van deze brief bezwaar maken. Dat kan via Mijn UWV op "
        "uwv.nl of per brief aan UWV, Postbus 4102, 7300 AE Apeldoorn. Heeft u vragen? Bel dan UWV "
        "Telefoon Werknemers: 088 - 898 92 94. Uw contactpersoon is mevrouw J. Timmermans."
    )
    w.para("Met vriendelijke groet,", after=4)
    w.para("UWV", after=30)
    w.para("R. (Ruud) Hermans\nteammanager Ziektewet", after=0)
    w.save()


# --------------------------------------------------------------------------- overzicht (tabel)
HANDLERS = [
    (
        "Jan-Willem van der Linden",
        "Woo-team Noord",
        "088 - 898 12 34",
        "janwillem.vanderlinden@uwv.nl",
        14,
        "Groningen",
    ),
    ("Fatma Öztürk", "Woo-team Oost", "088 - 898 23 45", "fatma.ozturk@uwv.nl", 9, "Zwolle"),
    ("Bram ter Horst", "Woo-team Oost", "06-34567812", "bram.terhorst@uwv.nl", 11, "Arnhem"),
    ("Esther Vermeulen", "Juridische Zaken", "088 - 898 34 56", "esther.vermeulen@uwv.nl", 6, "Utrecht"),
    ("Mohamed El Idrissi", "Woo-team West", "088 - 898 45 67", "mohamed.elidrissi@uwv.nl", 17, "Rotterdam"),
    ("Ingrid de Wit-Smeets", "Woo-team Zuid", "06-45678123", "ingrid.dewit@uwv.nl", 8, "Eindhoven"),
    ("Daan Bosman", "Handhaving", "088 - 898 56 78", "daan.bosman@uwv.nl", 5, "Amsterdam"),
]


def overzicht_tabel() -> None:
    w = Writer(
        "overzicht-tabel.pdf",
        "Overzicht behandelaars Woo-verzoeken per regio",
        "Hoekstra, Wendy",
        left=15 * mm,
        right=15 * mm,
    )
    w.para("Overzicht behandelaars Woo-verzoeken per regio", size=14, font=BOLD, after=4)
    w.para(
        "Peildatum 1 maart 2023. Openstaande Woo-verzoeken per behandelaar, bestemd voor het "
        "managementoverleg van de directie Juridische Zaken van UWV.",
        size=9,
        after=12,
    )
    rows = [["Naam", "Team", "Telefoon", "E-mail", "Zaken", "Regio"]]
    rows += [[n, t, p, e, str(k), r] for n, t, p, e, k, r in HANDLERS]
    rows.append(["Totaal", "", "", "", str(sum(h[4] for h in HANDLERS)), ""])
    table = Table(rows, colWidths=[40 * mm, 29 * mm, 26 * mm, 51 * mm, 18 * mm, 20 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("FONT", (0, 0), (-1, 0), BOLD, 8),
                ("FONT", (0, -1), (-1, -1), BOLD, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("ALIGN", (4, 0), (4, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    _, height = table.wrapOn(w.c, w.width, w.y)
    table.drawOn(w.c, w.left, w.y - height)
    w.y -= height + 12
    w.para("Vragen over dit overzicht kunt u sturen naar de functionele mailbox woo@uwv.nl.", size=9)
    w.save()


def main() -> None:
    """Rebuild every sample PDF next to this script."""
    for build in (email_thread, beslisnota, brief_burger, overzicht_tabel):
        build()
        print("built", build.__name__)


if __name__ == "__main__":
    main()
