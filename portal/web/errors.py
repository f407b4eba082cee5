"""Friendly pages for 403, 404, 429, 500, an expired form and too large an upload."""

from flask import render_template, request
from flask_wtf.csrf import CSRFError


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

    @app.errorhandler(CSRFError)
    def expired(_error):
        if request.endpoint == "journey.question":
            from portal.journey.views import render_expired

            page = render_expired(request.view_args.get("step_id"))
            if page is not None:
                return page
        return render_template("errors/expired.html"), 400
