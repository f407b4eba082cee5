"""A whole complaint sent with the keyboard alone: Tab, Shift never (three presses of
Shift would leave through "Exit this page"), Space, Enter, the arrow keys inside a
group of radios (the only way a keyboard chooses among them), and typing. Every
element that gets focus on the way must show GOV.UK's yellow focus style, and after
a failed submit the error summary must get focus."""

from __future__ import annotations

import pytest

from tests.browser.pages import step_of
from tests.web.journey import ANSWERS

pytestmark = pytest.mark.browser

# Pages where the keyboard test sends the form empty first: radios, a textarea with a
# date, and text inputs.
SEND_EMPTY_FIRST = ("kind", "what-happened", "contact")

# GOV.UK Frontend's focus colour (#ffdd00) as the browser reports it.
FOCUS_COLOUR = "rgb(255, 221, 0)"

_FOCUS_PROBLEM = """(focus) => {
  const el = document.activeElement
  if (!el || el === document.body || el === document.documentElement) return 'nothing has focus'
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('')
  const styles = [getComputedStyle(el)]
  // Radios and checkboxes draw their control, and its focus ring, on the label.
  for (const label of el.labels || []) styles.push(getComputedStyle(label, '::before'))
  // GOV.UK's enhanced file upload draws its focus on the button inside it.
  for (const inner of el.querySelectorAll('.govuk-file-upload-button__pseudo-button')) styles.push(getComputedStyle(inner))
  const shows = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor === focus)
    || s.backgroundColor === focus || s.boxShadow.includes(focus)
  if (styles.some(shows)) return null
  const s = styles[0]
  return `${name} has no visible focus style (outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; `
    + `background: ${s.backgroundColor}; box-shadow: ${s.boxShadow})`
}"""


class Keyboard:
    """Drives the page with keys only, checking the focus style at each stop."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []

    def focus_problem(self) -> str | None:
        return self.page.evaluate(_FOCUS_PROBLEM, FOCUS_COLOUR)

    def check_focus(self) -> None:
        problem = self.focus_problem()
        if problem:
            self.problems.append(f"{self.page.url}: {problem}")

    def has_focus(self, selector: str) -> bool:
        return self.page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector)

    def tab_to(self, selector: str, limit: int = 120) -> None:
        """Press Tab until the element matching `selector` has focus."""
        if self.has_focus(selector):
            return
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.check_focus()
            if self.has_focus(selector):
                return
        raise AssertionError(f"{selector} never gets focus with Tab on {self.page.url}")

    def enter(self, navigates: bool = True) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            self.page.keyboard.press("Enter")

    def choose(self, name: str, value: str) -> None:
        """Select one of a group of radios: Tab into the group, arrows to the answer."""
        self.tab_to(f"input[name='{name}']")
        for _ in range(self.page.locator(f"input[name='{name}']").count()):
            if self.has_focus(f"[value='{value}']"):
                break
            self.page.keyboard.press("ArrowDown")
            self.check_focus()
        assert self.has_focus(f"[value='{value}']"), f"no radio {name}={value} on {self.page.url}"
        if not self.page.is_checked(f"input[name='{name}'][value='{value}']"):
            self.page.keyboard.press("Space")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def answer(self, answers: dict) -> None:
        for name, value in answers.items():
            if isinstance(value, list) and self.page.locator(f"#{name}-day").count():
                for part, typed in zip(("day", "month", "year"), value):
                    self.type_into(f"#{name}-{part}", typed)
                continue
            kind = self.page.locator(f"[name='{name}']").first.get_attribute("type")
            if kind == "radio":
                self.choose(name, value)
            elif kind == "checkbox":
                for single in value:
                    self.tab_to(f"input[name='{name}'][value='{single}']")
                    self.page.keyboard.press("Space")
            else:
                self.type_into(f"[name='{name}']", value)

    def send(self) -> None:
        """Tab to the form's main button (Continue or Send) and press Enter."""
        self.tab_to("main button[name='submit']")
        self.enter()

    def error_summary_takes_focus(self) -> None:
        """After a failed submit: the summary has focus; its first link moves focus to the field."""
        page = self.page
        try:
            page.wait_for_function(
                "() => document.activeElement && document.activeElement.matches('.govuk-error-summary')",
                timeout=5000)
        except Exception as error:  # noqa: BLE001 - said plainly below
            raise AssertionError(f"the error summary does not get focus on {page.url}") from error
        self.check_focus()
        self.tab_to(".govuk-error-summary a", limit=1)
        target = page.evaluate("document.activeElement.getAttribute('href')").lstrip("#")
        self.enter(navigates=False)
        page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target,
                               timeout=5000)
        self.check_focus()


def test_a_complaint_can_be_sent_with_the_keyboard_alone(keyboard_page, live_server):
    page = keyboard_page
    keys = Keyboard(page)
    page.goto(live_server("/"))
    keys.tab_to("a.govuk-button--start")
    keys.enter()

    asked = []
    while (step := step_of(page.url)) != "check-your-answers":
        assert step and len(asked) < 30, f"left the journey at {page.url} after {asked}"
        asked.append(step)
        if step in SEND_EMPTY_FIRST:
            keys.send()
            assert step_of(page.url) == step, f"{step} sent empty went on to {page.url}"
            keys.error_summary_takes_focus()
        keys.answer(ANSWERS[step])
        keys.send()

    keys.send()
    assert "/tell-us/confirmation/" in page.url, page.url
    assert page.locator(".govuk-panel__title").count() == 1
    assert "child" in asked and "contact" in asked, asked
    assert not keys.problems, "focus was not visible:\n" + "\n".join(dict.fromkeys(keys.problems))


def test_the_routing_table_scrolls_with_the_keyboard_at_320px(keyboard_page, live_server):
    """Too wide for a phone, the table scrolls in its own region, which Tab reaches."""
    page = keyboard_page
    page.set_viewport_size({"width": 320, "height": 800})
    keys = Keyboard(page)
    page.goto(live_server("/which-procedure"))
    region = ".app-table-scroll"
    assert page.evaluate("s => (el => el.scrollWidth > el.clientWidth)(document.querySelector(s))", region), (
        "the table fits at 320px: this test no longer tests anything")
    keys.tab_to(region)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Keyboard scrolling is animated: wait for it to move.
    page.wait_for_function("s => Math.abs(document.querySelector(s).scrollLeft) > 0", arg=region, timeout=5000)
    assert not keys.problems, "focus was not visible:\n" + "\n".join(dict.fromkeys(keys.problems))
