"""Rendered once, served many times: the parts of a page that are the same for everyone.

The header, the footer, the safety links and the GOV.UK components of a choice question
depend only on the language, easy read and the page's address, yet rendering them
through the GOV.UK macros is most of the cost of a page (make bench). They are kept
rendered, per app, in a bounded least-recently-used store:

- in a template, `{% fragment "footer", locale, easy_read %}…{% endfragment %}` renders
  its body the first time a key is seen and reuses it after; the key must name
  everything the body reads;
- `render_component(template, params)` does the same for a GOV.UK form widget, keyed by
  its parameters, so a radio question renders once per language, answer and error.

Nothing a person typed goes into a key or a fragment: only fixed choices, our own words
and the page's address. Each process keeps its own store; it empties when the app restarts.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, render_template
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

DEFAULT_SIZE = 2048


class FragmentStore:
    """A bounded map from key to rendered HTML, dropping the least recently used."""

    def __init__(self, size: int):
        self.size = size
        self._rendered: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> Markup:
        with self._lock:
            html = self._rendered.get(key)
            if html is not None:
                self._rendered.move_to_end(key)
                return html
        # What `render` returns is one of our templates' output, escaped by autoescape as it
        # rendered: marking it safe adds nothing unescaped (bandit B704).
        html = Markup(render())  # nosec B704
        if self.size:
            with self._lock:
                self._rendered[key] = html
                while len(self._rendered) > self.size:
                    self._rendered.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._rendered)

    def clear(self) -> None:
        with self._lock:
            self._rendered.clear()


def store() -> FragmentStore:
    return current_app.extensions["fragments"]


class FragmentExtension(Extension):
    """`{% fragment name, key… %}body{% endfragment %}`: the body rendered once per key."""

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key, caller):
        return store().get_or_render(("fragment", *key), caller)


def render_component(template: str, params: dict) -> Markup:
    """A GOV.UK widget's template rendered with `params`, once per distinct `params`.

    Lazy translated strings in the parameters are turned into text first, so the key
    holds the words of the current language.
    """
    key = ("component", template, json.dumps(params, sort_keys=True, default=str))
    return store().get_or_render(key, lambda: render_template(template, params=params))


def init_app(app) -> None:
    # While developing, templates and assets change under a running app: render afresh.
    size = 0 if app.debug or app.config.get("TEMPLATES_AUTO_RELOAD") else DEFAULT_SIZE
    app.extensions["fragments"] = FragmentStore(app.config.get("FRAGMENT_CACHE_SIZE", size))
    app.jinja_env.add_extension(FragmentExtension)
