"""The Core tables behind the models, under the short names the services' SQL is written with."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from scorecard.models import (
    Actor,
    AuditEvent,
    Benchmark,
    BenchmarkSnapshot,
    BenchmarkState,
    Framework,
    FrameworkItem,
    FrameworkLink,
    Perspective,
    ProgressEntry,
    Recommendation,
    RecommendationActor,
    RecommendationRelation,
    RecommendationSnapshot,
    RecommendationState,
    RecommendationTranslation,
    ReviewCycle,
    Scale,
    ScaleLevel,
    SnapshotDay,
    Source,
    Theme,
    User,
)

actor = cast(Table, Actor.__table__)
app_user = cast(Table, User.__table__)
audit_event = cast(Table, AuditEvent.__table__)
bench = cast(Table, Benchmark.__table__)
bstate = cast(Table, BenchmarkState.__table__)
bsnap = cast(Table, BenchmarkSnapshot.__table__)
cycle = cast(Table, ReviewCycle.__table__)
entry = cast(Table, ProgressEntry.__table__)
level = cast(Table, ScaleLevel.__table__)
perspective = cast(Table, Perspective.__table__)
link = cast(Table, RecommendationActor.__table__)
rec = cast(Table, Recommendation.__table__)
recommendation_translation = cast(Table, RecommendationTranslation.__table__)
rstate = cast(Table, RecommendationState.__table__)
scale = cast(Table, Scale.__table__)
snapshot = cast(Table, RecommendationSnapshot.__table__)
snapshot_day = cast(Table, SnapshotDay.__table__)
source = cast(Table, Source.__table__)
theme = cast(Table, Theme.__table__)
# frameworks (issue 16)
framework = cast(Table, Framework.__table__)
framework_item = cast(Table, FrameworkItem.__table__)
framework_link = cast(Table, FrameworkLink.__table__)
relation = cast(Table, RecommendationRelation.__table__)
