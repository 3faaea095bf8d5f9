"""Frameworks and their items in several languages: stored, shown with the original noted, kept in CSV."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scorecard import demo
from scorecard.models import AuditEvent, Framework, FrameworkItem, FrameworkItemTranslation
from scorecard.services import content
from scorecard.services.frameworks import records
from scorecard.services.imports.headers import UnknownHeader

from ..factories import SYSTEM
from ..helpers import form_fields
from ..services.test_frameworks import export_bytes, import_bytes
from ..services.test_imports import rows_of, to_csv
from ..views.test_frameworks import make_facility
from .test_content import read_in, translate_through_form

SQ_FACILITY = "Instrumenti për Reforma dhe Rritje"
SR_CONDITION = "Dogovoren plan rada"
SQ_CONDITION = "Plan pune i dakorduar"


@pytest.fixture
def facility(session):
    """A facility with an area (untranslated) and a condition in Albanian and Serbian, fed by EU-03."""
    parts = make_facility(session, benchmark="Plan agreed", description="Payments for reforms")
    content.set_translations(session, parts["framework"], values={"sq": {"name": SQ_FACILITY}})
    content.set_translations(
        session,
        parts["condition"],
        values={"sq": {"title": SQ_CONDITION}, "sr-Latn": {"title": SR_CONDITION}},
    )
    session.commit()
    return parts


def test_the_framework_page_shows_names_and_titles_in_the_readers_language(viewer, facility):
    url = f"/frameworks/{facility['framework'].id}"
    page = read_in(viewer, "sq", url)
    assert f"<h1>{SQ_FACILITY}</h1>" in page
    assert "original-note" not in page.split("</h1>")[1].split("</div>")[0]  # the name is translated
    row = page.split(SQ_CONDITION)[1].split("</td>")[0]
    assert "original-note" not in row
    # The area has no Albanian title: the English one, saying so.
    area_row = page.split('<span class="mono">RA2</span> Normalisation</a>')[1].split("</td>")[0]
    assert "shown in the original language" in area_row or "original-note" in area_row
    # Serbian Cyrillic readers get the Latin translation letter for letter; English readers the original.
    assert "Договорен план рада" in read_in(viewer, "sr-Cyrl", url)
    english = read_in(viewer, "en", url)
    assert "Work plan agreed" in english and "original-note" not in english


def test_the_item_page_the_integrated_view_and_the_recommendation_page_translate_items(viewer, facility):
    framework, condition, rec = facility["framework"], facility["condition"], facility["rec"]
    item = read_in(viewer, "sr-Latn", f"/frameworks/{framework.id}/items/{condition.id}")
    assert f"{SR_CONDITION}</h1>" in item
    # The framework's name has no Serbian translation: the breadcrumb shows the original.
    assert ">Growth Facility</a>" in item
    integrated = read_in(viewer, "sq", f"/frameworks/integrated?track=framework:{facility['dialogue'].id}")
    assert SQ_CONDITION in integrated and SQ_FACILITY in integrated
    feeds = read_in(viewer, "sq", f"/recommendations/{rec.id}").split('id="feeds-heading"')[1]
    assert SQ_CONDITION in feeds.split("</section>")[0]
    # The dialogue's article is not translated: shown in English, saying so.
    assert 'Work plan</a> <span class="muted small original-note">' in feeds.split("</section>")[0]


def test_the_forms_store_translations_from_their_folds_and_the_audit_trail_records_them(
    analyst, session, facility
):
    framework, area = facility["framework"], facility["area"]
    page = translate_through_form(
        analyst,
        f"/frameworks/{framework.id}/edit",
        name_sr_latn="Instrument za reforme i rast",
        description_sq="Pagesa për reforma",
    )
    assert f'value="{SQ_FACILITY}"' in page  # the form showed the translation already kept
    url = f"/frameworks/{framework.id}/items/{area.id}/edit"
    translate_through_form(analyst, url, title_sq="Normalizimi", title_sr_cyrl="Нормализација")
    session.expire_all()
    assert content.translations_of(session, session.get(Framework, framework.id)) == {
        "sq": {"name": SQ_FACILITY, "description": "Pagesa për reforma"},
        "sr-Latn": {"name": "Instrument za reforme i rast"},
    }
    assert content.translations_of(session, session.get(FrameworkItem, area.id)) == {
        "sq": {"title": "Normalizimi"},
        "sr-Cyrl": {"title": "Нормализација"},
    }
    events = session.scalars(select(AuditEvent).where(AuditEvent.summary.like("Translated%"))).all()
    assert {name for event in events for name in event.after} == {
        "name@sr-Latn",
        "description@sq",
        "title@sq",
        "title@sr-Cyrl",
    }
    assert "Нормализација</h1>" in read_in(analyst, "sr-Cyrl", f"/frameworks/{framework.id}/items/{area.id}")


def test_a_new_item_written_in_albanian_keeps_its_english_title_as_a_translation(analyst, session, facility):
    framework = facility["framework"]
    page = analyst.get(f"/frameworks/{framework.id}/items/new").get_data(as_text=True)
    data = form_fields(
        page, code="9", title="Kushti i ri", original_locale="sq", title_en="The new condition"
    )
    assert analyst.post(f"/frameworks/{framework.id}/items/new", data=data).status_code == 302
    created = session.scalar(select(FrameworkItem).where(FrameworkItem.code == "9"))
    assert created.original_locale == "sq"
    assert content.translations_of(session, created) == {"en": {"title": "The new condition"}}
    assert "The new condition" in read_in(analyst, "en", f"/frameworks/{framework.id}")


def test_framework_and_item_translations_round_trip_through_their_csv_files(session, facility):
    framework = facility["framework"]
    frameworks_file = export_bytes(session, "frameworks")
    items_file = export_bytes(session, "framework-items", framework_id=framework.id)
    facility_row = next(r for r in rows_of(frameworks_file) if r["framework"] == "Growth Facility")
    assert facility_row["name@sq"] == SQ_FACILITY and facility_row["original_locale"] == "en"
    condition_row = next(r for r in rows_of(items_file) if r["code"] == "2.1")
    assert condition_row["title@sq"] == SQ_CONDITION and condition_row["title@sr-Latn"] == SR_CONDITION
    assert condition_row["title@sr-Cyrl"] == ""
    # Imported back as they are: nothing changes.
    for file in (frameworks_file, items_file):
        assert {r.action for r in import_bytes(session, file).results} == {"unchanged"}
    # One changed translation is one change, shown as such, and imported.
    rows = rows_of(items_file)
    for row in rows:
        if row["code"] == "2.1":
            row["title@sr-Latn"] = "Plan rada dogovoren sa obe strane"
            row["title@sq"] = ""
    plan = import_bytes(session, to_csv(rows))
    changed = next(r for r in plan.results if r.key == "Growth Facility 2.1")
    assert changed.action == "update" and set(changed.changes) == {"title@sq", "title@sr-Latn"}
    assert [r.action for r in plan.results if r.key != "Growth Facility 2.1"] == ["unchanged"]
    session.expire_all()
    condition = session.get(FrameworkItem, facility["condition"].id)
    assert content.translations_of(session, condition) == {
        "sr-Latn": {"title": "Plan rada dogovoren sa obe strane"}
    }


def test_deleted_frameworks_come_back_from_their_files_with_their_translations(session, facility):
    framework = facility["framework"]
    files = [
        export_bytes(session, kind, framework_id=framework.id) for kind in ("frameworks", "framework-items")
    ]
    records.delete_framework(session, framework.id, by=SYSTEM)
    session.flush()
    session.expunge_all()
    assert session.scalar(select(func.count()).select_from(FrameworkItemTranslation)) == 0
    for file in files:
        assert import_bytes(session, file).ok
    again = records.find_framework(session, "Growth Facility")
    assert export_bytes(session, "frameworks", framework_id=again.id) == files[0]
    # The items' data and translations come back exactly (their links were not in these files).
    kept = ("framework", "code", "title", "parent_code", "amount", "currency", "original_locale")
    exported = rows_of(export_bytes(session, "framework-items", framework_id=again.id))
    assert [{k: v for k, v in r.items() if k in kept or "@" in k} for r in exported] == [
        {k: v for k, v in r.items() if k in kept or "@" in k} for r in rows_of(files[1])
    ]
    assert any(r["title@sq"] == SQ_CONDITION for r in exported)


def test_a_header_in_any_letter_case_and_an_albanian_original_import(session, facility):
    file = (
        "framework,code,title,original_locale,TITLE@SR-LATN\nGrowth Facility,7,Kushti shtatë,sq,Sedmi uslov\n"
    ).encode()
    assert import_bytes(session, file).ok
    created = session.scalar(select(FrameworkItem).where(FrameworkItem.code == "7"))
    assert created.original_locale == "sq" and created.title == "Kushti shtatë"
    assert content.translations_of(session, created) == {"sr-Latn": {"title": "Sedmi uslov"}}


def test_a_translation_of_a_field_that_is_not_translated_is_refused_by_name(session, facility):
    with pytest.raises(UnknownHeader) as refused:
        import_bytes(session, b"framework,code,title,weight@sq\nGrowth Facility,2.1,Work plan agreed,2\n")
    assert refused.value.unknown == ["weight@sq"] and refused.value.kind == "framework-items"
    session.expire_all()
    assert session.get(FrameworkItem, facility["condition"].id).weight == 1.0


@pytest.mark.slow
def test_the_demo_frameworks_name_their_headline_items_in_albanian_and_serbian(session):
    demo.load(session)
    facility = records.find_framework(session, "Reform and Growth Facility: payment conditions")
    assert content.translations_of(session, facility)["sq"]["name"].startswith("Instrumenti për Reforma")
    items = {
        i.code: i
        for i in session.scalars(select(FrameworkItem).where(FrameworkItem.framework_id == facility.id))
    }
    condition = content.translations_of(session, items["2.1"])
    assert condition["sq"]["title"].startswith("Plan pune") and condition["sr-Latn"]["title"].startswith(
        "Vremenski"
    )
    count = session.scalar(select(func.count()).select_from(FrameworkItemTranslation))
    demo.load(session)
    assert session.scalar(select(func.count()).select_from(FrameworkItemTranslation)) == count


def test_the_track_menu_and_the_under_menu_name_things_in_the_readers_language(analyst, facility):
    integrated = read_in(analyst, "sq", "/frameworks/integrated")
    track = integrated.split('name="track"')[1].split("</select>")[0]
    assert f">{SQ_FACILITY}</option>" in track and ">Growth Facility<" not in track
    framework = facility["framework"].id
    form = read_in(analyst, "sq", f"/frameworks/{framework}/items/new")
    under = form.split('name="parent_id"')[1].split("</select>")[0]
    assert f"2.1 {SQ_CONDITION}</option>" in under
    assert "RA2 Normalisation</option>" in under  # no Albanian title: the original
