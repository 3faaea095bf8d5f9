"""Scorecard summaries: the grid, the groups and the changes agree with the scoring service, on any date."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard import scoring
from scorecard.services import progress, recommendations, reference, scorecards, scores
from scorecard.services.recommendations import RecommendationFilter, Thresholds, filtered_ids

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter

TODAY = date(2026, 11, 22)
EARLIER = date(2025, 12, 31)
THRESHOLDS = Thresholds(today=TODAY, stale_days=180)


def level_id(session, label, scale="EU progress"):
    """A preset level's id by label."""
    return factories.level(session, scale, label).id


def arrange(session, count=3, *, themes=None, actors=None):
    """`count` recommendations over two themes and two actors, each with a scale benchmark and a
    milestone, assessed before EARLIER and again after it (every third left unassessed)."""
    themes = themes or [factories.make_theme(session), factories.make_theme(session)]
    actors = actors or [factories.make_actor(session), factories.make_actor(session)]
    made = []
    for index in range(count):
        rec = factories.make_recommendation(
            session,
            theme_id=themes[index % 2].id,
            actors=[(actors[index % 2].id, "lead")] + ([(actors[1].id, "supporting")] if index == 0 else []),
            benchmarks=[
                factories.on_scale(session, "Assessment", weight=2.0),
                factories.milestone("Law adopted"),
            ],
        )
        assessment, law = rec.benchmarks
        if index % 3 != 2:
            factories.record(
                session,
                assessment,
                date(2025, 6, 1),
                level_id=level_id(session, "limited progress"),
                today=TODAY,
            )
            factories.record(
                session,
                assessment,
                date(2026, 6, 1),
                level_id=level_id(session, ["good progress", "backsliding"][index % 2]),
                today=TODAY,
            )
            factories.record(session, law, date(2026, 3, 1), achieved=index % 2 == 0, today=TODAY)
        made.append(rec)
    return made


def reference_group(session, ids, as_of):
    """The pure arithmetic's group summary of these recommendations, from the scoring service's scores."""
    found = scores.recommendation_scores(session, as_of=as_of, today=TODAY, recommendation_ids=ids)
    return scoring.group_score(found[i].summary if i in found else scores.EMPTY for i in ids)


def test_group_figures_equal_the_pure_group_score_on_both_dates(session):
    recs = arrange(session, 6)
    ids = recommendations.filtered_ids(session, RecommendationFilter(), THRESHOLDS)
    figures = scorecards.group_figures(
        session, group="theme", recommendation_ids=ids, as_of=TODAY, compare=EARLIER, today=TODAY
    )
    assert len(figures) == 2
    for group in figures:
        members = [r.id for r in recs if r.theme_id == group.key]
        now, then = reference_group(session, members, TODAY), reference_group(session, members, EARLIER)
        assert group.recommendations == now.count == len(members)
        assert group.assessed == now.assessed_count
        assert group.score == pytest.approx(now.score)
        assert group.coverage == pytest.approx(now.coverage)
        assert group.earlier_score == pytest.approx(then.score)
        assert group.change == pytest.approx(now.score - then.score)


def test_group_figures_count_a_recommendation_under_each_of_its_actors(session):
    actors = [factories.make_actor(session), factories.make_actor(session)]
    recs = arrange(session, 3, actors=actors)
    ids = recommendations.filtered_ids(session, RecommendationFilter(), THRESHOLDS)
    figures = {
        g.key: g
        for g in scorecards.group_figures(
            session, group="actor", recommendation_ids=ids, as_of=TODAY, compare=EARLIER, today=TODAY
        )
    }
    # recs[0] names both actors; recs[1] the second; recs[2] the first.
    assert figures[actors[0].id].recommendations == 2
    assert figures[actors[1].id].recommendations == 2
    second = reference_group(session, [recs[0].id, recs[1].id], TODAY)
    assert figures[actors[1].id].score == pytest.approx(second.score)


