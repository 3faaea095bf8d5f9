"""The `scorecard` console script: Flask's CLI with Scorecard's commands added."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from . import commands, tokens, transfer


def register_cli(app: Flask) -> None:
    """Add the commands to the app's CLI (`scorecard …`, or `flask --app scorecard …`)."""
    for command in (*commands.COMMANDS, *transfer.COMMANDS, *tokens.COMMANDS):
        app.cli.add_command(command)


def main() -> None:
    """The `scorecard` console script."""
    # The entry point is where the application is assembled; nothing else imports it.
    from scorecard import create_app

    FlaskGroup(
        create_app=create_app,
        add_version_option=False,
        load_dotenv=False,
        help="Scorecard: track whether policy recommendations get carried out.",
    )()
