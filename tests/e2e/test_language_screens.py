"""The dashboard, the scorecard, the import pages and a form in Albanian and Serbian Cyrillic, at desktop and
phone width, on the demo data: screenshots for people to look at, no English left, axe-core clean."""

from __future__ import annotations

import pytest

from scorecard import demo

from .conftest import assert_accessible, sign_in
from .test_languages import both_widths, switch_to

# Words the import pages and forms showed in English before they were translated.
ENGLISH = (
    "Import CSV",
    "Upload and preview",
    "Your recent imports",
    "Map the columns",
    "Our fields",
    "no column",
    "Preview:",
    "cannot be imported",
    "is needed to create",
    "This field is required",
    "Add a theme",
    "Score by theme",
    "other themes",
    "created by the import",
)
FOREIGN_CSV = b"Ref;Recommendation text;Area;Due\nA-1;Make the courts faster;Justice;31/12/2026\n"
# Our own header; the second row lacks what a new recommendation needs.
OURS_CSV = (
    b"code,title,text,theme\nLANG-9,Publish the roadmap,The roadmap is published.,Rule of law\nLANG-10,,,\n"
)


def valid_csv(code: str) -> bytes:
    """A file of ours that imports one new recommendation."""
    return f"code,title,text,theme\n{code},Hold the review,The review is held.,Rule of law\n".encode()


@pytest.fixture(scope="module")
def demo_data(live_server):
    """The demo data set: the headline recommendations have Albanian and Serbian wording."""
    session = live_server.session()
    demo.load(session)
    session.commit()
    session.close()


def assert_translated(page) -> None:
    """No English interface words left in the page's main part and header."""
    text = page.locator("main").inner_text() + page.locator("header").inner_text()
    found = [words for words in ENGLISH if words in text]
    assert not found, f"English left on a translated page: {found}"


def upload(page, live_server, name: str, body: bytes) -> None:
    """Upload a file through the import form and follow where it leads (mapping or preview)."""
    page.goto(live_server.url + "/import")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("language", "tag"), [("Shqip", "sq"), ("Српски", "sr-Cyrl")])
def test_the_main_pages_imports_and_a_form_read_right_in_each_language(
    page, live_server, demo_data, language, tag
):
    sign_in(page, live_server, "analyst")
    switch_to(page, language)
    assert page.locator("html").get_attribute("lang") == tag
    shots = [
        ("/", "dashboard"),
        ("/scorecard", "scorecard"),
        ("/import", "import-upload"),
        ("/themes", "themes"),
    ]
    for path, name in shots:
        page.goto(live_server.url + path)
        assert_translated(page)
        assert_accessible(page)
        both_widths(page, f"language-screens-{name}-{tag}")

    upload(page, live_server, "foreign.csv", FOREIGN_CSV)
    assert "/mapping" in page.url
    assert_translated(page)
    assert_accessible(page)
    both_widths(page, f"language-screens-import-mapping-{tag}")

    upload(page, live_server, "ours.csv", OURS_CSV)
    assert page.locator(".import-errors").is_visible()
    assert_translated(page)
    assert_accessible(page)
    both_widths(page, f"language-screens-import-preview-{tag}")

    upload(page, live_server, f"valid-{tag}.csv", valid_csv(f"LANG-{tag.upper()}"))
    page.locator(".import-confirm button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/status"))
    assert page.locator(".import-counts").is_visible()
    assert_translated(page)
    assert_accessible(page)
    both_widths(page, f"language-screens-import-done-{tag}")

    # A form refused by WTForms' own check and by ours, its messages in the page's language.
    page.goto(live_server.url + "/themes/new")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field-errors").first.is_visible()
    assert_translated(page)
    assert_accessible(page)
    both_widths(page, f"language-screens-form-errors-{tag}")
