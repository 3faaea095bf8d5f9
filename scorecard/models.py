"""The typed SQLAlchemy models: every table of Scorecard and the constraints it keeps."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime."""
    return datetime.now(UTC)


# Entries a reviewer has still to approve or return: the predicate of the inbox's partial index
# (services/scores.awaiting_review says the same in SQLAlchemy, which the planner must match).
AWAITING_REVIEW_SQL = "review_status = 'submitted' AND superseded_at IS NULL AND deleted_at IS NULL"


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    SQLite keeps no time zone and PostgreSQL's timestamptz returns the session's
    zone; this makes both hand the application the same value.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | None], Any] | None:
        """On SQLite, write the same text as SQLAlchemy's DATETIME, in one C call instead of four.

        The layered conversion (this decorator, then SQLite's storage format)
        took 3.5 s of a million-entry import; isoformat takes 0.4 s. A test
        holds the two to the same output.
        """
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process


class Base(DeclarativeBase):
    """The declarative base: one metadata with a constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime()}


def _in(column: str, values: type[enum.StrEnum]) -> str:
    """SQL for `column IN (...)` over an enum's values, for CHECK constraints."""
    quoted = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({quoted})"


class Role(enum.StrEnum):
    """What a signed-in person may do: read, write, administer; or report for its actors (contributor)."""

    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"
    CONTRIBUTOR = "contributor"


class ActorKind(enum.StrEnum):
    """The broad kind of an actor, for grouping and filters."""

    EU_INSTITUTION = "eu_institution"
    GOVERNMENT = "government"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    MEMBER_STATES = "member_states"
    CIVIL_SOCIETY = "civil_society"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


class Priority(enum.StrEnum):
    """How urgent a recommendation is judged to be."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Status(enum.StrEnum):
    """A recommendation's lifecycle, from proposed to one of its ends."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    STALLED = "stalled"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Statuses after which a recommendation is no longer expected to move, so it is
# neither overdue nor stale.
CLOSED_STATUSES = frozenset({Status.IMPLEMENTED, Status.REJECTED, Status.WITHDRAWN})


class ReviewStatus(enum.StrEnum):
    """Where an entry stands with the reviewers: only approved entries count."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class ActorRole(enum.StrEnum):
    """The part an actor is asked to play in one recommendation."""

    LEAD = "lead"
    SUPPORTING = "supporting"
    CONSULTED = "consulted"


class BenchmarkKind(enum.StrEnum):
    """How a benchmark is assessed: done or not, on a scale, or by a number."""

    MILESTONE = "milestone"
    SCALE = "scale"
    NUMERIC = "numeric"


class Direction(enum.StrEnum):
    """Whether a numeric benchmark improves as its value rises or falls."""

    INCREASE = "increase"
    DECREASE = "decrease"


CONTENT_LOCALES = ("en", "sq", "sr-Latn", "sr-Cyrl")


class OriginalLocaleMixin:
    """The language a record's own wording is written in; its translations sit in `<table>_translation`."""

    original_locale: Mapped[str] = mapped_column(String(16), default="en", server_default="en")


class VersionedMixin:
    """An integer version bumped on every UPDATE, so a stale edit is refused."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)


class Source(OriginalLocaleMixin, VersionedMixin, Base):
    """A report, article or statement that makes recommendations."""

    __tablename__ = "source"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), unique=True)
    publisher: Mapped[str | None] = mapped_column(String(200))
    authors: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(1000))
    notes: Mapped[str | None] = mapped_column(Text)


class Actor(OriginalLocaleMixin, VersionedMixin, Base):
    """Who is asked to act: an institution, a government, an organisation."""

    __tablename__ = "actor"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (CheckConstraint(_in("kind", ActorKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default=ActorKind.OTHER)


class Theme(OriginalLocaleMixin, VersionedMixin, Base):
    """A policy area that recommendations are grouped under."""

    __tablename__ = "theme"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)


class Scale(VersionedMixin, Base):
    """An ordered assessment scale, such as the Commission's progress wording."""

    __tablename__ = "scale"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_preset: Mapped[bool] = mapped_column(Boolean, default=False)

    levels: Mapped[list[ScaleLevel]] = relationship(
        back_populates="scale",
        order_by="ScaleLevel.position",
        cascade="all, delete-orphan",
    )


