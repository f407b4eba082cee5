"""Settings from environment variables, with defaults that let a newcomer run it.

Every setting is documented in the README. Council timescales (domain.md section 3)
are read by `portal.rules.settings.CouncilSettings.from_mapping` from the same config.
"""

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(__file__).resolve().parent

# Languages the portal ships, each named in itself; English is the source. Urdu and
# Arabic are written right to left (the layout sets <html dir> from this table).
LANGUAGES = {
    "en": {"name": "English", "dir": "ltr"},
    "cy": {"name": "Cymraeg", "dir": "ltr"},
    "pl": {"name": "Polski", "dir": "ltr"},
    "ro": {"name": "Română", "dir": "ltr"},
    "ur": {"name": "اردو", "dir": "rtl"},
    "ar": {"name": "العربية", "dir": "rtl"},
    "pa": {"name": "ਪੰਜਾਬੀ", "dir": "ltr"},
    "uk": {"name": "Українська", "dir": "ltr"},
    "pt": {"name": "Português", "dir": "ltr"},
}

TRUE_WORDS = {"1", "true", "yes", "on"}


def _flag(env, name, default):
    value = env.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def _int(env, name, default):
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from error


def load(env=None, instance_path=None):
    """Build the Flask config dict from `env` (os.environ by default)."""
    env = os.environ if env is None else env
    instance = Path(env.get("PORTAL_INSTANCE_PATH") or instance_path or REPO_ROOT / "instance")
    config = {
        "SECRET_KEY": env.get("SECRET_KEY") or _development_secret(instance),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or f"sqlite:///{instance / 'portal.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_SECURE": _flag(env, "COOKIE_SECURE", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        "PERMANENT_SESSION_LIFETIME": _int(env, "SESSION_LIFETIME_SECONDS", 60 * 60 * 24),
        "WTF_CSRF_TIME_LIMIT": _int(env, "CSRF_TIME_LIMIT_SECONDS", 60 * 60 * 4),
        "MAX_CONTENT_LENGTH": _int(env, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024) + 512 * 1024,
        "MAX_UPLOAD_BYTES": _int(env, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        "MAX_ATTACHMENTS": _int(env, "MAX_ATTACHMENTS", 5),
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "DRAFT_LIFETIME_DAYS": _int(env, "DRAFT_LIFETIME_DAYS", 30),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(REPO_ROOT / "translations"),
        "LANGUAGES": LANGUAGES,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": _flag(env, "RATELIMIT_ENABLED", True),
        # Several portals (or a test run) can share one Redis without sharing counts.
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX") or "",
        # Redis down: each worker counts in memory until it is back, so the public forms
        # (and "get help now") stay open and still limited rather than failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Proxies in front of the portal whose X-Forwarded-For/-Proto to believe (0: none).
        # Rate limits count per client address: behind a proxy, set this or every client
        # shares the proxy's address.
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0),
        "SUBMISSION_RATE_LIMIT": env.get("SUBMISSION_RATE_LIMIT") or "20 per hour",
        "SIGN_IN_RATE_LIMIT": env.get("SIGN_IN_RATE_LIMIT") or "10 per minute",
        "ADMIN_IDLE_MINUTES": _int(env, "ADMIN_IDLE_MINUTES", 30),
        "ADMIN_SESSION_HOURS": _int(env, "ADMIN_SESSION_HOURS", 12),
        "ADMIN_IDLE_WARNING_SECONDS": _int(env, "ADMIN_IDLE_WARNING_SECONDS", 120),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000",
        "TRACKING_LINK_DAYS": _int(env, "TRACKING_LINK_DAYS", 365),
        "TRACKING_LOOKUP_RATE_LIMIT": env.get("TRACKING_LOOKUP_RATE_LIMIT") or "5 per hour",
        "COUNCIL_NAME": env.get("COUNCIL_NAME") or "Example Council",
        "SERVICE_NAME": env.get("SERVICE_NAME") or "Tell us about children's services",
        "COUNCIL_CHILDRENS_SERVICES_PHONE": env.get("COUNCIL_CHILDRENS_SERVICES_PHONE")
        or "0300 123 4567",
        "COUNCIL_OUT_OF_HOURS_PHONE": env.get("COUNCIL_OUT_OF_HOURS_PHONE") or "0300 123 4568",
        "COUNCIL_COMPLAINTS_EMAIL": env.get("COUNCIL_COMPLAINTS_EMAIL")
        or "complaints@example.gov.uk",
        "EXIT_PAGE_URL": env.get("EXIT_PAGE_URL") or "https://www.bbc.co.uk/weather",
        "INSTANCE_PATH": str(instance),
        # Mail: with no MAIL_SERVER, messages go to .eml files under instance/mail.
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int(env, "MAIL_PORT", 25),
        "MAIL_USE_TLS": _flag(env, "MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _flag(env, "MAIL_USE_SSL", False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or "no-reply@example.gov.uk",
        "MAIL_TIMEOUT_SECONDS": _int(env, "MAIL_TIMEOUT_SECONDS", 10),
        "MAIL_SINK_FOLDER": env.get("MAIL_SINK_FOLDER") or str(instance / "mail"),
        "OUTBOX_SEND_AFTER_REQUEST": _flag(env, "OUTBOX_SEND_AFTER_REQUEST", True),
        "SAFEGUARDING_EMAIL": env.get("SAFEGUARDING_EMAIL") or "safeguarding@example.gov.uk",
        "ADVOCACY_SERVICE_EMAIL": env.get("ADVOCACY_SERVICE_EMAIL") or "advocacy@example.org.uk",
        "SERVICE_MANAGER_EMAILS": _pairs(env.get("SERVICE_MANAGER_EMAILS")),
        # Retention (`flask retention`): whole years after a case closes before it is
        # anonymised, by kind (the council's retention schedule; README, Data protection).
        "RETENTION_YEARS": {
            "complaint": _int(env, "RETENTION_YEARS_COMPLAINT", 6),
            "compliment": _int(env, "RETENTION_YEARS_COMPLIMENT", 2),
            "comment": _int(env, "RETENTION_YEARS_COMMENT", 2),
            "service-request": _int(env, "RETENTION_YEARS_SERVICE_REQUEST", 2),
        },
    }
    # Council timescales and calendar (COUNCIL_REGION, COUNCIL_DAYS_*, ...) pass through
    # unchanged for portal.rules to validate.
    for key, value in env.items():
        if key.startswith("COUNCIL_") and key not in config:
            config[key] = value
    return config


def _pairs(value):
    """'children-in-care=a@x.gov.uk;fostering=b@x.gov.uk' -> a dict."""
    pairs = {}
    for item in (value or "").split(";"):
        if "=" in item:
            key, address = item.split("=", 1)
            pairs[key.strip()] = address.strip()
    return pairs


def _development_secret(instance: Path) -> str:
    """A per-install secret kept under instance/, so `make run` needs no set-up.

    Production sets SECRET_KEY; this only spares a newcomer from inventing one.
    """
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
