"""The dashboard: themes with their recommendations and scores as of today, from the database."""

from __future__ import annotations

import re
from datetime import date

from scorecard import demo
from scorecard.services import scorecards


def test_dashboard_lists_themes_with_counts_and_scores_from_the_service(viewer, session):
    demo.load(session)
    session.commit()
    html = viewer.get("/").get_data(as_text=True)
    assert "Demo data." in html
    for theme in scorecards.theme_scores(session, as_of=date.today()):
        row = re.search(
            rf"<th scope=\"row\">{re.escape(theme.name.replace('&', '&amp;'))}</th>(.*?)</tr>",
            html,
            re.S,
        )
        assert row, theme.name
        cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1), re.S)
        assert cells[0].strip() == str(theme.recommendations)
        shown = re.sub(r"<[^>]+>", "", cells[2]).strip()
        assert shown == ("—" if theme.score is None else f"{theme.score:.0f}")
