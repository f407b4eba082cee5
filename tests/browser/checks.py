"""What every page must get right in the browser: WCAG 2.2 AA by axe, its language and
direction, and no horizontal scrolling when narrow (WCAG 1.4.10 Reflow)."""

from __future__ import annotations

from portal.config import LANGUAGES
from tests.browser import axe

WIDTHS = (1280, 320)
HEIGHT = 900
REFLOW_WIDTH = 320

_OVERFLOW = """() => {
  const root = document.documentElement
  const width = root.clientWidth
  if (root.scrollWidth <= width) return null
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('')
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect()
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)
  })
  // The innermost ones say what is too wide; their ancestors only contain them.
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)))
  return {scrollWidth: root.scrollWidth, width,
          elements: innermost.slice(0, 10).map(el => name(el) + ' ' + Math.round(el.getBoundingClientRect().width) + 'px')}
}"""

_UNSTYLED = """() => [...document.querySelectorAll('link[rel=stylesheet]')].filter(link => {
  try { return !link.sheet.cssRules.length } catch (error) { return true }
}).map(link => link.href)"""

_NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(done))"


def horizontal_overflow(page) -> str | None:
    """Why the page scrolls sideways, or None when it does not."""
    found = page.evaluate(_OVERFLOW)
    if not found:
        return None
    return (f"  scrolls sideways: {found['scrollWidth']}px of content in {found['width']}px; too wide:\n"
            + "\n".join(f"    {element}" for element in found["elements"]))


def language_problem(page, locale: str) -> str | None:
    lang, direction = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    expected = LANGUAGES[locale]["dir"]
    if (lang, direction) != (locale, expected):
        return f'  <html lang="{lang}" dir="{direction}">, expected lang="{locale}" dir="{expected}"'
    return None


def resize(page, width: int) -> None:
    if page.viewport_size["width"] != width:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.evaluate(_NEXT_FRAME)  # media query listeners (e.g. the menu) have run


def inspect(page, findings, where: str, locale: str, widths=WIDTHS) -> None:
    """Check the page as it is now at each width; add what is wrong to `findings`."""
    problem = language_problem(page, locale)
    if problem:
        findings.add(f"{where} [{locale}]", problem)
    unstyled = page.evaluate(_UNSTYLED)
    if unstyled:
        # axe would report what an unstyled page gets wrong: say what is wrong instead.
        findings.add(f"{where} [{locale}]", f"  stylesheet did not load: {', '.join(unstyled)}")
        return
    # The width the page is at first, so no resize is spent going back.
    for width in sorted(widths, key=lambda w: w != page.viewport_size["width"]):
        resize(page, width)
        findings.pages += 1
        label = f"{where} [{locale}, {width}px]"
        found = axe.violations(page)
        if found:
            findings.add(label, axe.describe(found))
        if width <= REFLOW_WIDTH:
            problem = horizontal_overflow(page)
            if problem:
                findings.add(label, problem)
