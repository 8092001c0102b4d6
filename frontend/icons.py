"""Draw the app's PNG icons from its SVG icons with Chromium (run once; the PNGs are committed).

    .venv/bin/python frontend/icons.py
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "src" / "runready" / "web" / "static"
#: (source SVG, PNG written, size in px)
ICONS = (
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
    ("icon-maskable.svg", "apple-touch-icon.png", 180),
)


def main() -> None:
    """Write every PNG icon beside its SVG."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for source, target, size in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (STATIC / source).read_text()
            page.set_content(
                '<html><body style="margin:0;background:transparent">'
                f'<div style="width:{size}px;height:{size}px">{svg}</div></body></html>'
            )
            page.locator("svg").evaluate("s => { s.style.width = '100%'; s.style.height = '100%'; }")
            page.screenshot(path=str(STATIC / target), omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
