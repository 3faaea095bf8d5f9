"""The access policy: for every endpoint and method, the roles allowed. Nothing else grants access.

An endpoint missing from this table is refused (403) and fails a test, so a
new view cannot ship without a decision about who may use it.
"""

from __future__ import annotations

from collections.abc import Mapping

ANONYMOUS = "anonymous"
# Anonymous visitors may read these when the PUBLIC_READ setting is on.
PUBLISHED = "published"

READ = frozenset({"viewer", "analyst", "admin"})
WRITE = frozenset({"analyst", "admin"})
ADMIN = frozenset({"admin"})
# Contributors report progress for their actors and see nothing else: every rule below that does not
# name them (READ, PUBLISHED_READ included) is closed to them.
CONTRIBUTOR = frozenset({"contributor"})
SIGNED_IN = READ | CONTRIBUTOR
EVERYONE = SIGNED_IN | {ANONYMOUS}
PUBLISHED_READ = READ | {PUBLISHED}

Rule = Mapping[str, frozenset[str]]


def read(roles: frozenset[str] = READ) -> Rule:
    """GET (and HEAD) for these roles."""
    return {"GET": roles}


def form(view: frozenset[str], submit: frozenset[str]) -> Rule:
    """A page with a form: GET to see it, POST to submit it."""
    return {"GET": view, "POST": submit}


# The JSON API's endpoints. Nothing here is for admins only: no token reaches an admin operation.
API_POLICY: dict[str, Rule] = {
    "api.openapi": read(EVERYONE),
    "api.docs": read(EVERYONE),
    **{
        f"api.{name}": read()
        for name in (
            "scorecard",
            "themes",
            "actors",
            "sources",
            "framework_list",
            "framework",
            "framework_item",
            "framework_links",
        )
    },
    # contributors' tokens read what their actors are asked to act on (reads.scoped_filter), and the
    # scales their reports name levels of; they report progress on their actors' benchmarks, for review
    **{
        f"api.{name}": read(READ | CONTRIBUTOR)
        for name in ("recommendation_list", "recommendation", "benchmark_list", "progress_list", "scales")
    },
    "api.progress_record": {"POST": WRITE | CONTRIBUTOR},
    "api.recommendation_create": {"POST": WRITE},
    "api.recommendation_update": {"PUT": WRITE},
    "api.progress_correct": {"POST": WRITE | CONTRIBUTOR},
    # its pages: everyone signed in keeps their own tokens; admins register webhooks
    "api_pages.tokens_index": form(SIGNED_IN, SIGNED_IN),
    "api_pages.token_revoke": {"POST": SIGNED_IN},
    "api_pages.webhooks_index": form(ADMIN, ADMIN),
    "api_pages.webhook_resend": {"POST": ADMIN},
}

