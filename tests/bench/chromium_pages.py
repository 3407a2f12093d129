"""What a page visit costs each Chromium Debian packages: `make bench-chromium` (prints
figures, asserts nothing). Run by pytest for the suite's live server and networks:

    .venv/bin/python -m pytest tests/bench/chromium_pages.py -n0 -q -s

For each browser found (the headless shell, the full `chromium`), side by side in one run:
the same pages, visited in turn on a 390 px phone, ROUNDS times after a warm-up; per page,
the wall time and the CPU the whole machine spent (browser, Django's live server and
PostgreSQL: the suite is CPU-bound, so that is what a journey's page costs it).
"""

import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.fixtures.browser import CHROMIUM_ARGS

BROWSERS = ["chromium-headless-shell", "chromium"]
ROUNDS = 15
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True}


def _busy_seconds() -> float:
    """CPU seconds the machine has spent, all processes together (/proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / 100


def _measure(playwright, path: str, urls: list[str]) -> tuple[float, float]:
    browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(locale="fr-FR", **PHONE)
    page = context.new_page()
    for url in urls:  # warm-up: the renderer process, the cached CSS and script
        page.goto(url)
    started, busy = time.perf_counter(), _busy_seconds()
    for _ in range(ROUNDS):
        for url in urls:
            page.goto(url)
    wall, cpu = time.perf_counter() - started, _busy_seconds() - busy
    browser.close()
    visits = ROUNDS * len(urls)
    return 1000 * wall / visits, 1000 * cpu / visits


@pytest.mark.browser
def test_page_visits_by_browser(site):
    urls = [
        site.url(path="/"),
        site.url("reseau-a", "/"),
        site.url("reseau-a", "/connexion/"),
        site.url("reseau-a", "/annonces/"),
    ]
    rows = []
    with sync_playwright() as playwright:
        for name in BROWSERS:
            path = shutil.which(name)
            if path is None:
                print(f"\n{name}: not installed (apt-get install {name})")
                continue
            rows.append((name, *_measure(playwright, path, urls)))
    print(f"\n{ROUNDS * len(urls)} visits each, {len(urls)} pages:")
    print(f"{'browser':<26}{'wall ms/page':>14}{'machine CPU ms/page':>22}")
    for name, wall, cpu in rows:
        print(f"{name:<26}{wall:>14.0f}{cpu:>22.0f}")
    if len(rows) == 2:
        print(f"CPU ratio {rows[1][0]} / {rows[0][0]}: {rows[1][2] / rows[0][2]:.2f}×")
