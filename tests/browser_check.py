"""Open the HTML audit report in a real browser, as an auditor would, and check what it shows.

Run by `make browser-check` (not by pytest: it needs Debian's chromium, which the target installs
when missing). Headless Chromium renders a copy of the report with a measuring script appended;
the check asserts that every promise's name and sentence is visible text and that every chart is
drawn with a real size, then takes the screenshot the README shows.

    python tests/browser_check.py REPORT.html SCREENSHOT.png
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]  # fmt: skip
MEASURE = """<script>
const svgs = [...document.querySelectorAll('svg')].map(s => {
  const r = s.getBoundingClientRect(); return {w: r.width, h: r.height}; });
const ids = [...document.querySelectorAll('section')].map(s => s.id);
const pre = document.createElement('pre'); pre.id = 'measure';
pre.textContent = JSON.stringify({svgs, ids, text: document.body.innerText});
document.body.appendChild(pre);
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    return found


def run(browser: str, profile: str, *args: str) -> str:
    command = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        sys.exit(f"chromium failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def main() -> None:
    report, screenshot = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    browser = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "report.html"
        copy.write_text(report.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"))
        dom = run(browser, f"{tmp}/profile", "--dump-dom", copy.as_uri())
        match = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
        if match is None:
            sys.exit("the measuring script did not run")
        seen = json.loads(match.group(1).replace("&lt;", "<").replace("&gt;", ">")
                          .replace("&amp;", "&"))  # fmt: skip
        run(browser, f"{tmp}/profile", f"--screenshot={screenshot}", "--window-size=1100,2600",
            report.as_uri())  # fmt: skip
    problems = [f"chart {i + 1} is {s['w']:.0f}×{s['h']:.0f}" for i, s in enumerate(seen["svgs"])
                if s["w"] < 100 or s["h"] < 20]  # fmt: skip
    text = seen["text"]
    for promise in seen["ids"]:
        if f"{promise}:" not in text:
            problems.append(f"promise {promise} has no visible sentence")
    if not seen["ids"] or not seen["svgs"]:
        problems.append("no promise or no chart is shown")
    if problems:
        sys.exit("browser check failed: " + "; ".join(problems))
    print(
        f"browser check: {len(seen['ids'])} promises shown with their sentences, "
        f"{len(seen['svgs'])} charts drawn (smallest "
        f"{min(s['w'] for s in seen['svgs']):.0f}×{min(s['h'] for s in seen['svgs']):.0f} px); "
        f"screenshot {screenshot.name}"
    )


if __name__ == "__main__":
    main()