def test_group_figures_by_cycle_put_undated_recommendations_apart(session):
    cycle = reference.create_cycle(
        session, name="Cycle under test", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), by=SYSTEM
    )
    theme = factories.make_theme(session)
    due = factories.make_recommendation(session, theme_id=theme.id, due_on=date(2026, 6, 30))
    factories.make_recommendation(session, theme_id=theme.id)
    ids = recommendations.filtered_ids(session, RecommendationFilter(theme_ids=(theme.id,)), THRESHOLDS)
    figures = scorecards.group_figures(
        session, group="cycle", recommendation_ids=ids, as_of=TODAY, compare=EARLIER, today=TODAY
    )
    by_key = {g.key: g for g in figures}
    assert by_key[cycle.id].recommendations == 1
    assert by_key[None].name == "Not due in any review cycle"
    card = scorecards.build_scorecard(
        session,
        criteria=RecommendationFilter(theme_ids=(theme.id,)),
        thresholds=THRESHOLDS,
        as_of=TODAY,
        group="cycle",
    )
    assert [row.id for row in card.groups[0].rows] == [due.id]


def test_scorecard_rows_equal_the_scoring_service_at_both_dates(session):
    recs = arrange(session, 6)
    theme_ids = tuple({r.theme_id for r in recs})
    card = scorecards.build_scorecard(
        session,
        criteria=RecommendationFilter(theme_ids=theme_ids),
        thresholds=THRESHOLDS,
        as_of=TODAY,
        compare=EARLIER,
    )
    ids = [r.id for r in recs]
    now = scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=ids)
    then = scores.recommendation_scores(session, as_of=EARLIER, today=TODAY, recommendation_ids=ids)
    assert {row.id for row in card.rows} == set(ids)
    for row in card.rows:
        expected_now = now[row.id].summary
        expected_then = then[row.id].summary
        assert row.summary == expected_now
        assert row.earlier == expected_then
        assert row.change == scoring.trend(expected_now.score, expected_then.score)
    overall = reference_group(session, ids, TODAY)
    assert card.overall.score == pytest.approx(overall.score)
    assert card.overall.recommendations == 6


def test_scorecard_as_of_an_earlier_date_shows_the_state_then(session):
    (rec,) = arrange(session, 1)
    criteria = RecommendationFilter(q=rec.code)
    today = scorecards.build_scorecard(
        session, criteria=criteria, thresholds=THRESHOLDS, as_of=TODAY, compare=EARLIER
    )
    back = scorecards.build_scorecard(
        session, criteria=criteria, thresholds=THRESHOLDS, as_of=date(2025, 7, 1), compare=date(2025, 1, 1)
    )
    assessment_now = today.rows[0].cells[0]
    assessment_then = back.rows[0].cells[0]
    assert assessment_now.state.label == "good progress"
    assert assessment_now.earlier.label == "limited progress" and assessment_now.changed
    assert assessment_then.state.label == "limited progress"
    assert assessment_then.state.observed_on == date(2025, 6, 1)
    assert assessment_then.earlier is None
    assert back.rows[0].cells[1].state is None  # the milestone was first assessed in 2026
    assert back.rows[0].change is None  # nothing assessed on 2025-01-01: no trend, not a fall to 0


def test_scorecard_compares_by_default_with_the_end_of_the_previous_cycle(session):
    arrange(session, 1)
    reference.create_cycle(
        session, name="Review A", starts_on=date(2025, 1, 1), ends_on=date(2025, 9, 30), by=SYSTEM
    )
    card = scorecards.build_scorecard(
        session, criteria=RecommendationFilter(), thresholds=THRESHOLDS, as_of=date(2026, 1, 15)
    )
    assert card.compare == scoring.comparison_date(
        date(2026, 1, 15), [c.ends_on for c in scorecards.list_cycles(session)]
    )
    assert card.compare <= date(2026, 1, 15)


