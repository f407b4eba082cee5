"""Easy read: short sentences, one idea each, with a picture beside each point.

Every easy-read sentence in the templates is marked `pgettext("easy read", "...")`. A
language has easy read only when its catalogue translates every one of them; anywhere
else the person gets the standard text in their own language, never a page half in
English. English, the language the sentences are written in, always has it.

The choice is kept in the session (`session["easy_read"]`) across pages and languages:
it shows wherever the current language has easy read.
"""

from __future__ import annotations

from functools import cache, lru_cache

from babel.messages.extract import extract_from_dir
from babel.support import Translations
from flask import has_request_context, request, session
from flask_babel import get_babel

from portal.config import REPO_ROOT

CONTEXT = "easy read"
SOURCE_LOCALE = "en"
TEMPLATES = REPO_ROOT / "templates"

_JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n,jinja2.ext.do"}


@lru_cache(maxsize=1)
def messages() -> frozenset[str]:
    """Every easy-read msgid the templates use (pages and emails; a plural by its singular)."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(TEMPLATES),
        method_map=[("**.html", "jinja2"), ("**.txt", "jinja2")],
        options_map={"**.html": _JINJA_OPTIONS, "**.txt": _JINJA_OPTIONS},
    ):
        if context == CONTEXT:
            found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


@cache
def translates_every_message(locale: str, directories: tuple[str, ...]) -> bool:
    """Whether the compiled catalogues of `locale` translate every easy-read message."""
    translated: set[str] = set()
    for directory in directories:
        catalogue = Translations.load(directory, [locale])
        # gettext keys a message with a context as "context\x04msgid", and each plural
        # form of one as ("context\x04msgid", n).
        translated.update(key if isinstance(key, str) else key[0]
                          for key, value in getattr(catalogue, "_catalog", {}).items() if value)
    return all(f"{CONTEXT}\x04{message}" in translated for message in messages())


def available(locale: str) -> bool:
    """Whether pages and letters in `locale` can be in easy read (cached per locale)."""
    if str(locale) == SOURCE_LOCALE:
        return True
    return translates_every_message(str(locale), tuple(get_babel().translation_directories))


def offered() -> bool:
    """Public pages offer easy read; the officers' area does not."""
    return has_request_context() and request.blueprint != "admin"


def wanted() -> bool:
    """The person switched easy read on (or asked for it in their complaint)."""
    return offered() and bool(session.get("easy_read"))
