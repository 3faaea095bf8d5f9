"""Evidence files attached to progress entries: checked from their content, kept in the database, audited."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, NotFound, Np_
from scorecard.models import Benchmark, Evidence, EvidenceVisibility, ProgressEntry, utcnow
from scorecard.rules.evidence import check_file

from . import audit
from .audit import ActingUser
from .lookup import get_or_missing

# The default limit on one file; the EVIDENCE_MAX_BYTES setting overrides it.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """What a page shows of one attached file (never its content)."""

    id: int
    entry_id: int
    filename: str
    content_type: str
    size_bytes: int
    visibility: str
    created_at: datetime


def attach_file(
    session: Session,
    entry_id: int,
    *,
    filename: str | None,
    content: bytes,
    public: bool,
    by: ActingUser,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Evidence:
    """Attach one file to an entry once its content proves it an accepted kind; its SHA-256 goes in the audit.

    Raises RuleViolation (keyed "evidence_file") for an empty, too big or refused file.
    """
    progress = session.get(ProgressEntry, entry_id)
    if progress is None:
        raise NotFound("Progress entry", entry_id)
    checked = check_file(filename, content, max_bytes=max_bytes)
    evidence = Evidence(
        entry_id=entry_id,
        filename=checked.filename,
        content_type=checked.content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        visibility=EvidenceVisibility.PUBLIC if public else EvidenceVisibility.INTERNAL,
        content=content,
        uploaded_by_id=by.user_id,
        created_at=utcnow(),
    )
    session.add(evidence)
    session.flush()
    said = N_(
        "Attached “%(file)s” (%(visibility)s) to the %(date)s entry",
        file=evidence.filename,
        visibility=N_("public") if evidence.visibility == "public" else N_("internal"),
        date=progress.observed_on,
    )
    _audit(session, by, "attach", "evidence", evidence.id, progress, said, after=_file_snapshot(evidence))
    return evidence


def set_link_visibility(session: Session, entry_id: int, *, public: bool, by: ActingUser) -> None:
    """Mark an entry's evidence link public (published pages may show it) or internal; audited if changed."""
    progress = session.get(ProgressEntry, entry_id)
    if progress is None:
        raise NotFound("Progress entry", entry_id)
    public = public and bool(progress.evidence_url)
    if progress.evidence_url_public == public:
        return
    progress.evidence_url_public = public
    session.flush()
    said = (
        N_("Marked the evidence link of the %(date)s entry public", date=progress.observed_on)
        if public
        else N_("Marked the evidence link of the %(date)s entry internal", date=progress.observed_on)
    )
    after = {"evidence_url_public": public}
    before = {"evidence_url_public": not public}
    audit.record(session, by, "update", "progress_entry", entry_id, said, before=before, after=after)


def files_of_entries(
    session: Session, entry_ids: Iterable[int], *, public_only: bool
) -> dict[int, list[EvidenceFile]]:
    """The files attached to these entries, by entry, oldest first (one query, no content loaded).

    `public_only` is for pages published to visitors who are not signed in: internal files never show.
    """
    ids = sorted(set(entry_ids))
    found: dict[int, list[EvidenceFile]] = {}
    if not ids:
        return found
    query = select(
        Evidence.id,
        Evidence.entry_id,
        Evidence.filename,
        Evidence.content_type,
        Evidence.size_bytes,
        Evidence.visibility,
        Evidence.created_at,
    ).where(Evidence.entry_id.in_(ids))
    if public_only:
        query = query.where(Evidence.visibility == EvidenceVisibility.PUBLIC)
    for row in session.execute(query.order_by(Evidence.entry_id, Evidence.id)):
        found.setdefault(row.entry_id, []).append(
            EvidenceFile(
                row.id,
                row.entry_id,
                row.filename,
                row.content_type,
                row.size_bytes,
                row.visibility,
                row.created_at,
            )
        )
    return found


