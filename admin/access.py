"""Who may do what in the officers' area, and sessions that end after inactivity."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import wraps

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, logout_user

from portal import officers
from portal.extensions import db

#: What each role may do. A manager can do all an officer can; an administrator all a
#: manager can.
PERMISSIONS = {
    "officer": {"view-cases", "handle-cases", "record-case", "export"},
}
PERMISSIONS["manager"] = PERMISSIONS["officer"] | {"restrict-contact", "adjudicate", "see-reports"}
PERMISSIONS["administrator"] = PERMISSIONS["manager"] | {"manage-officers"}

login_manager = LoginManager()
login_manager.login_view = "admin.sign_in"
login_manager.login_message = _l("Sign in to see that page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load(user_id):
    return officers.load(db.session, user_id)


def init_app(app):
    login_manager.init_app(app)
    app.before_request(_expire_idle_session)
    app.context_processor(lambda: {"can": can})


def can(permission: str) -> bool:
    return current_user.is_authenticated and permission in PERMISSIONS.get(current_user.role, set())


def requires(permission: str):
    """Signed out: to the sign-in page. Signed in without the permission: 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: Endpoints that ask how long is left without counting as the officer doing something.
NOT_ACTIVITY = {"admin.session_status"}


def seconds_left() -> tuple[int, bool]:
    """How long the signed-in officer's session has left, and whether doing something
    would lengthen it (False when the limit after signing in comes first)."""
    now = datetime.now(timezone.utc).timestamp()
    idle = current_app.config["ADMIN_IDLE_MINUTES"] * 60 - (now - session.get("admin_seen", now))
    whole = current_app.config.get("ADMIN_SESSION_HOURS", 12) * 3600 - (now - session.get("admin_since", now))
    return max(0, int(min(idle, whole))), idle <= whole


def signed_out(message):
    """End the officer's session, say why on the sign-in page, and go there."""
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("admin.sign_in"))


def _expire_idle_session():
    """Officers' sessions end after ADMIN_IDLE_MINUTES without a request, and
    ADMIN_SESSION_HOURS after signing in however busy (ASVS 3.3.2). The pages warn
    before either happens (admin.timeout, WCAG 2.2.1)."""
    if not request.path.startswith("/admin") or not current_user.is_authenticated:
        return None
    now = datetime.now(timezone.utc).timestamp()
    last = session.get("admin_seen")
    since = session.setdefault("admin_since", now)
    if (last is not None and now - last > current_app.config["ADMIN_IDLE_MINUTES"] * 60) or \
            now - since > current_app.config.get("ADMIN_SESSION_HOURS", 12) * 3600:
        return signed_out(IDLE_MESSAGE)
    if request.endpoint not in NOT_ACTIVITY or last is None:
        session["admin_seen"] = now
    return None


IDLE_MESSAGE = _l("You were signed out because you had not used the service for a while.")
