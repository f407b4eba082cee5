"""Friendly pages for 403, 404, 429, 500, 503, an expired form and too large an upload."""

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# The database went away (restarted, network cut, too busy): the person can try again.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)

# Pages whose form the person sent: the 503 page leads back to it, where the draft is kept.
JOURNEY_FORMS = {"journey.begin", "journey.question", "journey.check", "journey.save"}


def init_app(app):
    @app.errorhandler(403)
    def forbidden(_error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(429)
    def too_many(_error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(413)
    def too_large(_error):
        from portal.uploads import size_text

        return render_template("errors/413.html", size=size_text(app.config["MAX_UPLOAD_BYTES"])), 413

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("errors/500.html"), 500

    def database_unavailable(error):
        """Nothing was lost: the transaction was rolled back whole, the draft is still kept."""
        from portal.extensions import db

        app.logger.warning("database unavailable for %s %s: %s", request.method, request.path,
                           str(error).splitlines()[0])
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001, S110 - the connection is gone; the session is removed anyway
            pass  # nosec B110
        page = render_template("errors/503.html", back_to_form=request.endpoint in JOURNEY_FORMS)
        return page, 503, {"Retry-After": "30"}

    for exception in DATABASE_UNAVAILABLE:
        app.register_error_handler(exception, database_unavailable)

    @app.teardown_appcontext
    def end_session(_error):
        """Runs before Flask-SQLAlchemy's own teardown, which ends each request by rolling
        back what was only read. Every write was committed (or rolled back) by then, so if
        the connection died meanwhile nothing is lost: the page already made is not turned
        into a crash."""
        from portal.extensions import db

        try:
            db.session.remove()
        except DATABASE_UNAVAILABLE as error:
            # (Teardown runs once the request is gone: there is no path to name.)
            app.logger.warning("database connection lost at the end of a request: %s",
                               str(error).splitlines()[0])
            db.session.registry.clear()

    @app.errorhandler(CSRFError)
    def expired(_error):
        if request.endpoint == "journey.question":
            from portal.journey.views import render_expired

            page = render_expired(request.view_args.get("step_id"))
            if page is not None:
                return page
        return render_template("errors/expired.html"), 400
