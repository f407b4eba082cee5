"""Administrators manage officers: add them, change their role or team, stop access,
reset an authenticator."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from admin import bp
from admin.access import requires
from admin.forms import OfficerChangeForm, OfficerForm
from portal import officers
from portal.extensions import db
from portal.models import Officer
from portal.rules.vocabulary import OFFICER_ROLES


@bp.get("/officers")
@requires("manage-officers")
def officer_list():
    people = db.session.scalars(select(Officer).order_by(Officer.name)).all()
    return render_template("admin/officers.html", people=people, roles=OFFICER_ROLES)


@bp.route("/officers/new", methods=["GET", "POST"])
@requires("manage-officers")
def officer_new():
    form = OfficerForm()
    if form.validate_on_submit():
        try:
            officers.create(db.session, email=form.email.data, name=form.name.data,
                            password=form.password.data, role=form.role.data, team=form.team.data,
                            actor=current_user.email, officer_id=current_user.id)
        except officers.AccountError as error:
            form.email.errors.append(_("An officer with this email address already exists")
                                     if error.code == "email-taken" else
                                     _("The password must be between 12 and 200 characters"))
        else:
            flash(_("Officer added. They set up their authenticator when they first sign in."), "success")
            return redirect(url_for("admin.officer_list"))
    status = 400 if form.errors else 200
    return render_template("admin/officer_form.html", form=form, title=_("Add an officer")), status


@bp.route("/officers/<int:officer_id>", methods=["GET", "POST"])
@requires("manage-officers")
def officer_change(officer_id):
    person = db.session.get(Officer, officer_id)
    if person is None:
        abort(404)
    form = OfficerChangeForm(data={"role": person.role, "team": person.team, "active": person.active}
                             if request.method == "GET" else None)
    if form.validate_on_submit():
        if person.id == current_user.id and (form.role.data != "administrator" or not form.active.data):
            form.role.errors.append(_("You cannot remove your own administrator access"))
        else:
            officers.update(db.session, person.id, role=form.role.data, team=form.team.data,
                            active=form.active.data, reset_second_factor=form.reset_second_factor.data,
                            by=current_user)
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.officer_list"))
    status = 400 if form.errors else 200
    return render_template("admin/officer_form.html", form=form, person=person,
                           title=_("Change %(name)s", name=person.name)), status