def get_file(session: Session, evidence_id: int) -> Evidence:
    """One file with its content, for download."""
    return get_or_missing(session, Evidence, evidence_id, "Evidence")


def _audit(
    session: Session,
    by: ActingUser,
    action: str,
    entity: str,
    entity_id: int,
    progress: ProgressEntry,
    said: Message,
    **values: dict[str, Any],
) -> None:
    """An audit event on an entry's evidence, filed under the recommendation of the entry's benchmark."""
    recommendation_id = session.scalar(
        select(Benchmark.recommendation_id).where(Benchmark.id == progress.benchmark_id)
    )
    audit.record(session, by, action, entity, entity_id, said, recommendation_id=recommendation_id, **values)


EVIDENCE_FIELDS = ("entry_id", "filename", "content_type", "size_bytes", "sha256", "visibility")


def _file_snapshot(evidence: Evidence) -> dict[str, Any]:
    """What the audit trail keeps of a file: where it belongs, its name, type, size, checksum, visibility."""
    return audit.snapshot(evidence, EVIDENCE_FIELDS)


def delete_file(session: Session, evidence_id: int, *, by: ActingUser) -> None:
    """Remove an attached file (a wrong or confidential upload); the audit keeps its name and checksum."""
    evidence = get_file(session, evidence_id)
    # A file goes with its entry (ON DELETE CASCADE), so the entry is there.
    progress = session.get_one(ProgressEntry, evidence.entry_id)
    before = _file_snapshot(evidence)
    session.delete(evidence)
    session.flush()
    said = N_(
        "Deleted the evidence file “%(file)s” of the %(date)s entry",
        file=before["filename"],
        date=progress.observed_on,
    )
    _audit(session, by, "delete", "evidence", evidence_id, progress, said, before=before)


def delete_link(session: Session, entry_id: int, *, by: ActingUser) -> None:
    """Remove an entry's evidence link (a wrong or confidential address); the audit keeps what it was."""
    progress = session.get(ProgressEntry, entry_id)
    if progress is None or not progress.evidence_url:
        raise NotFound("Evidence link", entry_id)
    before = {"evidence_url": progress.evidence_url, "evidence_url_public": progress.evidence_url_public}
    progress.evidence_url = None
    progress.evidence_url_public = False
    session.flush()
    said = N_("Deleted the evidence link of the %(date)s entry", date=progress.observed_on)
    after = {"evidence_url": None, "evidence_url_public": False}
    _audit(session, by, "delete", "progress_entry", entry_id, progress, said, before=before, after=after)


CARRIED = (
    Evidence.filename,
    Evidence.content_type,
    Evidence.size_bytes,
    Evidence.sha256,
    Evidence.visibility,
    Evidence.content,
    Evidence.uploaded_by_id,
    Evidence.created_at,
)


def carry_over(session: Session, old_entry_id: int, new_entry_id: int, *, by: ActingUser) -> int:
    """Copy an entry's files to the entry that corrects or revises it (the old one keeps its own, in the
    history), in the database without loading their content; how many. Audited with their checksums."""
    copied = session.execute(
        insert(Evidence)
        .from_select(
            ["entry_id", *(column.key for column in CARRIED)],
            select(literal(new_entry_id), *CARRIED)
            .where(Evidence.entry_id == old_entry_id)
            .order_by(Evidence.id),
        )
        .returning(Evidence.id, Evidence.filename, Evidence.sha256)
    ).all()
    if copied:
        said = Np_(
            "Carried %(num)d evidence file over from entry %(id)s",
            "Carried %(num)d evidence files over from entry %(id)s",
            len(copied),
            id=old_entry_id,
        )
        after = {
            "from_entry_id": old_entry_id,
            "files": [{"id": i, "filename": name, "sha256": sha} for i, name, sha in copied],
        }
        audit.record(session, by, "attach", "progress_entry", new_entry_id, said, after=after)
    return len(copied)
