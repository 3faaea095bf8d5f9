"""Rules about free text and links that every entity's checks share."""

from __future__ import annotations

from urllib.parse import urlsplit

from scorecard.errors import N_, RuleViolation


def clean(text: str | None) -> str | None:
    """Trimmed text, or None for blank."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def check_http_url(url: str | None, field: str) -> str | None:
    """A link that is http(s) with a host, or None; anything else (javascript:, data:) is refused."""
    url = clean(url)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise RuleViolation(N_("Enter a full web address starting with http:// or https://."), field=field)
    return url
