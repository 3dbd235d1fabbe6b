"""E-mail input: .eml rendered to a PDF, attachments as documents of the same family.

The end-to-end test runs the real command on messages built with the stdlib and reads
the OUTPUT with pypdfium2 and pdftotext (independent of the pipeline's extractor).
"""

import csv
import email
import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cfb import msg_file
from natives import docx_file, eml_message

from pipeline.formats import Prepared
from pipeline.formats.email import EmailFormat, html_to_text, read_mail, thread_root

SANNE = "Sanne Bakker <sanne.bakker@minszw.nl>"
KEES = "Kees de Vries <kees.devries@minszw.nl>"
JAN = "Jan Visser <jan.visser@minszw.nl>"
PERSONAL = [
    "Sanne",
    "Bakker",
    "sanne.bakker",
    "Kees",
    "Vries",
    "Visser",
    "jan.visser",
    "Petra",
    "Jansen",
    "Willem",
]
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def the_message(tmp: Path):
    docx = docx_file(
        tmp / "verslag.docx",
        "Verslag: Petra Jansen belde over de pilot met Movisie.",
        {"comment": "Vraag dit aan Willem de Boer", "author": "Sanne Bakker"},
    )
    reply = eml_message(
        "Re: planning",
        KEES,
        SANNE,
        "Beste Sanne,\n\nIk bel Petra Jansen morgen over de planning.\n\nKees de Vries",
        message_id="<b1@minszw.nl>",
        references="<a1@minszw.nl>",
    )
    return eml_message(
        "Overleg met Movisie",
        SANNE,
        KEES,
        "Beste Kees,\n\nVanochtend sprak ik met Petra Jansen van UWV over de cijfers.\n\n"
        "Met vriendelijke groet,\nSanne Bakker",
        cc=JAN,
        message_id="<c1@minszw.nl>",
        references="<a1@minszw.nl> <b1@minszw.nl>",
        attachments=[
            ("verslag.docx", docx.read_bytes(), DOCX_MIME),
            ("programma.exe", b"MZ\x90\x00not really", "application/octet-stream"),
        ],
        messages=[reply],
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mail")
    src = tmp / "in"
    (src / "postbus1").mkdir(parents=True)
    (src / "postbus2").mkdir()
    data = the_message(tmp).as_bytes()
    (src / "postbus1" / "overleg.eml").write_bytes(data)
    (src / "postbus2" / "overleg.eml").write_bytes(data)  # the same bytes in a second mailbox
    (src / "postbus3").mkdir()
    (src / "postbus3" / "kopie.eml").write_bytes(b"X-Folder: Postvak IN\n" + data)  # same Message-ID
    html_only = eml_message(
        "Nieuwsbrief",
        "info@movisie.nl",
        KEES,
        "",
        html="<html><head><style>p{color:red}</style><script>alert('Willem')</script></head>"
        "<body><p>Beste Kees de Vries,</p><p>De pilot start in mei.<img src='https://tracker.example/x.png'"
        " alt='logo'></p></body></html>",
    )
    html_only.clear_content()
    html_only.set_content(
        "<html><body><p>Beste Kees de Vries,</p><script>alert('Willem')</script>"
        "<p>De pilot start in mei.<img src='https://tracker.example/x.png' alt='logo'></p></body></html>",
        subtype="html",
    )
    (src / "nieuwsbrief.eml").write_bytes(html_only.as_bytes())
    (src / "kapot.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (src / "outlook.msg").write_bytes(
        msg_file(
            "Verslag overleg",
            ("Sanne Bakker", "sanne.bakker@minszw.nl"),
            [(1, "Kees de Vries", "kees.devries@minszw.nl"), (2, "Jan Visser", "jan.visser@minszw.nl")],
            "Beste Kees,\n\nIn de bijlage het verslag; Petra Jansen van UWV belt je nog.\n\nSanne Bakker",
            datetime(2023, 3, 15, 9, 5, tzinfo=UTC),
            message_id="<d1@minszw.nl>",
            attachments=[("notitie.txt", b"Notitie: Petra Jansen belt over de pilot met Movisie.")],
        )
    )
    out = tmp / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return src, out, proc


def inventory(out: Path) -> list[dict]:
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@needs_soffice
@pytest.mark.slow
def test_message_and_attachments_are_released_without_names(batch):
    _, out, proc = batch
    assert proc.returncode == 1, proc.stderr  # the .exe attachment and the damaged .msg need attention
    docs = out / "documents" / "postbus1"
    mail = docs / "overleg.pdf"
    text = pdf_text(mail)
    for label in ("Van:", "Aan:", "CC:", "Onderwerp:", "Datum:", "Bijlagen:"):
        assert label in text
    assert "Overleg met Movisie" in text and "UWV" in text and "14 maart 2023" in text
    assert "verslag.docx" in text and "programma.exe" in text  # the attachment list
    for name in PERSONAL:
        assert name not in text, name
        assert name not in pdftotext(mail), name
    attached = docs / "overleg - bijlage 1 - verslag.pdf"
    reply = docs / "overleg - bijlage 3 - Re_ planning.pdf"
    for path in (attached, reply):
        t = pdf_text(path) + pdftotext(path)
        for name in PERSONAL:
            assert name not in t, (path.name, name)
    assert "Movisie" in pdf_text(attached)
    # the Word comment is shown on an appendix page, and redacted there
    assert "Opmerkingen" in pdf_text(attached) and "Vraag dit aan" in pdf_text(attached)
    assert "Ik bel" in pdf_text(reply) and "planning" in pdf_text(reply)
    assert not list(out.rglob("*.docx")) and not list((out / "documents").rglob("*.eml"))  # no natives out
    txt = (out / "text" / "postbus1" / "overleg.txt").read_text(encoding="utf-8")
    assert "Petra" not in txt and "[5.1.2e]" in txt


@needs_soffice
@pytest.mark.slow
def test_inventory_family_thread_type_and_date(batch):
    _, out, _ = batch
    rows = {r["Bestand"]: r for r in inventory(out)}
    head = rows["postbus1/overleg.pdf"]
    assert head["File type"] == "email" and head["Datum"] == "2023-03-14"
    assert head["Document"] == "Overleg met Movisie"
    # overleg.eml is in two mailboxes: its ID carries the folder, so no two rows share an ID
    assert head["Family ID"] == head["ID"] == "postbus1/overleg"
    assert head["Email Thread ID"]
    docx_row = rows["postbus1/overleg - bijlage 1 - verslag.pdf"]
    assert docx_row["File type"] == "docx" and docx_row["Family ID"] == "postbus1/overleg"
    assert docx_row["Status"] == "released"
    reply = rows["postbus1/overleg - bijlage 3 - Re_ planning.pdf"]
    assert reply["File type"] == "email" and reply["Family ID"] == "postbus1/overleg"
    assert reply["Email Thread ID"] == head["Email Thread ID"]  # same References root
    # the reply is answered (and quoted) by the message it is attached to; that one is not answered
    assert (reply["Inclusief"], head["Inclusief"], docx_row["Inclusief"]) == ("nee", "ja", "")
    exe = rows["postbus1/overleg - bijlage 2 - programma.pdf"]
    assert exe["Status"] == "unreadable" and "not supported" in exe["Reden"]
    assert rows["kapot.pdf"]["Status"] == "unreadable" and ".msg" in rows["kapot.pdf"]["Reden"]
    msg = rows["outlook.pdf"]
    assert (msg["Status"], msg["File type"], msg["Datum"]) == ("released", "email", "2023-03-15")
    assert msg["Family ID"] == "outlook" and msg["Email Thread ID"] and msg["Document"] == "Verslag overleg"
    note = rows["outlook - bijlage 1 - notitie.pdf"]
    assert note["Status"] == "released" and note["Family ID"] == "outlook"
    news = rows["nieuwsbrief.pdf"]
    assert news["Email Thread ID"] == "" and news["Family ID"] == "nieuwsbrief"
    # the other mailboxes' copies: rows of their own, pointing at the first, with the same decisions
    assert head["Gerelateerd ID"] == ""
    for bestand in ("postbus2/overleg.pdf", "postbus3/kopie.pdf"):
        copy = rows[bestand]
        assert copy["Gerelateerd ID"] == "postbus1/overleg", bestand
        assert copy["Lakkingen"] == head["Lakkingen"] and copy["Email Thread ID"] == head["Email Thread ID"]
    assert (
        rows["postbus3/kopie - bijlage 1 - verslag.pdf"]["Gerelateerd ID"]
        == "postbus1/overleg - bijlage 1 - verslag"
    )
    assert (out / "text" / "postbus3" / "kopie.txt").read_text(encoding="utf-8") == (
        out / "text" / "postbus1" / "overleg.txt"
    ).read_text(encoding="utf-8")


@needs_soffice
@pytest.mark.slow
def test_outlook_msg_is_rendered_like_an_eml(batch):
    _, out, _ = batch
    path = out / "documents" / "outlook.pdf"
    text = pdf_text(path)
    for label in ("Van:", "Aan:", "CC:", "Onderwerp:", "Datum:", "Bijlagen:", "15 maart 2023"):
        assert label in text, label
    assert "UWV" in text and "In de bijlage het verslag" in text
    note = pdf_text(out / "documents" / "outlook - bijlage 1 - notitie.pdf")
    assert "Movisie" in note
    for name in PERSONAL:
        assert name not in text + pdftotext(path) + note, name


@needs_soffice
@pytest.mark.slow
def test_html_body_is_text_only_and_nothing_remote(batch):
    _, out, _ = batch
    text = pdf_text(out / "documents" / "nieuwsbrief.pdf")
    assert "De pilot start in mei." in text and "[afbeelding: logo]" in text
    assert "alert" not in text and "tracker.example" not in text
    assert "Kees" not in text and "Vries" not in text


@needs_soffice
@pytest.mark.slow
def test_audit_records_conversion_and_hidden_content_without_personal_data(batch):
    _, out, _ = batch
    docs = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    docx_rec = next(r for r in docs if r.get("type") == "document" and r.get("file_type") == "docx")
    assert docx_rec["conversion"]["tool"] == "LibreOffice" and docx_rec["conversion"]["version"]
    assert "1 comments" in docx_rec["hidden"]
    raw = (out / "audit.jsonl").read_text()
    for name in ("Willem", "Petra", "sanne.bakker", "a1@minszw.nl"):
        assert name not in raw, name


@needs_soffice
@pytest.mark.slow
def test_rerun_does_not_convert_again(batch):
    src, out, _ = batch
    stores = sorted((out / ".woo-redact" / "converted").glob("email-*"))
    assert len(stores) == 4  # postbus1 and postbus2 hold the same bytes: one conversion (kapot.msg: none)
    before = {p: p.stat().st_mtime_ns for p in stores}
    prepared = EmailFormat().prepare(
        src / "postbus1" / "overleg.eml", "postbus1/overleg.eml", out / ".woo-redact" / "converted"
    )
    assert {p: p.stat().st_mtime_ns for p in stores} == before
    assert [p.rel for p in prepared][:2] == [
        "postbus1/overleg.pdf",
        "postbus1/overleg - bijlage 1 - verslag.pdf",
    ]


def test_thread_root_prefers_references_then_in_reply_to_then_own_id():
    msg = eml_message("s", SANNE, KEES, "x", message_id="<c@x>", references="<a@x> <b@x>")
    assert thread_root(msg) == "<a@x>"
    del msg["References"]
    assert thread_root(msg) == "<b@x>"
    del msg["In-Reply-To"]
    assert thread_root(msg) == "<c@x>"


def test_html_to_text_drops_scripts_styles_and_keeps_blocks():
    text = html_to_text("<style>x{}</style><p>Een</p><script>kwaad()</script><div>Twee<br>Drie</div>")
    assert text.split("\n") == ["Een", "", "Twee", "Drie"] or text.split() == ["Een", "Twee", "Drie"]
    assert "kwaad" not in text and "x{}" not in text


def test_headers_include_bcc_and_a_malformed_date_is_shown_as_is():
    msg = eml_message("Onderwerp", SANNE, KEES, "tekst")
    msg["Bcc"] = JAN
    raw = re.sub(rb"(?m)^Date: .*$", b"Date: gisteren rond vier uur", msg.as_bytes())
    parsed = email.message_from_bytes(raw, policy=policy.default)
    mail = read_mail(parsed)
    heads = dict(mail.headers)
    assert heads["BCC"] == JAN and heads["Datum"] == "gisteren rond vier uur" and mail.date == ""


def test_not_an_email_is_unreadable(tmp_path):
    from pipeline.formats import FormatError

    bad = tmp_path / "x.eml"
    bad.write_bytes(b"\x00\x01 just bytes")
    with pytest.raises(FormatError) as err:
        EmailFormat().prepare(bad, "x.eml", tmp_path / "work")
    assert err.value.status == "unreadable"


def test_prepared_of_a_message_with_a_pdf_attachment(tmp_path):
    pdf = tmp_path / "bijlage.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    msg = eml_message(
        "Met pdf",
        SANNE,
        KEES,
        "zie bijlage",
        attachments=[("bijlage.pdf", pdf.read_bytes(), "application/pdf")],
    )
    src = tmp_path / "m.eml"
    src.write_bytes(msg.as_bytes())
    preps = EmailFormat().prepare(src, "a/m.eml", tmp_path / "work")
    assert [p.rel for p in preps] == ["a/m.pdf", "a/m - bijlage 1 - bijlage.pdf"]
    assert all(isinstance(p, Prepared) and p.family == "a/m.pdf" for p in preps)
    assert Path(preps[1].pdf).read_bytes() == pdf.read_bytes()  # a PDF attachment as it is


