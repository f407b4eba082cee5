"""The officers' area: sign-in with a second factor, the triage queue, case handling,
officers' accounts and exports. Views call portal's use cases; no rule lives here."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from admin import access, auth, cases, accounts, exports, reports, timeout  # noqa: E402,F401  (routes register on bp)


@bp.record_once
def _set_up(state):
    access.init_app(state.app)
