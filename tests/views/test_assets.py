"""Static files cached for a year behind fingerprinted URLs; text compressed, pages not (BREACH)."""

from __future__ import annotations

import gzip
import re

from .. import factories


def test_static_urls_carry_a_fingerprint_and_are_cached_for_a_year(viewer):
    page = viewer.get("/recommendations").get_data(as_text=True)
    css = re.search(r'href="(/static/scorecard\.css\?v=[0-9a-f]{12})"', page)
    assert css, "the stylesheet link carries its content's fingerprint"
    response = viewer.get(css.group(1))
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


def test_css_and_csv_are_compressed_for_clients_that_accept_it(viewer, session):
    factories.make_recommendation(session, text="A long wording. " * 50)
    session.commit()
    css = viewer.get("/static/scorecard.css", headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip" and b"--accent" in gzip.decompress(css.data)
    css.close()
    export = viewer.get("/recommendations.csv", headers={"Accept-Encoding": "gzip"})
    assert export.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(export.data).startswith(b"code,")


def test_pages_are_never_compressed(viewer):
    response = viewer.get("/recommendations", headers={"Accept-Encoding": "gzip, br, zstd"})
    assert "Content-Encoding" not in response.headers  # BREACH: tokens beside reflected input
    assert b"<!doctype html>" in response.data
