"""What every template can use: the council's settings, the locale and its direction."""

from functools import lru_cache

from flask import g, has_request_context, request, url_for
from flask_babel import format_date, gettext

from portal.web import easy_read


def init_app(app):
    @app.context_processor
    def _globals():
        languages = g.get("languages") or app.config["LANGUAGES"]
        locale = g.get("locale", "en")
        easy_read_here = easy_read.available(locale)
        easy_read_wanted = easy_read.wanted()
        return {
            "council_name": app.config["COUNCIL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
            "childrens_services_phone": app.config["COUNCIL_CHILDRENS_SERVICES_PHONE"],
            "out_of_hours_phone": app.config["COUNCIL_OUT_OF_HOURS_PHONE"],
            "complaints_email": app.config["COUNCIL_COMPLAINTS_EMAIL"],
            "exit_page_url": app.config["EXIT_PAGE_URL"],
            "csp_nonce": g.get("csp_nonce"),
            "locale": locale,
            "text_direction": languages.get(locale, {}).get("dir", "ltr"),
            "languages": languages,
            "current_path": request.full_path.rstrip("?") if has_request_context() else "/",
            # Easy read where the person chose it and this language has it (else standard text).
            "easy_read": easy_read_here and easy_read_wanted,
            "easy_read_wanted": easy_read_wanted,
            "easy_read_here": easy_read_here,
            "easy_read_offered": easy_read.offered(),
        }

    # Stored msgids from portal.rules (reasons, labels) are translated when shown.
    app.add_template_filter(lambda text: gettext(text) if text else "", "translate")
    app.add_template_filter(lambda value: format_date(value, format="d MMMM y") if value else "", "long_date")
    app.add_template_global(url_for, "url_for")
    app.add_template_global(character_count_params)
    app.add_template_global(attachment_rows)


def attachment_rows(attachments, removable):
    """Summary-list rows for files a person attached; a Remove button while drafting."""
    from flask_babel import format_decimal
    from markupsafe import Markup, escape

    rows = []
    for attachment in attachments:
        size = gettext("%(size)s KB", size=format_decimal(max(1, attachment.size // 1024)))
        row = {"key": {"text": attachment.original_name}, "value": {"text": size}}
        if removable:
            # Actions in a summary list are links; removing needs a button inside the form.
            row["value"] = {"html": Markup(
                '%s <button class="app-link-button govuk-link" name="remove" value="%d">%s'
                '<span class="govuk-visually-hidden"> %s</span></button>'
            ) % (size, attachment.id, gettext("Remove"), escape(attachment.original_name))}
        rows.append(row)
    return rows

# A sample number for each CLDR plural category, so each category gets its own text.
def _plural_samples(locale):
    samples = {}
    # Counts of characters are whole numbers: only their categories are needed.
    for n in range(0, 201):
        samples.setdefault(locale.plural_form(n), n)
    return samples


def character_count_params(maxlength):
    """The character count's messages, translated with each language's plural forms."""
    from flask_babel import get_locale

    return dict(_character_count_params(str(get_locale()), maxlength))


# The same words for every page in a language: worked out once (make bench showed the
# plural samples alone cost a millisecond a page).
@lru_cache(maxsize=64)
def _character_count_params(language, maxlength):
    from babel import Locale
    from flask_babel import ngettext

    samples = _plural_samples(Locale.parse(language))

    def forms(render):
        return {tag: render(n) for tag, n in samples.items()}

    return {
        "maxlength": maxlength,
        # gettext without arguments leaves "%%" as it is; "% {}" makes it the "%" of
        # "%{count}", as ngettext does for the others.
        "textareaDescriptionText": gettext("You can enter up to %%{count} characters") % {},
        "charactersUnderLimitText": forms(lambda n: ngettext("You have %%{count} character remaining",
                                                             "You have %%{count} characters remaining", n)),
        "charactersAtLimitText": gettext("You have 0 characters remaining"),
        "charactersOverLimitText": forms(lambda n: ngettext("You have %%{count} character too many",
                                                            "You have %%{count} characters too many", n)),
    }
