"""Content in several languages: stored beside the original, shown in the reader's language, kept in CSV."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scorecard import demo
from scorecard.i18n import LOCALE_COOKIE
from scorecard.models import AuditEvent, Recommendation, RecommendationTranslation, Theme
from scorecard.services import content, recommendations

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter, form_fields
from ..services.test_imports import attempt, export_csv, plan_of, rows_of, to_csv

SQ_TITLE = "Të miratohet një udhërrëfyes për zbatimin e marrëveshjes"
SR_TITLE = "Usvojiti mapu puta za sprovođenje sporazuma"


def translated(session, **overrides):
    """A recommendation written in English with an Albanian and a Serbian (Latin) title."""
    rec = factories.make_recommendation(
        session, title="Adopt a roadmap to implement the agreement", **overrides
    )
    content.set_translations(
        session,
        rec,
        values={"sq": {"title": SQ_TITLE, "text": "Teksti shqip."}, "sr-Latn": {"title": SR_TITLE}},
    )
    return rec


def read_in(client, locale, url):
    client.set_cookie(LOCALE_COOKIE, locale)
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def translate_through_form(client, url, **translated):
    """Open a record's form, which folds its translations away, and save it with these fields; the form."""
    page = client.get(url).get_data(as_text=True)
    assert "<details" in page
    assert client.post(url, data=form_fields(page, **translated)).status_code == 302
    return page


def test_pick_prefers_the_readers_language_then_the_other_serbian_script_then_the_original():
    stored = {"sq": {"title": "Rekomandim"}, "sr-Latn": {"title": "Preporuka za Đakovicu"}}
    assert content.pick("Recommendation", "en", stored, "title", "sq") == content.Shown("Rekomandim")
    assert content.pick("Recommendation", "en", stored, "title", "sr-Cyrl").text == "Препорука за Ђаковицу"
    assert content.pick("Recommendation", "en", {}, "title", "sq") == content.Shown(
        "Recommendation", fallback_from="en"
    )
    # A Cyrillic original serves Latin readers letter for letter.
    assert content.pick("Препорука", "sr-Cyrl", {}, "title", "sr-Latn").text == "Preporuka"
    assert content.pick("Recommendation", "en", stored, "title", "en").text == "Recommendation"


def test_translations_are_replaced_as_given_and_deleted_with_their_record(session):
    rec = translated(session)
    changes = content.set_translations(session, rec, values={"sq": {"title": SQ_TITLE, "text": ""}})
    assert changes == {
        "text@sq": ("Teksti shqip.", None),
        "title@sr-Latn": (SR_TITLE, None),
    }
    assert content.translations_of(session, rec) == {"sq": {"title": SQ_TITLE}}
    session.delete(rec)
    session.flush()
    assert session.scalars(select(RecommendationTranslation)).all() == []


def test_a_translation_in_the_originals_own_language_is_not_kept(session):
    rec = factories.make_recommendation(session)
    content.set_translations(
        session, rec, values={"sq": {"title": "Titulli"}, "en": {"title": "English"}}, original_locale="sq"
    )
    assert rec.original_locale == "sq"
    assert content.translations_of(session, rec) == {"en": {"title": "English"}}


@pytest.mark.parametrize(
    ("locale", "shown", "note"),
    [
        ("sq", SQ_TITLE, False),
        ("sr-Latn", SR_TITLE, False),
        ("sr-Cyrl", "Усвојити мапу пута за спровођење споразума", False),
        ("en", "Adopt a roadmap to implement the agreement", False),
    ],
)
def test_the_detail_page_shows_the_readers_language(viewer, session, locale, shown, note):
    rec = translated(session)
    session.commit()
    page = read_in(viewer, locale, f"/recommendations/{rec.id}")
    assert f"{shown}</h1>" in page
    assert ("original-note" in page.split("</h1>")[1].split("</div>")[0]) is note


def test_a_missing_translation_falls_back_to_the_original_and_says_so(viewer, session):
    rec = factories.make_recommendation(session, title="Adopt a roadmap")
    session.commit()
    page = read_in(viewer, "sq", f"/recommendations/{rec.id}")
    assert "Adopt a roadmap</h1>" in page
    assert "original-note" in page
    listing = read_in(viewer, "sq", "/recommendations")
    assert "Adopt a roadmap</a>" in listing and "original-note" in listing


def test_the_list_shows_titles_in_the_readers_language_with_as_many_queries_for_more_rows(
    viewer, session, connection
):
    translated(session)
    session.commit()
    viewer.set_cookie(LOCALE_COOKIE, "sq")
    with QueryCounter(connection) as few:
        page = viewer.get("/recommendations?per_page=50").get_data(as_text=True)
    assert SQ_TITLE in page
    for _ in range(6):
        translated(session)
    session.commit()
    # Another query string: the list is remembered per query.
    with QueryCounter(connection) as many:
        page = viewer.get("/recommendations?per_page=50&page=1").get_data(as_text=True)
    assert page.count(SQ_TITLE) == 7
    assert many.count == few.count


