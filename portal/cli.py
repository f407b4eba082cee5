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

    @app.cli.group("outbox")
    def outbox_group():
        """Messages waiting to be sent."""

    @outbox_group.command("send")
    @click.option("--loop", is_flag=True, help="Keep sending every --interval seconds.")
    @click.option("--interval", default=30, show_default=True, help="Seconds between rounds.")
    def outbox_send(loop, interval):
        """Deliver every due message (retries with backoff; never twice)."""
        import time

        from portal import outbox

        while True:
            report = outbox.deliver_due(db.session, outbox.transport_for(current_app))
            click.echo(f"sent {len(report.sent)}, failed {len(report.failed)} (will retry), "
                       f"given up {len(report.given_up)}")
            db.session.remove()
            if not loop:
                return
            time.sleep(interval)

    @app.cli.command("reminders")
    def reminders():
        """List acknowledgements due today or overdue, and email the list to the team."""
        from portal import reminders as reminder_rules

        due = reminder_rules.acknowledgements_due(db.session)
        for line in reminder_rules.describe(due):
            click.echo(line)
        if due:
            reminder_rules.queue_reminder(db.session, due)
            click.echo(f"queued a reminder to {current_app.config['COUNCIL_COMPLAINTS_EMAIL']}")
        else:
            click.echo("no acknowledgements due")

    @app.cli.group("drafts")
    def drafts_group():
        """Unfinished journeys."""

    @drafts_group.command("purge")
    def drafts_purge():
        """Delete drafts untouched for DRAFT_LIFETIME_DAYS."""
        from portal.journey.drafts import delete_expired

        removed = delete_expired(db.session, current_app.config["DRAFT_LIFETIME_DAYS"],
                                 current_app.config["UPLOAD_FOLDER"])
        click.echo(f"deleted {removed} expired drafts")

    @app.cli.group("officers")
    def officers_group():
        """Officers' accounts."""

    @officers_group.command("create")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", type=click.Choice(["officer", "manager", "administrator"]), default="administrator",
                  show_default=True)
    @click.option("--team", default=None)
    @click.password_option(help="At least 12 characters (asked for if not given).")
    def officers_create(email, name, role, team, password):
        """Create an account (the first one is usually an administrator)."""
        from portal import officers

        try:
            officers.create(db.session, email=email, name=name, password=password, role=role, team=team,
                            actor="command-line")
        except officers.AccountError as error:
            raise click.ClickException({"email-taken": "an officer with that email already exists",
                                        "password-too-short": "the password must be at least 12 characters"}
                                       [error.code]) from error
        click.echo(f"created {role} {email}: they set up their authenticator app at first sign-in")

    @app.cli.command("seed-demo")
    def seed_demo():
        """A demo administrator and a few demo cases, for trying the portal locally."""
        from portal import demo

        for line in demo.seed(db.session, current_app.config["INSTANCE_PATH"]):
            click.echo(line)
