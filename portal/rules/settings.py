"""Per-council settings for the clocks (domain.md section 3).

Every figure in section 3 is a default that a council may change: the bank-holiday region,
its own closure days, the cut-off time after which a submission counts as received the next
working day, the time zone, and each timescale. ``CouncilSettings.from_mapping`` reads them
from any mapping of strings (``os.environ``, a Flask ``app.config``), so the rules never need
to know where configuration comes from.

A timescale is ``(days, max_days)``: ``days`` is the normal time allowed and ``max_days``
the longest permitted in total with an extension, or ``None`` when the step cannot be
extended.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Bank-holiday regions: subdivisions of the ``holidays`` package's United Kingdom calendar.
REGIONS = ("ENG", "WLS")

Timescale = tuple[int, "int | None"]

#: (procedure, step) -> (days, max_days or None). The order is the order of the steps.
DEFAULT_TIMESCALES: Mapping[tuple[str, str], Timescale] = MappingProxyType({
    # Children Act 1989 Representations Procedure (England) Regulations 2006.
    ("statutory", "acknowledgement"): (2, None),   # council practice (Telford & Wrekin)
    ("statutory", "stage1"): (10, 20),             # reg. 14: 10 working days, up to 20
    ("statutory", "stage2-request"): (20, None),   # 20 working days of the stage 1 response
    ("statutory", "stage2"): (25, 65),             # reg. 17: 25 working days, up to 65
    ("statutory", "stage3-request"): (20, None),   # reg. 18: 20 working days of adjudication
    ("statutory", "stage3-panel"): (30, None),     # reg. 19(4): panel meets within 30
    ("statutory", "stage3-report"): (5, None),     # reg. 20: report within 5 of the panel
    ("statutory", "stage3-response"): (15, None),  # reg. 20(3): response within 15
    # LGSCO Complaint Handling Code (2024).
    ("corporate", "acknowledgement"): (3, None),         # the Code allows at most 5
    ("corporate", "stage1"): (10, 20),                   # 10 of the acknowledgement, +10
    ("corporate", "stage2-request"): (20, None),         # 20 of the stage 1 response
    ("corporate", "stage2-acknowledgement"): (3, None),  # the Code allows at most 5
    ("corporate", "stage2"): (20, 40),                   # 20 of the stage 2 ack, +20
})

_DEFAULT_CUTOFF = time(17, 0)
_DEFAULT_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class CouncilSettings:
    """How one council counts working days and deadlines.

    ``timescales`` may be partial: missing entries take the defaults of section 3.
    """

    region: str = "ENG"
    closure_days: frozenset[date] = frozenset()
    cutoff: time = _DEFAULT_CUTOFF
    timezone: str = _DEFAULT_TIMEZONE
    timescales: Mapping[tuple[str, str], Timescale] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.region not in REGIONS:
            raise ValueError(f"unknown region {self.region!r}: use one of {', '.join(REGIONS)}")
        object.__setattr__(self, "closure_days", frozenset(self.closure_days))
        if not isinstance(self.cutoff, time):
            raise ValueError(f"cutoff must be a datetime.time, not {self.cutoff!r}")
        _check_timezone(self.timezone, "timezone")
        merged = dict(DEFAULT_TIMESCALES)
        for key, value in dict(self.timescales).items():
            if key not in DEFAULT_TIMESCALES:
                allowed = ", ".join("/".join(k) for k in DEFAULT_TIMESCALES)
                raise ValueError(f"unknown timescale {key!r}: use one of {allowed}")
            days, max_days = value
            _check_timescale(days, max_days, "/".join(key))
            merged[key] = (days, max_days)
        object.__setattr__(self, "timescales", MappingProxyType(merged))

    def days_allowed(self, procedure: str, step: str, extended: bool = False) -> int:
        """The working days allowed for a step; with ``extended``, the longest permitted."""
        days, max_days = self.timescales[(procedure, step)]
        if extended and max_days is not None:
            return max_days
        return days

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> CouncilSettings:
        """Read settings from ``COUNCIL_*`` keys; absent or blank keys keep their defaults.

        Raises ValueError naming the key whose value is not acceptable.
        """
        def given(key: str) -> object | None:
            value = mapping.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            return value

        options: dict[str, object] = {}
        if (value := given("COUNCIL_REGION")) is not None:
            region = str(value).strip().upper()
            if region not in REGIONS:
                raise ValueError(f"COUNCIL_REGION must be one of {', '.join(REGIONS)}, "
                                 f"not {value!r}")
            options["region"] = region
        if (value := given("COUNCIL_CLOSURE_DAYS")) is not None:
            options["closure_days"] = _parse_dates(value, "COUNCIL_CLOSURE_DAYS")
        if (value := given("COUNCIL_CUTOFF")) is not None:
            options["cutoff"] = _parse_time(value, "COUNCIL_CUTOFF")
        if (value := given("COUNCIL_TIMEZONE")) is not None:
            options["timezone"] = _check_timezone(str(value).strip(), "COUNCIL_TIMEZONE")

        timescales = {}
        for key, (default_days, default_max) in DEFAULT_TIMESCALES.items():
            days_key, max_key = timescale_keys(*key)
            days = given(days_key)
            maximum = given(max_key)
            if days is None and maximum is None:
                continue
            days = default_days if days is None else _parse_days(days, days_key)
            maximum = default_max if maximum is None else _parse_days(maximum, max_key)
            if maximum is not None and maximum < days:
                raise ValueError(f"{days_key} is {days} but {max_key} is {maximum}: the "
                                 f"longest time with an extension cannot be shorter than the "
                                 f"normal time, so set {max_key} as well")
            timescales[key] = (days, maximum)
        options["timescales"] = timescales
        return cls(**options)


def timescale_keys(procedure: str, step: str) -> tuple[str, str]:
    """The two setting keys of a timescale, e.g. COUNCIL_DAYS_CORPORATE_STAGE1."""
    suffix = f"{procedure}_{step}".upper().replace("-", "_")
    return f"COUNCIL_DAYS_{suffix}", f"COUNCIL_MAX_DAYS_{suffix}"


def settings_keys() -> list[tuple[str, str, str]]:
    """(key, default as text, description) for every setting, for the README's table."""
    rows = [
        ("COUNCIL_REGION", "ENG",
         "Bank holidays to use: ENG (England) or WLS (Wales)."),
        ("COUNCIL_CLOSURE_DAYS", "",
         "The council's own closure days, as ISO dates separated by commas "
         "(e.g. 2025-12-29,2025-12-30). They are not working days."),
        ("COUNCIL_CUTOFF", _DEFAULT_CUTOFF.strftime("%H:%M"),
         "Time (HH:MM) at which the working day ends: anything received at or after it "
         "counts as received on the next working day."),
        ("COUNCIL_TIMEZONE", _DEFAULT_TIMEZONE,
         "Time zone for the cut-off and for naive times."),
    ]
    for (procedure, step), (days, max_days) in DEFAULT_TIMESCALES.items():
        days_key, max_key = timescale_keys(procedure, step)
        what = _TIMESCALE_DESCRIPTIONS[(procedure, step)]
        rows.append((days_key, str(days), f"{what}: working days allowed."))
        rows.append((max_key, "" if max_days is None else str(max_days),
                     f"{what}: the most working days allowed in total with an extension "
                     f"(blank: no extension)."))
    return rows


