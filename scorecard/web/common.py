"""Small pieces every view uses: who is acting, service errors onto form fields, stale edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

from flask import current_app, flash, g, redirect, request
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import Field, FieldList, FormField

from scorecard import i18n
from scorecard.db import get_session
from scorecard.errors import N_, RuleViolation, StaleEdit
from scorecard.services.audit import ActingUser
from scorecard.services.summary_cache import SummaryCache

from .security import client_ip

SUMMARY_CACHE_KEY = "scorecard_summary_cache"

T = TypeVar("T")


def whole_number(raw: object, *, largest: int = 2_147_483_647) -> int | None:
    """A non-negative whole number typed in ASCII digits (an id, a position), or None.

    str.isdigit alone lets through "²" and other digits int() refuses, and
    numbers too long for a database column.
    """
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= largest else None


def acting_user() -> ActingUser:
    """The signed-in person making this request, as services take it."""
    return ActingUser(
        user_id=current_user.id if current_user.is_authenticated else None,
        email=current_user.email if current_user.is_authenticated else "anonymous",
        ip=client_ip(request),
        request_id=g.get("request_id"),
    )


def summary_cache() -> SummaryCache:
    """This process's cache of rendered summaries (SUMMARY_CACHE_SIZE of them; 0 turns it off)."""
    cache: SummaryCache | None = current_app.extensions.get(SUMMARY_CACHE_KEY)
    if cache is None:
        cache = current_app.extensions.setdefault(
            SUMMARY_CACHE_KEY, SummaryCache(int(current_app.config.get("SUMMARY_CACHE_SIZE", 64)))
        )
    return cache


