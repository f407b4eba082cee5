"""Fixtures: the app on SQLite and on the machine's PostgreSQL, and a page-checking client."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_reachable() -> str | None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return str(error).splitlines()[0]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
    problem = _postgres_reachable()
    if problem:
        message = f"PostgreSQL not reachable at 127.0.0.1:5432 ({problem}): skipped the PostgreSQL runs"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI requires them)")
        pytest.skip(message)
    return POSTGRES_URL


def app_config(database_url, instance):
    """The settings every test app shares: its own instance folder, no mail, no limits."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "MAIL_SINK_FOLDER": str(instance / "mail"),
        "MAIL_SERVER": None,
        "INSTANCE_PATH": str(instance),
    }


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    app = create_app(app_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        if database_url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()  # the real migrations, on both databases
    yield app


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Each test starts with empty tables (only where the test uses the app)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    yield
    empty_tables(app)


def empty_tables(app) -> None:
    """Empty every table of the app's database (after each test, and for a module whose
    records are made once and kept for all its tests)."""
    from portal.extensions import db

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                quoted = ", ".join(f'"{t}"' for t in tables)
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def session(app):
    """The app's database session, in an app context, removed afterwards."""
    from portal.extensions import db

    with app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


class PageClient:
    """Requests that parse the page and check what every page must get right.

    In the spirit of notifications-admin's client_request: each response is parsed,
    and the title, unique ids, forms' actions and CSRF tokens, and the error summary's
    "Error: " prefix are checked on every page a test touches.
    """

    def __init__(self, client):
        self.client = client

    def get(self, path, expected_status=200, follow_redirects=False):
        response = self.client.get(path, follow_redirects=follow_redirects)
        response.close()  # as a server would: runs what waits for the response to go
        assert response.status_code == expected_status, (path, response.status_code, response.location)
        return self._page(response)

    def post(self, path, data=None, expected_status=302, files=None, csrf=True):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf_token(path)
        if files:
            data.update(files)
        response = self.client.post(path, data=data,
                                    content_type="multipart/form-data" if files else None)
        response.close()
        assert response.status_code == expected_status, (
            path, response.status_code, response.location, _errors(response))
        if response.status_code in (301, 302, 303):
            return response.location
        return self._page(response)

    def csrf_token(self, path):
        page = BeautifulSoup(self.client.get(path).data, "html.parser")
        field = page.select_one("input[name=csrf_token]")
        assert field is not None, f"no CSRF token on {path}"
        return field["value"]

    @staticmethod
    def _page(response):
        if response.status_code in (301, 302, 303):
            return response.location
        page = BeautifulSoup(response.data, "html.parser")
        check_page(page)
        return page


def _errors(response):
    page = BeautifulSoup(response.data, "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select(".govuk-error-summary__list li")]


def check_page(page):
    title = page.title.get_text(strip=True) if page.title else ""
    assert title, "page has no title"
    assert page.html.get("lang"), "html has no lang"
    assert page.html.get("dir") in ("ltr", "rtl")
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert len(page.select("h1")) == 1, "a page has exactly one h1"
    for form in page.select("form"):
        if form.get("method", "get").lower() == "post":
            assert form.get("action"), "a form posts to an explicit action"
            assert form.select_one("input[name=csrf_token]"), "a form carries a CSRF token"
    summary = page.select_one(".govuk-error-summary")
    if summary is not None:
        assert title.startswith("Error:"), f"title of an error page starts with 'Error:': {title}"
        for link in summary.select("a"):
            target = link["href"].lstrip("#")
            assert page.find(id=target) is not None, f"error summary links to missing #{target}"


@pytest.fixture
def client_request(client):
    return PageClient(client)


def normalise(page_or_tag) -> str:
    return " ".join(page_or_tag.get_text(" ").split())
