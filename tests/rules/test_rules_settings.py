"""Per-council settings: defaults, reading from a mapping, validation, the current settings."""

from datetime import date, time

import pytest

from portal.rules import (
    CouncilSettings,
    add_working_days,
    configure,
    current_settings,
    deadline,
    settings_keys,
)

START = date(2025, 4, 17)  # see test_rules_deadlines for the working days after it


def test_defaults_are_those_of_section_3():
    settings = CouncilSettings()
    assert settings.region == "ENG"
    assert settings.closure_days == frozenset()
    assert settings.cutoff == time(17, 0)
    assert settings.timezone == "Europe/London"
    assert settings.timescales[("statutory", "acknowledgement")] == (2, None)
    assert settings.timescales[("statutory", "stage1")] == (10, 20)
    assert settings.timescales[("statutory", "stage2")] == (25, 65)
    assert settings.timescales[("corporate", "acknowledgement")] == (3, None)
    assert settings.timescales[("corporate", "stage1")] == (10, 20)
    assert settings.timescales[("corporate", "stage2")] == (20, 40)


def test_an_empty_mapping_gives_the_defaults():
    assert CouncilSettings.from_mapping({}) == CouncilSettings()


def test_blank_values_keep_the_defaults():
    blank = {key: "" for key, _default, _description in settings_keys()}
    assert CouncilSettings.from_mapping(blank) == CouncilSettings()


def test_the_documented_defaults_read_back_as_the_defaults():
    documented = {key: default for key, default, _description in settings_keys()}
    assert CouncilSettings.from_mapping(documented) == CouncilSettings()


def test_every_setting_is_documented():
    keys = [key for key, _default, description in settings_keys() if description]
    assert len(keys) == len(set(keys)) == 4 + 2 * len(CouncilSettings().timescales)
    assert "COUNCIL_DAYS_CORPORATE_STAGE1" in keys
    assert "COUNCIL_MAX_DAYS_STATUTORY_STAGE2" in keys
    assert "COUNCIL_DAYS_CORPORATE_STAGE2_ACKNOWLEDGEMENT" in keys


def test_herefordshire_answers_corporate_stage1_in_15_working_days():
    settings = CouncilSettings.from_mapping({"COUNCIL_DAYS_CORPORATE_STAGE1": "15"})
    assert deadline("corporate", "stage1", START, settings=settings) == date(2025, 5, 13)
    # The longest permitted stays at the default of 20 in total.
    assert deadline("corporate", "stage1", START, extended=True,
                    settings=settings) == date(2025, 5, 20)


def test_shropshire_acknowledges_statutory_complaints_in_3_working_days():
    settings = CouncilSettings.from_mapping({"COUNCIL_DAYS_STATUTORY_ACKNOWLEDGEMENT": 3})
    assert deadline("statutory", "acknowledgement", START, settings=settings) == date(2025, 4, 24)


def test_a_longer_timescale_needs_its_maximum_raised_too():
    with pytest.raises(ValueError) as error:
        CouncilSettings.from_mapping({"COUNCIL_DAYS_CORPORATE_STAGE1": "30"})
    assert "COUNCIL_MAX_DAYS_CORPORATE_STAGE1" in str(error.value)
    assert "COUNCIL_DAYS_CORPORATE_STAGE1" in str(error.value)


def test_shropshire_answers_corporate_stage1_in_30_working_days():
    settings = CouncilSettings.from_mapping({"COUNCIL_DAYS_CORPORATE_STAGE1": "30",
                                             "COUNCIL_MAX_DAYS_CORPORATE_STAGE1": "30"})
    assert deadline("corporate", "stage1", START, settings=settings) == date(2025, 6, 4)


def test_a_maximum_can_be_given_to_a_step_that_has_none_by_default():
    settings = CouncilSettings.from_mapping({"COUNCIL_MAX_DAYS_STATUTORY_STAGE3_PANEL": "40"})
    assert settings.timescales[("statutory", "stage3-panel")] == (30, 40)