def remembered_content(key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
    """Page content that is the same for everyone with this role, rendered once per data change.

    Only for content without anything personal (no CSRF token, no name): the
    layout around it, with the person's menu and tokens, is rendered each time.
    """
    role = current_user.role if current_user.is_authenticated else None
    # The language too: the same data reads differently in each.
    language = i18n.html_lang()
    full_key = (*key, role, language, bool(current_app.config["PUBLIC_READ"]), date.today())
    return summary_cache().remember(get_session(), full_key, lambda: Markup(render()))  # noqa: S704 - rendered by Jinja


def commit() -> None:
    """Commit this request's work: once, at the end of a successful write."""
    get_session().commit()


def _walk(fields: Any) -> Iterator[Field]:
    for field in fields:
        if isinstance(field, FormField):
            yield from _walk(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from _walk(entry.form)
                else:
                    yield entry
            yield field
        else:
            yield field


def attach_errors(form: FlaskForm, violation: RuleViolation) -> list[str]:
    """Show a service's errors beside the fields they name; return those about no field in particular."""
    by_name = {field.name: field for field in _walk(form)}
    general: list[str] = []
    for name, english in violation.errors.items():
        message = i18n.translate(english)
        field = by_name.get(name)
        if field is None:
            general.append(message)
            continue
        errors = list(field.errors) if isinstance(field.errors, list | tuple) else []
        field.errors = [*errors, message]
    return general


def describe_value(value: Any) -> str:
    """A stored value as a person reads it in a message, in this page's language."""
    if value is None or value == "":
        return str(gettext("(empty)"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or gettext("(none)")
    if isinstance(value, date):
        return i18n.locale_date(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


# Each record kind's own sentence: a translation cannot be put together from a kind's name.
STALE_SAVED = {
    "recommendation": N_("Not saved: someone else saved this recommendation after you opened it."),
    "benchmark": N_("Not saved: someone else saved this benchmark after you opened it."),
    "progress_entry": N_("Not saved: someone else saved this progress entry after you opened it."),
    "actor": N_("Not saved: someone else saved this actor after you opened it."),
    "review_cycle": N_("Not saved: someone else saved this review cycle after you opened it."),
    "scale": N_("Not saved: someone else saved this scale after you opened it."),
    "source": N_("Not saved: someone else saved this source after you opened it."),
    "theme": N_("Not saved: someone else saved this theme after you opened it."),
    "user": N_("Not saved: someone else saved this account after you opened it."),
}
STALE_SAVED_OTHER = N_("Not saved: someone else saved this record after you opened it.")


def stale_edit_message(
    stale: StaleEdit, labels: dict[str, str] | None = None, *, input_kept: bool = True
) -> str:
    """What someone else changed, for a refused save; the form keeps what this person typed (`input_kept`)."""
    labels = labels or {}
    parts = [
        f"{i18n.translate(labels.get(field, field.replace('_', ' ').capitalize()))}: "
        f"{describe_value(then)} → {describe_value(now)}"
        for field, (then, now) in stale.changes.items()
    ]
    changed = "; ".join(parts) if parts else gettext("details not recorded")
    sentences = [
        i18n.translate(STALE_SAVED.get(stale.entity, STALE_SAVED_OTHER)),
        gettext("Their changes — %(changes)s.", changes=changed),
    ]
    if input_kept:
        sentences.append(
            gettext(
                "Your input is kept below: check it against theirs and save again to replace their version."
            )
        )
    return " ".join(sentences)


def accept_current_version(form: FlaskForm, stale: StaleEdit) -> None:
    """After showing a stale-edit message, let the next save apply on top of the current version."""
    version = getattr(form, "version", None)
    if version is not None:
        version.data = str(stale.current_version)
        version.raw_data = [str(stale.current_version)]


def show_refusal(
    form: FlaskForm, refusal: StaleEdit | RuleViolation, labels: dict[str, str] | None = None
) -> None:
    """Say why a save was refused, keeping what was typed: a stale edit (what the other person changed;
    the next save applies on top of it) or broken rules (each beside its field where it has one)."""
    if isinstance(refusal, StaleEdit):
        flash(stale_edit_message(refusal, labels), "error")
        accept_current_version(form, refusal)
        return
    for message in attach_errors(form, refusal):
        flash(message, "error")


def form_version(form: FlaskForm) -> int | None:
    """The record version the edit form was opened at; None only for a form that carries no version.

    A missing or garbled version reads as 0, which no record has: the edit is
    refused as stale (with what changed) instead of skipping the check.
    """
    field = getattr(form, "version", None)
    if field is None:
        return None
    return whole_number(field.data) or 0


def save_form(
    form: FlaskForm, save: Callable[[], T], labels: dict[str, str] | None = None, *, submitted: bool = True
) -> T | None:
    """Validate a submitted form and run `save`: commit and return what it returns, or None after
    showing why the save was refused (beside the fields, keeping what was typed).

    `submitted` False skips the save for a POST that only rearranged a form's rows.
    """
    if not (submitted and form.validate_on_submit()):
        return None
    try:
        saved = save()
    except (StaleEdit, RuleViolation) as refusal:
        show_refusal(form, refusal, labels)
        return None
    commit()
    return saved


def save_then_go(
    form: FlaskForm, save: Callable[[], object], page: Callable[[], str], done: str, then: str
) -> Response | str:
    """Save the form as save_form does; once saved, flash `done` and go to the address `then`, else show
    `page()` again (with why the save was refused beside the fields)."""
    if save_form(form, save) is None:
        return page()
    flash(done, "success")
    return redirect(then)


def run_confirmed(form: FlaskForm, action: Callable[[], object]) -> bool:
    """Run a button's action (a delete) once its form checks out: commit and say True,
    or flash why it was refused and say False."""
    if not form.validate_on_submit():
        return False
    try:
        action()
    except RuleViolation as violation:
        flash(" ".join(i18n.translate(message) for message in violation.errors.values()), "error")
        return False
    commit()
    return True


def attach_row_errors(rows: FieldList, violation: RuleViolation, *, fallback: str) -> None:
    """Errors keyed "<row>-<field>" shown beside that row's field, or its `fallback` field if it has none."""
    for key, message in violation.errors.items():
        index, _, name = key.partition("-")
        row = rows[int(index)].form
        target = getattr(row, name, None) or getattr(row, fallback)
        target.errors = [*target.errors, i18n.translate(message)]
