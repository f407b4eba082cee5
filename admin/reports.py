"""The annual report in the officers' area (managers and administrators): the report for a
financial year or any dates, a CSV of each table, a print-ready document (and PDF), and
the import of past years."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from admin import bp
from admin.access import requires
from admin.report_display import HELPERS
from admin.report_forms import ImportForm, RangeForm, YearForm
from portal.clock import today
from portal.extensions import db
from portal.models import Case
from portal.reporting import build_report, exports, history_import, pdf
from portal.reporting.periods import Period, financial_year, financial_year_of, last_complete_year, parse_year
from portal.reporting.report import SCOPES, SECTIONS, SPECS
from portal.reporting.self_assessment import checklist

#: Problems shown on the import page at once; the rest are counted.
PROBLEMS_SHOWN = 50


def _scope() -> str:
    scope = request.args.get("procedure", "all")
    return scope if scope in SCOPES else "all"


def _period_from_query() -> Period:
    """The period in the query string: ?year=2024, or ?from=…&to=… (ISO dates), or by
    default the last financial year to have ended."""
    args = request.args
    try:
        if args.get("from") or args.get("to"):
            return Period(date.fromisoformat(args.get("from", "")), date.fromisoformat(args.get("to", "")))
        if args.get("year"):
            return financial_year(parse_year(args["year"]))
    except ValueError:
        abort(404)
    return financial_year(last_complete_year(today()))


def _year_choices() -> list[tuple[str, str]]:
    first = db.session.scalar(select(func.min(Case.received_on)))
    newest = financial_year_of(today())
    oldest = min(financial_year_of(first) if first else newest, newest - 1)
    return [(str(year), financial_year(year).label) for year in range(newest, oldest - 1, -1)]


def _query(period: Period, **extra) -> dict:
    return {**period.query(), **{k: v for k, v in extra.items() if v}}


@bp.get("/reports", endpoint="report")
@requires("see-reports")
def report_page():
    scope = _scope()
    range_form = RangeForm(request.args if "show_dates" in request.args else None)
    if "show_dates" in request.args and range_form.validate():
        chosen = Period(range_form.start.data, range_form.end.data)
        return redirect(url_for("admin.report", **_query(chosen, procedure=None if scope == "all" else scope)))
    period = _period_from_query()
    year_form = YearForm(data={"year": str(period.financial_year or "")})
    year_form.year.choices = _year_choices()
    report = build_report(db.session, period)
    status = 400 if range_form.errors else 200
    return render_template(
        "admin/report.html", report=report, scope=scope, scopes=SCOPES, sections=SECTIONS,
        tables=report.tables(scope), checklist=checklist(report), year_form=year_form, form=range_form,
        query=_query(period), scope_query=_query(period, procedure=None if scope == "all" else scope),
        pdf_available=pdf.available(), **HELPERS,
    ), status


@bp.get("/reports/tables/<table_id>.csv", endpoint="report_table_csv")
@requires("see-reports")
def report_table_csv(table_id):
    if table_id not in SPECS:
        abort(404)
    report = build_report(db.session, _period_from_query())
    text = exports.to_csv(report, exports.every_table(report, table_id), _)
    return _download(text, "text/csv", f"{table_id}-{report.period.slug}.csv")


@bp.get("/reports/report.csv", endpoint="report_csv")
@requires("see-reports")
def report_csv():
    report = build_report(db.session, _period_from_query())
    return _download(exports.to_csv(report, exports.every_table(report), _), "text/csv",
                     f"annual-report-{report.period.slug}.csv")


def _document_scopes() -> list[str]:
    """The print view shows every procedure (together, then each alone) unless the query
    names one."""
    scope = request.args.get("procedure")
    return [scope] if scope in SCOPES else list(SCOPES)


@bp.get("/reports/print", endpoint="report_print")
@requires("see-reports")
def report_print():
    report = build_report(db.session, _period_from_query())
    return render_document(report, _document_scopes())


@bp.get("/reports/report.pdf", endpoint="report_pdf")
@requires("see-reports")
def report_pdf():
    """The print view as a PDF. It takes WeasyPrint several seconds a procedure, so the page
    offers one procedure (or both together) at a time; `flask report --format pdf` makes
    the whole document."""
    if not pdf.available():
        abort(404)
    report = build_report(db.session, _period_from_query())
    scopes = _document_scopes()
    document = pdf.render(render_document(report, scopes), base_url=request.url_root,
                          static_url=url_for("static", filename="", _external=True),
                          static_folder=current_app.static_folder)
    suffix = "" if len(scopes) > 1 else f"-{scopes[0]}"
    return _download(document, "application/pdf", f"annual-report-{report.period.slug}{suffix}.pdf")


def render_document(report, scopes=tuple(SCOPES), *, inline_css: str | None = None) -> str:
    """The print-ready report for ``scopes`` (by default both procedures together, then each
    alone), with the Code self-assessment. ``inline_css`` puts the styles in the file (for
    the command line)."""
    return render_template("admin/report_print.html", report=report,
                           scopes={scope: SCOPES[scope] for scope in scopes}, sections=SECTIONS,
                           checklist=checklist(report), inline_css=inline_css, query=_query(report.period),
                           **HELPERS)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# Importing past years ------------------------------------------------------------------------

@bp.route("/reports/import", methods=["GET", "POST"], endpoint="report_import")
@requires("see-reports")
def report_import():
    form = ImportForm()
    problems, more = [], 0
    if form.validate_on_submit():
        upload = form.file.data
        result = history_import.import_history(db.session, upload.read(), by=current_user, today=today(),
                                               file_name=upload.filename)
        if result.ok:
            flash(ngettext("Imported %(num)d case.", "Imported %(num)d cases.", result.imported), "success")
            return redirect(url_for("admin.report_import"))
        problems = [problem.message(_) for problem in result.problems[:PROBLEMS_SHOWN]]
        more = len(result.problems) - len(problems)
    status = 400 if form.errors or problems else 200
    return render_template("admin/report_import.html", form=form, problems=problems, more=more,
                           upload_error=bool(problems), columns=history_import.COLUMNS), status


@bp.get("/reports/import/columns.csv", endpoint="report_import_template")
@requires("see-reports")
def report_import_template():
    return _download(history_import.template_csv(), "text/csv", "past-cases.csv")