def test_scorecard_changes_list_counting_entries_between_the_dates(session):
    (rec,) = arrange(session, 1)
    assessment, _law = rec.benchmarks
    wrong = factories.record(
        session, assessment, date(2026, 7, 1), level_id=level_id(session, "backsliding"), today=TODAY
    )
    progress.correct_entry(
        session,
        wrong.id,
        fields=progress.EntryInput(observed_on=date(2026, 7, 1), level_id=level_id(session, "some progress")),
        by=SYSTEM,
        today=TODAY,
    )
    card = scorecards.build_scorecard(
        session,
        criteria=RecommendationFilter(q=rec.code),
        thresholds=THRESHOLDS,
        as_of=TODAY,
        compare=EARLIER,
    )
    listed = [(c.observed_on, c.label) for c in card.changes]
    assert listed == [
        (date(2026, 7, 1), "some progress"),
        (date(2026, 6, 1), "good progress"),
        (date(2026, 3, 1), "Achieved"),
    ]
    assert card.changes_total == 3  # the corrected entry no longer counts; 2025-06-01 is before the range


def test_scorecard_leaves_out_archived_recommendations_and_benchmarks(session):
    recs = arrange(session, 2)
    recommendations.set_archived(session, recs[1].id, archived=True, expected_version=None, by=SYSTEM)
    theme_ids = tuple({r.theme_id for r in recs})
    card = scorecards.build_scorecard(
        session, criteria=RecommendationFilter(theme_ids=theme_ids), thresholds=THRESHOLDS, as_of=TODAY
    )
    assert [row.id for row in card.rows] == [recs[0].id]
    assert card.overall.recommendations == 1


@pytest.mark.slow
def test_scorecard_takes_the_same_number_of_queries_for_3_and_30_recommendations(session, connection):
    themes = [factories.make_theme(session), factories.make_theme(session)]
    actors = [factories.make_actor(session), factories.make_actor(session)]
    arrange(session, 3, themes=themes, actors=actors)
    criteria = RecommendationFilter(theme_ids=tuple(t.id for t in themes))
    counts = []
    for extra in (0, 27):
        arrange(session, extra, themes=themes, actors=actors)
        for group in ("theme", "actor"):
            with QueryCounter(connection) as counter:
                card = scorecards.build_scorecard(
                    session, criteria=criteria, thresholds=THRESHOLDS, as_of=date(2026, 1, 1), group=group
                )
            counts.append((group, counter.count))
        assert card.total == 3 + extra
    assert counts[:2] == counts[2:]
    assert counts[0][1] <= 15  # counts of rows and of changes are their own (cheap) queries


def test_theme_scores_can_be_narrowed_to_a_selection(session):
    recs = arrange(session, 4)
    chosen = recommendations.filtered_ids(session, RecommendationFilter(q=recs[0].code), THRESHOLDS)
    themes = {
        t.key: t
        for t in scorecards.theme_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=chosen)
    }
    assert themes[recs[0].theme_id].recommendations == 1
    assert themes[recs[1].theme_id].recommendations == 0
    assert themes[recs[1].theme_id].score is None


@pytest.mark.parametrize("group", sorted(scorecards.PARTITIONS))
def test_overall_recombined_from_a_partition_equals_the_direct_figures(session, group):
    themes = [factories.make_theme(session) for _ in range(3)]
    sources = [factories.make_source(session), None]
    for n in range(9):
        rec = factories.make_recommendation(
            session,
            theme_id=themes[n % 3].id,
            source_id=sources[n % 2].id if sources[n % 2] else None,
            benchmarks=[factories.numeric(baseline=0, target=10), factories.milestone()],
        )
        if n % 4:
            factories.record(
                session, rec.benchmarks[0], date(2025, 1 + n, 1), value=n, today=date(2026, 11, 22)
            )
        if n % 3 == 0:
            factories.record(
                session, rec.benchmarks[1], date(2026, 2, 1), achieved=True, today=date(2026, 11, 22)
            )
    ids = filtered_ids(session, RecommendationFilter(), Thresholds(date(2026, 11, 22), 180))
    kwargs = {
        "recommendation_ids": ids,
        "as_of": date(2026, 11, 22),
        "compare": date(2025, 6, 30),
        "today": date(2026, 11, 22),
    }
    combined = scorecards.combine(scorecards.group_figures(session, group=group, **kwargs))
    direct = scorecards.group_figures(session, group=None, **kwargs)[0]
    assert combined.recommendations == direct.recommendations and combined.assessed == direct.assessed
    for field in ("score", "coverage", "earlier_score", "earlier_coverage"):
        assert getattr(combined, field) == pytest.approx(getattr(direct, field)), field
