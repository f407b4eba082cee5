"""The application factory: configuration, extensions, templates, blueprints."""

from __future__ import annotations

import secrets

import jinja2
from flask import Flask, g, request, session
from flask_babel import get_locale
from govuk_frontend_wtf.main import WTFormsHelpers
from werkzeug.routing import IntegerConverter

from portal import config as portal_config
from portal import rules
from portal.database import configure_engine
from portal.extensions import babel, csrf, db, limiter, mail, migrate
from portal.rules.settings import CouncilSettings


def select_locale():
    languages = g.get("languages") or {}
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


def build_app(config_overrides=None) -> Flask:
    root = portal_config.REPO_ROOT
    app = Flask(
        "portal",
        static_folder=str(root / "static"),
        template_folder=str(root / "templates"),
        instance_path=str(root / "instance"),
    )
    app.config.update(portal_config.load())
    if config_overrides:
        app.config.update(config_overrides)
    # An id in an address is a row's id: one too big for the database is simply not found.
    app.url_map.converters["int"] = RowIdConverter
    if app.config.get("SESSION_COOKIE_SECURE") and app.config.get("SESSION_COOKIE_NAME") == "portal_session":
        # HTTPS only, this host only, the whole site: a sibling subdomain cannot set it.
        app.config["SESSION_COOKIE_NAME"] = "__Host-portal_session"
    if app.config.get("TRUSTED_PROXIES"):
        # Believe the client address and scheme only from the proxies we were told of.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    # The GOV.UK macros live in the two packages; our own templates in templates/.
    app.jinja_loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(root / "templates")),
        jinja2.PrefixLoader({
            "govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": jinja2.PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")

    rules.configure(CouncilSettings.from_mapping(app.config))

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(portal_config.PACKAGE_ROOT / "migrations"),
                     render_as_batch=True)
    # Before CSRFProtect's own check, so even an expired-form page has a locale and a nonce.
    app.before_request(_prepare_request)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    mail.init_app(app)
    WTFormsHelpers(app)

    from portal.web import assets, errors, fragments, public, security, templating, tracking
    from portal.journey.views import bp as journey_bp
    from admin import bp as admin_bp

    security.init_app(app)
    assets.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    errors.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(journey_bp)
    app.register_blueprint(tracking.bp)
    app.register_blueprint(admin_bp)

    from portal import cli

    cli.init_app(app)
    return app


class RowIdConverter(IntegerConverter):
    """<int:...> that matches only ids an INTEGER column can hold (1 to 2**31 - 1)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def _prepare_request():
    from flask import current_app

    g.languages = current_app.config["LANGUAGES"]
    g.csp_nonce = secrets.token_urlsafe(16)
    g.locale = str(get_locale())
