"""Public pages other than the journey: start, help now, information, language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from portal import casework
from portal.web import outbox_delivery
from portal.extensions import db, limiter
from portal.journey.forms import SafetyAlertForm
from portal.rules.table import COLUMNS, routing_table
from portal.rules.vocabulary import FLAGS, PROCEDURES

bp = Blueprint("public", __name__)


@bp.get("/")
def start():
    return render_template("portal/start.html")


@bp.route("/help-now", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def help_now():
    """Emergency help at once; a way to alert the safeguarding team (domain.md 7)."""
    form = SafetyAlertForm()
    came_from = _local_path(request.args.get("from") or request.referrer)
    if form.validate_on_submit():
        alert = casework.raise_safeguarding_alert(
            db.session, source="safety-page", page=came_from,
            message=form.message.data, contact=form.contact.data,
        )
        outbox_delivery.after_response(alert_id=alert.id)
        return redirect(url_for(".help_now_sent"))
    status = 400 if form.errors else 200
    return render_template("portal/help_now.html", form=form), status


@bp.get("/help-now/sent")
def help_now_sent():
    return render_template("portal/help_now_sent.html")


@bp.get("/which-procedure")
def which_procedure():
    return render_template("portal/which_procedure.html", table=routing_table(), columns=COLUMNS,
                           procedures=PROCEDURES, flags=FLAGS)


@bp.get("/accessibility")
def accessibility():
    return render_template("portal/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("portal/privacy.html")


@bp.get("/cookies")
def cookies():
    return render_template("portal/cookies.html")


@bp.get("/language/<code>")
def choose_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(_local_path(request.args.get("next")) or url_for(".start"))


@bp.get("/easy-read/<any(on, off):choice>")
def choose_easy_read(choice):
    """Easy read on or off, kept in the session for every page after this one."""
    session["easy_read"] = choice == "on"
    return redirect(_local_path(request.args.get("next")) or url_for(".start"))


def _local_path(url: str | None) -> str | None:
    """Only a path on this site: never redirect elsewhere."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # not an address at all, e.g. "http://[abc"
        return None
    if (parts.scheme or parts.netloc) and (
        parts.scheme not in ("http", "https") or parts.netloc != request.host
    ):
        # An address on another site (a Referer of this site's own pages is fine).
        return None
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")
