"""Fixtures for the rules tests: every test starts and ends with the default settings."""

import pytest

from portal.rules import configure


@pytest.fixture(autouse=True)
def default_council_settings():
    configure(None)
    yield
    configure(None)