def test_region_closure_days_cutoff_and_timezone_are_read():
    settings = CouncilSettings.from_mapping({
        "COUNCIL_REGION": "wls",
        "COUNCIL_CLOSURE_DAYS": "2025-12-29, 2025-12-30,2025-12-31",
        "COUNCIL_CUTOFF": "16:30",
        "COUNCIL_TIMEZONE": "Europe/London",
    })
    assert settings.region == "WLS"
    assert settings.closure_days == {date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)}
    assert settings.cutoff == time(16, 30)


def test_values_already_typed_are_accepted():
    settings = CouncilSettings.from_mapping({
        "COUNCIL_CLOSURE_DAYS": [date(2025, 12, 29), "2025-12-30"],
        "COUNCIL_CUTOFF": time(16, 0),
        "COUNCIL_DAYS_CORPORATE_STAGE1": 15,
    })
    assert settings.closure_days == {date(2025, 12, 29), date(2025, 12, 30)}
    assert settings.cutoff == time(16, 0)
    assert settings.timescales[("corporate", "stage1")] == (15, 20)


@pytest.mark.parametrize("key, value", [
    ("COUNCIL_REGION", "SCT"),
    ("COUNCIL_CLOSURE_DAYS", "2025-13-01"),
    ("COUNCIL_CLOSURE_DAYS", "29/12/2025"),
    ("COUNCIL_CUTOFF", "5pm"),
    ("COUNCIL_CUTOFF", "25:00"),
    ("COUNCIL_TIMEZONE", "Mars/Olympus_Mons"),
    ("COUNCIL_DAYS_CORPORATE_STAGE1", "ten"),
    ("COUNCIL_DAYS_CORPORATE_STAGE1", "0"),
    ("COUNCIL_DAYS_CORPORATE_STAGE1", "-5"),
    ("COUNCIL_DAYS_CORPORATE_STAGE1", "1.5"),
    ("COUNCIL_DAYS_CORPORATE_STAGE1", True),
    ("COUNCIL_MAX_DAYS_STATUTORY_STAGE2", "20"),  # less than the 25 days allowed
])
def test_an_invalid_value_is_refused_naming_its_key(key, value):
    with pytest.raises(ValueError) as error:
        CouncilSettings.from_mapping({key: value})
    assert key in str(error.value)


def test_an_unknown_region_is_refused_when_built_directly():
    with pytest.raises(ValueError, match="ENG, WLS"):
        CouncilSettings(region="SCT")


def test_an_unknown_timescale_is_refused():
    with pytest.raises(ValueError, match="corporate/stage1"):
        CouncilSettings(timescales={("corporate", "stage3-panel"): (30, None)})


def test_a_timescale_given_directly_is_merged_with_the_defaults():
    settings = CouncilSettings(timescales={("corporate", "stage1"): (15, 25)})
    assert settings.timescales[("corporate", "stage1")] == (15, 25)
    assert settings.timescales[("statutory", "stage1")] == (10, 20)


def test_timescales_cannot_be_changed_after_the_settings_are_made():
    settings = CouncilSettings()
    with pytest.raises(TypeError):
        settings.timescales[("corporate", "stage1")] = (1, None)


def test_settings_can_be_used_as_dictionary_keys():
    assert {CouncilSettings(): "default"}[CouncilSettings()] == "default"


def test_current_settings_are_the_defaults_until_configured():
    assert current_settings() == CouncilSettings()


def test_configured_settings_apply_when_none_are_passed():
    configure(CouncilSettings(closure_days=frozenset({date(2025, 1, 13)})))
    # Friday 10 January 2025 + 1: weekend, then the closure day Monday 13th.
    assert add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 14)
    configure(None)
    assert add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 13)


def test_settings_passed_explicitly_win_over_the_configured_ones():
    configure(CouncilSettings(closure_days=frozenset({date(2025, 1, 13)})))
    assert add_working_days(date(2025, 1, 10), 1, settings=CouncilSettings()) == date(2025, 1, 13)


def test_configure_refuses_anything_but_settings():
    with pytest.raises(TypeError):
        configure({"COUNCIL_REGION": "WLS"})
