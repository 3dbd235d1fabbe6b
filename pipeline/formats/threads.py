"""Inclusive e-mails: the messages of a thread that a reviewer cannot skip.

A message that a later message of the batch answers (its Message-ID is in that
message's In-Reply-To or References) is normally quoted in it, so only the last
message of each branch needs reading: those are *inclusive*.  A message with
attachments stays inclusive too, since replies usually drop them.  This is a reading
aid in the inventory (column Inclusief); every message is still redacted and released.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.process import Job


def mark_inclusive(jobs: list[Job]) -> list[Job]:
    """``jobs`` with ``origin.inclusive`` set for every e-mail (None for other documents)."""
    answered = {
        mid for j in jobs if j.origin and j.origin.file_type == "email" for mid in j.origin.replies_to
    }
    with_attachments = {
        j.origin.family for j in jobs if j.origin and j.origin.family and j.origin.rel != j.origin.family
    }
    out = []
    for job in jobs:
        o = job.origin
        if o is None or o.file_type != "email" or o.problem:
            out.append(job)
            continue
        answered_later = bool(o.key) and o.key in answered
        has_attachments = o.rel in with_attachments and o.rel == o.family
        out.append(replace(job, origin=replace(o, inclusive=not answered_later or has_attachments)))
    return out
