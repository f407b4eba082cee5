"""Parts of pages rendered once and reused (portal/web/fragments.py) are never the wrong ones.

A reused header, footer or radio question must still be in the reader's language and
version, mark the page they are on, show their own answer and their own error, and
never keep anything a person typed.
"""

from __future__ import annotations

from portal.web.fragments import FragmentStore
from tests.conftest import normalise
from tests.web.steps import checked, reach


def _store(app):
    return app.extensions["fragments"]


def test_the_store_keeps_at_most_its_size_dropping_the_least_recently_used():
    store = FragmentStore(size=2)
    renders = []

    def render(text):
        return lambda: renders.append(text) or text

    store.get_or_render("a", render("A"))
    store.get_or_render("b", render("B"))
    assert store.get_or_render("a", render("A again")) == "A"  # reused, and now the most recent
    store.get_or_render("c", render("C"))  # drops "b", the least recently used
    assert len(store) == 2
    assert store.get_or_render("a", render("A again")) == "A"
    assert store.get_or_render("b", render("B again")) == "B again"
    assert renders == ["A", "B", "C", "B again"]


def test_a_store_of_size_nothing_renders_every_time():
    store = FragmentStore(size=0)
    assert store.get_or_render("a", lambda: "1") == "1"
    assert store.get_or_render("a", lambda: "2") == "2"
    assert len(store) == 0


def test_a_page_is_the_same_whether_its_parts_were_rendered_now_or_before(app, client_request):
    _store(app).clear()
    first = client_request.get("/help-now")
    assert len(_store(app)) > 0
    again = client_request.get("/help-now")
    for part in ("header", ".app-safety", "footer"):
        assert str(first.select_one(part)) == str(again.select_one(part)), part


def test_the_header_and_footer_follow_the_language_chosen(app, client):
    _store(app).clear()
    english = client.get("/").get_data(as_text=True)
    client.get("/language/cy?next=/")
    welsh = client.get("/").get_data(as_text=True)
    client.get("/language/ar?next=/")
    arabic = client.get("/").get_data(as_text=True)
    assert "Skip to main content" in english and "Skip to main content" not in welsh
    assert "Skip to main content" not in arabic
    assert 'dir="rtl"' in arabic and "portal-rtl.css" in arabic and "portal-rtl.css" not in welsh
    client.get("/language/en?next=/")
    assert client.get("/").get_data(as_text=True).count("Skip to main content") == 1


def test_the_easy_read_switch_and_footer_follow_the_version_chosen(app, client_request):
    _store(app).clear()
    standard = client_request.get("/")
    assert normalise(standard.select_one(".app-utility-bar__easy-read")) == "Easy read"
    client_request.get("/easy-read/on?next=/", expected_status=302)
    easy = client_request.get("/")
    assert normalise(easy.select_one(".app-utility-bar__easy-read")) == "Standard version"
    assert "OpenMoji" in normalise(easy.select_one("footer"))
    client_request.get("/easy-read/off?next=/", expected_status=302)
    assert "OpenMoji" not in normalise(client_request.get("/").select_one("footer"))


def test_the_language_links_return_to_the_page_they_are_on(app, client_request):
    _store(app).clear()
    for path in ("/", "/help-now", "/privacy"):
        page = client_request.get(path)
        welsh = page.select_one("a[hreflang=cy]")["href"]
        assert welsh.endswith("next=" + path.replace("/", "%2F")) or welsh.endswith("next=" + path), (path, welsh)


def test_the_navigation_marks_the_page_it_is_on(app, client_request):
    _store(app).clear()
    for path, active in (("/", "Home"), ("/which-procedure", "How we handle complaints"), ("/privacy", None)):
        page = client_request.get(path)
        marked = page.select(".govuk-service-navigation__item--active")
        assert [normalise(item) for item in marked] == ([active] if active else []), path


def test_each_person_sees_their_own_answer_and_their_own_error_on_a_reused_question(app):
    _store(app).clear()
    from tests.conftest import PageClient

    parent, young_person, nobody = (PageClient(app.test_client()) for _ in range(3))
    for person, role in ((parent, "parent"), (young_person, "child")):
        path = reach(person, "role")
        person.post(path, {"role": role})
    assert checked(parent.get("/tell-us/role"), "role") == ["parent"]
    assert checked(young_person.get("/tell-us/role"), "role") == ["child"]
    path = reach(nobody, "role")
    unanswered = nobody.post(path, {}, expected_status=400)
    assert unanswered.select_one(".govuk-error-message") is not None
    assert checked(unanswered, "role") == []
    # The parent's page, rendered after the error, has no error.
    assert parent.get("/tell-us/role").select_one(".govuk-error-message") is None


def test_nothing_a_person_types_is_kept_in_the_store(app):
    _store(app).clear()
    from tests.conftest import PageClient

    person = PageClient(app.test_client())
    path = reach(person, "contact")
    typed = "Zebedee Quillfeather-Nkemelu"
    person.post(path, {"name": typed, "contact_method": "email", "email": "zq@example.com"})
    page = person.get("/tell-us/contact")
    assert page.select_one("input[name=name]")["value"] == typed
    kept = " ".join(str(key) + str(html) for key, html in _store(app)._rendered.items())
    assert typed not in kept and "zq@example.com" not in kept
