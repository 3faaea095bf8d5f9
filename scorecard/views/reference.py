"""Reference data: sources, actors, themes, cycles and perspectives (one shape, five tables), and scales."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import N_, Message
from scorecard.forms.reference import (
    ACTOR_KIND_CHOICES,
    TRANSLATION_FIELDS,
    ActorForm,
    CycleForm,
    DeleteForm,
    LevelForm,
    PerspectiveForm,
    ScaleForm,
    SourceForm,
    ThemeForm,
)
from scorecard.i18n import translate
from scorecard.models import Scale
from scorecard.services import content, reference
from scorecard.services.audit import ActingUser
from scorecard.web.common import acting_user, form_version, run_confirmed, save_form, whole_number
from scorecard.web.content import fill_fold, fold_values, localiser
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
    records: reference.RecordKind[Any]  # how the service finds, lists and deletes them
    save: Saver  # creates when the id is None
    usage: Callable[[Session], dict[int, int]] | None = None
    help: str = ""
    # The pages' whole phrases, one per kind: a translation cannot be built from `label`.
    heading: str = ""  # the list's title, "Sources"
    add: str = ""  # "Add a source"
    new: str = ""  # the create form's title, "New source"
    edit: str = ""  # the edit form's title, "Edit source"
    empty: str = ""  # "No sources yet."
    saved: str = ""  # the flash after a save, "Source “%(name)s” saved."
    deleted: str = ""  # "Source deleted."
    admin_only: bool = False  # analysts may not add or edit these


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


def _save_named(named: reference.NamedKind[Any]) -> Saver:
    """The saver of a kind with a name and a description (themes, perspectives)."""

    def save(
        session: Session, item_id: int | None, form: FlaskForm, version: int | None, by: ActingUser
    ) -> Any:
        if item_id is None:
            return named.create_named(
                session, name=form.name.data or "", description=form.description.data, by=by
            )
        return named.update_named(
            session,
            item_id,
            name=form.name.data or "",
            description=form.description.data,
            expected_version=version,
            by=by,
        )

    return save


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


SOURCES = ReferenceKind(
    name="source",
    plural="sources",
    label=N_("Source"),
    form=SourceForm,
    columns=(("title", N_("Title")), ("publisher", N_("Publisher")), ("published_on", N_("Published"))),
    records=reference.SOURCES,
    save=_save_source,
    usage=reference.recommendations_per_source,
    help=N_("Reports, articles and statements that make recommendations."),
    heading=N_("Sources"),
    add=N_("Add a source"),
    new=N_("New source"),
    edit=N_("Edit source"),
    empty=N_("No sources yet."),
    saved=N_("Source “%(name)s” saved."),
    deleted=N_("Source deleted."),
)
ACTORS = ReferenceKind(
    name="actor",
    plural="actors",
    label=N_("Actor"),
    form=ActorForm,
    columns=(("name", N_("Name")), ("kind", N_("Kind"))),
    records=reference.ACTORS,
    save=_save_actor,
    usage=reference.recommendations_per_actor,
    help=N_("Who recommendations ask to act."),
    heading=N_("Actors"),
    add=N_("Add an actor"),
    new=N_("New actor"),
    edit=N_("Edit actor"),
    empty=N_("No actors yet."),
    saved=N_("Actor “%(name)s” saved."),
    deleted=N_("Actor deleted."),
)
THEMES = ReferenceKind(
    name="theme",
    plural="themes",
    label=N_("Theme"),
    form=ThemeForm,
    columns=(("name", N_("Name")), ("description", N_("Description"))),
    records=reference.THEMES,
    save=_save_named(reference.THEMES),
    usage=reference.recommendations_per_theme,
    help=N_("The policy areas recommendations are filed under."),
    heading=N_("Themes"),
    add=N_("Add a theme"),
    new=N_("New theme"),
    edit=N_("Edit theme"),
    empty=N_("No themes yet."),
    saved=N_("Theme “%(name)s” saved."),
    deleted=N_("Theme deleted."),
)
CYCLES = ReferenceKind(
    name="cycle",
    plural="cycles",
    label=N_("Review cycle"),
    form=CycleForm,
    columns=(("name", N_("Name")), ("starts_on", N_("Starts")), ("ends_on", N_("Ends"))),
    records=reference.CYCLES,
    save=_save_cycle,
    usage=None,
    help=N_("Named periods that reviews compare; the scorecard compares with the end of the last one."),
    heading=N_("Review cycles"),
    add=N_("Add a review cycle"),
    new=N_("New review cycle"),
    edit=N_("Edit review cycle"),
    empty=N_("No review cycles yet."),
    saved=N_("Review cycle “%(name)s” saved."),
    deleted=N_("Review cycle deleted."),
)

PERSPECTIVES = ReferenceKind(
    name="perspective",
    plural="perspectives",
    label=N_("Perspective"),
    form=PerspectiveForm,
    columns=(("name", N_("Name")), ("description", N_("Description"))),
    records=reference.PERSPECTIVES,
    save=_save_named(reference.PERSPECTIVES),
    usage=None,
    help=N_(
        "Whose assessment an entry can be besides the monitoring team's own: a government's "
        "self-assessment, a civil-society shadow report. Scores are the monitoring team's; the scorecard "
        "can show another perspective beside them."
    ),
    heading=N_("Perspectives"),
    add=N_("Add a perspective"),
    new=N_("New perspective"),
    edit=N_("Edit perspective"),
    empty=N_("No perspectives yet."),
    saved=N_("Perspective “%(name)s” saved."),
    deleted=N_("Perspective deleted."),
    admin_only=True,
)


# The five kinds share one list page, one form page and one delete: their routes differ only in the kind.


def _index(kind: ReferenceKind) -> str:
    session = get_session()
    items = kind.records.all(session)
    in_content = kind.name in content.KINDS
    return render_template(
        "reference/index.html",
        kind=kind,
        items=items,
        tr=localiser(session, {kind.name: [item.id for item in items]} if in_content else {}),
        usage=kind.usage(session) if kind.usage else None,
        delete_form=DeleteForm(formdata=None),
        actor_kinds=dict(ACTOR_KIND_CHOICES),
    )


def _translated_field(form: FlaskForm) -> str | None:
    """The field a reference form translates in its fold (a source's title, a name), or None."""
    if "original_locale" not in form:
        return None
    return "title" if "title_sq" in form else "name"


def _fill_translations(session: Session, form: FlaskForm, item: Any) -> None:
    """The fold of an edit form, filled in from the record's stored translations."""
    name = _translated_field(form)
    if name is not None:
        fill_fold(session, form, item, [name])


def _save_with_translations(
    kind: ReferenceKind, session: Session, item_id: int | None, form: FlaskForm
) -> Any:
    """Save the record, then the translations from its form's fold."""
    saved = kind.save(session, item_id, form, form_version(form), acting_user())
    name = _translated_field(form)
    if name is not None:
        content.translate(
            session,
            saved,
            values=fold_values(form, [name]),
            original_locale=form.original_locale.data,
            by=acting_user(),
        )
    return saved


def _edit(kind: ReferenceKind, item_id: int | None) -> Response | str:
    session = get_session()
    item = kind.records.get(session, item_id) if item_id is not None else None
    form = kind.form(obj=item) if request.method == "GET" and item is not None else kind.form()
    if request.method == "GET":
        _fill_translations(session, form, item)
    saved = save_form(form, lambda: _save_with_translations(kind, session, item_id, form))
    if saved is None:
        return render_template(
            "reference/form.html", kind=kind, form=form, item=item, translation_fields=TRANSLATION_FIELDS
        )
    name = getattr(saved, "name", None) or saved.title
    flash(translate(Message(kind.saved, name=name)), "success")
    return redirect(url_for(f"reference.{kind.name}_index"))


def _delete(kind: ReferenceKind, item_id: int) -> Response:
    if run_confirmed(DeleteForm(), lambda: kind.records.delete(get_session(), item_id, by=acting_user())):
        flash(translate(kind.deleted), "success")
    return redirect(url_for(f"reference.{kind.name}_index"))


def _kind_pages(kind: ReferenceKind) -> None:
    """A kind's four pages, at /<plural>, /<plural>/new, /<plural>/<id> and /<plural>/<id>/delete:
    the list (with how many recommendations use each), a new one, a change, and deleting one (admins;
    one still in use is refused). Their endpoints are <name>_index, _create, _edit and _delete."""

    def index() -> str:
        return _index(kind)

    def create() -> Response | str:
        return _edit(kind, None)

    def edit(item_id: int) -> Response | str:
        return _edit(kind, item_id)

    def delete(item_id: int) -> Response:
        return _delete(kind, item_id)

    path, name, form = f"/{kind.plural}", kind.name, ["GET", "POST"]
    bp.add_url_rule(path, f"{name}_index", index)
    bp.add_url_rule(f"{path}/new", f"{name}_create", create, methods=form)
    bp.add_url_rule(f"{path}/<int:item_id>", f"{name}_edit", edit, methods=form)
    bp.add_url_rule(f"{path}/<int:item_id>/delete", f"{name}_delete", delete, methods=["POST"])


for _kind in (SOURCES, ACTORS, THEMES, CYCLES, PERSPECTIVES):
    _kind_pages(_kind)


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


def _save_scale(session: Session, scale_id: int | None, form: ScaleForm) -> Scale:
    if scale_id is None:
        return reference.create_scale(
            session,
            name=form.name.data or "",
            description=form.description.data,
            levels=_levels(form),
            by=acting_user(),
        )
    return reference.update_scale(
        session,
        scale_id,
        name=form.name.data or "",
        description=form.description.data,
        levels=_levels(form),
        expected_version=form_version(form),
        by=acting_user(),
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
    saved = save_form(form, lambda: _save_scale(session, scale_id, form), submitted=action == SAVE)
    if saved is None:
        return render_template("reference/scale_form.html", form=form, scale=scale, blank_level=LevelForm)
    flash(gettext("Scale “%(name)s” saved.", name=saved.name), "success")
    return redirect(url_for("reference.scale_index"))


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
    if run_confirmed(DeleteForm(), lambda: reference.delete_scale(get_session(), scale_id, by=acting_user())):
        flash(gettext("Scale deleted."), "success")
    return redirect(url_for("reference.scale_index"))
