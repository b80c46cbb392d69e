"""Layout checks that see what a reader sees, run in the loaded page.

Each function takes a Playwright page and returns a list of problems (empty
when the page is fine), so the same check serves the suite over every page
type and the tests that break a page on purpose to prove the check notices.

- ``overflowing``: an element wider than its container (the page may not
  scroll sideways, but a table can still be cut off inside ``main``).
- ``small_text``: rendered text under 12 px, SVG text included (its font size
  is in user units and shrinks with the drawing).
- ``first_screen``: a phone's first screen shows the page's heading and either
  some content or the way to the list's filters.
- ``narrow_cells``: a table cell narrower than one CJK character plus padding.
- ``toc_nesting``: each table-of-contents entry sits in a list nested in the
  item of the heading it belongs under, and the lists are numbered.
"""

from __future__ import annotations

MIN_TEXT_PX = 12
PHONE = {"width": 390, "height": 844}
WIDTHS = (320, 390, 683, 900, 1366)  # 683: a 1366 px desk at 200 % zoom; 900: a tablet

_VISIBLE = """
const visible = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return false;  // visually-hidden or not rendered
  // display: none, visibility: hidden, and the folded part of a closed <details>
  if (!el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) return false;
  for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
    const b = e.getBoundingClientRect();
    if (b.width <= 1 && b.height <= 1 && getComputedStyle(e).overflow === 'hidden') return false;  // visually-hidden box
  }
  return true;
};
const describe = (el) => {
  const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 2);
  const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls.map(c => '.' + c).join('') + (text ? ` "${text}"` : '');
};
"""

_OVERFLOWING = (
    "() => {"
    + _VISIBLE
    + """
const clipping = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
const found = [];
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth + 1) found.push(`page: ${root.scrollWidth - root.clientWidth}px wider than the window`);
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
  if (!visible(el)) continue;
  const parent = el.parentElement;
  const position = getComputedStyle(el).position;
  if (position === 'fixed') continue;
  if (!parent || getComputedStyle(parent).display === 'contents') continue;
  const r = el.getBoundingClientRect();
  const p = parent.getBoundingClientRect();
  // Inside a scroll box (or a deliberate clip) being wider is the design; a positioned
  // element is measured against the box it is positioned in, which is its container.
  if (!clipping(parent) && position !== 'absolute' && (r.right > p.right + 1 || r.left < p.left - 1)) {
    found.push(`${describe(el)}: ${Math.round(r.width)}px wide in ${describe(parent)} of ${Math.round(p.width)}px`);
  } else if (!clipping(el) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && el.children.length === 0) {
    found.push(`${describe(el)}: its text runs ${el.scrollWidth - el.clientWidth}px past its box`);
  }
}
return found;
}"""
)

_SMALL_TEXT = (
    "(min) => {"
    + _VISIBLE
    + """
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || seen.has(el) || !node.textContent.trim()) continue;
  seen.add(el);
  if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'OPTION'].includes(el.tagName.toUpperCase())) continue;
  if (el.closest('svg title, svg desc')) continue;
  if (!visible(el)) continue;
  let size = parseFloat(getComputedStyle(el).fontSize);
  if (el instanceof SVGElement) {
    // SVG font sizes are user units: scale them by the drawing's transform to the screen.
    const m = el.getScreenCTM();
    if (m) size *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
  }
  if (size < min - 0.05) found.push(`${describe(el)}: ${size.toFixed(1)}px`);
}
return found;
}"""
)

_FIRST_SCREEN = (
    "() => {"
    + _VISIBLE
    + """
const found = [];
const fold = window.innerHeight;
const h1 = document.querySelector('main h1');
if (!h1) return ['no h1 in main'];
if (h1.getBoundingClientRect().bottom > fold) found.push(`the heading ends at ${Math.round(h1.getBoundingClientRect().bottom)}px, below the first screen (${fold}px)`);
const filters = document.querySelector('#filters, .facets');
const onScreen = (el) => visible(el) && el.getBoundingClientRect().top + 16 <= fold;
if (filters) {
  const target = (a) => document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  const ways = [filters, ...[...document.querySelectorAll('a[href^="#"]')].filter(a => {
    const t = target(a);
    return t && (t === filters || filters.contains(t));
  })];
  if (!ways.some(onScreen)) found.push('neither the filters nor a link to them is on the first screen');
} else {
  const after = [...document.querySelectorAll('main p, main li, main tr, main dt, main dd, main figure, main form, main h2')]
    .filter(el => h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
    .filter(el => !el.closest('nav.breadcrumbs') && el.textContent.trim());
  if (!after.some(onScreen)) found.push('nothing after the heading is on the first screen');
}
return found;
}"""
)

_NARROW_CELLS = (
    "() => {"
    + _VISIBLE
    + """
const found = [];
for (const cell of document.querySelectorAll('td, th')) {
  if (!visible(cell) || !cell.textContent.trim()) continue;
  const s = getComputedStyle(cell);
  const font = parseFloat(s.fontSize);  // one CJK character is one em wide
  const inner = cell.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
    - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
  if (inner < font - 0.5) found.push(`${describe(cell)}: ${inner.toFixed(1)}px for text, under one character (${font}px)`);
}
return found;
}"""
)

_TOC_NESTING = """() => {
const found = [];
for (const toc of document.querySelectorAll('nav.toc')) {
  const items = [...toc.querySelectorAll('li')].filter(li => li.querySelector(':scope > a[href^="#"]'));
  const entries = items.map(li => {
    const target = document.getElementById(decodeURIComponent(li.querySelector(':scope > a').getAttribute('href').slice(1)));
    return {li, level: target && /^H[1-6]$/.test(target.tagName) ? Number(target.tagName[1]) : null,
            text: li.querySelector(':scope > a').textContent.trim()};
  });
  entries.forEach((e, i) => {
    if (e.level === null) { found.push(`"${e.text}": links to no heading`); return; }
    const list = e.li.parentElement;
    if (list.tagName !== 'OL' || getComputedStyle(list).listStyleType === 'none')
      found.push(`"${e.text}": not in a numbered list`);
    const higher = entries.slice(0, i).filter(x => x.level !== null && x.level < e.level);
    const expected = higher.length ? higher[higher.length - 1].li : null;
    const holder = list.parentElement && list.parentElement.closest('li');
    const actual = holder && toc.contains(holder) ? holder : null;
    if (actual !== expected) {
      const under = expected ? `under "${entries.find(x => x.li === expected).text}"` : 'at the top level';
      found.push(`"${e.text}" (h${e.level}) should be numbered in a list ${under}`);
    }
  });
}
return found;
}"""


def overflowing(page) -> list[str]:
    return page.evaluate(_OVERFLOWING)


def small_text(page, minimum: float = MIN_TEXT_PX) -> list[str]:
    return page.evaluate(_SMALL_TEXT, minimum)


def first_screen(page) -> list[str]:
    """Run with the page at the top, in a phone-sized viewport."""
    page.evaluate("() => window.scrollTo(0, 0)")
    return page.evaluate(_FIRST_SCREEN)


def narrow_cells(page) -> list[str]:
    return page.evaluate(_NARROW_CELLS)


def toc_nesting(page) -> list[str]:
    return page.evaluate(_TOC_NESTING)
