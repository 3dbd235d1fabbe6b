"""E-mail (.eml): the message rendered to a PDF, each attachment a document of its own.

The rendered page starts with a header block (Van, Aan, CC, BCC, Onderwerp, Datum,
Bijlagen) followed by the body: text/plain when the message has it, otherwise its HTML
reduced to text (no scripts, no remote content: nothing is fetched).  Attachments
become documents in the same family (Family ID: the e-mail's), recursively: attached
messages, PDFs as they are (and their embedded files), Office files through
pipeline.formats.office, zip members, plain text; an attachment of a kind woo-redact
cannot read is recorded with a status, never dropped.  The thread is the first
Message-ID in References (else In-Reply-To, else the message's own Message-ID).

.msg (Outlook) files are read with python-oxmsg (pipeline.formats.outlook) into the same
header block, body and attachments.
"""

from __future__ import annotations

import email
import email.utils
import hashlib
import io
import mimetypes
import re
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from pipeline.formats import FormatError, InputFormat, Prepared, pdf_rel
from pipeline.formats.embedded import Embedded, embedded_files
from pipeline.formats.render import header_table, heading, paragraphs, renderer, text_pdf, write_pdf
from pipeline.formats.store import base_of, prepare_cached
from pipeline.status import Status

MAX_DEPTH = 8  # messages (or zips) attached to messages attached to ...
TEXT_SUFFIXES = (".txt", ".csv", ".ics", ".vcf", ".html", ".htm", ".md")
MAX_ZIP_MEMBERS = 500
MAX_ZIP_BYTES = 500 << 20  # unpacked: beyond it the zip is held (a zip bomb is not a document)
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()


@dataclass
class Attachment:
    name: str
    ctype: str
    data: bytes = b""
    message: EmailMessage | None = None  # an attached message (message/rfc822)


@dataclass
class Mail:
    """What the rendered page and the inventory need from one message."""

    headers: list[tuple[str, str]]  # Van, Aan, CC, BCC, Onderwerp, Datum: in that order
    subject: str
    date: str  # ISO date
    thread: str  # the thread root's Message-ID
    message_id: str  # its own: the same message in two mailboxes is one document
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    replies_to: tuple[str, ...] = ()  # In-Reply-To and References: the messages it answers
    hidden: tuple[str, ...] = ()  # what the page does not show, counted (the audit log lists it)


class EmailFormat(InputFormat):
    name = "email"
    suffixes = (".eml", ".msg")

    def prepare(self, src: Path, rel: str, work: Path) -> list[Prepared]:
        return prepare_cached(src, rel, work, "email", lambda folder: _prepare_message(src, rel, folder))


