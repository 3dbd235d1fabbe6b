"""Outlook .msg files read with python-oxmsg (MIT), into the same ``Mail`` an .eml gives.

Only what python-oxmsg can read is accepted: a message whose body exists only as
compressed RTF, or an attached Outlook item stored as an embedded object rather than as
a file, would lose content, so the message is held (``unreadable``) with that reason.
"""

from __future__ import annotations

import re

from pipeline.formats import FormatError
from pipeline.status import Status

PID_RTF_COMPRESSED = 0x1009
PID_RECIPIENT_TYPE = 0x0C15
PID_INTERNET_MESSAGE_ID = 0x1035
PID_IN_REPLY_TO = 0x1042
PID_REFERENCES = 0x1039
KINDS = {1: "Aan", 2: "CC", 3: "BCC"}
_MSGID = re.compile(r"<[^<>\s]+>")


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\x00", " ").split())


def read_msg(data: bytes):
    """The ``Mail`` (pipeline.formats.email) of an Outlook message; FormatError if it cannot be read whole."""
    from pipeline.formats.email import MONTHS, Attachment, Mail, html_to_text

    try:
        from oxmsg import Message
    except ImportError:
        raise FormatError(Status.UNREADABLE, ".msg needs python-oxmsg (pip install python-oxmsg)") from None
    try:
        msg = Message.load(data)
        props = msg.properties
        body = (msg.body or "").replace("\x00", "")
        if not body.strip() and msg.html_body:
            body = html_to_text(msg.html_body.replace("\x00", ""))
        if not body.strip() and props.binary_prop_value(PID_RTF_COMPRESSED):
            raise FormatError(
                Status.UNREADABLE, ".msg with an RTF-only body is not supported yet: save it as .eml"
            )
        people: dict[str, list[str]] = {k: [] for k in KINDS.values()}
        for r in msg.recipients:
            kind = KINDS.get(r.properties.int_prop_value(PID_RECIPIENT_TYPE) or 1, "Aan")
            name, addr = _clean(r.name), _clean(r.email_address)
            people[kind].append(f"{name} <{addr}>" if name and addr and name != addr else name or addr)
        headers = msg.message_headers
        sent = msg.sent_date
        attachments = []
        for n, a in enumerate(msg.attachments, 1):
            name = _clean(a.file_name) or f"bijlage-{n}"
            if not a.attached_by_value or a.file_bytes is None:
                raise FormatError(
                    Status.UNREADABLE,
                    "an attached Outlook item (not a file) is not supported yet: save it separately",
                )
            attachments.append(Attachment(name=name, ctype=_clean(a.mime_type) or "", data=a.file_bytes))
        subject = _clean(msg.subject)
    except FormatError:
        raise
    except Exception as exc:  # a damaged compound file or property stream
        raise FormatError(Status.UNREADABLE, f"damaged .msg file ({type(exc).__name__})") from None

    def ids(pid: int, header: str) -> list[str]:
        return _MSGID.findall(_clean(props.str_prop_value(pid)) or _clean(headers.get(header)))

    own = ids(PID_INTERNET_MESSAGE_ID, "Message-ID")
    thread = (ids(PID_REFERENCES, "References") or ids(PID_IN_REPLY_TO, "In-Reply-To") or own or [""])[0]
    date = f"{sent.day} {MONTHS[sent.month - 1]} {sent.year} {sent:%H:%M}" if sent else ""
    return Mail(
        headers=[
            ("Van", _clean(msg.sender)),
            ("Aan", "; ".join(people["Aan"])),
            ("CC", "; ".join(people["CC"])),
            ("BCC", "; ".join(people["BCC"])),
            ("Onderwerp", subject),
            ("Datum", date),
        ],
        subject=subject,
        date=sent.date().isoformat() if sent else "",
        thread=thread.lower(),
        message_id=(own or [""])[0].lower(),
        replies_to=tuple(
            i.lower() for i in ids(PID_IN_REPLY_TO, "In-Reply-To") + ids(PID_REFERENCES, "References")
        ),
        body=body,
        attachments=attachments,
    )
