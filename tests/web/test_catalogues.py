"""Every language's catalogue is complete, its placeholders match English, its plurals
have every form, and the README's table says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.catalogues import completeness, markdown
from portal.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%\{count\}|\{[a-z_]+\}")
LOCALES = [code for code in LANGUAGES if code != "en"]


def _catalogue(code):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def _template_ids():
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id}


@pytest.mark.parametrize("code", LOCALES)
def test_every_message_is_translated(code):
    row = next(r for r in completeness(TRANSLATIONS, LANGUAGES) if r.code == code)
    assert row.translated == row.total, f"{code}: {row.total - row.translated} messages not translated"


@pytest.mark.parametrize("code", LOCALES)
def test_the_catalogue_has_every_message_of_the_template(code):
    ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _catalogue(code) if m.id}
    assert _template_ids() <= ids, f"run `make translations`: {sorted(_template_ids() - ids)[:5]}"


@pytest.mark.parametrize("code", LOCALES)
def test_placeholders_and_plural_forms_match_the_english(code):
    catalogue = _catalogue(code)
    for message in catalogue:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        targets = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if isinstance(message.id, (tuple, list)):
            assert len(targets) == catalogue.num_plurals, (code, message.id)
        expected = set(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            assert set(PLACEHOLDER.findall(target)) - {"%(num)d"} <= expected | {"%(num)d"}, (code, message.id, target)


def test_readme_lists_each_language_with_its_completeness():
    readme = (ROOT / "README.md").read_text()
    assert markdown(completeness(TRANSLATIONS, LANGUAGES)) in readme
