"""Security headers set by the app itself, with a per-request CSP nonce; input without NULs
and forms with a file parsed safely."""

from flask import Request, g
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from portal.web.multipart import BoundarySafeFormDataParser


def _clean(text):
    return text.replace("\x00", "") if isinstance(text, str) else text


def _without_nul(values):
    if not any(isinstance(text, str) and "\x00" in text
               for pair in values.items(multi=True) for text in pair):
        return values
    return ImmutableMultiDict([(_clean(key), _clean(value)) for key, value in values.items(multi=True)])


class InputRequest(Request):
    """Form fields and query arguments with any NUL character taken out.

    Nobody types one, and PostgreSQL cannot keep one in text: left in, a NUL pasted into an
    answer would fail the whole submission with a server error. Forms with a file are
    parsed in pieces that cannot end inside a boundary (portal.web.multipart).
    """

    form_data_parser_class = BoundarySafeFormDataParser

    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self):
        return _without_nul(super().args)


def init_app(app):
    app.request_class = InputRequest

    @app.after_request
    def _headers(response):
        nonce = g.get("csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; object-src 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if response.mimetype == "text/html":
            # Pages hold personal answers: never keep them in a shared cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