def _prepare_message(src: Path, rel: str, folder: Path) -> list[Prepared]:
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise FormatError(Status.UNREADABLE, f"cannot read file: {exc.strerror}") from exc
    if src.suffix.lower() == ".msg":
        from pipeline.formats.outlook import read_msg

        mail = read_msg(data)
    else:
        msg = email.message_from_bytes(data, policy=policy.default)
        if not msg.keys() or not any(msg.get(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
            raise FormatError(Status.UNREADABLE, "not an e-mail message (no headers)")
        mail = read_mail(msg)
    out = FamilyWriter(folder, base_of(rel), pdf_rel(rel))
    out.message(mail, "", depth=0, family_thread="")
    return out.made


class FamilyWriter:
    """Writes one input's PDFs into ``folder``; names them ``base``, ``base - bijlage 1 - x``, ..."""

    def __init__(self, folder: Path, base: str, head: str) -> None:
        self.folder, self.base, self.head = folder, base, head
        self.made: list[Prepared] = []

    def _path(self, suffix: str) -> Path:
        return self.folder / f"{len(self.made) + 1}{suffix}"

    def _rel(self, number: str, name: str) -> str:
        if not number:
            return self.head
        stem = (
            re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", PurePosixPath(name).stem or "bijlage").strip()
            or "bijlage"
        )
        return f"{self.base} - bijlage {number} - {stem[:80]}.pdf"

    def _add(self, **kw) -> None:
        if kw.get("file_type") != "pdf" and not kw.get("problem"):  # rendered here, unless Office set its own
            kw.setdefault("conversion", renderer())
        self.made.append(Prepared(family=self.head, **kw))

    def _add_file(self, data: bytes, **kw) -> None:
        """An attachment: known by its bytes (the same file attached twice is one document)."""
        self._add(key=f"sha:{hashlib.sha256(data).hexdigest()}", **kw)

    def _held(
        self,
        number: str,
        name: str,
        data: bytes,
        status: str,
        reason: str,
        file_type: str,
        date: str,
        thread: str,
    ) -> None:
        raw = self._path(".bin")
        raw.write_bytes(data)
        self._add(
            pdf=str(raw),
            rel=self._rel(number, name),
            file_type=file_type,
            date=date,
            thread=thread,
            problem=(status, reason),
        )

    def message(self, mail: Mail, number: str, depth: int, family_thread: str) -> None:
        page = heading(mail.subject or "(geen onderwerp)") + header_table(mail.headers)
        names = [a.name for a in mail.attachments]
        if names:
            page += header_table([("Bijlagen", "; ".join(names))])
        page += paragraphs(mail.body) if mail.body.strip() else "<p>(geen tekst)</p>"
        pdf = write_pdf(page, self._path(".pdf"), title=mail.subject)
        self._add(
            key=mail.message_id,
            pdf=str(pdf),
            rel=self._rel(number, mail.subject or "bericht"),
            file_type="email",
            title=mail.subject,
            date=mail.date,
            thread=mail.thread or family_thread,
            replies_to=mail.replies_to,
            hidden=mail.hidden,
        )
        for i, att in enumerate(mail.attachments, 1):
            self.attachment(att, f"{number}.{i}" if number else str(i), depth, mail)

    def attachment(self, att: Attachment, number: str, depth: int, parent: Mail) -> None:
        date, thread = parent.date, parent.thread
        suffix = PurePosixPath(att.name).suffix.lower()
        if att.message is not None or suffix in (".eml", ".msg"):
            if depth >= MAX_DEPTH:
                self._held(
                    number,
                    att.name,
                    att.data,
                    Status.UNREADABLE,
                    "messages nested too deep",
                    "email",
                    date,
                    thread,
                )
                return
            try:
                mail = _attached_mail(att, suffix)
            except FormatError as exc:
                self._held(number, att.name, att.data, exc.status, str(exc), "email", date, thread)
                return
            self.message(mail, number, depth + 1, thread)
            return
        if suffix == ".pdf" or att.ctype == "application/pdf":
            pdf = self._path(".pdf")
            pdf.write_bytes(att.data)
            self._add_file(
                att.data,
                pdf=str(pdf),
                rel=self._rel(number, att.name),
                file_type="pdf",
                date=date,
                thread=thread,
            )
            self.embedded(embedded_files(att.data), number, depth + 1, parent)  # its own attachments
            return
        from pipeline.formats.office import OFFICE_SUFFIXES, convert_office

        if suffix in OFFICE_SUFFIXES:
            native = self.folder / f"{len(self.made) + 1}-native{suffix}"
            native.write_bytes(att.data)
            try:
                pdf, hidden, conversion, _ = convert_office(native, self._path(".pdf"))  # the e-mail's date
            except FormatError as exc:
                self._held(number, att.name, att.data, exc.status, str(exc), suffix[1:], date, thread)
                return
            finally:
                native.unlink(missing_ok=True)  # only the PDF is kept
            self._add_file(
                att.data,
                pdf=str(pdf),
                rel=self._rel(number, att.name),
                file_type=suffix[1:],
                date=date,
                thread=thread,
                hidden=hidden,
                conversion=conversion,
            )
            return
        if suffix == ".zip" or att.ctype in ("application/zip", "application/x-zip-compressed"):
            if depth >= MAX_DEPTH:
                self._held(
                    number, att.name, att.data, Status.UNREADABLE, "zips nested too deep", "zip", date, thread
                )
                return
            self.zip_members(att, number, depth + 1, parent)
            return
        if suffix in TEXT_SUFFIXES or att.ctype.startswith("text/"):
            text = _text_of(att.data)
            if suffix in (".html", ".htm") or att.ctype == "text/html":
                text = html_to_text(text)
            pdf = text_pdf(text, self._path(".pdf"))
            self._add_file(
                att.data,
                pdf=str(pdf),
                rel=self._rel(number, att.name),
                file_type=suffix[1:] or "txt",
                date=date,
                thread=thread,
            )
            return
        if att.ctype.startswith("image/"):
            image_pdf = _image_pdf(att.data, self._path(".pdf"))
            if image_pdf is not None:  # no text layer: the pipeline holds it as needs-ocr
                self._add_file(
                    att.data,
                    pdf=str(image_pdf),
                    rel=self._rel(number, att.name),
                    file_type=suffix[1:] or "image",
                    date=date,
                    thread=thread,
                )
                return
        kind = suffix or att.ctype
        self._held(
            number,
            att.name,
            att.data,
            Status.UNREADABLE,
            f"attachment type {kind} not supported: review it by hand",
            suffix[1:] or "other",
            date,
            thread,
        )

    def embedded(self, files: list[Embedded], number: str, depth: int, parent: Mail) -> None:
        """A PDF's embedded files: attachments numbered under the PDF's ``number``."""
        for i, f in enumerate(files, 1):
            sub = f"{number}.{i}" if number else str(i)
            kind = PurePosixPath(f.name).suffix.lower()[1:] or "other"
            if f.problem or depth >= MAX_DEPTH:
                status, reason = f.problem or (Status.UNREADABLE, "PDF attachments nested too deep")
                self._held(sub, f.name, f.data, status, reason, kind, parent.date, parent.thread)
                continue
            ctype = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
            if f.data[:1024].lstrip().startswith(b"%PDF-"):  # a PDF under another name is still one
                ctype = "application/pdf"
            self.attachment(Attachment(name=f.name, ctype=ctype, data=f.data), sub, depth, parent)

    def zip_members(self, att: Attachment, number: str, depth: int, parent: Mail) -> None:
        try:
            zf = zipfile.ZipFile(io.BytesIO(att.data))
            infos = [i for i in zf.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError):
            self._held(
                number,
                att.name,
                att.data,
                Status.UNREADABLE,
                "damaged zip file",
                "zip",
                parent.date,
                parent.thread,
            )
            return
        if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
            self._held(
                number,
                att.name,
                att.data,
                "too-large",
                "zip holds too many or too large files: unpack it by hand",
                "zip",
                parent.date,
                parent.thread,
            )
            return
        for j, info in enumerate(infos, 1):
            member = f"{number}.{j}"
            name = PurePosixPath(info.filename).name
            if info.flag_bits & 0x1:
                self._held(
                    member,
                    name,
                    b"",
                    Status.ENCRYPTED,
                    "zip member needs a password",
                    "zip",
                    parent.date,
                    parent.thread,
                )
                continue
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
                self._held(
                    member,
                    name,
                    b"",
                    Status.UNREADABLE,
                    "zip member cannot be unpacked",
                    "zip",
                    parent.date,
                    parent.thread,
                )
                continue
            ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.attachment(Attachment(name=name, ctype=ctype, data=data), member, depth, parent)


def _attached_mail(att: Attachment, suffix: str) -> Mail:
    if att.message is not None:
        return read_mail(att.message)
    if suffix == ".msg":
        from pipeline.formats.outlook import read_msg

        return read_msg(att.data)
    return read_mail(email.message_from_bytes(att.data, policy=policy.default))


def read_mail(msg: EmailMessage) -> Mail:
    """The headers, body and attachments of one message; a broken header is shown as it is."""
    headers = [
        ("Van", _header(msg, "From")),
        ("Aan", _header(msg, "To")),
        ("CC", _header(msg, "Cc")),
        ("BCC", _header(msg, "Bcc")),
        ("Onderwerp", _header(msg, "Subject")),
    ]
    sent = _sent(msg)
    headers.append(("Datum", _dutch_date(sent) if sent else _raw(msg, "Date")))
    return Mail(
        headers=headers,
        subject=_header(msg, "Subject"),
        date=sent.date().isoformat() if sent else "",
        thread=thread_root(msg),
        message_id=(_MSGID.findall(_raw(msg, "Message-ID")) or [""])[0].lower(),
        replies_to=tuple(
            i.lower() for h in ("In-Reply-To", "References") for i in _MSGID.findall(_raw(msg, h))
        ),
        body=_body(msg),
        attachments=_attachments(msg),
        hidden=(f"{n} embedded parts of the HTML body not shown (images)",)
        if (n := unshown_parts(msg))
        else (),
    )


def _header(msg: EmailMessage, name: str) -> str:
    try:
        values = msg.get_all(name) or []
        return ", ".join(" ".join(str(v).split()) for v in values)
    except (ValueError, TypeError, IndexError, AttributeError):  # a malformed header: its raw text
        raw = msg.get_all(name, failobj=[]) if hasattr(msg, "get_all") else []
        return ", ".join(" ".join(str(getattr(v, "_value", v)).split()) for v in raw)


def _raw(msg: EmailMessage, name: str) -> str:
    """A header as written (an unparsable date reads as empty through the policy)."""
    return ", ".join(" ".join(str(v).split()) for k, v in msg.raw_items() if k.lower() == name.lower())


def _sent(msg: EmailMessage):
    try:
        value = msg.get("Date")
        return email.utils.parsedate_to_datetime(str(value)) if value else None
    except (ValueError, TypeError, IndexError):
        return None


def _dutch_date(d) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year} {d:%H:%M}"


_MSGID = re.compile(r"<[^<>\s]+>")


def thread_root(msg: EmailMessage) -> str:
    """The Message-ID that started the thread: first in References, else In-Reply-To, else its own."""
    for name in ("References", "In-Reply-To", "Message-ID"):
        try:
            value = str(msg.get(name) or "")
        except (ValueError, TypeError, IndexError):
            continue
        ids = _MSGID.findall(value)
        if ids:
            return ids[0].lower()
    return ""


def _decoded(part) -> str:
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError, KeyError):  # unknown charset, bad encoding
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _body(msg: EmailMessage) -> str:
    """The text/plain body; the HTML one when there is no plain text (or only an empty one)."""
    plain, markup = msg.get_body(preferencelist=("plain",)), msg.get_body(preferencelist=("html",))
    text = _decoded(plain) if plain is not None else ""
    text = text if isinstance(text, str) else ""
    if not text.strip() and markup is not None:
        html = _decoded(markup)
        text = html_to_text(html) if isinstance(html, str) else ""
    return text


