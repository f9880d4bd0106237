"""What overflows its column on the built HTML pages, as Chromium lays them out.

One headless Chromium loads a harness page that opens each built page in turn
in a 1280 x 900 frame (the size of a laptop's browser window), waits for
MathJax to typeset the formulas and for the fonts, and records every element
wider than the box that holds it: the page itself (a horizontal scroll bar),
code blocks, tables, display formulas and the sidebars with the table of
contents. The harness writes its findings as JSON into the page, which
Chromium prints (``--dump-dom``), so no browser driver is needed.

Run as a script on a built site to list the overflows::

    python tests/_docs_layout.py docs/_build/html

``docs/layout_check/`` holds screenshots at 1280 px of the API page of
``LogisticMLPClassifier`` and of a gallery page, before the site was made
to fit (code and the table of contents cut off) and after.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

WIDTH, HEIGHT = 1280, 900
# Flags for a headless run as root on a machine with no network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # lets the harness read the pages it opens (file URLs are otherwise
    # each an origin of their own)
    "--allow-file-access-from-files",
)

_MEASURE = r"""
const WIDTH = %(width)d, HEIGHT = %(height)d, SLACK = 1;
const PAGES = %(pages)s;
// What may not be wider than its box: code, tables, display formulas, the
// article and the sidebars (the right one holds the table of contents).
const SELECTOR = "pre, table, div.math, mjx-container[display='true'], " +
  ".bd-article-container, .bd-sidebar-primary, .bd-sidebar-secondary, " +
  ".page-toc a";
const frame = document.getElementById("frame");
const results = {};

function describe(el) {
  let name = el.tagName.toLowerCase();
  if (el.id) name += "#" + el.id;
  const cls = [...el.classList].slice(0, 2);
  if (cls.length) name += "." + cls.join(".");
  const lines = el.textContent.split("\n").map((l) => l.trimEnd());
  const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), "");
  return name + " " + JSON.stringify(longest.trim().slice(0, 70));
}

function culprit(el) {
  // the innermost element that sticks out furthest to the right
  const limit = el.getBoundingClientRect().right;
  let worst = null, right = limit + SLACK;
  for (const child of el.querySelectorAll("*")) {
    const edge = child.getBoundingClientRect().right;
    if (edge >= right) { worst = child; right = edge; }
  }
  return worst && worst !== el ? " at " + describe(worst) : "";
}

function expandToc(doc) {
  // The theme unfolds one section of the table of contents at a time, in
  // bold; unfold them all, in bold, so that every entry is measured.
  for (const item of doc.querySelectorAll(".page-toc li, .page-toc a")) {
    item.classList.add("active");
  }
}

function overflows(doc) {
  expandToc(doc);
  const found = [];
  const root = doc.documentElement;
  if (root.scrollWidth > root.clientWidth + SLACK) {
    found.push(`page is ${root.scrollWidth} px wide in ${root.clientWidth} px`);
  }
  for (const el of doc.querySelectorAll(SELECTOR)) {
    if (!el.getClientRects().length) continue;  // not displayed
    // scrolls inside itself, or sticks out of the box that holds it (a
    // table's box is the theme's scroll container)
    let excess = el.scrollWidth - el.clientWidth;
    if (el.tagName === "TABLE" && el.parentElement) {
      excess = Math.max(excess, el.offsetWidth - el.parentElement.clientWidth);
    }
    if (excess > SLACK) {
      const where = el.tagName === "PRE" ? "" : culprit(el);
      found.push(`${describe(el)} by ${excess} px${where}`);
    }
  }
  return found;
}

function typeset(win) {
  // MathJax 3 resolves startup.promise after its first typesetting.
  const doc = win.document;
  if (!doc.querySelector(".math")) return doc.fonts.ready;
  return new Promise((resolve, reject) => {
    const start = Date.now();
    (function wait() {
      const mj = win.MathJax;
      if (mj && mj.startup && mj.startup.promise) {
        mj.startup.promise.then(resolve, reject);
      } else if (Date.now() - start > 20000) {
        reject(new Error("MathJax did not start"));
      } else {
        setTimeout(wait, 20);
      }
    })();
  }).then(() => {
    if (!doc.querySelector("mjx-container")) {
      throw new Error("MathJax drew no formula");
    }
    return doc.fonts.ready;
  });
}

function next(i) {
  if (i === PAGES.length) {
    document.getElementById("layout-result").textContent =
      JSON.stringify(results);
    return;
  }
  frame.onload = () => {
    const win = frame.contentWindow;
    typeset(win)
      .then(() => { results[PAGES[i]] = overflows(win.document); })
      .catch((e) => { results[PAGES[i]] = ["not measured: " + e]; })
      .then(() => next(i + 1));
  };
  frame.src = PAGES[i];
}
next(0);
"""

_HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<pre id="layout-result"></pre>
<iframe id="frame" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>{script}</script>
</body></html>
"""


def find_chromium():
    """The path of a Chromium or Chrome, or None."""
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next(filter(None, map(shutil.which, names)), None)


def html_pages(site):
    """The HTML pages of a built site, as paths relative to it."""
    return sorted(
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        # a template fragment sphinx copies along, not a page
        if page.parent.name != "_static" and "_static" not in page.parts
    )


def measure(site, pages=None, chromium=None, width=WIDTH, height=HEIGHT):
    """``{page: [what overflows]}`` for the pages of a built site.

    Each entry names the element (its tag, classes and longest line of
    text) and by how many pixels it is too wide; an empty list is a page that
    fits. A page whose formulas MathJax did not draw is reported so.
    """
    site = Path(site).resolve()
    pages = html_pages(site) if pages is None else list(pages)
    chromium = chromium or find_chromium()
    if chromium is None:
        raise FileNotFoundError("no chromium on the PATH")
    script = _MEASURE % {
        "width": width,
        "height": height,
        "pages": json.dumps([(site / page).as_uri() for page in pages]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        harness = Path(tmp) / "harness.html"
        harness.write_text(
            _HARNESS.format(width=width, height=height, script=script),
            encoding="utf-8",
        )
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--window-size={width + 40},{height + 200}",
            # virtual time runs ahead whenever the pages wait on a timer
            f"--virtual-time-budget={max(60_000, 2_000 * len(pages))}",
            "--dump-dom",
            harness.as_uri(),
        ]
        dom = subprocess.run(
            command, capture_output=True, text=True, timeout=600, check=True
        ).stdout
    found = re.search(r'<pre id="layout-result">(.*?)</pre>', dom, flags=re.S)
    if not found or not found.group(1).strip():
        raise RuntimeError("the harness wrote no result; it timed out")
    by_url = json.loads(unescape(found.group(1)))
    return {page: by_url[(site / page).as_uri()] for page in pages}


if __name__ == "__main__":
    site = Path(sys.argv[1])
    result = measure(site)
    for page, found in result.items():
        for item in found:
            print(f"{page}: {item}")
    bad = sum(bool(found) for found in result.values())
    print(f"{bad} of {len(result)} pages overflow", file=sys.stderr)
    sys.exit(os.EX_DATAERR if bad else 0)
