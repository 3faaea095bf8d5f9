"""Reference data: sources, actors, themes and review cycles (one shape, four tables) and scales."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import RuleViolation, StaleEdit
from scorecard.forms.reference import (
    ActorForm,
    CycleForm,
    DeleteForm,
    LevelForm,
    ScaleForm,
    SourceForm,
    ThemeForm,
)
from scorecard.services import reference
from scorecard.services.audit import ActingUser
from scorecard.web.common import (
    acting_user,
    commit,
    form_version,
    show_refusal,
    whole_number,
)
from scorecard.web.rows import SAVE, rearrange, requested_action

bp = Blueprint("reference", __name__)

Saver = Callable[[Session, int | None, FlaskForm, int | None, ActingUser], Any]


@dataclass(frozen=True)
class ReferenceKind:
    """How one kind of reference record is listed, edited and deleted."""

    name: str
    plural: str
    label: str
    form: type[FlaskForm]
    columns: tuple[tuple[str, str], ...]  # (attribute, heading)
    list_all: Callable[[Session], list[Any]]
    get: Callable[[Session, int], Any]
    save: Saver  # creates when the id is None
    delete: Callable[..., None]
    usage: Callable[[Session], dict[int, int]] | None = None
    help: str = ""


def _save_source(
    session: Session, item_id: int | None, form: FlaskForm, version: int | None, by: ActingUser
) -> Any:
    fields = reference.SourceInput(
        title=form.title.data or "",
        publisher=form.publisher.data,
        authors=form.authors.data,
        published_on=form.published_on.data,
        url=form.url.data,
        notes=form.notes.data,
    )
    if item_id is None:
        return reference.create_source(session, fields=fields, by=by)
    return reference.update_source(session, item_id, fields=fields, expected_version=version, by=by)


def _save_actor(
    session: Session, item_id: int | None, form: FlaskForm, version: int | None, by: ActingUser
) -> Any:
    if item_id is None:
        return reference.create_actor(session, name=form.name.data or "", kind=form.kind.data or "", by=by)
    return reference.update_actor(
        session,
        item_id,
        name=form.name.data or "",
        kind=form.kind.data or "",
        expected_version=version,
        by=by,
    )


def _save_theme(
    session: Session, item_id: int | None, form: FlaskForm, version: int | None, by: ActingUser
) -> Any:
    if item_id is None:
        return reference.create_theme(
            session, name=form.name.data or "", description=form.description.data, by=by
        )
    return reference.update_theme(
        session,
        item_id,
        name=form.name.data or "",
        description=form.description.data,
        expected_version=version,
        by=by,
    )


def _save_cycle(
    session: Session, item_id: int | None, form: FlaskForm, version: int | None, by: ActingUser
) -> Any:
    if item_id is None:
        return reference.create_cycle(
            session,
            name=form.name.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            by=by,
        )
    return reference.update_cycle(
        session,
        item_id,
        name=form.name.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        expected_version=version,
        by=by,
    )


KINDS = {
    kind.name: kind
    for kind in (
        ReferenceKind(
            "source",
            "sources",
            "Source",
            SourceForm,
            (("title", "Title"), ("publisher", "Publisher"), ("published_on", "Published")),
            reference.list_sources,
            reference.get_source,
            _save_source,
            reference.delete_source,
            reference.recommendations_per_source,
            "Reports, articles and statements that make recommendations.",
        ),
        ReferenceKind(
            "actor",
            "actors",
            "Actor",
            ActorForm,
            (("name", "Name"), ("kind", "Kind")),
            reference.list_actors,
            reference.get_actor,
            _save_actor,
            reference.delete_actor,
            reference.recommendations_per_actor,
            "Who recommendations ask to act.",
        ),
        ReferenceKind(
            "theme",
            "themes",
            "Theme",
            ThemeForm,
            (("name", "Name"), ("description", "Description")),
            reference.list_themes,
            reference.get_theme,
            _save_theme,
            reference.delete_theme,
            reference.recommendations_per_theme,
            "The policy areas recommendations are filed under.",
        ),
        ReferenceKind(
            "cycle",
            "cycles",
            "Review cycle",
            CycleForm,
            (("name", "Name"), ("starts_on", "Starts"), ("ends_on", "Ends")),
            reference.list_cycles,
            reference.get_cycle,
            _save_cycle,
            reference.delete_cycle,
            None,
            "Named periods that reviews compare; the scorecard compares with the end of the last one.",
        ),
    )
}


def _index(kind: ReferenceKind) -> str:
    session = get_session()
    usage = kind.usage(session) if kind.usage else None
    return render_template(
        "reference/index.html",
        kind=kind,
        items=kind.list_all(session),
        usage=usage,
        delete_form=DeleteForm(formdata=None),
    )


def _edit(kind: ReferenceKind, item_id: int | None) -> Response | str:
    session = get_session()
    item = kind.get(session, item_id) if item_id is not None else None
    form = kind.form(obj=item) if request.method == "GET" and item is not None else kind.form()
    if form.validate_on_submit():
        try:
            saved = kind.save(session, item_id, form, form_version(form), acting_user())
        except (StaleEdit, RuleViolation) as refusal:
            show_refusal(form, refusal)
        else:
            commit()
            flash(f"{kind.label} “{getattr(saved, 'name', None) or saved.title}” saved.", "success")
            return redirect(url_for(f"reference.{kind.name}_index"))
    return render_template("reference/form.html", kind=kind, form=form, item=item)


def _delete(kind: ReferenceKind, item_id: int) -> Response:
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            kind.delete(get_session(), item_id, by=acting_user())
        except RuleViolation as violation:
            flash(" ".join(violation.errors.values()), "error")
        else:
            commit()
            flash(f"{kind.label} deleted.", "success")
    return redirect(url_for(f"reference.{kind.name}_index"))


def _register(kind: ReferenceKind) -> None:
    """The four routes of one kind: list, new, edit, delete."""
    prefix = f"/{kind.plural}"
    bp.add_url_rule(prefix, f"{kind.name}_index", lambda: _index(kind))
    bp.add_url_rule(
        f"{prefix}/new", f"{kind.name}_create", lambda: _edit(kind, None), methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"{prefix}/<int:item_id>",
        f"{kind.name}_edit",
        lambda item_id: _edit(kind, item_id),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"{prefix}/<int:item_id>/delete",
        f"{kind.name}_delete",
        lambda item_id: _delete(kind, item_id),
        methods=["POST"],
    )


for _kind in KINDS.values():
    _register(_kind)


# -- scales -------------------------------------------------------------------------------------


def _scale_data(scale: Any) -> dict[str, Any]:
    return {
        "version": scale.version,
        "name": scale.name,
        "description": scale.description,
        "levels": [
            {"id": str(level.id), "label": level.label, "score": level.score, "colour": level.colour}
            for level in scale.levels
        ],
    }


def _levels(form: ScaleForm) -> list[reference.LevelInput]:
    return [
        reference.LevelInput(
            label=row.form.label.data or "",
            score=row.form.score.data,
            colour=row.form.colour.data or "",
            id=whole_number(row.form.id.data),
        )
        for row in form.levels
    ]


@bp.route("/scales")
def scale_index() -> str:
    """Every scale with its levels, scores and colours."""
    return render_template(
        "reference/scales.html",
        scales=reference.list_scales(get_session()),
        delete_form=DeleteForm(formdata=None),
    )


def _scale_form(scale_id: int | None) -> Response | str:
    session = get_session()
    scale = reference.get_scale(session, scale_id) if scale_id is not None else None
    action = requested_action(request.form) if request.method == "POST" else ""
    if request.method == "POST":
        form = ScaleForm(
            formdata=request.form if action == SAVE else rearrange(request.form, action, lists=("levels",))
        )
    else:
        form = ScaleForm(data=_scale_data(scale) if scale else {"levels": [{}, {}, {}]})
    if action == SAVE and form.validate():
        try:
            if scale is None:
                saved = reference.create_scale(
                    session,
                    name=form.name.data or "",
                    description=form.description.data,
                    levels=_levels(form),
                    by=acting_user(),
                )
            else:
                saved = reference.update_scale(
                    session,
                    scale.id,
                    name=form.name.data or "",
                    description=form.description.data,
                    levels=_levels(form),
                    expected_version=form_version(form),
                    by=acting_user(),
                )
        except (StaleEdit, RuleViolation) as refusal:
            show_refusal(form, refusal)
        else:
            commit()
            flash(f"Scale “{saved.name}” saved.", "success")
            return redirect(url_for("reference.scale_index"))
    return render_template("reference/scale_form.html", form=form, scale=scale, blank_level=LevelForm)


@bp.route("/scales/new", methods=["GET", "POST"])
def scale_create() -> Response | str:
    """A new scale (admins)."""
    return _scale_form(None)


@bp.route("/scales/<int:scale_id>", methods=["GET", "POST"])
def scale_edit(scale_id: int) -> Response | str:
    """Change a scale's levels, scores and colours (admins); entries at a re-scored level are re-scored."""
    return _scale_form(scale_id)


@bp.route("/scales/<int:scale_id>/delete", methods=["POST"])
def scale_delete(scale_id: int) -> Response:
    """Delete a scale no benchmark uses (admins)."""
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            reference.delete_scale(get_session(), scale_id, by=acting_user())
        except RuleViolation as violation:
            flash(" ".join(violation.errors.values()), "error")
        else:
            commit()
            flash("Scale deleted.", "success")
    return redirect(url_for("reference.scale_index"))