class ScaleLevel(Base):
    """One step of a scale, with its label, its score and its colour."""

    __tablename__ = "scale_level"
    __table_args__ = (
        UniqueConstraint("scale_id", "position"),
        UniqueConstraint("scale_id", "label"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("length(colour) = 7 AND substr(colour, 1, 1) = '#'", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scale.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float)
    colour: Mapped[str] = mapped_column(String(7))

    scale: Mapped[Scale] = relationship(back_populates="levels")


class Recommendation(OriginalLocaleMixin, VersionedMixin, Base):
    """One recommendation as its source words it, with the benchmarks that test it."""

    __tablename__ = "recommendation"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (
        CheckConstraint(_in("priority", Priority), name="priority"),
        CheckConstraint(_in("status", Status), name="status"),
        CheckConstraint("due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on", name="due_after_issue"),
        Index(None, "theme_id", "status"),
        Index(None, "source_id"),
        Index(None, "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"))
    locator: Mapped[str | None] = mapped_column(Text)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"))
    priority: Mapped[str] = mapped_column(String(10), default=Priority.MEDIUM)
    status: Mapped[str] = mapped_column(String(30), default=Status.PROPOSED)
    issued_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    tags: Mapped[str] = mapped_column(String(500), default="")
    archived_at: Mapped[datetime | None] = mapped_column()
    # The file an import created it from (None: a person did), so a preview can tell a re-import's
    # updates from changes to records another file or a person made.
    imported_from: Mapped[str | None] = mapped_column(String(255))

    source: Mapped[Source | None] = relationship()
    theme: Mapped[Theme] = relationship()
    actor_links: Mapped[list[RecommendationActor]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    benchmarks: Mapped[list[Benchmark]] = relationship(
        back_populates="recommendation",
        order_by="Benchmark.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class RecommendationActor(Base):
    """An actor a recommendation is addressed to, and the part it plays there."""

    __tablename__ = "recommendation_actor"
    __table_args__ = (
        CheckConstraint(_in("role", ActorRole), name="role"),
        Index(None, "actor_id"),
    )

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="RESTRICT"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default=ActorRole.LEAD)

    recommendation: Mapped[Recommendation] = relationship(back_populates="actor_links")
    actor: Mapped[Actor] = relationship()


class ReportingFrequency(enum.StrEnum):
    """How often the actors of a benchmark's recommendation owe a progress report."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class Benchmark(OriginalLocaleMixin, VersionedMixin, Base):
    """A checkable step or indicator of one recommendation."""

    __tablename__ = "benchmark"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (
        CheckConstraint(_in("kind", BenchmarkKind), name="kind"),
        CheckConstraint("(kind = 'scale') = (scale_id IS NOT NULL)", name="scale_only_for_scale_kind"),
        CheckConstraint(
            "(kind = 'numeric' AND baseline IS NOT NULL AND target IS NOT NULL"
            " AND direction IS NOT NULL AND baseline <> target)"
            " OR (kind <> 'numeric' AND baseline IS NULL AND target IS NULL AND direction IS NULL)",
            name="numeric_fields",
        ),
        CheckConstraint(
            "direction IS NULL OR (direction = 'increase' AND target > baseline)"
            " OR (direction = 'decrease' AND target < baseline)",
            name="direction_matches_target",
        ),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint(_in("reporting_frequency", ReportingFrequency), name="reporting_frequency"),
        CheckConstraint(
            "reporting_due_day IS NULL OR (reporting_frequency IS NOT NULL"
            " AND reporting_due_day BETWEEN 1 AND 31)",
            name="reporting_due_day",
        ),
        # The target of progress_entry's (benchmark_id, kind) foreign key, which
        # keeps an entry's value column in step with its benchmark's kind.
        UniqueConstraint("id", "kind"),
        Index(None, "recommendation_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    scale_id: Mapped[int | None] = mapped_column(ForeignKey("scale.id", ondelete="RESTRICT"))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str | None] = mapped_column(String(10))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    due_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[datetime | None] = mapped_column()
    # The recommendation's own assessment (one Implementation-scale benchmark, made on demand), so a
    # recommendation can be assessed directly and its entries score like any other.
    is_assessment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # How often a report is due (None: no schedule) and on which day of the period's last month.
    reporting_frequency: Mapped[str | None] = mapped_column(String(20))
    reporting_due_day: Mapped[int | None] = mapped_column(Integer)

    recommendation: Mapped[Recommendation] = relationship(back_populates="benchmarks")
    scale: Mapped[Scale | None] = relationship()


class ProgressEntry(Base):
    """One dated observation of a benchmark. History: corrected or deleted, never overwritten."""

    __tablename__ = "progress_entry"
    __table_args__ = (
        ForeignKeyConstraint(
            ["benchmark_id", "kind"],
            ["benchmark.id", "benchmark.kind"],
            ondelete="CASCADE",
            name="fk_progress_entry_benchmark_id_kind_benchmark",
        ),
        CheckConstraint(_in("kind", BenchmarkKind), name="kind"),
        CheckConstraint(
            "(kind = 'scale' AND level_id IS NOT NULL AND value IS NULL AND achieved IS NULL)"
            " OR (kind = 'numeric' AND level_id IS NULL AND value IS NOT NULL AND achieved IS NULL)"
            " OR (kind = 'milestone' AND level_id IS NULL AND value IS NULL"
            " AND achieved IS NOT NULL)",
            name="one_value_per_kind",
        ),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint(_in("review_status", ReviewStatus), name="review_status"),
        # "Latest entry per benchmark as of a date": one index seek per benchmark.
        Index(None, "benchmark_id", "observed_on", "id"),
        Index(None, "observed_on"),
        Index(None, "created_at"),
        # The reviewers' inbox and its count in the menu, on every page: only the entries that wait are
        # in it, so the count reads a handful of rows however many approved ones there are. (An index on
        # review_status led SQLite, whose statistics see one value, to scan the table instead.)
        Index(
            "ix_progress_entry_awaiting_review",
            "created_at",
            sqlite_where=text(AWAITING_REVIEW_SQL),
            postgresql_where=text(AWAITING_REVIEW_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    benchmark_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    observed_on: Mapped[date] = mapped_column(Date)
    level_id: Mapped[int | None] = mapped_column(
        ForeignKey("scale_level.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[float | None] = mapped_column(Float)
    achieved: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    # Whether the evidence link may be shown on published pages (False: signed-in people only).
    evidence_url_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A correction is a new entry pointing at the one it replaces; the old one
    # gets superseded_at and stops counting, but stays in the history.
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_entry.id", ondelete="SET NULL"), index=True
    )
    superseded_at: Mapped[datetime | None] = mapped_column()
    deleted_at: Mapped[datetime | None] = mapped_column()
    # A contributor's entry waits as submitted until a reviewer approves or returns it; only
    # approved entries count (scorecard.services.scores.counting). Everyone else's are approved.
    review_status: Mapped[str] = mapped_column(
        String(20), default=ReviewStatus.APPROVED, server_default=ReviewStatus.APPROVED.value
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column()
    review_comment: Mapped[str | None] = mapped_column(Text)
    # Whose assessment this is; None: the monitoring team's own, the one scores are kept for.
    perspective_id: Mapped[int | None] = mapped_column(
        ForeignKey("perspective.id", ondelete="RESTRICT"), index=True
    )

    # Joined on (benchmark_id, kind) through the composite foreign key.
    benchmark: Mapped[Benchmark] = relationship()
    level: Mapped[ScaleLevel | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class BenchmarkState(Base):
    """A benchmark's current state: its latest counting entry, kept up to date on every write.

    Derived data. Pages that show today read it instead of scanning the history;
    `scorecard state rebuild` recomputes it from the entries.
    """

    __tablename__ = "benchmark_state"

    benchmark_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed: deleting entries finds their state rows through it.
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entry.id", ondelete="CASCADE"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float)


class RecommendationState(Base):
    """A recommendation's current score and coverage, kept up to date on every write.

    Derived data, like BenchmarkState; score is NULL when nothing is assessed.
    """

    __tablename__ = "recommendation_state"
    __table_args__ = (CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),)

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float | None] = mapped_column(Float)
    benchmark_count: Mapped[int] = mapped_column(Integer, default=0)
    assessed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_observed_on: Mapped[date | None] = mapped_column(Date)


class SnapshotDay(Base):
    """A past date whose recommendation scores are kept in recommendation_snapshot.

    Quarter ends and review-cycle ends: the dates the dashboard's trend and the
    scorecard's default comparison read. A date not listed here is computed
    from the entries instead, so a missing snapshot is slower, never wrong.
    """

    __tablename__ = "snapshot_day"

    taken_on: Mapped[date] = mapped_column(Date, primary_key=True)


class RecommendationSnapshot(Base):
    """A recommendation's score as it stood at the end of a snapshot day; derived, kept up to date."""

    __tablename__ = "recommendation_snapshot"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        Index(None, "taken_on", "recommendation_id"),
    )

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    taken_on: Mapped[date] = mapped_column(
        ForeignKey("snapshot_day.taken_on", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float | None] = mapped_column(Float)
    benchmark_count: Mapped[int] = mapped_column(Integer, default=0)
    assessed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_observed_on: Mapped[date | None] = mapped_column(Date)


class BenchmarkSnapshot(Base):
    """A benchmark's latest counting entry as of the end of a snapshot day; derived, kept up to date.

    Written with recommendation_snapshot (which is rolled up from it) for every
    benchmark, archived or not: its rows depend on the entries alone. Pages that
    show a kept day benchmark by benchmark (the framework pages) read it instead
    of seeking each benchmark's history.
    """

    __tablename__ = "benchmark_snapshot"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        Index(None, "taken_on", "benchmark_id"),
    )

    benchmark_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark.id", ondelete="CASCADE"), primary_key=True
    )
    taken_on: Mapped[date] = mapped_column(
        ForeignKey("snapshot_day.taken_on", ondelete="CASCADE"), primary_key=True
    )
    observed_on: Mapped[date] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)