def test_msg_headers_recipients_by_kind_and_thread():
    from pipeline.formats.outlook import read_msg

    data = msg_file(
        "Onderwerp",
        ("Sanne Bakker", "sanne.bakker@minszw.nl"),
        [
            (1, "Kees de Vries", "kees.devries@minszw.nl"),
            (2, "Jan Visser", "jan.visser@minszw.nl"),
            (3, "", "x@y.nl"),
        ],
        "tekst",
        datetime(2023, 3, 15, 9, 5, tzinfo=UTC),
        message_id="<D1@minszw.nl>",
    )
    mail = read_msg(data)
    heads = dict(mail.headers)
    assert heads["Aan"] == "Kees de Vries <kees.devries@minszw.nl>"
    assert heads["CC"] == "Jan Visser <jan.visser@minszw.nl>" and heads["BCC"] == "x@y.nl"
    assert "sanne.bakker@minszw.nl" in heads["Van"] and mail.body == "tekst"
    assert mail.thread == mail.message_id == "<d1@minszw.nl>" and mail.date == "2023-03-15"


def test_msg_without_a_readable_body_is_held_not_shown_empty():
    import cfb
    from cfb import PT_BINARY

    from pipeline.formats import FormatError
    from pipeline.formats.outlook import read_msg

    original = cfb._props

    def rtf_only(values, header):  # the body only as compressed RTF
        values = [(p, t, v) for p, t, v in values if p != 0x1000] + [(0x1009, PT_BINARY, b"LZFu....")]
        return original(values, header)

    cfb._props = rtf_only
    try:
        data = msg_file("x", ("a", "a@b.nl"), [], "", datetime(2023, 1, 1, tzinfo=UTC))
    finally:
        cfb._props = original
    with pytest.raises(FormatError) as err:
        read_msg(data)
    assert err.value.status == "unreadable" and "RTF" in str(err.value)


