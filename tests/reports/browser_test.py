#!/usr/bin/env python3
"""Browser test of the reports in headless Chromium (Debian's chromium package).

Builds the whole-region fixture database (tests/cli/report_fixture_testlib.h),
writes the regional dashboard and a standalone scorecard with `posture`, then
opens them in headless Chromium through the DevTools protocol (tests/reports/
cdp.py) and checks: no console error, no request other than the files
themselves, no dialog (a hostile string that ran would open one), one map
shape per commune (1,266) each with its name and grade on hover, the ranking
table's filters and sorting, the mayor's page fitting one A4 page when
printed. Screenshots and a PDF are left in --out for people to look at.

    browser_test.py --posture BIN --fixture BIN --registry CSV --out DIR
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
import base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

A4_PRINTABLE_PX = (297 - 22) / 25.4 * 96  # @page margin 11 mm
A4_WIDTH_PX = round((210 - 22) / 25.4 * 96)


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok      %s" % name)
        else:
            self.failed += 1
            print("FAILED  %s %s" % (name, detail))


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit("browser_test: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr))
    return r.stdout


def common_checks(c, page, label, allowed_prefix):
    c.check(label + ": no console error", not page.errors(), page.errors())
    external = [u for u in page.requests() if not u.startswith(allowed_prefix)]
    c.check(label + ": no request outside the report folder", not external, external[:5])
    dialogs = page.mine("Page.javascriptDialogOpening")
    c.check(label + ": no dialog (no injected script ran)", not dialogs, dialogs[:1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posture", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    chromium = cdp.find_chromium()
    if not chromium:
        sys.exit("browser_test: chromium is not installed (scripts/install-deps installs it)")
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    started = time.monotonic()
    db = os.path.join(out, "fixture.db")
    now = run([args.fixture, db, "--whole-region", args.registry]).strip()
    base = [args.posture, "--db", db, "--now", now, "--config", "/dev/null"]
    run(base + ["report", "region", "--out", os.path.join(out, "region"),
                "--contact-url", "https://csirt.example.fr/posture"])
    run(base + ["report", "scorecard", "78551", "--out", os.path.join(out, "scorecard-78551.html")])
    generated = time.monotonic()
    size = os.path.getsize(os.path.join(out, "region", "index.html"))
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(out, "region")) for f in fs)
    print("fixture and reports: %.1f s; index.html %d KiB, report folder %.1f MiB"
          % (generated - started, size // 1024, total / 1048576))

    c = Checks()
    prefix = "file://" + out + "/"
    browser = cdp.Browser(chromium)
    try:
        # ---- The dashboard ----------------------------------------------------------
        page = cdp.Page(browser, 1280, 900)
        page.open(prefix + "region/index.html")
        common_checks(c, page, "dashboard", prefix)
        n = page.evaluate("document.querySelectorAll('#map path.commune').length")
        c.check("map: one shape per commune", n == 1266, n)
        codes = page.evaluate("new Set([...document.querySelectorAll('#map path.commune')].map(p => p.dataset.code)).size")
        c.check("map: 1,266 distinct INSEE codes", codes == 1266, codes)
        titled = page.evaluate("[...document.querySelectorAll('#map path.commune')].filter(p => p.querySelector('title') && p.querySelector('title').textContent.length > 2).length")
        c.check("map: every commune has its name on hover", titled == 1266, titled)
        versailles = page.evaluate("document.querySelector('#map path[data-code=\"78646\"] title').textContent")
        c.check("map: Versailles shows its name and grade", versailles.startswith("Versailles — A ("), versailles)
        hostile = page.evaluate("document.querySelector('#map path[data-code=\"93066\"] title').textContent")
        c.check("map: a hostile name is shown as text", "<script>alert(1)</script>" in hostile, hostile)
        hatched = page.evaluate("document.querySelectorAll('#map path[fill=\"url(#hatch)\"]').length")
        c.check("map: opted-out communes hatched", hatched >= 2, hatched)
        grey = page.evaluate("document.querySelectorAll('#map path[fill=\"#d5d8dc\"]').length")
        c.check("map: communes without a score in grey", grey > 10, grey)
        box = page.evaluate("(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.width, r.height]; })()")
        c.check("map: drawn at a readable size", box[0] > 900 and box[1] > 600, box)
        linked = page.evaluate("document.querySelectorAll('#map a[href^=\"fiches/\"] path.commune').length")
        c.check("map: scored communes link to their scorecard", linked > 1000, linked)
        rows = page.evaluate("document.querySelectorAll('#rank tbody tr').length")
        page.evaluate("(() => { const s = document.getElementById('f-dep'); s.value = '93'; s.dispatchEvent(new Event('change')); })()")
        shown = page.evaluate("[...document.querySelectorAll('#rank tbody tr')].filter(r => !r.hidden).map(r => r.dataset.dep)")
        c.check("ranking: filter by département", len(shown) > 5 and set(shown) == {"93"} and len(shown) < rows,
                (len(shown), rows))
        count = page.evaluate("document.getElementById('f-count').textContent")
        c.check("ranking: the count follows the filter", count == str(len(shown)), count)
        page.evaluate("(() => { const s = document.getElementById('f-dep'); s.value = ''; s.dispatchEvent(new Event('change'));"
                      " const k = document.getElementById('f-kind'); k.value = 'epci'; k.dispatchEvent(new Event('change')); })()")
        kinds = page.evaluate("[...document.querySelectorAll('#rank tbody tr')].filter(r => !r.hidden).map(r => r.dataset.kind)")
        c.check("ranking: filter by kind", kinds == ["epci"], kinds)
        page.evaluate("(() => { const k = document.getElementById('f-kind'); k.value = ''; k.dispatchEvent(new Event('change'));"
                      " const q = document.getElementById('f-q'); q.value = 'acheres'; q.dispatchEvent(new Event('input')); })()")
        names = page.evaluate("[...document.querySelectorAll('#rank tbody tr')].filter(r => !r.hidden).map(r => r.dataset.name)")
        c.check("ranking: search by name, accents folded",
                "Achères" in names and all(n.startswith("Achères") for n in names), names)
        page.evaluate("(() => { const q = document.getElementById('f-q'); q.value = ''; q.dispatchEvent(new Event('input')); })()")
        col = "[...document.querySelectorAll('#rank thead th')].findIndex(th => th.textContent.startsWith('population'))"
        page.evaluate("document.querySelectorAll('#rank thead th')[%s].click()" % col)
        pops = page.evaluate("[...document.querySelectorAll('#rank tbody tr')].map(r => +r.cells[%s].dataset.v)" % col)
        c.check("ranking: sort by population, ascending", pops == sorted(pops) and len(pops) == rows, pops[:5])
        page.evaluate("document.querySelectorAll('#rank thead th')[%s].click()" % col)
        pops = page.evaluate("[...document.querySelectorAll('#rank tbody tr')].map(r => +r.cells[%s].dataset.v)" % col)
        c.check("ranking: sort again, descending", pops == sorted(pops, reverse=True), pops[:5])
        common_checks(c, page, "dashboard after interaction", prefix)
        page.evaluate("(() => { const th = document.querySelectorAll('#rank thead th')[0]; th.click(); })()")
        page.screenshot(os.path.join(out, "dashboard.png"))
        map_top = page.evaluate("document.getElementById('map').getBoundingClientRect().top + window.scrollY")
        data = page.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                     "clip": {"x": 0, "y": map_top - 60, "width": 1280, "height": 1000, "scale": 1}})["data"]
        with open(os.path.join(out, "dashboard-map.png"), "wb") as f:
            f.write(base64.b64decode(data))

        # ---- A scorecard in the report set, then the standalone one -------------------
        for name, url in (("scorecard", prefix + "region/fiches/commune-78551.html"),
                          ("standalone scorecard", prefix + "scorecard-78551.html")):
            page = cdp.Page(browser, 900, 1200)
            page.open(url)
            common_checks(c, page, name, prefix)
            text = page.evaluate("document.body.innerText")
            c.check(name + ": the hostile Server header is shown as text", "Server: <script>alert(1)</script>" in text)
            c.check(name + ": what to fix first lists 3 to 5 items",
                    3 <= page.evaluate("document.querySelectorAll('ol.fix > li').length") <= 5)
        page.screenshot(os.path.join(out, "scorecard.png"))
        page.viewport(A4_WIDTH_PX, 1100)
        page.call("Emulation.setEmulatedMedia", {"media": "print"})
        height = page.evaluate("document.querySelector('.sc1').getBoundingClientRect().height")
        c.check("scorecard: the mayor's page fits one A4 page when printed",
                0 < height <= A4_PRINTABLE_PX, "%.0f px > %.0f px" % (height, A4_PRINTABLE_PX))
        data = page.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                     "clip": {"x": 0, "y": 0, "width": A4_WIDTH_PX, "height": round(A4_PRINTABLE_PX), "scale": 1}})["data"]
        with open(os.path.join(out, "scorecard-print-page1.png"), "wb") as f:
            f.write(base64.b64decode(data))
        page.call("Emulation.setEmulatedMedia", {"media": ""})
        page.print_pdf(os.path.join(out, "scorecard.pdf"))
        c.check("scorecard: prints as a PDF", os.path.getsize(os.path.join(out, "scorecard.pdf")) > 10000)

        # ---- The remediation report and a member's page ----------------------------------
        for name, url in (("remediation report", prefix + "region/remediation.html"),
                          ("member page", prefix + "region/remediation/commune-93066.html"),
                          ("method", prefix + "region/methode.html")):
            page = cdp.Page(browser, 1280, 900)
            page.open(url)
            common_checks(c, page, name, prefix)
            if name == "remediation report":
                page.screenshot(os.path.join(out, "remediation.png"))
    finally:
        browser.close()
    print("browser checks: %.1f s; screenshots in %s" % (time.monotonic() - generated, out))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