def _text_of(data: bytes) -> str:
    """Bytes of a text attachment: UTF-8, else Windows-1252 (what Dutch offices write)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _top_parts(msg: EmailMessage) -> list:
    """The parts that become attachments: those that are not the message's body."""
    body = msg.get_body(preferencelist=("plain", "html"))
    if msg.is_multipart():
        return list(msg.iter_attachments())
    if body is None and msg.get_content_maintype() not in ("text", "multipart"):
        return [msg]  # a message that is one attachment
    return []


def _attachments(msg: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for n, part in enumerate(_top_parts(msg), 1):
        found.extend(_as_attachments(part, n))
    return found


def _as_attachments(part, n: int) -> list[Attachment]:
    """One attachment part as attachments; a multipart one as all its leaves (nothing is dropped)."""
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_content()
        subject = _header(inner, "Subject") if isinstance(inner, EmailMessage) else ""
        name = part.get_filename() or f"{subject or 'bericht'}.eml"
        return [Attachment(name=name, ctype=ctype, message=inner)]
    if part.get_content_maintype() == "message":  # a delivery report and the like: its text
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else [payload]
        text = "\n".join(str(b) for b in blocks)
        return [Attachment(name=f"bijlage-{n}.txt", ctype="text/plain", data=text.encode("utf-8"))]
    if part.is_multipart():
        return [a for sub in part.iter_parts() for a in _as_attachments(sub, n)]
    name = part.get_filename() or f"bijlage-{n}{mimetypes.guess_extension(ctype) or ''}"
    return [Attachment(name=name, ctype=ctype, data=part.get_payload(decode=True) or b"")]


def unshown_parts(msg: EmailMessage) -> int:
    """Non-text parts inside the body (an HTML body's embedded images): neither shown nor attachments."""
    shown = {id(p) for p in _top_parts(msg)}
    count = 0

    def visit(part) -> None:
        nonlocal count
        if id(part) in shown:
            return
        if part.is_multipart() and part.get_content_maintype() == "multipart":
            for sub in part.iter_parts():
                visit(sub)
        elif part.get_content_maintype() != "text":
            count += 1

    for sub in msg.iter_parts() if msg.is_multipart() else ():
        visit(sub)
    return count


class _TextOfHtml(HTMLParser):
    """HTML to plain text: visible text only, blocks on lines of their own; nothing is fetched."""

    SKIP = {"script", "style", "head", "title", "template", "noscript"}
    BLOCK = {
        "p",
        "div",
        "br",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "blockquote",
        "hr",
        "pre",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append("\t")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[afbeelding: {alt}]")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = [ln.strip() for ln in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _image_pdf(data: bytes, dst: Path) -> Path | None:
    import pymupdf

    try:
        img = pymupdf.open(stream=data)
        pdf = pymupdf.open("pdf", img.convert_to_pdf())
        pdf.save(str(dst))
        return dst
    except Exception:  # not an image PyMuPDF can read: recorded as unsupported
        return None
