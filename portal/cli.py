"""Command-line tools: `flask rules table`, `flask drafts purge`."""

import click
from flask import current_app

from portal.extensions import db


def init_app(app):
    @app.cli.group("rules")
    def rules_group():
        """The procedure rules."""

    @rules_group.command("table")
    def rules_table():
        """Print the routing table (Markdown), generated from portal.rules."""
        from portal.rules.table import routing_table_markdown

        click.echo(routing_table_markdown())

    @rules_group.command("settings")
    def rules_settings():
        """Print the council settings table (Markdown) with their defaults."""
        from portal.rules.settings import settings_keys

        click.echo("| setting | default | what it is |\n| --- | --- | --- |")
        for key, default, description in settings_keys():
            click.echo(f"| `{key}` | `{default}` | {description} |")

    @app.cli.group("drafts")
    def drafts_group():
        """Unfinished journeys."""

    @drafts_group.command("purge")
    def drafts_purge():
        """Delete drafts untouched for DRAFT_LIFETIME_DAYS."""
        from portal.journey.drafts import delete_expired

        removed = delete_expired(db.session, current_app.config["DRAFT_LIFETIME_DAYS"])
        click.echo(f"deleted {removed} expired drafts")