def test_the_form_stores_the_translations_from_its_fold_and_the_audit_trail_records_them(analyst, session):
    rec = factories.make_recommendation(session)
    session.commit()
    page = analyst.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    assert "<details" in page
    data = form_fields(page, **{"in_sq-title": SQ_TITLE, "in_sr_cyrl-text": "Текст.", "action": "save"})
    data["benchmarks-0-title_sq"] = "Udhërrëfyesi u publikua"
    assert analyst.post(f"/recommendations/{rec.id}/edit", data=data).status_code == 302
    session.expire_all()
    rec = session.get(Recommendation, rec.id)
    assert content.translations_of(session, rec) == {"sq": {"title": SQ_TITLE}, "sr-Cyrl": {"text": "Текст."}}
    assert content.translations_of(session, rec.benchmarks[0]) == {"sq": {"title": "Udhërrëfyesi u publikua"}}
    events = session.scalars(select(AuditEvent).where(AuditEvent.summary.like("Translated%"))).all()
    assert {name for event in events for name in event.after} == {"title@sq", "text@sr-Cyrl"}
    # The edit form shows them again.
    again = analyst.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    assert SQ_TITLE in again and "Udhërrëfyesi u publikua" in again


def test_service_input_keeps_stored_translations_when_it_gives_none(session):
    rec = translated(session)
    fields = recommendations.RecommendationInput(
        code=rec.code, title="New title", text=rec.text, theme_id=rec.theme_id
    )
    recommendations.update_recommendation(session, rec.id, fields=fields, expected_version=None, by=SYSTEM)
    assert content.translations_of(session, rec)["sq"]["title"] == SQ_TITLE


def test_csv_export_carries_the_translations_and_reimports_as_unchanged(session):
    rec = translated(session)
    exported = export_csv(session, "recommendations")
    row = next(r for r in rows_of(exported) if r["code"] == rec.code)
    assert row["title@sq"] == SQ_TITLE and row["text@sq"] == "Teksti shqip."
    assert row["title@sr-Latn"] == SR_TITLE and row["title@sr-Cyrl"] == "" and row["original_locale"] == "en"
    assert {result.action for result in plan_of(session, exported).results} == {"unchanged"}


def test_a_changed_translation_in_a_csv_is_a_change_and_is_imported(session):
    rec = translated(session)
    rows = rows_of(export_csv(session, "recommendations"))
    for row in rows:
        if row["code"] == rec.code:
            row["title@sr-Cyrl"] = "Усвојити мапу пута"
            row["text@sq"] = ""
    changed = to_csv(rows)
    results = [r for r in plan_of(session, changed).results if r.key == rec.code]
    assert results[0].action == "update"
    assert set(results[0].changes) == {"title@sr-Cyrl", "text@sq"}
    assert attempt(session, changed) == []
    assert content.translations_of(session, rec) == {
        "sq": {"title": SQ_TITLE},
        "sr-Latn": {"title": SR_TITLE},
        "sr-Cyrl": {"title": "Усвојити мапу пута"},
    }
    assert {r.action for r in plan_of(session, export_csv(session, "recommendations")).results} == {
        "unchanged"
    }


def test_blank_translation_cells_clear_a_records_translations_and_leave_an_untranslated_one_alone(session):
    rec = translated(session)
    plain = factories.make_recommendation(session, code="PLAIN-1")
    rows = rows_of(export_csv(session, "recommendations"))
    for row in rows:
        if row["code"] == rec.code:
            for name in row:
                if "@" in name:
                    row[name] = ""
    assert attempt(session, to_csv(rows)) == []
    assert content.translations_of(session, rec) == {}
    assert content.translations_of(session, plain) == {}
    assert session.scalar(select(func.count()).select_from(RecommendationTranslation)) == 0


def test_a_csv_header_in_any_case_creates_a_translated_recommendation(session):
    theme = factories.make_theme(session, name="Rule of law")
    file = to_csv(
        [
            {
                "code": "NEW-1",
                "title": "Titulli",
                "text": "Teksti",
                "theme": theme.name,
                "original_locale": "sq",
                "Title@SR-LATN": "Naslov",
            }
        ]
    )
    assert attempt(session, file) == []
    rec = session.scalar(select(Recommendation).where(Recommendation.code == "NEW-1"))
    assert rec.original_locale == "sq"
    assert content.translations_of(session, rec) == {"sr-Latn": {"title": "Naslov"}}


