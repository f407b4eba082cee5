"""Bar charts: accessible SVG, with no script and no style attributes (CSP)."""

from __future__ import annotations

from xml.etree import ElementTree

from portal.reporting.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _chart(bars):
    return ElementTree.fromstring(str(bar_chart("received", "Complaints <received>", "Stage 1: 2 & 1.",
                                                ("2024/25", "2023/24"), bars)))


def test_the_chart_is_named_and_described_for_screen_readers():
    svg = _chart([Bar("Stage 1", 2, 1)])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "received-title received-desc"
    assert svg.find(f"{SVG}title").text == "Complaints <received>"  # escaped in the markup
    assert svg.find(f"{SVG}desc").text == "Stage 1: 2 & 1."


def test_every_bar_has_its_number_written_beside_it():
    svg = _chart([Bar("Stage 1", 120, 60), Bar("Stage 2", 0, 3)])
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert texts == ["2024/25", "2023/24", "Stage 1", "120", "60", "Stage 2", "0", "3"]
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")][2:]
    assert widths[0] > widths[1] > widths[2]  # 120, then 60 (an outline), then 3


def test_no_script_and_no_style_attribute():
    markup = str(bar_chart("c", "T", "D", ("a", "b"), [Bar("x", 1, 2)]))
    assert "<script" not in markup and "style=" not in markup
