"""Small factories that arrange data through the services, so audit and maintained state stay true."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import (
    Benchmark,
    Framework,
    FrameworkItem,
    ProgressEntry,
    Recommendation,
    Scale,
    ScaleLevel,
    User,
)
from scorecard.rules.frameworks import ItemFacts, check_framework
from scorecard.services import progress, recommendations, reference, users
from scorecard.services.audit import ActingUser
from scorecard.services.frameworks import records

PASSWORD = "correct horse battery staple"
SYSTEM = ActingUser.system("tests")
CHEAP_HASH = users.PasswordPolicy(time_cost=1, memory_kib=8)
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other factory call has used in this run."""
    return f"{prefix} {next(_counter)}"


def make_user(
    session: Session,
    *,
    role: str = "analyst",
    email: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
    actor_ids: list[int] | None = None,
) -> User:
    """An active account with the shared test password; a contributor reports for `actor_ids`
    (by default for an actor of its own, that no recommendation names)."""
    email = email or f"{role}{next(_counter)}@example.org"
    if role == "contributor" and not actor_ids:
        actor_ids = [make_actor(session).id]
    return users.create_user(
        session,
        email=email,
        name=name or role.title(),
        role=role,
        password=password,
        passwords=CHEAP_HASH,
        by=SYSTEM,
        actor_ids=actor_ids or [],
    )


def make_theme(session: Session, name: str | None = None) -> Any:
    """A theme."""
    return reference.create_theme(session, name=name or unique("Theme"), by=SYSTEM)


def make_actor(session: Session, name: str | None = None, kind: str = "government") -> Any:
    """An actor."""
    return reference.create_actor(session, name=name or unique("Actor"), kind=kind, by=SYSTEM)


def make_source(session: Session, title: str | None = None) -> Any:
    """A source."""
    return reference.create_source(
        session, fields=reference.SourceInput(title=title or unique("Report")), by=SYSTEM
    )


def scale(session: Session, name: str = "EU progress") -> Scale:
    """A preset scale by name."""
    found = session.scalar(select(Scale).where(Scale.name == name))
    assert found is not None
    return found


def level(session: Session, scale_name: str, label: str) -> ScaleLevel:
    """A level of a preset scale by its label."""
    found = session.scalar(
        select(ScaleLevel).join(Scale).where(Scale.name == scale_name, ScaleLevel.label == label)
    )
    assert found is not None
    return found


def milestone(title: str = "Roadmap published", **overrides: Any) -> recommendations.BenchmarkInput:
    """A milestone benchmark input."""
    return recommendations.BenchmarkInput(title=title, kind="milestone", **overrides)


def numeric(
    title: str = "Troops deployed", baseline: float = 0, target: float = 700, **overrides: Any
) -> recommendations.BenchmarkInput:
    """A numeric benchmark input (direction follows from baseline and target)."""
    return recommendations.BenchmarkInput(
        title=title,
        kind="numeric",
        baseline=baseline,
        target=target,
        unit=overrides.pop("unit", "troops"),
        **overrides,
    )


def on_scale(
    session: Session,
    title: str = "Commission assessment",
    scale_name: str = "EU progress",
    **overrides: Any,
) -> recommendations.BenchmarkInput:
    """A scale benchmark input."""
    return recommendations.BenchmarkInput(
        title=title, kind="scale", scale_id=scale(session, scale_name).id, **overrides
    )


def make_recommendation(session: Session, **overrides: Any) -> Recommendation:
    """A recommendation; benchmarks default to one milestone. Override any RecommendationInput field."""
    fields: dict[str, Any] = {
        "code": f"T-{next(_counter):04d}",
        "title": "Publish a roadmap for lifting the measures",
        "text": "A roadmap for lifting these measures, backed by coordination with member states, "
        "is crucial.",
        "priority": "medium",
        "status": "in_progress",
    }
    fields.update(overrides)
    if "theme_id" not in fields:
        fields["theme_id"] = make_theme(session).id
    if "benchmarks" not in fields:
        fields["benchmarks"] = [milestone()]
    return recommendations.create_recommendation(
        session, fields=recommendations.RecommendationInput(**fields), by=SYSTEM
    )


def make_perspective(session: Session, name: str = "Shadow") -> Any:
    """A perspective (whose assessment an entry is) with a name no other test has used."""
    return reference.create_perspective(session, name=unique(name), by=SYSTEM)


def unique_code(prefix: str) -> str:
    """A recommendation code no other factory call has used, e.g. PER-12."""
    return unique(prefix).replace(" ", "-")


def led_by_two_actors(
    session: Session,
    mine: list[recommendations.BenchmarkInput],
    other: list[recommendations.BenchmarkInput] | None = None,
) -> dict[str, Any]:
    """Two new actors, "ours" and "theirs", and a recommendation led by each ("mine", "other") with
    these benchmarks (the other's default to one milestone)."""
    ours, theirs = make_actor(session), make_actor(session)
    return {
        "ours": ours,
        "theirs": theirs,
        "mine": make_recommendation(session, actors=[(ours.id, "lead")], benchmarks=mine),
        "other": make_recommendation(
            session, actors=[(theirs.id, "lead")], benchmarks=other or [milestone()]
        ),
    }


def record(
    session: Session,
    benchmark: Benchmark | int,
    observed_on: date,
    *,
    today: date | None = None,
    by: ActingUser = SYSTEM,
    submitted: bool = False,
    eu_level: str | None = None,
    **values: Any,
) -> ProgressEntry:
    """Record an entry: pass level_id= (or `eu_level`, a label of the EU progress scale), value= or
    achieved= (and note= and the like); a `submitted` one awaits review, as a contributor's does."""
    if eu_level is not None:
        values["level_id"] = level(session, "EU progress", eu_level).id
    benchmark_id = benchmark if isinstance(benchmark, int) else benchmark.id
    return progress.record_progress(
        session,
        benchmark_id,
        fields=progress.EntryInput(observed_on=observed_on, **values),
        by=by,
        today=today or max(observed_on, date.today()),
        submitted=submitted,
    )


def make_framework(session: Session, **fields: Any) -> Framework:
    """A new framework saved by the system: fields are check_framework's (name and kind at least)."""
    return records.save_framework(
        session, None, fields=check_framework(**fields), expected_version=None, by=SYSTEM
    )


def make_item(session: Session, framework_id: int, item_id: int | None = None, **facts: Any) -> FrameworkItem:
    """A framework item saved by the system (a new one unless item_id is given): facts are ItemFacts'."""
    return records.save_item(
        session, framework_id, item_id, facts=ItemFacts(**facts), expected_version=None, by=SYSTEM
    )