def test_long_words_are_broken_so_nothing_runs_off_the_page(tmp_path):
    url = "https://example.org/" + "a" * 150 + "?naam=x&id=" + "7" * 80
    address = "voornaam.achternaam.langeachternaam@ministerievanbinnenlandsezaken.nl"
    msg = eml_message("Lang", SANNE, KEES, f"Zie {url} of mail {address}.")
    src = tmp_path / "lang.eml"
    src.write_bytes(msg.as_bytes())
    prep = EmailFormat().prepare(src, "lang.eml", tmp_path / "work")[0]
    text = pdftotext(Path(prep.pdf))
    assert url in "".join(text.split())  # every character is on the page, over several lines
    assert any(w.startswith(address) for w in text.split())  # an address stays whole: recognisable


@needs_soffice
@pytest.mark.slow
def test_scan_then_apply_keeps_file_type_family_and_thread(tmp_path):
    from pipeline import api

    src = tmp_path / "in"
    src.mkdir()
    msg = eml_message(
        "Overleg",
        SANNE,
        KEES,
        "Beste Kees,\n\nPetra Jansen belt je.\n\nSanne Bakker",
        message_id="<e1@minszw.nl>",
        attachments=[("notitie.txt", b"Notitie over de pilot met Movisie.", "text/plain")],
    )
    (src / "overleg.eml").write_bytes(msg.as_bytes())
    out = tmp_path / "out"
    api.scan([src], out, workers=0, quiet=True)
    assert (out / "review" / "findings.csv").is_file()
    summary = api.apply(out, "Tester", workers=0, quiet=True)
    assert summary.exit_code == 0
    rows = {r["Bestand"]: r for r in inventory(out)}
    head, note = rows["overleg.pdf"], rows["overleg - bijlage 1 - notitie.pdf"]
    assert (head["File type"], head["Family ID"], head["Datum"]) == ("email", "overleg", "2023-03-14")
    assert (note["File type"], note["Family ID"]) == ("txt", "overleg")
    assert head["Email Thread ID"] and "Petra" not in pdf_text(out / "documents" / "overleg.pdf")


