"""Framework pages: scorecard, items and links, integrated view, relations; roles and CSRF on each form."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from scorecard.models import Framework, FrameworkItem, FrameworkLink, RecommendationRelation
from scorecard.services.frameworks import records

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter


def make_facility(session, *, benchmark="Work plan agreed", due_on=None, **framework_fields):
    """EU-03, whose recommendation feeds Art. 1 of a dialogue and whose one milestone (titled `benchmark`)
    feeds condition 2.1 (15 M EUR, due on `due_on`) of area RA2 of the funding facility "Growth Facility"."""
    rec = factories.make_recommendation(session, code="EU-03", benchmarks=[factories.milestone(benchmark)])
    dialogue = factories.make_framework(session, name="Dialogue", kind="dialogue")
    article = factories.make_item(session, dialogue.id, code="Art. 1", title="Work plan")
    records.add_link(session, article.id, recommendation_id=rec.id, by=SYSTEM)
    framework = factories.make_framework(session, name="Growth Facility", kind="funding", **framework_fields)
    area = factories.make_item(session, framework.id, code="RA2", title="Normalisation")
    condition = factories.make_item(
        session,
        framework.id,
        code="2.1",
        title="Work plan agreed",
        parent_id=area.id,
        amount=15e6,
        currency="EUR",
        due_on=due_on,
    )
    records.add_link(session, condition.id, benchmark_id=rec.benchmarks[0].id, by=SYSTEM)
    return {"framework": framework, "dialogue": dialogue, "area": area, "condition": condition, "rec": rec}


@pytest.fixture
def facility(session):
    """An illustrative facility whose paid condition, due at the end of 2026, was met on 1 February 2026."""
    parts = make_facility(session, illustrative=True, due_on=date(2026, 12, 31))
    factories.record(session, parts["rec"].benchmarks[0], date(2026, 2, 1), achieved=True)
    session.commit()
    return parts


def test_viewer_reads_the_framework_scorecard(viewer, facility):
    page = viewer.get(f"/frameworks/{facility['framework'].id}?as_of=2026-03-01&compare=2026-01-01")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Work plan agreed" in html and "15,000,000 EUR" in html
    assert "Illustrative" in html
    assert "Met" in html and "(newly)" in html
    assert "Share of the amount at stake unlocked" in html


def test_viewer_follows_a_recommendation_to_what_it_unlocks(viewer, facility):
    rec_page = viewer.get(f"/recommendations/{facility['rec'].id}").get_data(as_text=True)
    assert "Framework items it feeds" in rec_page and "Growth Facility" in rec_page
    item = viewer.get(f"/frameworks/{facility['framework'].id}/items/{facility['condition'].id}").get_data(
        as_text=True
    )
    assert "EU-03" in item and "Who must act" in item
    integrated = viewer.get(
        f"/frameworks/integrated?track=framework:{facility['dialogue'].id}&as_of=2026-01-15"
    )
    text = integrated.get_data(as_text=True)
    assert "If EU-03" in text and "15,000,000 EUR" in text


def test_analyst_builds_a_framework_through_the_forms(analyst, session, facility):
    response = analyst.submit(
        "/frameworks/new",
        {"name": "SDG 16", "kind": "sdg", "met_rule": "threshold", "threshold": "60", "rollup": "score"},
    )
    assert response.status_code == 302
    framework = session.scalar(select(Framework).where(Framework.name == "SDG 16"))
    assert framework.threshold == 60.0
    base = f"/frameworks/{framework.id}"
    assert (
        analyst.submit(f"{base}/items/new", {"code": "16", "title": "Peace", "weight": "1"}).status_code
        == 302
    )
    goal = session.scalar(select(FrameworkItem).where(FrameworkItem.framework_id == framework.id))
    refused = analyst.submit(f"{base}/items/new", {"code": "16", "title": "Again", "weight": "1"})
    assert refused.status_code == 200 and "already used in this framework" in refused.get_data(as_text=True)
    found = analyst.get(f"{base}/items/{goal.id}/links/new?code=eu-03").get_data(as_text=True)
    assert "Work plan agreed" in found
    linked = analyst.submit(
        f"{base}/items/{goal.id}/links/new?code=EU-03",
        {"code": "EU-03", "target": f"r{facility['rec'].id}", "weight": "2"},
    )
    assert linked.status_code == 302
    assert session.scalar(select(FrameworkLink.weight).where(FrameworkLink.item_id == goal.id)) == 2.0


def test_item_under_its_own_child_is_refused_on_the_form(analyst, session, facility):
    framework, area, condition = facility["framework"], facility["area"], facility["condition"]
    response = analyst.submit(
        f"/frameworks/{framework.id}/items/{area.id}/edit",
        {
            "code": "RA2",
            "title": "Normalisation",
            "weight": "1",
            "parent_id": str(condition.id),
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert "under itself or under one of its own sub-items" in response.get_data(as_text=True)


def test_relations_are_added_from_one_page_and_shown_on_both(analyst, session, facility):
    other = factories.make_recommendation(session, code="UPR-4.12")
    session.commit()
    url = f"/frameworks/relations/{other.id}"
    response = analyst.submit(url, {"kind": "same_as", "code": "EU-03"}, page=f"/recommendations/{other.id}")
    assert response.status_code == 302
    assert "Same as" in analyst.get(f"/recommendations/{other.id}").get_data(as_text=True)
    assert "UPR-4.12" in analyst.get(f"/recommendations/{facility['rec'].id}").get_data(as_text=True)
    assert session.scalar(select(func.count(RecommendationRelation.id))) == 1


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("analyst", 403), ("admin", 302)])
def test_only_admins_delete_frameworks(request, session, facility, role, expected):
    client = request.getfixturevalue(role)
    framework_id = facility["framework"].id
    response = client.submit(f"/frameworks/{framework_id}/delete", page=f"/frameworks/{framework_id}")
    assert response.status_code == expected
    session.expire_all()
    assert (session.get(Framework, framework_id) is None) == (expected == 302)


def test_viewers_cannot_create_or_link(viewer, facility):
    framework = facility["framework"]
    assert viewer.submit("/frameworks/new", {"name": "X", "kind": "sdg"}, page="/account").status_code == 403
    link = f"/frameworks/{framework.id}/items/{facility['condition'].id}/links/new"
    assert viewer.submit(link, {"code": "EU-03", "target": "r1"}, page="/account").status_code == 403


def new_form_posts(facility):
    framework, condition, rec = facility["framework"], facility["condition"], facility["rec"]
    base = f"/frameworks/{framework.id}"
    return [
        "/frameworks/new",
        f"{base}/edit",
        f"{base}/delete",
        f"{base}/items/new",
        f"{base}/items/{condition.id}/edit",
        f"{base}/items/{condition.id}/delete",
        f"{base}/items/{condition.id}/links/new?code=EU-03",
        f"{base}/items/{condition.id}/links/1/delete",
        f"/frameworks/relations/{rec.id}",
        f"/frameworks/relations/{rec.id}/1/delete",
    ]


def test_every_new_form_refuses_a_post_without_its_csrf_token(admin, session, facility):
    before = session.scalar(select(func.count()).select_from(FrameworkItem))
    for url in new_form_posts(facility):
        response = admin.post(url, data={"name": "X", "code": "Z", "title": "T", "kind": "sdg"})
        assert response.status_code == 400, url
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(FrameworkItem)) == before


def test_framework_and_integrated_pages_take_as_many_queries_for_many_items(
    viewer, session, connection, facility
):
    framework, area, rec = facility["framework"], facility["area"], facility["rec"]
    pages = (
        f"/frameworks/{framework.id}?as_of=2026-03-01&compare=2025-12-31",
        f"/frameworks/{framework.id}/items/{area.id}",
        f"/frameworks/integrated?track=framework:{facility['dialogue'].id}",
        f"/recommendations/{rec.id}",
    )

    def counts():
        found = {}
        for page in pages:
            with QueryCounter(connection) as counter:
                assert viewer.get(page).status_code == 200
            found[page] = counter.count
        return found

    few = counts()
    for index in range(40):
        extra = factories.make_item(
            session,
            framework.id,
            code=f"2.{index + 2}",
            title="More",
            parent_id=area.id,
            amount=1.0,
            currency="EUR",
        )
        records.add_link(
            session, extra.id, recommendation_id=factories.make_recommendation(session).id, by=SYSTEM
        )
        records.add_link(session, extra.id, benchmark_id=rec.benchmarks[0].id, by=SYSTEM)
    session.commit()
    assert counts() == few
    assert min(few.values()) > 3  # the counter sees the pages' queries


def test_exports_download_and_import_back_through_the_preview(analyst, session, facility):
    from .test_imports import confirm, upload

    items = analyst.get(f"/frameworks/framework-items.csv?framework={facility['framework'].id}")
    assert items.status_code == 200 and items.headers["Content-Type"].startswith("text/csv")
    text = items.get_data(as_text=True)
    assert (
        text.splitlines()[0].startswith("framework,code,title,parent_code") and "Growth Facility,2.1" in text
    )
    links = analyst.get("/frameworks/links.csv").get_data(as_text=True)
    assert "EU-03" in links
    changed = text.replace("Work plan agreed,RA2", "Work plan agreed and published,RA2")
    response = upload(analyst, changed.encode(), "items.csv")
    assert response.status_code == 302
    preview = analyst.get(response.headers["Location"]).get_data(as_text=True)
    assert "framework items" in preview and "Work plan agreed and published" in preview
    assert confirm(analyst, response.headers["Location"], preview).status_code == 302
    session.expire_all()
    assert session.get(FrameworkItem, facility["condition"].id).title == "Work plan agreed and published"


def test_cli_exports_each_framework_kind(runner, facility):
    for kind, expected in (("frameworks", "Growth Facility"), ("framework-items", "2.1"), ("links", "EU-03")):
        result = runner.invoke(args=["export", kind])
        assert result.exit_code == 0, result.output
        assert expected in result.output


def test_the_framework_page_counts_an_envelope_and_its_conditions_once_and_says_so(viewer, session, facility):
    area = facility["area"]
    factories.make_item(
        session,
        facility["framework"].id,
        area.id,
        code=area.code,
        title=area.title,
        amount=20e6,
        currency="EUR",
    )
    session.commit()
    html = viewer.get(f"/frameworks/{facility['framework'].id}?as_of=2026-03-01").get_data(as_text=True)
    assert "no money is counted twice" in html
    assert "of the 15,000,000 at stake" in html and "35,000,000" not in html


def condition_link(session, facility):
    return session.scalar(select(FrameworkLink).where(FrameworkLink.item_id == facility["condition"].id))


def test_an_analyst_changes_a_links_weight_from_the_item_page_and_the_change_is_audited(
    analyst, session, facility
):
    from scorecard.models import AuditEvent

    framework, condition = facility["framework"], facility["condition"]
    link = condition_link(session, facility)
    item_url = f"/frameworks/{framework.id}/items/{condition.id}"
    edit = f"{item_url}/links/{link.id}/edit"
    assert f'href="{edit}"' in analyst.get(item_url).get_data(as_text=True)
    page = analyst.get(edit).get_data(as_text=True)
    assert "Work plan agreed" in page and 'value="1.0"' in page
    assert analyst.submit(edit, {"weight": "2.5"}).status_code == 302
    session.expire_all()
    assert condition_link(session, facility).weight == 2.5
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "framework_link")).all()[-1]
    assert (event.action, event.before, event.after) == ("update", {"weight": 1.0}, {"weight": 2.5})


@pytest.mark.parametrize("typed", ["0", "-1", "many"])
def test_a_weight_the_import_refuses_is_refused_on_the_form_and_nothing_changes(
    analyst, session, facility, typed
):
    framework, condition = facility["framework"], facility["condition"]
    link = condition_link(session, facility)
    response = analyst.submit(
        f"/frameworks/{framework.id}/items/{condition.id}/links/{link.id}/edit", {"weight": typed}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "form-row--error" in html and f'value="{typed}"' in html
    session.expire_all()
    assert condition_link(session, facility).weight == 1.0


def test_viewers_cannot_change_a_links_weight_and_the_form_needs_its_csrf_token(
    viewer, admin, session, facility
):
    framework, condition = facility["framework"], facility["condition"]
    link = condition_link(session, facility)
    edit = f"/frameworks/{framework.id}/items/{condition.id}/links/{link.id}/edit"
    assert viewer.get(edit).status_code == 403
    assert viewer.submit(edit, {"weight": "3"}, page="/account").status_code == 403
    assert admin.post(edit, data={"weight": "3"}).status_code == 400
    other = factories.make_item(session, framework.id, code="9", title="Other")
    session.commit()
    assert admin.get(f"/frameworks/{framework.id}/items/{other.id}/links/{link.id}/edit").status_code == 404
    session.expire_all()
    assert condition_link(session, facility).weight == 1.0
