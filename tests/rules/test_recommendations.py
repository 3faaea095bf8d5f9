"""The recommendation rules: the clean values they give back, and how errors come together."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard.errors import DuplicateCode, RuleViolation
from scorecard.rules.recommendations import (
    RecommendationFacts,
    check_recommendation,
    normalise_code,
    normalise_tags,
)


def _facts(**overrides: object) -> RecommendationFacts:
    values: dict[str, object] = {"code": "eu-03", "title": "Roadmap", "text": "Publish it.", "theme_id": 1}
    values.update(overrides)
    return RecommendationFacts(**values)


def test_check_recommendation_gives_clean_values():
    checked = check_recommendation(
        _facts(
            code="  eu-03 ",
            title="  Roadmap ",
            text=" Publish it. ",
            locator="  ",
            tags=["Roadmap, EU", "eu"],
            actors=[(2, "lead"), (3, "consulted")],
        )
    )
    assert (checked.code, checked.title, checked.text, checked.locator) == (
        "EU-03",
        "Roadmap",
        "Publish it.",
        None,
    )
    assert checked.tags == "roadmap,eu"
    assert checked.actors == ((2, "lead"), (3, "consulted"))
    assert checked.columns()["theme_id"] == 1 and "actors" not in checked.columns()


@pytest.mark.parametrize(
    ("code", "expected"), [("eu-03", "EU-03"), ("  Kfor/2.a ", "KFOR/2.A"), ("A" * 32, "A" * 32), ("", "")]
)
def test_normalise_code_trims_and_capitalises(code, expected):
    assert normalise_code(code) == expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [(["a, B", "b", " c "], "a,b,c"), ([""], ""), (["x,,y"], "x,y"), ([], "")],
)
def test_normalise_tags_lower_cases_and_deduplicates(tags, expected):
    assert normalise_tags(tags) == expected


def test_errors_of_every_field_come_back_together():
    with pytest.raises(RuleViolation) as raised:
        check_recommendation(
            _facts(code="", title="", text="", theme_id=None, priority="x", status="y"), code_taken=True
        )
    assert set(raised.value.errors) == {"code", "title", "text", "theme_id", "priority", "status"}
    assert raised.value.errors["code"] == "Code is required."  # a blank code is never "taken"


def test_a_taken_code_with_other_errors_is_a_plain_violation():
    with pytest.raises(RuleViolation) as raised:
        check_recommendation(_facts(title=""), code_taken=True)
    assert not isinstance(raised.value, DuplicateCode)
    assert raised.value.errors["code"] == "Code EU-03 is already used by another recommendation."


def test_names_pass_when_no_lookup_is_given():
    """An import names themes, sources and actors, and creates the ones it does not know."""
    checked = check_recommendation(
        _facts(theme_id="Security", source_id="Report", actors=[("NATO/KFOR", "lead"), ("EU", "supporting")])
    )
    assert (checked.theme_id, checked.source_id) == ("Security", "Report")


@pytest.mark.parametrize(
    ("issued_on", "due_on"),
    [(date(2025, 1, 1), date(2025, 1, 1)), (None, date(2020, 1, 1)), (date(2025, 1, 1), None)],
)
def test_due_date_on_or_after_issue_or_either_missing_passes(issued_on, due_on):
    assert check_recommendation(_facts(issued_on=issued_on, due_on=due_on)).due_on == due_on


def test_a_role_outside_the_list_wins_over_a_repeated_actor():
    with pytest.raises(RuleViolation) as raised:
        check_recommendation(_facts(actors=[(1, "lead"), (1, "boss")]))
    assert raised.value.errors == {"actors": "Choose each actor's role from the list."}


def test_a_taken_code_that_breaks_the_pattern_says_the_pattern():
    with pytest.raises(RuleViolation) as raised:
        check_recommendation(_facts(code="EU 03"), code_taken=True)
    assert not isinstance(raised.value, DuplicateCode)
    assert raised.value.errors == {"code": "Use up to 32 letters, digits and . _ / - (for example EU-03)."}
