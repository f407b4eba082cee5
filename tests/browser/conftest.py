"""A live server of the portal and Debian's Chromium driven by Playwright.

The browser tests run the app on SQLite of their own (not the `database_url`
fixture), so they run once, not once per database. Playwright never downloads a
browser: it drives /usr/bin/chromium (`apt-get install chromium`, see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.browser.axe import REPO_ROOT, axe_source
from tests.browser.checks import HEIGHT, WIDTHS

CHROMIUM = Path("/usr/bin/chromium")

# The machine has no outside network: without these Chromium keeps calling home
# (updates, sync, QUIC probes) and floods the log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    """The app served by werkzeug in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):
                pass  # hundreds of requests; a failure says which page

        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=10)

    def __call__(self, path: str) -> str:
        return self.url + path


def snapshot_static(target: Path) -> Path:
    """A copy of static/ for this run: `npm run build` empties static/dist before it
    writes it again, and a build while the tests run would leave pages unstyled."""
    built = ("portal.css", "portal-rtl.css", "portal.js")
    for _ in range(30):
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(REPO_ROOT / "static", target)
        except (shutil.Error, OSError):
            pass  # a file went away while it was copied: a build is running
        else:
            if all((target / "dist" / name).is_file() and (target / "dist" / name).stat().st_size
                   for name in built) and (target / "dist" / "portal.css").read_text().endswith("}\n"):
                return target
        time.sleep(1)
    pytest.fail("static/dist is not built: run `npm run build` (make test does)")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from flask_migrate import upgrade

    from portal import create_app

    instance = tmp_path_factory.mktemp("browser-instance")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'portal.db'}",
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "MAIL_SINK_FOLDER": str(instance / "mail"),
        "MAIL_SERVER": None,
        "INSTANCE_PATH": str(instance),
    })
    app.static_folder = str(snapshot_static(instance / "static"))
    with app.app_context():
        upgrade()  # the real migrations
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium): skipped the browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI requires them)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser, **options):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT}, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="session")
def shared_page(browser):
    """One page for the scans, reused by every scanning test.

    axe-core is added to each document as it starts (through the DevTools protocol,
    which the portal's CSP does not govern), so pages keep the policy people get.
    """
    context = new_context(browser)
    context.add_init_script(script=axe_source())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def scan_page(shared_page, live_server):
    """The shared page with a fresh session (no draft, no language chosen)."""
    shared_page.context.clear_cookies()
    shared_page.goto("about:blank")
    shared_page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    return shared_page


@pytest.fixture
def keyboard_page(browser):
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_js_page(browser):
    context = new_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()