def test_empty_plain_part_falls_back_to_html_and_text_attachments_are_rendered(tmp_path):
    msg = eml_message(
        "Agenda",
        SANNE,
        KEES,
        "   ",
        html="<p>De pilot start in mei.</p>",
        attachments=[
            (
                "uitnodiging.ics",
                b"BEGIN:VCALENDAR\r\nSUMMARY:Overleg pilot\r\nEND:VCALENDAR\r\n",
                "text/calendar",
            ),
            ("oud.txt", "Notitie van Hélène".encode("cp1252"), "application/octet-stream"),
        ],
    )
    src = tmp_path / "m.eml"
    src.write_bytes(msg.as_bytes())
    preps = EmailFormat().prepare(src, "m.eml", tmp_path / "work")
    assert "De pilot start in mei." in pdftotext(Path(preps[0].pdf))
    assert "Overleg pilot" in pdftotext(Path(preps[1].pdf)) and preps[1].problem is None
    assert "Hélène" in pdftotext(Path(preps[2].pdf))


def test_zips_nested_too_deep_are_held(tmp_path):
    import io
    import zipfile

    data = b"Notitie over de pilot."
    name = "notitie.txt"
    for level in range(10):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(name, data)
        data, name = buf.getvalue(), f"laag{level}.zip"
    msg = eml_message("Zip", SANNE, KEES, "zie bijlage", attachments=[(name, data, "application/zip")])
    src = tmp_path / "m.eml"
    src.write_bytes(msg.as_bytes())
    preps = EmailFormat().prepare(src, "m.eml", tmp_path / "work")
    assert len(preps) == 2 and preps[1].problem == ("unreadable", "zips nested too deep")


