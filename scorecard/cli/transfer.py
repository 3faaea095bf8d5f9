"""CSV commands: `scorecard export KIND` and `scorecard import FILE`."""

from __future__ import annotations

import click

COMMANDS: tuple[click.Command, ...] = ()
