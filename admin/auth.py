"""Signing in: password, then a TOTP code (set up with a QR code on first sign-in)."""

from __future__ import annotations

import time

import segno
from flask import current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from markupsafe import Markup

from admin import bp
from admin.access import signed_out
from admin.forms import CodeForm, ConfirmForm, SetUpForm, SignInForm, SignOutEverywhereForm
from portal import officers
from portal.extensions import db, limiter
from portal.models import Officer
from portal.rules.vocabulary import OFFICER_ROLES

#: How long the step between password and code may take.
PENDING_SECONDS = 10 * 60


def _sign_in_limit():
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _pending() -> Officer | None:
    pending = session.get("pending_officer")
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    officer = db.session.get(Officer, pending["id"])
    return officer if officer is not None and officer.active else None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("admin.queue"))
    form = SignInForm()
    if form.validate_on_submit():
        result = officers.check_password(db.session, form.email.data, form.password.data)
        if result.outcome == "ok":
            session.pop("pending_totp_secret", None)
            session["pending_officer"] = {"id": result.officer.id, "at": time.time()}
            if officers.needs_second_factor_setup(result.officer):
                return redirect(url_for("admin.set_up_second_factor"))
            return redirect(url_for("admin.second_factor"))
        # The same words whether the address is unknown, the password wrong or the account
        # locked: nobody learns which addresses have accounts.
        form.password.errors.append(_("The email address or password is not right, or the account is locked for a while. Try again later or ask an administrator."))
    status = 400 if form.errors else 200
    return render_template("admin/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def second_factor():
    officer = _pending()
    if officer is None or officers.needs_second_factor_setup(officer):
        return redirect(url_for("admin.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if officers.check_second_factor(db.session, officer.id, form.code.data):
            return _complete_sign_in(officer)
        form.code.errors.append(_("The code is not right. Enter the current code from your app, or a recovery code."))
    status = 400 if form.errors else 200
    return render_template("admin/second_factor.html", form=form), status


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def set_up_second_factor():
    officer = _pending()
    if officer is None or not officers.needs_second_factor_setup(officer):
        return redirect(url_for("admin.sign_in"))
    secret = session.get("pending_totp_secret") or officers.new_totp_secret()
    session["pending_totp_secret"] = secret
    form = SetUpForm()
    if form.validate_on_submit():
        codes = officers.confirm_second_factor(db.session, officer.id, secret, form.code.data)
        if codes is not None:
            _complete_sign_in(officer)
            # Shown once, on the next page; never stored anywhere else.
            session["recovery_codes"] = codes
            return redirect(url_for("admin.recovery_codes"))
        form.code.errors.append(_("The code is not right. Check the time on your phone and enter the code your app shows now."))
    uri = officers.provisioning_uri(officer, secret)
    svg = segno.make_qr(uri).svg_inline(scale=5, title=_("QR code to add this account to an authenticator app"))
    # segno escapes the title; the rest of its SVG is drawn squares, never text we were given.
    qr = Markup(svg)  # nosec B704
    status = 400 if form.errors else 200
    return render_template("admin/set_up_second_factor.html", form=form, qr=qr, secret=secret), status


@bp.route("/sign-in/recovery-codes", methods=["GET", "POST"])
@login_required
def recovery_codes():
    form = ConfirmForm()
    if form.validate_on_submit() or "recovery_codes" not in session:
        session.pop("recovery_codes", None)
        return redirect(url_for("admin.queue"))
    return render_template("admin/recovery_codes.html", form=form, codes=session["recovery_codes"])


def _complete_sign_in(officer: Officer):
    session.pop("pending_officer", None)
    # A fresh session on sign-in, so an earlier session id is never carried into it.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(officer)
    session["admin_seen"] = time.time()
    return redirect(url_for("admin.queue"))


@bp.post("/sign-out")
def sign_out():
    return signed_out(_("You have signed out."))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = SignOutEverywhereForm()
    if form.validate_on_submit():
        officers.sign_out_everywhere(db.session, current_user.id)
        return signed_out(_("You have been signed out on every device."))
    return render_template("admin/account.html", form=form, roles=OFFICER_ROLES)
