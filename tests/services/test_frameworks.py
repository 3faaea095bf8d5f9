"""Frameworks: items met by their links, rolled up the tree, amounts unlocked as of a date, crosswalks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from scorecard import scoring
from scorecard.errors import RuleViolation
from scorecard.models import AuditEvent, Benchmark, FrameworkLink
from scorecard.rules.frameworks import ItemFacts, check_framework, check_item, creates_cycle
from scorecard.services.frameworks import evaluation, pages, records

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter

TODAY = date.today()


def make_framework(session, name="Facility", **rules):
    return factories.make_framework(session, name=name, kind=rules.pop("kind", "funding"), **rules)


def make_item(session, framework, code, parent=None, **values):
    title = values.pop("title", f"Item {code}")
    parent_id = parent.id if parent else None
    return factories.make_item(session, framework.id, code=code, title=title, parent_id=parent_id, **values)


@pytest.fixture
def world(session):
    """A facility whose area A holds two paid conditions, fed by two recommendations' benchmarks."""
    first = factories.make_recommendation(
        session, benchmarks=[factories.milestone("Law adopted"), factories.milestone("Law applied")]
    )
    second = factories.make_recommendation(session)
    facility = make_framework(session)
    area = make_item(session, facility, "A")
    paid = make_item(session, facility, "A.1", area, amount=100.0, currency="eur", due_on=date(2025, 6, 30))
    other = make_item(session, facility, "A.2", area, amount=50.0, currency="EUR", due_on=date(2025, 3, 31))
    law, applied = first.benchmarks
    records.add_link(session, paid.id, benchmark_id=law.id, weight=2.0, by=SYSTEM)
    records.add_link(session, paid.id, benchmark_id=applied.id, by=SYSTEM)
    records.add_link(session, other.id, recommendation_id=second.id, by=SYSTEM)
    factories.record(session, law, date(2025, 1, 10), achieved=True)
    factories.record(session, applied, date(2025, 6, 10), achieved=True)
    factories.record(session, second.benchmarks[0], date(2025, 3, 1), achieved=True)
    return {
        "facility": facility,
        "area": area,
        "paid": paid,
        "other": other,
        "first": first,
        "second": second,
    }


def results_on(session, framework, day):
    found = evaluation.evaluate(session, framework_ids=[framework.id], as_of=day, today=TODAY)
    return {r.node.code: r for r in found}


def test_item_is_met_once_every_linked_benchmark_is_achieved(session, world):
    before = results_on(session, world["facility"], date(2025, 2, 1))
    assert not before["A.1"].met
    assert before["A.1"].summary.score == pytest.approx(100 * 2 / 2)  # only the assessed one counts
    assert before["A.1"].summary.coverage == pytest.approx(100 * 2 / 3)
    after = results_on(session, world["facility"], date(2025, 7, 1))
    assert after["A.1"].met and after["A.1"].achieved_links == 2


def test_parent_rolls_up_from_its_children(session, world):
    middle = results_on(session, world["facility"], date(2025, 4, 1))
    assert middle["A.2"].met and not middle["A.1"].met
    assert not middle["A"].met  # all children must be met
    assert results_on(session, world["facility"], date(2025, 7, 1))["A"].met
    assert middle["A"].depth == 0 and middle["A.1"].depth == 1


def test_score_rollup_meets_a_parent_at_the_threshold(session):
    rec = factories.make_recommendation(
        session, benchmarks=[factories.milestone("One"), factories.milestone("Two")]
    )
    framework = make_framework(
        session, "Targets", kind="sdg", met_rule="threshold", threshold=50.0, rollup="score"
    )
    goal = make_item(session, framework, "16")
    target = make_item(session, framework, "16.3", goal)
    records.add_link(session, target.id, benchmark_id=rec.benchmarks[0].id, by=SYSTEM)
    records.add_link(session, target.id, benchmark_id=rec.benchmarks[1].id, by=SYSTEM)
    factories.record(session, rec.benchmarks[0], date(2025, 1, 1), achieved=True)
    factories.record(session, rec.benchmarks[1], date(2025, 1, 1), achieved=False)
    found = results_on(session, framework, TODAY)
    assert found["16.3"].summary.score == pytest.approx(50.0)
    assert found["16.3"].met and found["16"].met


def test_amounts_unlocked_as_of_a_date(session, world):
    def unlocked(day):
        return evaluation.unlocked(
            evaluation.evaluate(session, framework_ids=[world["facility"].id], as_of=day, today=TODAY)
        )

    assert unlocked(date(2025, 2, 1)) == {"EUR": (0.0, 150.0)}
    assert unlocked(date(2025, 4, 1)) == {"EUR": (50.0, 150.0)}
    assert unlocked(date(2025, 7, 1)) == {"EUR": (150.0, 150.0)}
    assert unlocked(TODAY) == {"EUR": (150.0, 150.0)}  # the maintained state agrees with the entries


