"""The README's tables are generated from the rules: these tests keep them in step."""

from pathlib import Path

from portal.rules.settings import settings_keys
from portal.rules.table import routing_table_markdown

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_routing_table_matches_the_rules():
    assert routing_table_markdown().strip() in README


def test_readme_lists_every_council_setting_with_its_default():
    for key, default, _description in settings_keys():
        assert f"| `{key}` | `{default}` |" in README, key


def test_rules_table_command_prints_the_generated_table(app):
    result = app.test_cli_runner().invoke(args=["rules", "table"])
    assert result.exit_code == 0
    assert result.output.strip() == routing_table_markdown().strip()


def test_public_page_shows_every_service_from_the_rules(client_request):
    from portal.rules.vocabulary import SERVICES

    page = client_request.get("/which-procedure")
    rows = [" ".join(th.get_text(" ").split()) for th in page.select("tbody th[scope=row]")]
    assert rows == [service.label for service in SERVICES.values()]
