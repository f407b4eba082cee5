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

    from flask.cli import with_appcontext

    @app.cli.group("report", invoke_without_command=True)
    @click.option("--year", help="The financial year, e.g. 2024 for 2024/25 (default: the last one ended).")
    @click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day of a period of your own.")
    @click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day of a period of your own.")
    @click.option("--format", "fmt", type=click.Choice(["text", "csv", "html", "pdf"]), default="text",
                  show_default=True)
    @click.option("--output", type=click.Path(dir_okay=False), help="Write to this file (default: the screen).")
    @click.pass_context
    @with_appcontext
    def report_group(ctx, year, start, end, fmt, output):
        """The annual report (`flask report --year 2024`), and `flask report import FILE`."""
        if ctx.invoked_subcommand:
            return
        from portal.clock import today
        from portal.reporting import build_report, exports, pdf
        from portal.reporting.periods import Period, financial_year, last_complete_year, parse_year

        try:
            if start or end:
                if not (start and end):
                    raise ValueError("give both --from and --to")
                period = Period(start.date(), end.date())
            else:
                period = financial_year(parse_year(year) if year else last_complete_year(today()))
        except ValueError as error:
            raise click.BadParameter(str(error)) from error
        report = build_report(db.session, period)
        if fmt == "text":
            body = exports.to_text(report)
        elif fmt == "csv":
            body = exports.to_csv(report, exports.every_table(report))
        else:
            from pathlib import Path

            from flask import url_for

            from admin.reports import render_document

            css_file = Path(current_app.static_folder) / "dist" / "portal.css"
            with current_app.test_request_context():
                if fmt == "html":
                    body = render_document(report,
                                           inline_css=css_file.read_text() if css_file.exists() else None)
                elif not pdf.available():
                    raise click.ClickException("PDF needs WeasyPrint and its system libraries (Pango)")
                else:
                    body = pdf.render(render_document(report), base_url="http://localhost/",
                                      static_url=url_for("static", filename="", _external=True),
                                      static_folder=current_app.static_folder)
        db.session.rollback()
        if output:
            mode = "wb" if isinstance(body, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as file:
                file.write(body)
            click.echo(f"wrote the {period.label} report to {output}")
        elif isinstance(body, bytes):
            raise click.UsageError("give --output FILE for a PDF")
        else:
            click.echo(body, nl=False)

    @report_group.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    def report_import(file):
        """Import past years' cases from a CSV file: all of it, or nothing (README: The annual report)."""
        from pathlib import Path

        from portal.clock import today
        from portal.reporting.history_import import import_history

        path = Path(file)
        result = import_history(db.session, path.read_bytes(), today=today(), file_name=path.name)
        if not result.ok:
            for problem in result.problems:
                click.echo(problem.message(), err=True)
            raise click.ClickException(f"nothing imported: {len(result.problems)} problem(s) in {path.name}")
        click.echo(f"imported {result.imported} cases from {path.name}")

    @app.cli.command("retention")
    @click.option("--dry-run", is_flag=True, help="Count what would be anonymised; change nothing.")
    @click.option("--today", "on", type=click.DateTime(["%Y-%m-%d"]), help="Run as of this day (default: today).")
    def retention(dry_run, on):
        """Anonymise closed cases past their kind's retention period (README: Data protection)."""
        from portal import retention as retention_rules
        from portal.clock import today

        try:
            schedule = retention_rules.Schedule.from_config(current_app.config)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        report = retention_rules.apply(db.session, schedule, today=on.date() if on else today(),
                                       upload_folder=current_app.config["UPLOAD_FOLDER"], dry_run=dry_run)
        for line in report.lines():
            click.echo(line)

    @app.cli.command("subject-access")
    @click.option("--email", help="The email address the person gave.")
    @click.option("--phone", help="The phone number the person gave (any spacing, +44 or 0).")
    @click.option("--output", required=True, type=click.Path(file_okay=False),
                  help="Folder for the JSON file and the readable document (made if missing).")
    def subject_access(email, phone, output):
        """Everything held about one person, as JSON and a readable document (UK GDPR art. 15)."""
        from portal import subject_access as access

        try:
            person = access.Person(email=email, phone=phone)
        except ValueError as error:
            raise click.UsageError(str(error)) from error
        json_path, html_path, data = access.export(db.session, person, output, actor="command-line")
        click.echo(f"{len(data['cases'])} cases, {len(data['messages_without_a_case'])} other messages, "
                   f"{len(data['unfinished_forms'])} unfinished forms, "
                   f"{len(data['safeguarding_alerts_without_a_case'])} other safeguarding alerts"
                   f"{', an officer account' if data['officer_account'] else ''}")
        click.echo(f"wrote {json_path} and {html_path}: review them before anything is sent")

    @app.cli.group("translations")
    def translations_group():
        """The language catalogues."""

    @translations_group.command("status")
    def translations_status():
        """Print each language's completeness (Markdown), as the README shows it."""
        from pathlib import Path

        from portal.catalogues import completeness, markdown

        folder = Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
        click.echo(markdown(completeness(folder, current_app.config["LANGUAGES"])))
