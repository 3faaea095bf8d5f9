"""`scorecard tokens create|list|revoke`: personal access tokens for the JSON API."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from scorecard.db import current_database
from scorecard.errors import NotFound, RuleViolation
from scorecard.services import tokens
from scorecard.services.audit import ActingUser

CLI_USER = ActingUser.system("command line")


@click.group("tokens")
def tokens_group() -> None:
    """Personal access tokens for the JSON API."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--expires-days", type=int, default=None, help="Days until it stops working (default: never).")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
@with_appcontext
def tokens_create(email: str, scope: str, expires_days: int | None, name: str) -> None:
    """Create a token acting as EMAIL's account (with its role, never more); the token is printed once."""
    try:
        with current_database().transaction() as session:
            user = tokens.user_by_email(session, email)
            made = tokens.create_token(
                session, user.id, name=name, scope=scope, expires_in_days=expires_days, by=CLI_USER
            )
    except (RuleViolation, NotFound) as problem:
        text = " ".join(problem.errors.values()) if isinstance(problem, RuleViolation) else str(problem)
        raise click.ClickException(text) from problem
    click.echo(f"Created a {scope} token for {user.email} ({user.role}); it is shown only now:", err=True)
    click.echo(made.secret)


@tokens_group.command("revoke")
@click.argument("email")
@click.argument("token_id", type=int)
@with_appcontext
def tokens_revoke(email: str, token_id: int) -> None:
    """Revoke one of EMAIL's tokens by its id."""
    try:
        with current_database().transaction() as session:
            user = tokens.user_by_email(session, email)
            tokens.revoke_token(session, token_id, user_id=user.id, by=CLI_USER)
    except NotFound as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Revoked token {token_id}.")


COMMANDS = (tokens_group,)