@pytest.mark.slow
def test_the_demo_speaks_albanian_and_serbian_and_a_second_load_adds_nothing(session):
    demo.load(session)
    items = demo.content().translations
    assert all(demo._translated_record(session, item) is not None for item in items)
    eu01 = recommendations.find_by_code(session, "EU-01")
    stored = content.translations_of(session, eu01)
    assert stored["sq"]["title"].startswith("Të publikohet një udhërrëfyes")
    assert stored["sr-Latn"]["title"].startswith("Objaviti mapu puta")
    assert stored["sr-Cyrl"]["title"].startswith("Објавити мапу пута")
    assert content.translations_of(session, eu01.benchmarks[0])["sq"]["title"]
    for theme in session.scalars(select(Theme)):
        assert set(content.translations_of(session, theme)) == {"sq", "sr-Latn", "sr-Cyrl"}
    events = session.scalar(select(func.count(AuditEvent.id)))
    translations = session.scalar(select(func.count()).select_from(RecommendationTranslation))
    assert demo.load(session) == demo.DemoCounts(0, 0, 0)
    assert session.scalar(select(func.count(AuditEvent.id))) == events
    assert session.scalar(select(func.count()).select_from(RecommendationTranslation)) == translations


def test_a_theme_form_stores_its_names_in_other_languages_and_the_list_shows_them(analyst, session):
    theme = factories.make_theme(session, name="Security")
    session.commit()
    translate_through_form(analyst, f"/themes/{theme.id}", name_sq="Siguria", name_sr_latn="Bezbednost")
    session.expire_all()
    assert content.translations_of(session, session.get(Theme, theme.id)) == {
        "sq": {"name": "Siguria"},
        "sr-Latn": {"name": "Bezbednost"},
    }
    assert "<strong>Siguria</strong>" in read_in(analyst, "sq", "/themes")
    assert "<strong>Безбедност</strong>" in read_in(analyst, "sr-Cyrl", "/themes")
    again = analyst.get(f"/themes/{theme.id}").get_data(as_text=True)
    assert 'value="Bezbednost"' in again


def test_the_scorecard_shows_titles_and_theme_names_in_the_readers_language(viewer, session):
    rec = translated(session)
    content.set_translations(session, rec.theme, values={"sr-Latn": {"name": "Vladavina prava"}})
    session.commit()
    page = read_in(viewer, "sr-Cyrl", "/scorecard")
    assert "Усвојити мапу пута за спровођење споразума" in page
    assert "Владавина права" in page
    assert "Usvojiti mapu puta" in read_in(viewer, "sr-Latn", "/scorecard")


def test_the_filter_menus_and_the_filters_line_name_themes_in_the_readers_language(viewer, session):
    rec = translated(session)
    theme = rec.theme
    content.set_translations(session, theme, values={"sq": {"name": "Sundimi i ligjit"}})
    session.commit()
    page = read_in(viewer, "sq", f"/scorecard?theme={theme.id}")
    assert f'<option value="{theme.id}" selected>Sundimi i ligjit</option>' in page
    assert "Tema: Sundimi i ligjit" in page
    assert theme.name not in page.split("<main", 1)[1].split("Filtrat:", 1)[1].split("</p>", 1)[0]
    assert "Sundimi i ligjit</option>" in read_in(viewer, "sq", "/recommendations")


def test_benchmark_titles_in_other_languages_round_trip_through_the_benchmarks_csv(session):
    rec = factories.make_recommendation(session)
    benchmark = rec.benchmarks[0]
    content.set_translations(session, benchmark, values={"sq": {"title": "Udhërrëfyesi u publikua"}})
    exported = export_csv(session, "benchmarks")
    row = next(r for r in rows_of(exported) if r["benchmark_id"] == str(benchmark.id))
    assert row["title@sq"] == "Udhërrëfyesi u publikua" and row["title@sr-Latn"] == ""
    assert {r.action for r in plan_of(session, exported).results} == {"unchanged"}
    rows = rows_of(exported)
    for r in rows:
        if r["benchmark_id"] == str(benchmark.id):
            r["title@sr-Latn"] = "Objavljena mapa puta"
    changed = to_csv(rows)
    result = next(r for r in plan_of(session, changed).results if r.key == str(benchmark.id))
    assert result.action == "update" and set(result.changes) == {"title@sr-Latn"}
    assert attempt(session, changed) == []
    session.expire_all()
    assert content.translations_of(session, session.get(type(benchmark), benchmark.id)) == {
        "sq": {"title": "Udhërrëfyesi u publikua"},
        "sr-Latn": {"title": "Objavljena mapa puta"},
    }
    assert {r.action for r in plan_of(session, export_csv(session, "benchmarks")).results} == {"unchanged"}