def test_framework_page_compares_dates_and_lists_what_is_at_risk(session, world):
    page = pages.framework_page(
        session, world["facility"].id, as_of=date(2025, 4, 1), compare=date(2025, 2, 1), today=TODAY
    )
    rows = {row.now.node.code: row for row in page.rows}
    assert rows["A.2"].newly_met
    assert [row.now.node.code for row in page.at_risk] == ["A.1"]  # due 30 June, not met
    assert page.quarters[-1].day == date(2025, 4, 1)
    assert page.quarters[-2].totals == {"EUR": (50.0, 150.0)}  # 31 March
    overdue = pages.framework_page(
        session, world["facility"].id, as_of=date(2025, 6, 20), compare=None, today=TODAY
    )
    assert not {row.now.node.code: row for row in overdue.rows}["A.1"].now.overdue


def test_one_recommendation_feeds_items_in_several_frameworks(session, world):
    accession = make_framework(session, "Chapter 35", kind="accession")
    chapter = make_item(session, accession, "35")
    records.add_link(session, chapter.id, recommendation_id=world["first"].id, by=SYSTEM)
    fed = pages.items_fed(session, [world["first"].id], as_of=TODAY, today=TODAY)
    assert {(f.framework_name, f.result.node.code) for f in fed} == {
        ("Facility", "A.1"),
        ("Chapter 35", "35"),
    }
    page = pages.item_page(session, world["facility"].id, world["area"].id, as_of=TODAY, today=TODAY)
    assert {b.recommendation_code for b in page.backers} == {world["first"].code, world["second"].code}


def test_an_item_fed_deep_in_a_tree_has_the_figures_of_the_whole_framework(session, world):
    # A second tree (area B) three levels deep, fed at its bottom: the recommendation page reads only
    # the trees it feeds, and its figures must still be the framework page's, rolled up from every
    # item of the tree, not only the fed one's branch.
    area_b = make_item(session, world["facility"], "B")
    middle = make_item(session, world["facility"], "B.1", area_b)
    fed_item = make_item(session, world["facility"], "B.1.a", middle, amount=10.0, currency="EUR")
    sibling = make_item(session, world["facility"], "B.1.b", middle)
    records.add_link(session, fed_item.id, recommendation_id=world["second"].id, by=SYSTEM)
    records.add_link(session, sibling.id, benchmark_id=world["first"].benchmarks[1].id, by=SYSTEM)
    fed = pages.items_fed(session, [world["second"].id], as_of=date(2025, 4, 1), today=TODAY)
    shown = {f.result.node.code: f.result for f in fed}
    whole = results_on(session, world["facility"], date(2025, 4, 1))
    assert set(shown) == {"A.2", "B.1.a"}
    for code, result in shown.items():
        assert (result.summary, result.met, result.depth) == (
            whole[code].summary,
            whole[code].met,
            whole[code].depth,
        )
    assert shown["B.1.a"].depth == 2
    trees = {node.code for node in evaluation.tree_nodes(session, [fed_item.id])}
    assert trees == {"B", "B.1", "B.1.a", "B.1.b"}  # its whole tree from the top, and not area A
    assert {node.code for node in evaluation.tree_nodes(session, [fed_item.id, world["paid"].id])} == {
        "A",
        "A.1",
        "A.2",
        "B",
        "B.1",
        "B.1.a",
        "B.1.b",
    }


def test_integrated_view_says_what_achieving_a_recommendation_would_meet(session, world):
    dialogue = make_framework(session, "Dialogue", kind="dialogue")
    article = make_item(session, dialogue, "Art. 1")
    records.add_link(session, article.id, recommendation_id=world["first"].id, by=SYSTEM)
    view = pages.integrated_view(
        session, kind="framework", track_id=dialogue.id, as_of=date(2025, 2, 1), today=TODAY
    ).rows
    assert [row.code for row in view] == [world["first"].code]
    assert {f.result.node.code for f in view[0].fed} == {"A.1"}
    assert {r.node.code for r in view[0].unlocks} == {"A.1"}  # A needs A.2 too


def test_deleting_a_benchmark_deletes_its_links(session, world):
    law = world["first"].benchmarks[0]
    assert (
        session.scalar(select(func.count(FrameworkLink.id)).where(FrameworkLink.benchmark_id == law.id)) == 1
    )
    session.delete(session.get(Benchmark, law.id))
    session.flush()
    session.expire_all()
    assert (
        session.scalar(select(func.count(FrameworkLink.id)).where(FrameworkLink.benchmark_id == law.id)) == 0
    )
    assert session.scalar(select(func.count(FrameworkLink.id))) == 2