class ReviewCycle(VersionedMixin, Base):
    """A named period that reports compare, e.g. "2026 annual dialogue"."""

    __tablename__ = "review_cycle"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)


class User(VersionedMixin, Base):
    """A person who signs in. The table is app_user: `user` is reserved in PostgreSQL."""

    __tablename__ = "app_user"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (CheckConstraint(_in("role", Role), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.VIEWER)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated at sign-out, password change and deactivation: a session cookie
    # carries it, so an old cookie stops working the moment it changes.
    session_token: Mapped[str] = mapped_column(String(64))
    last_sign_in_at: Mapped[datetime | None] = mapped_column()
    # The interface language chosen (an id such as "sq" or "sr-Cyrl"); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(16))
    # Set when an admin lifts this account's sign-in throttle: failures before it stop counting.
    sign_in_unlocked_at: Mapped[datetime | None] = mapped_column()
    # Reporting reminders and the reviewers' digest; each person can turn theirs off.
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class AuditEvent(Base):
    """Who changed what, when, with the values before and after."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index(None, "entity", "entity_id"),
        Index(None, "recommendation_id", "at"),
        Index(None, "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # No foreign keys: the trail must outlive the rows and the people it names.
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    recommendation_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(500), default="")
    # The summary as a message and its values (errors.Message.to_json), so that each reader sees it
    # in their own language; `summary` keeps the English for the log and for older events.
    summary_parts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(64))


class SignInAttempt(Base):
    """One sign-in attempt, kept for throttling and for the security log."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (Index(None, "email", "at"), Index(None, "ip", "at"), Index(None, "device", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # The device cookie the attempt came with, if one this account was given at an earlier sign-in.
    device: Mapped[str | None] = mapped_column(String(64))


class DataVersion(Base):
    """A counter every committed change moves on: what remembered pages are keyed by.

    One row, moved by database triggers on the tables pages read (migration
    0006), whatever wrote to them. Bumped in the committing transaction, its
    row lock orders the bumps as the commits happen, so a reader never sees a
    number that later commits slip in under.
    """

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class DataChange(Base):
    """A transaction's note that it changed what pages show (PostgreSQL): its commit moves the data version.

    Written and removed by the triggers of migration 0006, never by the code;
    no row outlives its transaction.
    """

    __tablename__ = "data_change"

    id: Mapped[int] = mapped_column(primary_key=True)


class AppMeta(Base):
    """Facts about this database as a whole, such as when the demo data was loaded."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportStatus(enum.StrEnum):
    """Where a CSV import stands: uploaded and waiting, running, or finished one way or the other."""

    UPLOADED = "uploaded"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportJob(Base):
    """One uploaded CSV file on its way in: the file itself, how to read it, and how far it got.

    Kept in the database (not in a worker's memory) so that every server process
    can show its preview and its progress.
    """

    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint(_in("status", ImportStatus), name="status"),
        Index(None, "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str | None] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column()
    # The column mapping in force (None: the file has our own headers).
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=ImportStatus.UPLOADED)
    phase: Mapped[str] = mapped_column(String(20), default="")
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    errors: Mapped[list[Any] | None] = mapped_column(JSON)
    notices: Mapped[list[Any] | None] = mapped_column(JSON)
    # The row-by-row outcome as zlib-compressed CSV, kept once the import has run.
    report: Mapped[bytes | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class ImportMapping(Base):
    """How the columns of someone else's spreadsheet map onto ours, saved for the next file like it.

    `signature` identifies the set of headers, so the same export from the same
    tool finds its mapping again (suggested, never applied unseen).
    """

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Several mappings may read the same columns (saved under their own names); one is suggested.
    signature: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    headers: Mapped[list[Any]] = mapped_column(JSON)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# -- content in other languages ---------------------------------------------------------------------
# One table per translatable entity, so that deleting the record deletes its translations (a
# foreign key with ON DELETE CASCADE) and a reused id can never pick up another record's words.
# A missing row, or a NULL field, means "not translated": the page falls back to the original.


class _Translation:
    """The columns every translation table has: its record's id, then the locale, both the key.

    `sort_order` keeps the columns in that order ahead of the translated fields.
    """

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            CheckConstraint(
                f"locale IN ({', '.join(repr(code) for code in CONTENT_LOCALES)})", name="locale"
            ),
        )

    locale: Mapped[str] = mapped_column(String(16), primary_key=True, sort_order=-1)


def _translated(table: str) -> Mapped[int]:
    """The translation's key to its record (deleting the record deletes its translations)."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True, sort_order=-2)


class RecommendationTranslation(_Translation, Base):
    """A recommendation's title and wording in one more language."""

    __tablename__ = "recommendation_translation"

    recommendation_id: Mapped[int] = _translated("recommendation")
    title: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)


class BenchmarkTranslation(_Translation, Base):
    """A benchmark's title in one more language."""

    __tablename__ = "benchmark_translation"

    benchmark_id: Mapped[int] = _translated("benchmark")
    title: Mapped[str | None] = mapped_column(String(300))


class ThemeTranslation(_Translation, Base):
    """A theme's name in one more language."""

    __tablename__ = "theme_translation"

    theme_id: Mapped[int] = _translated("theme")
    name: Mapped[str | None] = mapped_column(String(200))


class ActorTranslation(_Translation, Base):
    """An actor's name in one more language."""

    __tablename__ = "actor_translation"

    actor_id: Mapped[int] = _translated("actor")
    name: Mapped[str | None] = mapped_column(String(200))


class SourceTranslation(_Translation, Base):
    """A source's title in one more language."""

    __tablename__ = "source_translation"

    source_id: Mapped[int] = _translated("source")
    title: Mapped[str | None] = mapped_column(String(300))


class UserActor(Base):
    """A contributor's link to an actor it reports for (a ministry, an agency); many to many."""

    __tablename__ = "user_actor"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# --- reporting schedule, reminders and evidence ---


class EvidenceVisibility(enum.StrEnum):
    """Who may see an attached file: anyone a page is published to, or signed-in people only."""

    PUBLIC = "public"
    INTERNAL = "internal"


class Evidence(Base):
    """A file attached to a progress entry, kept in the database so every app server can serve it.

    The content type is the one read from the file's first bytes, never the
    name or the browser's claim; sha256 is what the audit trail records.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(_in("visibility", EvidenceVisibility), name="visibility"),
        CheckConstraint("size_bytes >= 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entry.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(10), default=EvidenceVisibility.INTERNAL)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderKind(enum.StrEnum):
    """A reminder before a report's due day, one after it, or the reviewers' weekly digest."""

    BEFORE = "before"
    AFTER = "after"
    DIGEST = "digest"


class Reminder(Base):
    """One reminder to one person, recorded in the transaction that sends it: the key is unique,
    so a retried or restarted batch never sends it twice.

    `period` names the reporting period ("2026-Q4", "2026-12", "2026-H2", "2026") or, for a
    digest, the ISO week ("2026-W49"); a digest has no benchmark. `emailed` is False when no
    mail server is set: the reminder then shows in the app only.
    """

    __tablename__ = "reminder"
    __table_args__ = (
        CheckConstraint(_in("kind", ReminderKind), name="kind"),
        UniqueConstraint("user_id", "benchmark_id", "period", "kind"),
        # NULLs are distinct in a unique constraint: the digest's key needs its own index.
        Index(
            "uq_reminder_digest",
            "user_id",
            "period",
            "kind",
            unique=True,
            sqlite_where=text("benchmark_id IS NULL"),
            postgresql_where=text("benchmark_id IS NULL"),
        ),
        Index(None, "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    benchmark_id: Mapped[int | None] = mapped_column(
        ForeignKey("benchmark.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(500), default="")
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- review and perspectives ---


class Perspective(VersionedMixin, Base):
    """Whose assessment an entry is besides the monitoring team's: a government's self-assessment,
    a civil-society shadow report. Admins keep the list; the monitoring team's own is no row (NULL)."""

    __tablename__ = "perspective"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)