_TIMESCALE_DESCRIPTIONS = {
    ("statutory", "acknowledgement"): "Children's procedure, acknowledgement, from receipt",
    ("statutory", "stage1"): "Children's procedure, stage 1 response, from receipt",
    ("statutory", "stage2-request"):
        "Children's procedure, asking for stage 2, from the stage 1 response",
    ("statutory", "stage2"):
        "Children's procedure, stage 2 response, from the agreed statement of complaint",
    ("statutory", "stage3-request"):
        "Children's procedure, asking for a review panel, from the stage 2 adjudication",
    ("statutory", "stage3-panel"): "Children's procedure, review panel meets, from the request",
    ("statutory", "stage3-report"): "Children's procedure, panel's report, from the panel",
    ("statutory", "stage3-response"):
        "Children's procedure, council's response to the panel, from receiving the report",
    ("corporate", "acknowledgement"): "Council procedure, acknowledgement, from receipt",
    ("corporate", "stage1"): "Council procedure, stage 1 response, from the acknowledgement",
    ("corporate", "stage2-request"):
        "Council procedure, asking for stage 2, from the stage 1 response",
    ("corporate", "stage2-acknowledgement"):
        "Council procedure, stage 2 acknowledgement, from the request",
    ("corporate", "stage2"):
        "Council procedure, stage 2 response, from the stage 2 acknowledgement",
}


def _check_timescale(days: object, max_days: object, name: str) -> None:
    if not _is_positive_int(days):
        raise ValueError(f"timescale {name}: days must be a whole number of at least 1")
    if max_days is not None:
        if not _is_positive_int(max_days):
            raise ValueError(f"timescale {name}: max_days must be a whole number or None")
        if max_days < days:  # type: ignore[operator]
            raise ValueError(f"timescale {name}: max_days must not be less than days")


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _parse_days(value: object, key: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{key} must be a whole number of working days, not {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        number = int(value)
    else:
        raise ValueError(f"{key} must be a whole number of working days, not {value!r}")
    if number < 1:
        raise ValueError(f"{key} must be at least 1 working day, not {value!r}")
    return number


def _parse_dates(value: object, key: str) -> frozenset[date]:
    items: Iterable[object]
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable):
        items = value
    else:
        raise ValueError(f"{key} must be ISO dates separated by commas, not {value!r}")
    days = set()
    for item in items:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item).strip()))
        except ValueError:
            raise ValueError(f"{key}: {item!r} is not a date in the form YYYY-MM-DD") from None
    return frozenset(days)


def _parse_time(value: object, key: str) -> time:
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{key} must be a time of day as HH:MM (e.g. 17:00), not {value!r}")
    return time(int(match[1]), int(match[2]))


def _check_timezone(name: str, key: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{key} must be a time zone name such as Europe/London, "
                         f"not {name!r}") from None
    return name


_current = CouncilSettings()


def configure(settings: CouncilSettings | None) -> None:
    """Set the settings used when a rule is called without ``settings=``.

    Call once at start-up (the app factory does). ``None`` restores the defaults.
    """
    global _current
    if settings is not None and not isinstance(settings, CouncilSettings):
        raise TypeError("configure() needs a CouncilSettings or None")
    _current = settings if settings is not None else CouncilSettings()


def current_settings() -> CouncilSettings:
    """The settings configured for this process (the defaults until ``configure`` is called)."""
    return _current


def resolve(settings: CouncilSettings | None) -> CouncilSettings:
    """``settings`` if given, else the process-wide settings."""
    return settings if settings is not None else _current
