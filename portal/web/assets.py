"""Static files: fingerprinted URLs cached for a year, and compressed on the way out.

Every `url_for('static', ...)` gets `?v=<hash of the file>`, so a changed file has a new
address and browsers can keep the old one for a year without ever showing a stale copy.
Only static types are compressed: HTML carries CSRF tokens and personal data, and
compressing secrets beside text an attacker can influence invites BREACH.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress

compress = Compress()

YEAR = 60 * 60 * 24 * 365
COMPRESSED_TYPES = ["text/css", "text/javascript", "application/javascript", "image/svg+xml",
                    "application/json", "application/manifest+json"]


@lru_cache(maxsize=512)
def _fingerprint(path: str, modified: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie, never sent with a static file.

    Flask refreshes a permanent session's cookie on every response. A static file sent
    with the cookie it was requested with (a favicon fetched after the page) can then
    arrive after a newer page's cookie and put the old session back: a draft or a sent
    case's reference lost. And a response cached as public must not carry anyone's
    session, nor vary by it.
    """

    def save_session(self, app, session, response):
        if request.endpoint != "static":
            super().save_session(app, session, response)


def init_app(app):
    app.session_interface = SessionInterface()
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # Static files are streamed, and Flask-Compress streams only br and deflate.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    static = Path(app.static_folder)

    @app.url_defaults
    def _version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = static / values["filename"]
            try:
                values["v"] = _fingerprint(str(path), path.stat().st_mtime)
            except OSError:
                pass  # a missing file gets a plain URL (and a 404)

    @app.after_request
    def _cache(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
