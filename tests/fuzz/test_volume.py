"""The fuzz package sends at least 10,000 generated inputs in a run (runs after the others)."""

from __future__ import annotations

import pytest

from tests.fuzz.conftest import DEFAULT_EXAMPLES, FUZZ_EXAMPLES, WEIGHTS


def test_the_whole_package_sent_at_least_ten_thousand_inputs(input_counter):
    if FUZZ_EXAMPLES != DEFAULT_EXAMPLES:
        pytest.skip(f"FUZZ_EXAMPLES={FUZZ_EXAMPLES}: a shorter or longer run than the default")
    missing = sorted(set(WEIGHTS) - set(input_counter.by_target))
    if missing:
        pytest.skip(f"only part of tests/fuzz ran (not: {', '.join(missing[:5])}...)")
    assert input_counter.total >= 10_000, input_counter.by_target
