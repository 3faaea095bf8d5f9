"""`python -m scorecard.cli …`: the `scorecard` console script, for processes started by path."""

from __future__ import annotations

from . import main

main()
