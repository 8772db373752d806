"""Regenerate the README screenshots (docs/screenshots/*.png) from a running demo, with Debian's chromium.

    export WANGGE_VAR_DIR=/tmp/wangge-shots WANGGE_TODAY=2021-08-06   # the demo's day, for preparing and serving
    .venv/bin/wangge demo --no-serve          # the Haimen district of early August 2021 and one login per role
    .venv/bin/wangge runserver 127.0.0.1:8765 --noreload &
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8765 [names...]

Only the demo logins are used (password wangge-demo). Every person on the pictures is synthetic. Nothing is
written through the browser: the registration terminal is shown offline (its sync endpoint blocked), so its
scans never reach the database.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("WANGGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
WALL = {"width": 1920, "height": 1080}
# The two example ID numbers of GB 11643 (never a real person's): typed into the offline terminal only.
EXAMPLE_IDS = ["11010519491231002X", "440524188001010014"]
HOTLINE_DAY = "2021-08-10"  # the demo's 12345 history covers 1–11 August 2021


def shots():
    """(file name, login, viewport, path, extra step or None); each telling one story."""
    return [
        ("big-screen-wall", "admin", WALL, "/dashboard/screen/?static=1", None),
        ("command-centre-map-desktop", "town_cadre", DESKTOP, "/dashboard/?static=1", "map"),
        ("video-wall-desktop", "admin", DESKTOP, "/dashboard/video/?layout=4", "video"),
        ("region-tree-desktop", "admin", DESKTOP, "/regions/320614102/", None),
        ("my-tasks-phone", "grid_worker", PHONE, "/followup/", None),
        ("residents-phone", "grid_worker", PHONE, "/people/residents/", "open_menu"),
        ("daily-board-desktop", "town_cadre", DESKTOP, "/followup/board/", None),
        ("sampling-offline-phone", "sampling_staff", PHONE, "/labtests/register/", "offline_scans"),
        ("mass-testing-desktop", "admin", DESKTOP, "/labtests/", "first_campaign"),
        ("vaccination-desktop", "admin", DESKTOP, "/vaccination/", None),
        ("hotline-report-desktop", "admin", DESKTOP, f"/hotline/report/?day={HOTLINE_DAY}", None),
    ]


def take(base_url: str, password: str, only: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, login, viewport, path, step in shots():
            if only and name not in only:
                continue
            phone = viewport["width"] < 800
            context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base_url,
                                          is_mobile=phone, has_touch=phone, device_scale_factor=1)
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", login)
            page.fill("input[name=password]", password)
            page.click("form button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            if step == "offline_scans":
                page.route("**/api/labtests/sync/", lambda route: route.abort())
            page.goto(path)
            if step == "open_menu":
                page.click("[data-menu-toggle]")
            elif step == "offline_scans":
                for value in ["HM2021SHOW01", *EXAMPLE_IDS]:
                    page.fill("#scan", value)
                    page.press("#scan", "Enter")
                page.wait_for_function("document.getElementById('status').textContent.length > 0")
                page.evaluate("document.activeElement.blur()")
            elif step == "map":
                page.wait_for_function("document.querySelector('.wg-map') && document.querySelector('.wg-map').wgChart")
                page.locator(".cc-map-box").scroll_into_view_if_needed()
            elif step == "video":
                page.wait_for_timeout(4000)  # the tiles start playing
            elif step == "first_campaign":
                page.click("table a[href*='/labtests/campaigns/']")
                page.wait_for_load_state()
            page.wait_for_timeout(1500)  # ECharts animations
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > viewport["width"]:
                print(f"warning: {name} overflows ({width} px wide)", file=sys.stderr)
            height = page.evaluate("document.scrollingElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, viewport["height"] + 100)}
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target), clip=clip, full_page=True, animations="disabled")
            print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--password", default="wangge-demo")
    parser.add_argument("only", nargs="*", help="take only these shots (file names without .png)")
    args = parser.parse_args()
    take(args.base_url.rstrip("/"), args.password, set(args.only))


if __name__ == "__main__":
    main()
