"""`flask report`: the report from the command line, and the import of past years."""

from __future__ import annotations

import csv
import io

import pytest

from portal.reporting import pdf
from tests.reporting.conftest import complaint, csv_bytes


def _once_is_enough(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("rendering a PDF is the same on either database: run on SQLite only")


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["report", *args])


def test_the_report_for_a_year_as_text(app, load):
    load(complaint(), complaint(received_on="2023-05-01"))
    result = _run(app, "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "2024-04-01 to 2025-03-31, compared with 2023/24" in result.output
    assert "CHILDREN'S COMPLAINTS PROCEDURE" in result.output
    line = next(line for line in result.output.splitlines() if line.strip().startswith("Stage 1"))
    assert line.split() == ["Stage", "1", "1", "1", "0"]


def test_the_report_as_csv_to_a_file(app, load, tmp_path):
    load(complaint())
    output = tmp_path / "report.csv"
    result = _run(app, "--year", "2024/25", "--format", "csv", "--output", str(output))
    assert result.exit_code == 0 and "wrote the 2024/25 report" in result.output
    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    received = next(row for row in rows
                    if (row["table"], row["procedure"], row["row"]) == ("received", "all", "stage-1"))
    assert (received["value"], received["previous_value"]) == ("1", "0")


def test_the_print_ready_report_as_one_html_file(app, load, tmp_path):
    load(complaint())
    output = tmp_path / "report.html"
    assert _run(app, "--year", "2024", "--format", "html", "--output", str(output)).exit_code == 0
    html = output.read_text()
    assert "Annual report on complaints, compliments and comments: 2024/25" in html
    assert 'role="img"' in html and "Complaint Handling Code: self-assessment" in html


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint's system libraries (Pango) are not installed")
def test_the_report_as_pdf(app, load, tmp_path):
    _once_is_enough(app)
    load(complaint())
    output = tmp_path / "report.pdf"
    result = _run(app, "--year", "2024", "--format", "pdf", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF-")


def test_a_bad_year_is_refused(app):
    result = _run(app, "--year", "next")
    assert result.exit_code == 2
    assert "not a financial year" in result.stderr


def test_import_from_the_command_line_all_or_nothing(app, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes([complaint(), complaint()]))
    bad.write_bytes(csv_bytes([complaint(), complaint(kind="moan")]))
    failed = _run(app, "import", str(bad))
    assert failed.exit_code == 1
    assert "Row 3, column kind: “moan” is not one of: complaint, compliment, comment, service-request." in failed.stderr
    assert "nothing imported" in failed.stderr
    done = _run(app, "import", str(good))
    assert done.exit_code == 0 and "imported 2 cases from good.csv" in done.output
