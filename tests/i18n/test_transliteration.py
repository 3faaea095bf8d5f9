"""Serbian Cyrillic is derived from the Latin catalogue: letters change, placeholders and markup do not."""

from __future__ import annotations

import pytest

from scorecard.catalogues import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Preporuka", "Препорука"),
        ("Kontrolna tabla", "Контролна табла"),
        ("ograničen napredak", "ограничен напредак"),
        # the digraphs are single letters in Cyrillic, whatever their case
        ("Ljubljana, Njegoš, džep, LJUDI, NJIVA, DŽAK", "Љубљана, Његош, џеп, ЉУДИ, ЊИВА, ЏАК"),
        ("Đorđe, ćao, šuma, žuto", "Ђорђе, ћао, шума, жуто"),
    ],
)
def test_latin_to_cyrillic_transliterates_serbian_letter_for_letter(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Ocena %(score)s od %(total)s", "Оцена %(score)s од %(total)s"),
        ("rok {when} i %s", "рок {when} и %s"),
        ("pokrivenost %(coverage)s%%", "покривеност %(coverage)s%%"),
        ('<a href="%(url)s">Idite na tablu</a>', '<a href="%(url)s">Идите на таблу</a>'),
        ("<strong>Demo podaci.</strong>", "<strong>Демо подаци.</strong>"),
        (
            "Vidi https://example.org/izvor i pisi na ana@example.org",
            "Види https://example.org/izvor и писи на ana@example.org",
        ),
        ("Izvezi CSV, UTC, Scorecard", "Извези CSV, UTC, Scorecard"),
        ("RAG (semafor)", "RAG (семафор)"),
        ("Washington i Kyiv", "Washington и Kyiv"),
        # a URL's scheme alone, codes and encodings people type, values a file holds, what is in <code>
        ("Počinje sa http:// ili https://.", "Почиње са http:// или https://."),
        ("npr. EU-03, UTF-16 ili Mac Roman", "нпр. EU-03, UTF-16 или Mac Roman"),
        ("true ili false; Accepted=accepted", "true или false; Accepted=accepted"),
        ("Pokrenite <code>make run</code>", "Покрените <code>make run</code>"),
    ],
)
def test_latin_to_cyrillic_leaves_placeholders_markup_and_codes_alone(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic
