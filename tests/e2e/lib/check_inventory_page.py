"""Checks chromium's rendering of `inventory --format html` (used by tests/e2e/inventory_html.sh).

Usage: check_inventory_page.py FIXTURE DOM_HTML PAGE_PNG REFERENCE_PNG DARK_PNG
DOM: every backed-up PVC of the fixture is a row header of the table; the heatmap's and the 7-day
strip's <title>s together name every backed-up PVC, and the heatmap's counts add up to its summary;
no src/href/xlink:href leaves the page (no http(s) or protocol-relative URL), no script, no <link>.
PNG: not blank (many colours, much non-background), the size of the reference, and close to it by
mean luminance over 40x40-pixel blocks (tolerant of other fonts and anti-aliasing, not of a blank or
rearranged page). DARK_PNG (the page with prefers-color-scheme: dark) is dark, PAGE_PNG light.
"""
import re
import sys
from html.parser import HTMLParser

import yaml
from PIL import Image

FAILURES = []


def check(ok, message):
    if not ok:
        FAILURES.append(message)


def selected_pvcs(fixture):
    doc = yaml.safe_load(open(fixture))
    out = set()
    for item in doc["items"]:
        if item.get("kind") != "PersistentVolumeClaim":
            continue
        meta = item["metadata"]
        selected = "backup" in (meta.get("labels") or {}) or any(
            k.startswith("volsync-gen.io/") for k in (meta.get("annotations") or {}))
        if selected:
            out.add((meta["namespace"], meta["name"]))
    return out


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.row_headers, self.titles, self.urls, self.tags = [], {}, [], set()
        self.svg = None  # id of the <svg> we are in
        self.capture = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for key in ("src", "href", "xlink:href", "action", "poster", "data"):
            if key in a:
                self.urls.append(a[key])
        if tag == "svg":
            self.svg = (a.get("aria-labelledby") or "").split("-title")[0]
        if tag == "th" and a.get("scope") == "row" or tag == "title" and self.svg:
            self.capture, self.text = tag, ""

    def handle_endtag(self, tag):
        if tag == self.capture:
            if tag == "th":
                self.row_headers.append(self.text.strip())
            else:
                self.titles.setdefault(self.svg, []).append(self.text.strip())
            self.capture = None
        if tag == "svg":
            self.svg = None

    def handle_data(self, data):
        if self.capture:
            self.text += data


def check_dom(fixture, dom_path):
    dom = open(dom_path, encoding="utf-8").read()
    page = Page()
    page.feed(dom)
    pvcs = selected_pvcs(fixture)
    check(len(pvcs) >= 30, f"the fixture has only {len(pvcs)} backed-up PVCs")
    for ns, name in sorted(pvcs):
        check(name in page.row_headers, f"PVC {ns}/{name} has no row in the table")
    heat = page.titles.get("vg-heatmap", [])
    week = page.titles.get("vg-week", [])
    check(len(heat) > 24, f"the heatmap has only {len(heat)} titled cells")
    named = set()
    for t in heat + week:
        for ns, name in pvcs:
            if re.search(rf"(^|[ ,:]){re.escape(ns)}/{re.escape(name)}($|[ ,(])", t):
                named.add((ns, name))
    later = re.search(r"Not within these 7 days: ([^<]*)", dom)
    for ns, name in pvcs - named:
        check(later is not None and f"{ns}/{name}" in later.group(1),
              f"no heatmap or strip title names {ns}/{name}")
    starts = 0
    for t in heat[1:]:  # the first is the chart's own title
        m = re.match(r"\d\d:\d\d UTC: (\d+) starts?", t)
        check(m is not None, f"heatmap cell title {t!r} does not say when and how many")
        starts += int(m.group(1)) if m else 0
    summary = re.search(r"(\d+) backup starts in the next 24 hours", dom)
    check(summary is not None and int(summary.group(1)) == starts,
          f"the heatmap's cells add up to {starts} starts, its summary says {summary and summary.group(1)}")
    for url in page.urls:
        check(not re.match(r"\s*(https?:|//|ftp:|data:text/html)", url, re.I), f"the page refers outside: {url}")
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        check(tag not in page.tags, f"the page has a <{tag}>")
    check("@import" not in dom and not re.search(r"url\(\s*['\"]?(https?:|//)", dom), "the CSS fetches something")


def blocks(img, size=40):
    g = img.convert("L")
    w, h = g.size
    px = g.load()
    out = []
    for by in range(0, h - size + 1, size):
        for bx in range(0, w - size + 1, size):
            total = sum(px[x, y] for y in range(by, by + size, 4) for x in range(bx, bx + size, 4))
            out.append(total / ((size // 4) ** 2))
    return out


def check_png(page_path, reference_path):
    page = Image.open(page_path).convert("RGB")
    small = page.resize((page.width // 4, page.height // 4))
    colours = small.getcolors(1 << 20) or []
    check(len(colours) > 50, f"the screenshot has only {len(colours)} colours: blank?")
    background = max(colours)[1] if colours else None
    busy = sum(n for n, c in colours if c != background) / max(1, small.width * small.height)
    check(busy > 0.05, f"only {busy:.1%} of the screenshot differs from its background: blank?")
    reference = Image.open(reference_path).convert("RGB")
    check(page.size == reference.size, f"screenshot {page.size} vs reference {reference.size}")
    if page.size != reference.size:
        return
    a, b = blocks(page), blocks(reference)
    d = [abs(x - y) for x, y in zip(a, b)]
    mean, far = sum(d) / len(d), sum(1 for x in d if x > 24) / len(d)
    print(f"screenshot vs reference: mean block difference {mean:.1f} of 255, {far:.1%} of blocks differ by more than 24")
    # Measured: the page moved by 3 px (another font's metrics) gives 2.0 and 0%; a blank page 8.1 and 14%.
    check(mean < 4, f"the screenshot differs from the reference by {mean:.1f} per block on average (limit 4)")
    check(far < 0.03, f"{far:.1%} of the screenshot's blocks differ from the reference by more than 24 (limit 3%)")


def luminance(path):
    g = Image.open(path).convert("L").resize((64, 90))
    return sum(g.getdata()) / (64 * 90)


def main():
    fixture, dom, png, reference, dark = sys.argv[1:6]
    check_dom(fixture, dom)
    check_png(png, reference)
    light_l, dark_l = luminance(png), luminance(dark)
    print(f"mean luminance: light theme {light_l:.0f}, dark theme {dark_l:.0f} (of 255)")
    check(light_l > 170, f"the page is not light by default (mean luminance {light_l:.0f})")
    check(dark_l < 80, f"the page does not follow the dark theme (mean luminance {dark_l:.0f})")
    for f in FAILURES:
        print("FAIL:", f, file=sys.stderr)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
