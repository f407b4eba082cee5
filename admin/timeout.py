"""Warning before an officer's session ends (WCAG 2.2.1 Timing Adjustable).

Every officers' page carries a dialog (templates/admin/_session_timeout.html) that the
front end opens a little before the session would end for want of use, with a way to
stay signed in. These two answers are what it asks: how long is left (which does not
count as using the service, so a tab left open cannot keep a session alive), and "I am
still here", which does.
"""

from __future__ import annotations

from flask import current_app, jsonify
from flask_login import login_required

from admin import bp
from admin.access import IDLE_MESSAGE, seconds_left, signed_out


def warning_seconds() -> int:
    """How long before the end the warning opens: ADMIN_IDLE_WARNING_SECONDS, or a third of
    the idle time where that is shorter; never under the 20 seconds WCAG 2.2.1 asks for."""
    idle = current_app.config["ADMIN_IDLE_MINUTES"] * 60
    return max(20, min(current_app.config["ADMIN_IDLE_WARNING_SECONDS"], int(idle // 3)))


@bp.app_context_processor
def _template_values():
    return {"session_warning_seconds": warning_seconds, "session_seconds_left": seconds_left}


def _answer():
    left, can_extend = seconds_left()
    return jsonify({"seconds_left": left, "can_extend": can_extend})


@bp.route("/session", methods=["GET"])
@login_required
def session_status():
    return _answer()


@bp.route("/session", methods=["POST"])
@login_required
def session_keep_alive():
    # The request itself is the activity (admin.access._expire_idle_session).
    return _answer()


@bp.route("/session/timed-out", methods=["POST"])
def timed_out():
    """The dialog's own sign-out when the time has run out: the same message as the
    server gives when it ends an idle session."""
    return signed_out(IDLE_MESSAGE)
