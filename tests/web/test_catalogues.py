"""Every language's catalogue is complete, its placeholders match English, its plurals
have every form, and the README's table says so."""

from __future__ import annotations

import re
import subprocess
import sys
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


def test_the_template_holds_every_message_the_code_and_templates_mark(tmp_path):
    """Extracted afresh with the project's own settings (babel.cfg, as `make translations`
    does), nothing is missing from translations/messages.pot: a template tag the extractor
    cannot read would otherwise drop that template's words from every catalogue."""
    extracted = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "--no-location",
                    "-F", "babel.cfg", "-k", "N_", "-k", "_l", "-k", "lazy_pgettext:1c,2",
                    "-o", str(extracted), "."], cwd=ROOT, check=True, capture_output=True)
    with extracted.open("rb") as handle:
        fresh = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id}
    assert fresh == _template_ids(), (f"run `make translations`: missing {sorted(fresh - _template_ids())[:5]}, "
                                      f"no longer used {sorted(_template_ids() - fresh)[:5]}")


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