def test_cycles_are_refused_in_the_item_tree(session, world):
    child = make_item(session, world["facility"], "A.1.1", world["paid"])
    with pytest.raises(RuleViolation) as refused:
        factories.make_item(
            session, world["facility"].id, world["area"].id, code="A", title="Area", parent_id=child.id
        )
    assert "parent_id" in refused.value.errors
    assert creates_cycle(1, 1, {1: None})
    assert not creates_cycle(None, 1, {1: None})


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        (ItemFacts(code="", title="T"), "code"),
        (ItemFacts(code="a", title="T"), "code"),  # taken, whatever the case
        (ItemFacts(code="B", title="T", weight=0), "weight"),
        (ItemFacts(code="B", title="T", amount=-1, currency="EUR"), "amount"),
        (ItemFacts(code="B", title="T", amount=5), "currency"),
        (ItemFacts(code="B", title="T", currency="EUR"), "currency"),
        (ItemFacts(code="B", title="T", parent_id=99), "parent_id"),
    ],
)
def test_item_rules(facts, field):
    with pytest.raises(RuleViolation) as refused:
        check_item(facts, item_id=None, taken_codes={"A"}, parents={1: None})
    assert field in refused.value.errors


def test_framework_rules_need_a_threshold_only_for_the_threshold_rule():
    with pytest.raises(RuleViolation):
        check_framework(name="X", kind="sdg", met_rule="threshold")
    with pytest.raises(RuleViolation):
        check_framework(name="X", kind="sdg", threshold=40.0)
    assert check_framework(name=" X ", kind="sdg").name == "X"


def test_relations_show_from_both_ends_and_changes_are_audited(session, world):
    first, second = world["first"], world["second"]
    records.add_relation(session, second.id, code=first.code, kind="follows_up_on", by=SYSTEM)
    assert [(r.kind, r.other_code) for r in records.relations_of(session, second.id)] == [
        ("follows_up_on", first.code)
    ]
    assert [(r.kind, r.other_code) for r in records.relations_of(session, first.id)] == [
        ("followed_up_by", second.code)
    ]
    with pytest.raises(RuleViolation):
        records.add_relation(session, first.id, code=second.code, kind="same_as", by=SYSTEM)
    entities = set(session.scalars(select(AuditEvent.entity)))
    assert {"framework", "framework_item", "framework_link", "recommendation_relation"} <= entities


def test_framework_page_takes_the_same_queries_for_few_and_many_items(session, world, connection):
    def count():
        with QueryCounter(connection.engine) as counter:
            pages.framework_page(
                session, world["facility"].id, as_of=date(2025, 4, 1), compare=date(2025, 2, 1), today=TODAY
            )
        return counter.count

    few = count()
    for index in range(30):
        item = make_item(session, world["facility"], f"B.{index}", world["area"])
        records.add_link(session, item.id, recommendation_id=world["second"].id, by=SYSTEM)
    session.flush()
    assert count() == few


# -- CSV both ways ------------------------------------------------------------------------


def export_bytes(session, kind, **options):
    from scorecard.services import csv_files
    from scorecard.services.frameworks import transfer

    found = transfer.export(session, kind, **options)
    return b"".join(csv_files.encode_rows(found.header, found.batches))


def import_bytes(session, content, filename="file.csv"):
    from scorecard.services import imports
    from scorecard.services.csv_files import read_table

    source = imports.ImportSource(read_table(content), filename=filename)
    plan = imports.plan(session, source, by=SYSTEM, today=TODAY)
    if plan.ok:
        imports.apply(session, plan, by=SYSTEM, filename=filename)
    return plan


def test_exports_import_back_into_an_empty_framework_set(session, world):
    files = [export_bytes(session, kind) for kind in ("frameworks", "framework-items", "links")]
    before = results_on(session, world["facility"], date(2025, 4, 1))
    records.delete_framework(session, world["facility"].id, by=SYSTEM)
    session.flush()
    session.expunge_all()  # the items went by the database's cascade; forget the objects too
    plans = [import_bytes(session, content) for content in files]
    assert [p.kind for p in plans] == ["frameworks", "framework-items", "links"]
    assert [p.counts["create"] for p in plans] == [1, 3, 3]
    again = records.find_framework(session, "Facility")
    after = results_on(session, again, date(2025, 4, 1))
    assert {c: (r.met, r.summary.score, r.node.amount) for c, r in after.items()} == {
        c: (r.met, r.summary.score, r.node.amount) for c, r in before.items()
    }
    assert all(import_bytes(session, content).counts["unchanged"] for content in files)