# --- the JSON API: personal access tokens and webhooks ---


class TokenScope(enum.StrEnum):
    """What a personal access token may do, within its user's role: read only, or read and write."""

    READ = "read"
    WRITE = "write"


class ApiToken(Base):
    """A personal access token for the JSON API; only the SHA-256 of its secret is kept."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint(_in("scope", TokenScope), name="scope"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the token, shown in lists so that its owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()


class WebhookEndpoint(Base):
    """An address an admin registered to be told of events, with the secret its deliveries are signed with."""

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000))
    # The event names it receives (services.webhooks.EVENTS).
    events: Mapped[list[Any]] = mapped_column(JSON)
    # "whsec_" and the base64 of the signing key (Standard Webhooks).
    secret: Mapped[str] = mapped_column(String(100))
    # score.crossed: the score (0-100) whose crossing, either way, is announced.
    threshold: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One event for one endpoint: its signed message, each attempt's answer, and when to try again."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index(None, "endpoint_id", "created_at"), Index(None, "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    # The webhook-id header: the same for every attempt, so that receivers can drop repeats.
    message_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    # pending (waiting for an attempt), delivered, or failed (out of attempts)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()

    endpoint: Mapped[WebhookEndpoint] = relationship()


# --- frameworks (issue 16) -------------------------------------------------------------------------


class FrameworkKind(enum.StrEnum):
    """What body assesses against a framework: its kind, for grouping and wording."""

    DIALOGUE = "dialogue"
    ACCESSION = "accession"
    FUNDING = "funding"
    AGREEMENT = "agreement"
    SDG = "sdg"
    UPR = "upr"
    OTHER = "other"


class MetRule(enum.StrEnum):
    """When a framework counts an item as met: every linked benchmark achieved, or a score threshold."""

    ALL_ACHIEVED = "all_achieved"
    THRESHOLD = "threshold"


class Rollup(enum.StrEnum):
    """How a parent item is met: when all its children are, or when its rolled-up score meets the rule."""

    ALL_CHILDREN = "all_children"
    SCORE = "score"


class RelationKind(enum.StrEnum):
    """How one recommendation relates to another (read from the first to the second)."""

    SAME_AS = "same_as"
    RELATED_TO = "related_to"
    FOLLOWS_UP_ON = "follows_up_on"


class Framework(OriginalLocaleMixin, VersionedMixin, Base):
    """A structure some body assesses against: accession chapters, a facility's payment conditions, SDGs."""

    __tablename__ = "framework"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (
        CheckConstraint(_in("kind", FrameworkKind), name="kind"),
        CheckConstraint(_in("met_rule", MetRule), name="met_rule"),
        CheckConstraint(_in("rollup", Rollup), name="rollup"),
        CheckConstraint(
            "(met_rule = 'threshold' AND threshold IS NOT NULL AND threshold > 0 AND threshold <= 100)"
            " OR (met_rule <> 'threshold' AND threshold IS NULL)",
            name="threshold_for_rule",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=FrameworkKind.OTHER)
    description: Mapped[str | None] = mapped_column(Text)
    met_rule: Mapped[str] = mapped_column(String(20), default=MetRule.ALL_ACHIEVED)
    threshold: Mapped[float | None] = mapped_column(Float)
    rollup: Mapped[str] = mapped_column(String(20), default=Rollup.ALL_CHILDREN)
    # Demo and example frameworks say so on every page that shows them.
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class FrameworkItem(OriginalLocaleMixin, VersionedMixin, Base):
    """One node of a framework's tree (cluster, chapter, reform area, payment condition, target)."""

    __tablename__ = "framework_item"
    __mapper_args__ = {"version_id_col": VersionedMixin.version}
    __table_args__ = (
        UniqueConstraint("framework_id", "code"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint("(amount IS NULL) = (currency IS NULL)", name="amount_with_currency"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index(None, "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    due_on: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    position: Mapped[int] = mapped_column(Integer, default=0)


class FrameworkLink(Base):
    """A crosswalk link: an item counts a whole recommendation or one benchmark, with a weight."""

    __tablename__ = "framework_link"
    __table_args__ = (
        CheckConstraint("(recommendation_id IS NULL) <> (benchmark_id IS NULL)", name="one_target"),
        CheckConstraint("weight > 0", name="weight_positive"),
        UniqueConstraint("item_id", "recommendation_id"),
        UniqueConstraint("item_id", "benchmark_id"),
        Index(None, "recommendation_id"),
        Index(None, "benchmark_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"))
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    benchmark_id: Mapped[int | None] = mapped_column(ForeignKey("benchmark.id", ondelete="CASCADE"))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecommendationRelation(Base):
    """One recommendation said to be the same as, related to, or a follow-up on another."""

    __tablename__ = "recommendation_relation"
    __table_args__ = (
        CheckConstraint(_in("kind", RelationKind), name="kind"),
        CheckConstraint("from_id <> to_id", name="not_self"),
        UniqueConstraint("from_id", "to_id"),
        Index(None, "to_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default=RelationKind.RELATED_TO)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- frameworks in other languages (as the "content in other languages" block above) ---


class FrameworkTranslation(_Translation, Base):
    """A framework's name and description in one more language."""

    __tablename__ = "framework_translation"
    framework_id: Mapped[int] = _translated("framework")
    name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class FrameworkItemTranslation(_Translation, Base):
    """A framework item's title in one more language."""

    __tablename__ = "framework_item_translation"
    framework_item_id: Mapped[int] = _translated("framework_item")
    title: Mapped[str | None] = mapped_column(String(300))
