"""Which new passwords are refused: too short, too common, or made of the account's own email or name."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from scorecard.errors import N_, RuleViolation

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
# Words a guesser tries first against this application whoever the user is.
SITE_WORDS = ("scorecard",)
# The shortest piece of an email or name worth refusing: shorter ones ("li", "ann") are in
# too many good passphrases by chance.
MIN_PERSONAL_WORD = 4
_NOT_LETTERS = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of the 10,000 most common passwords (scorecard/common_passwords.txt)."""
    text = resources.files("scorecard").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _cores(password: str) -> set[str]:
    """The password and what is left of it once digits and symbols are cut from either end.

    Guessers try a common word with a year or a number appended ("iloveyou2024",
    "password1234"), so each such cut is checked against the list too.
    """
    lowered = password.lower()
    cores = {lowered}
    for end in range(len(lowered) - 1, 0, -1):
        if lowered[end].isalpha():
            break
        cores.add(lowered[:end])
    for start in range(1, len(lowered)):
        if lowered[start - 1].isalpha():
            break
        cores.add(lowered[start:])
    return cores


def is_common(password: str) -> bool:
    """Whether the password is a common one, alone or with digits and symbols around it."""
    listed = common_passwords()
    return any(core in listed for core in _cores(password) if len(core) >= MIN_PERSONAL_WORD)


def personal_words(*, email: str, name: str) -> set[str]:
    """Pieces of the account's email and name a guesser who knows the person would try."""
    local, _, domain = email.lower().partition("@")
    pieces = [local, *_NOT_LETTERS.split(local), *_NOT_LETTERS.split(name.lower())]
    pieces += domain.split(".")[:-1]  # the organisation's name, not the top-level domain
    pieces += SITE_WORDS
    return {piece for piece in pieces if len(piece) >= MIN_PERSONAL_WORD}


def check_password_strength(
    password: str, *, email: str = "", name: str = "", field: str = "password"
) -> None:
    """Refuse short, common and personal passwords (ASVS 2.1 / NIST 800-63B: length and a
    blocklist, not composition rules)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(N_("Use at least %(least)d characters.", least=MIN_PASSWORD_LENGTH), field=field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise RuleViolation(N_("Use at most %(most)d characters.", most=MAX_PASSWORD_LENGTH), field=field)
    lowered = password.lower()
    if any(word in lowered for word in personal_words(email=email, name=name)):
        raise RuleViolation(
            N_("The password must not contain your email, your name or the site's name."), field=field
        )
    if len(set(password)) < 5:
        raise RuleViolation(N_("That password is too repetitive."), field=field)
    if is_common(password):
        raise RuleViolation(
            N_("That is one of the most common passwords (perhaps with digits added); choose another."),
            field=field,
        )