def test_item_import_refuses_what_the_form_refuses(session, world):
    content = (
        "framework,code,title,parent_code,weight,amount,currency\n"
        "Facility,A,Area,A.1,1,,\n"  # A under its own child
        "Facility,B,Bad weight,,0,,\n"
        "Facility,C,No currency,,1,10,\n"
        "Facility,D,Unknown parent,Z,1,,\n"
        "Elsewhere,E,No framework,,1,,\n"
    )
    plan = import_bytes(session, content.encode())
    assert not plan.ok
    columns = {(e.row, e.column) for e in plan.errors}
    assert {
        (2, "parent_code"),
        (3, "weight"),
        (4, "currency"),
        (5, "parent_code"),
        (6, "framework"),
    } <= columns


def test_a_two_column_list_of_goals_and_targets_imports_as_a_framework(session):
    content = "code,title\n16,Peace and justice\n16.3,Rule of law\n16.5,Reduce corruption\n17,Partnerships\n"
    plan = import_bytes(session, content.encode(), filename="SDG goals.csv")
    assert plan.ok and plan.counts["create"] == 4
    created = records.find_framework(session, "SDG goals")
    assert created.kind == "sdg"
    found = results_on(session, created, TODAY)
    assert found["16.3"].depth == 1 and found["17"].depth == 0


def test_an_amount_counts_only_when_no_item_below_it_carries_one():
    # A (envelope) > A.1, A.2 (paid) ; B (paid) > B.1 (none) ; C (envelope) > C.1 (none) > C.1.1 (paid)
    items = [
        (1, None, True),
        (2, 1, True),
        (3, 1, True),
        (4, None, True),
        (5, 4, False),
        (6, None, True),
        (7, 6, False),
        (8, 7, True),
    ]
    assert scoring.amounts_counted(items) == {2, 3, 4, 8}


def set_amount(session, framework, item, amount):
    return factories.make_item(
        session,
        framework.id,
        item.id,
        code=item.code,
        title=item.title,
        parent_id=item.parent_id,
        due_on=item.due_on,
        amount=amount,
        currency="EUR" if amount is not None else None,
    )


def test_a_parent_and_its_children_with_amounts_are_not_counted_twice(session, world):
    facility = world["facility"]
    set_amount(session, facility, world["area"], 150.0)  # the envelope of A.1 (100) and A.2 (50)
    lone = make_item(session, facility, "B", amount=30.0, currency="EUR")  # paid, nothing paid below it
    make_item(session, facility, "B.1", lone)

    def unlocked(day):
        return evaluation.unlocked(
            evaluation.evaluate(session, framework_ids=[facility.id], as_of=day, today=TODAY)
        )

    assert unlocked(date(2025, 2, 1)) == {"EUR": (0.0, 180.0)}
    assert unlocked(date(2025, 4, 1)) == {"EUR": (50.0, 180.0)}
    assert unlocked(date(2025, 7, 1)) == {"EUR": (150.0, 180.0)}  # A met too: still 150, not 300
    page = pages.framework_page(session, facility.id, as_of=date(2025, 7, 1), compare=None, today=TODAY)
    assert page.totals == {"EUR": (150.0, 180.0)}
    by_quarter = {quarter.day: quarter.totals for quarter in page.quarters}
    assert by_quarter[date(2025, 3, 31)] == {"EUR": (50.0, 180.0)}
    assert by_quarter[date(2025, 6, 30)] == {"EUR": (150.0, 180.0)}
    # What achieving a recommendation would unlock counts each amount once too.
    dialogue = make_framework(session, "Dialogue", kind="dialogue")
    records.add_link(
        session, make_item(session, dialogue, "Art. 1").id, recommendation_id=world["first"].id, by=SYSTEM
    )
    row = pages.integrated_view(
        session, kind="framework", track_id=dialogue.id, as_of=date(2025, 4, 1), today=TODAY
    ).rows[0]
    assert {r.node.code for r in row.unlocks} == {"A.1", "A"}
    assert row.unlock_totals == {"EUR": (100.0, 100.0)}  # A.1's 100, not A's 150 on top


def test_a_kept_day_reads_the_benchmarks_kept_state_and_follows_a_backdated_write(session, world):
    from scorecard.services import scores

    scores.ensure_snapshot_days(session, today=TODAY)
    quarter = date(2025, 3, 31)
    assert quarter in scores.kept_days(session, [quarter])
    facility = world["facility"].id

    def parts(kept):
        found = evaluation.link_parts(
            session, framework_ids=[facility], as_of=quarter, today=TODAY, kept=kept
        )
        return sorted((part.link_id, part.score, part.achieved) for part in found)

    law = world["first"].benchmarks[0]
    assert (next(p for p in parts(True) if p[1] is not None)[2]) is True  # the law was adopted by then
    assert parts(True) == parts(False)
    factories.record(session, law, date(2025, 2, 1), achieved=False, today=TODAY)  # back-dated: repealed
    assert parts(True) == parts(False)
    assert [p[2] for p in parts(True) if p[1] is not None].count(True) == 1  # only the other link's
    assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)