def test_same_names_from_two_inputs_keep_their_families_apart(tmp_path):
    from pipeline.triage import discover, triage

    for box in ("postbus1", "postbus2"):
        (tmp_path / box).mkdir()
        msg = eml_message(
            f"Bericht {box}",
            SANNE,
            KEES,
            "tekst",
            message_id=f"<{box}@minszw.nl>",
            attachments=[("notitie.txt", box.encode(), "text/plain")],
        )
        (tmp_path / box / "mail.eml").write_bytes(msg.as_bytes())
    jobs = triage(discover([tmp_path / "postbus1", tmp_path / "postbus2"]), tmp_path / "work")
    rels = [j.rel for j in jobs]
    assert rels == [
        "mail.pdf",
        "mail - bijlage 1 - notitie.pdf",
        "postbus2/mail.pdf",
        "postbus2/mail - bijlage 1 - notitie.pdf",
    ]
    assert [j.origin.family for j in jobs] == [
        "mail.pdf",
        "mail.pdf",
        "postbus2/mail.pdf",
        "postbus2/mail.pdf",
    ]
    assert all(j.origin.same_as == "" for j in jobs)  # different bytes, different Message-IDs


def test_delivery_reports_are_rendered_and_embedded_images_counted():
    from email.message import EmailMessage

    report = (
        b"From: MAILER-DAEMON@minszw.nl\nTo: sanne.bakker@minszw.nl\nSubject: Onbestelbaar\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\n'
        b"Content-Type: text/plain\n\nNiet bezorgd.\n--B\nContent-Type: message/delivery-status\n\n"
        b"Reporting-MTA: dns; mail.minszw.nl\n\nFinal-Recipient: rfc822; petra.jansen@uwv.nl\n--B--\n"
    )
    mail = read_mail(email.message_from_bytes(report, policy=policy.default))
    assert len(mail.attachments) == 1 and b"petra.jansen@uwv.nl" in mail.attachments[0].data  # not dropped
    msg = EmailMessage()
    msg["From"], msg["Subject"] = SANNE, "Met logo"
    msg.set_content("platte tekst")
    msg.add_alternative('<p>html <img src="cid:logo"></p>', subtype="html")
    msg.get_payload()[1].add_related(b"\x89PNG....", "image", "png", cid="<logo>")
    mail = read_mail(email.message_from_bytes(msg.as_bytes(), policy=policy.default))
    assert mail.attachments == [] and mail.hidden == ("1 embedded parts of the HTML body not shown (images)",)
