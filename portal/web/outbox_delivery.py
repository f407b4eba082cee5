"""Send a request's messages once its response has gone, never inside the request.

If this fails (SMTP down, the worker killed), the messages stay in the outbox and
`flask outbox send` delivers them.
"""

from flask import after_this_request, current_app

from portal import outbox
from portal.extensions import db


def after_response(case_id: int | None = None, alert_id: int | None = None) -> None:
    app = current_app._get_current_object()
    if not app.config["OUTBOX_SEND_AFTER_REQUEST"]:
        return

    @after_this_request
    def _schedule(response):
        def _deliver():
            with app.app_context():
                try:
                    outbox.deliver_due(db.session, outbox.transport_for(app), case_id=case_id)
                except Exception:  # noqa: BLE001 - the outbox command will try again
                    app.logger.exception("sending after the response failed; left in the outbox")
                finally:
                    db.session.remove()

        response.call_on_close(_deliver)
        return response