POLICY: dict[str, Rule] = {
    "static": read(EVERYONE),
    # signing in and out
    "auth.login": form(EVERYONE, EVERYONE),
    "auth.logout": {"POST": SIGNED_IN},
    "auth.account": form(SIGNED_IN, SIGNED_IN),
    "auth.account_language": {"POST": SIGNED_IN},
    # the interface language: anyone, on any page
    "language.switch": {"POST": EVERYONE},
    # summaries: publishable read-only to anonymous visitors when PUBLIC_READ is on
    "dashboard.index": read(PUBLISHED_READ),
    "scorecard.index": read(PUBLISHED_READ),
    "scorecard.actor": read(PUBLISHED_READ),
    "scorecard.source": read(PUBLISHED_READ),
    "exports.scorecard": read(PUBLISHED_READ),
    # recommendations and their progress
    "recommendations.index": read(),
    "recommendations.detail": read(),
    "recommendations.create": form(WRITE, WRITE),
    "recommendations.edit": form(WRITE, WRITE),
    "recommendations.archive": {"POST": WRITE},
    "recommendations.restore": {"POST": WRITE},
    "recommendations.delete": form(ADMIN, ADMIN),
    "progress.record": form(WRITE, WRITE),
    "progress.correct": form(WRITE, WRITE),
    "progress.delete": {"POST": WRITE},
    "progress.round": form(WRITE, WRITE),
    # reference data: everyone reads, analysts maintain, admins delete and define scales
    **{f"reference.{kind}_index": read() for kind in ("source", "actor", "theme", "scale", "cycle")},
    **{f"reference.{kind}_create": form(WRITE, WRITE) for kind in ("source", "actor", "theme", "cycle")},
    **{f"reference.{kind}_edit": form(WRITE, WRITE) for kind in ("source", "actor", "theme", "cycle")},
    **{
        f"reference.{kind}_delete": {"POST": ADMIN} for kind in ("source", "actor", "theme", "scale", "cycle")
    },
    "reference.scale_create": form(ADMIN, ADMIN),
    "reference.scale_edit": form(ADMIN, ADMIN),
    # CSV
    "exports.recommendations": read(),
    "exports.benchmarks": read(),
    "exports.progress": read(),
    "imports.upload": form(WRITE, WRITE),
    "imports.mapping": form(WRITE, WRITE),
    "imports.preview": form(WRITE, WRITE),
    "imports.status": read(WRITE),
    "imports.mapping_rename": {"POST": WRITE},
    "imports.mapping_delete": {"POST": WRITE},
    # reporting schedule, reminders and evidence: files are downloaded signed in, never published
    "evidence.download": read(SIGNED_IN),  # a contributor: its own actors' entries only (services.review)
    "reporting.due": read(),
    "auth.account_reminders": {"POST": READ},
    # frameworks and crosswalks (issue 16): everyone reads, analysts build, admins delete
    "frameworks.index": read(),
    "frameworks.detail": read(),
    "frameworks.item": read(),
    "frameworks.integrated": read(),
    "frameworks.export_csv": read(),
    "frameworks.create": form(WRITE, WRITE),
    "frameworks.edit": form(WRITE, WRITE),
    "frameworks.item_create": form(WRITE, WRITE),
    "frameworks.item_edit": form(WRITE, WRITE),
    "frameworks.link_create": form(WRITE, WRITE),
    "frameworks.link_delete": {"POST": WRITE},
    "frameworks.link_edit": form(WRITE, WRITE),
    "frameworks.relation_create": {"POST": WRITE},
    "frameworks.relation_delete": {"POST": WRITE},
    "frameworks.delete": {"POST": ADMIN},
    "frameworks.item_delete": {"POST": ADMIN},
    # administration
    "admin.users_index": read(ADMIN),
    "admin.user_create": form(ADMIN, ADMIN),
    "admin.user_edit": form(ADMIN, ADMIN),
    "admin.user_password": form(ADMIN, ADMIN),
    "admin.user_unlock": {"POST": ADMIN},
    "admin.audit_log": read(ADMIN),
    # --- review and perspectives: contributors report (which benchmark: services.review), reviewers decide
    "review.mine": read(CONTRIBUTOR),
    "review.submit": form(CONTRIBUTOR, CONTRIBUTOR),
    "review.revise": form(CONTRIBUTOR, CONTRIBUTOR),
    "review.inbox": read(WRITE),
    "review.decide": {"POST": WRITE},
    "reference.perspective_index": read(),
    "reference.perspective_create": form(ADMIN, ADMIN),
    "reference.perspective_edit": form(ADMIN, ADMIN),
    "reference.perspective_delete": {"POST": ADMIN},
    # --- evidence kept right: analysts remove a wrong or confidential file or link (audited)
    "evidence.delete": {"POST": WRITE},
    "evidence.delete_link": {"POST": WRITE},
    # the JSON API (scorecard/api): a bearer token acts with its user's role; writes also need a write token
    **API_POLICY,
}


def allowed_roles(endpoint: str | None, method: str) -> frozenset[str] | None:
    """The roles the policy allows for this endpoint and method; None when it says nothing (refuse)."""
    if endpoint is None:
        return None
    rule = POLICY.get(endpoint)
    if rule is None:
        return None
    # HEAD and OPTIONS answer like GET and carry no change.
    return rule.get("GET" if method in ("HEAD", "OPTIONS") else method)


def permits(roles: frozenset[str], *, role: str | None, public_read: bool) -> bool:
    """Whether someone with `role` (None: not signed in) may pass a rule allowing `roles`."""
    if role is None:
        return ANONYMOUS in roles or (public_read and PUBLISHED in roles)
    return role in roles
