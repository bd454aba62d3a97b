"""`render`: the published policy, in its language, byte for byte, and as a browser shows it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policy_lint.lint.load import load_path, load_text
from policy_lint.publish.render import build_page, next_review, promise_sentences
from policy_lint.publish.render_html import render_html
from policy_lint.publish.render_markdown import render_markdown
from policy_lint.publish.scaffold import CHANNELS, scaffold
from policy_lint.publish.templates import LANGUAGES
from policy_lint.publish.templates.phrases import phrases_for, within_phrase
from tests.conftest import ROOT, TODAY

POLICIES = ["acme-en", "uznemums-lv", "sirket-tr", "northwind-regions-en"]
ACME_PROMISES = [
    "We reply to 90 % of emails within 2 business hours (priority: urgent).",
    "We reply to 95 % of emails within 8 business hours (priority: low, normal, high).",
    "We resolve 85 % of requests made by email within 3 business days.",
    "We answer 80 % of calls within 45 seconds during business hours. "
    "Calls answered by a person, counted from entering the queue.",
    "No more than 5 % of calls end before we answer.",
    "We answer 90 % of chats within 2 minutes.",
    "We reply to 90 % of messages on social media within 4 business hours.",
]
ACME_COMPLAINTS = [
    "We acknowledge every complaint in writing within 2 business days.",
    "We give a full answer to 95 % of complaints within 8 weeks.",
]


def policy(name: str) -> dict[str, Any]:
    loaded = load_path(ROOT / "policies" / f"{name}.yaml")
    assert loaded.document is not None
    data: dict[str, Any] = loaded.document.data
    return data


def data_of(text: str) -> dict[str, Any]:
    loaded = load_text(text, "policy.yaml")
    assert loaded.document is not None
    data: dict[str, Any] = loaded.document.data
    return data


@pytest.mark.parametrize("name", POLICIES)
@pytest.mark.parametrize(("suffix", "render"), [("md", render_markdown), ("html", render_html)])
def test_rendering_is_the_golden_file(
    name: str,
    suffix: str,
    render: Callable[[dict[str, Any]], str],
    golden: Callable[[Path, str], None],
) -> None:
    golden(ROOT / "tests" / "golden" / f"render.{name}.{suffix}", render(policy(name)))


def test_every_promise_is_a_plain_sentence() -> None:
    assert promise_sentences(policy("acme-en")) == ACME_PROMISES
    markdown = render_markdown(policy("acme-en"))
    for sentence in ACME_COMPLAINTS:
        assert f"- {sentence}\n" in markdown


def test_latvian_promises_are_inflected() -> None:
    assert promise_sentences(policy("uznemums-lv"))[:4] == [
        "Uz 90 % e-pasta vēstuļu atbildam 2 darba stundu laikā (prioritāte: steidzama).",
        "Uz 90 % e-pasta vēstuļu atbildam 6 darba stundu laikā.",
        "Atrisinām 85 % pa e-pastu saņemto pieteikumu 5 darba dienu laikā.",
        "Uz 85 % zvanu atbildam 60 sekunžu laikā, ja vēršaties pie mums darba laikā.",
    ]


@pytest.mark.parametrize(
    ("language", "within", "clock", "said"),
    [
        ("en", "1h", "business", "within 1 business hour"),
        ("en", "45s", "business", "within 45 seconds during business hours"),
        ("en", "1.5h", "calendar", "within 90 minutes"),
        ("en", "PT1H30M", "calendar", "within 1 hour 30 minutes"),
        ("en", "8 weeks", "calendar", "within 8 weeks"),
        ("en", "3 business days", "calendar", "within 3 business days"),
        ("en", "3 rings", "business", "within 3 rings"),  # unreadable: shown as written
        ("lv", "21h", "calendar", "21 stundas laikā"),
        ("lv", "11h", "calendar", "11 stundu laikā"),
        ("lv", "8h", "business", "8 darba stundu laikā"),
        ("lt", "1d", "business", "per 1 darbo dieną"),
        ("lt", "3d", "business", "per 3 darbo dienas"),
        ("lt", "15d", "business", "per 15 darbo dienų"),
        ("lt", "21d", "calendar", "per 21 dieną"),
        ("ru", "1d", "business", "в течение 1 рабочего дня"),
        ("ru", "5h", "business", "в течение 5 рабочих часов"),
        ("ru", "2m", "business", "в рабочее время в течение 2 минут"),
        ("tr", "8h", "business", "8 iş saati içinde"),
        ("tr", "1.5d", "calendar", "1,5 gün içinde"),
    ],
)
def test_durations_are_said_as_people_say_them(
    language: str, within: str, clock: str, said: str
) -> None:
    phrases, _ = phrases_for(language)
    assert within_phrase(within, clock, phrases) == said


def test_a_share_is_written_the_way_the_language_writes_it() -> None:
    sentences = promise_sentences(policy("sirket-tr"))
    assert sentences[0] == (
        "Gelen e-postaları %90 oranında 2 iş saati içinde yanıtlıyoruz (öncelik: acil, yüksek)."
    )
    assert "Whatsapp üzerinden gelen mesajları %90 oranında" in sentences[6]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_language_renders_a_new_policy(language: str) -> None:
    text = scaffold("Acme", language, "Europe/Riga", CHANNELS, today=TODAY)
    data = data_of(text)
    for output in (render_markdown(data), render_html(data)):
        assert not re.search(r"\{[a-z_]+\}", output)  # every phrase's fields filled in
    page = build_page(data)
    assert page.language == language and not page.note
    assert len(promise_sentences(data)) == 8


def test_another_language_is_shown_in_english_and_says_so() -> None:
    data = {**policy("acme-en"), "language": "de"}
    note = "This policy is written in `de`, which has no render phrases"
    assert render_markdown(data).startswith(f"<!-- {note}")
    assert f"<!-- {note}" in render_html(data)
    assert build_page(data).language == "en"


def test_text_from_the_policy_is_escaped() -> None:
    data = {**policy("acme-en"), "title": "<script>alert(1)</script> & *more*"}
    page = render_html(data)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert render_markdown(data).startswith("# \\<script\\>alert(1)\\</script\\> & \\*more\\*")


def test_the_html_page_needs_nothing_but_itself() -> None:
    page = render_html(policy("acme-en"))
    assert not re.search(r"<script|<link|<img|<iframe|src=|@import|url\(", page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">') and "@media print" in page


def test_rendering_is_deterministic() -> None:
    assert render_html(policy("uznemums-lv")) == render_html(policy("uznemums-lv"))


def test_a_policy_with_only_the_required_keys_renders() -> None:
    data = data_of(
        "format: 1\nid: x\ntitle: X\nchannels: {email: {hours: business}}\n"
        "service_levels: [{id: a, channel: email, metric: first_response, within: 1d, "
        "clock: business, goal: 0.9}]\n"
    )
    assert promise_sentences(data) == ["We reply to 90 % of emails within 1 business day."]
    assert "## What we promise" in render_markdown(data)


@pytest.mark.parametrize(
    ("last", "interval", "due"),
    [
        ("2026-09-15", "12 months", "2027-09-15"),
        ("2026-09-15", None, "2027-09-15"),
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2026-01-31", "P1M", "2026-02-28"),
        ("2026-01-01", "6 weeks", "2026-02-12"),
    ],
)
def test_the_next_review_is_the_last_plus_the_interval(
    last: str, interval: str | None, due: str
) -> None:
    assert next_review(last, interval) == dt.date.fromisoformat(due)


def test_an_unreadable_review_has_no_next_date() -> None:
    assert next_review("someday", "12 months") is None
    assert next_review("2026-09-15", "often") is None


# Headless Chromium opens the page as a reader would; a script appended to a copy reports the
# text the browser shows (innerText leaves out anything hidden).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SHOWN = (
    "<script>const pre = document.createElement('pre'); pre.id = 'shown';"
    "pre.textContent = JSON.stringify(document.body.innerText);"
    "document.body.appendChild(pre);</script>"
)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_browser_shows_every_promise(tmp_path: Path) -> None:
    page = tmp_path / "policy.html"
    page.write_text(render_html(policy("acme-en")).replace("</body>", SHOWN + "</body>"))
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    result = subprocess.run(
        [*command, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    match = re.search(r'<pre id="shown">(.*?)</pre>', result.stdout, re.S)
    assert match, result.stderr[-500:]
    shown = " ".join(json.loads(html.unescape(match.group(1))).split())
    for sentence in [*ACME_PROMISES, *ACME_COMPLAINTS, "Next review due by 2027-09-15."]:
        assert sentence in shown


COUNTRY_HOLIDAYS = """\
language: {language}
effective: 2026-06-01
business_hours:
  timezone: Europe/Riga
  holidays:
    - {{date: 2026-08-14, name: Company day}}
    - {{country: LV, except: [2026-12-24]}}
"""


def test_a_country_is_published_as_its_holidays_for_twelve_months_from_today() -> None:
    data = data_of(COUNTRY_HOLIDAYS.format(language="en"))
    markdown = render_markdown(data, TODAY)
    assert "- 2026-08-14: Company day\n" in markdown  # a date as written, past or not
    assert "Every public holiday of LV; from 2026-11-23 to 2027-11-23:" in markdown
    assert "- 2026-12-25: Christmas Day\n" in markdown
    assert "2026-12-24" not in markdown  # worked: `except`
    assert "- 2027-11-18: Republic of Latvia Proclamation Day\n" in markdown
    assert "2026-11-18" not in markdown and "2027-12-24" not in markdown  # outside the 12 months
    assert "<li>2026-12-25: Christmas Day</li>" in render_html(data, TODAY)


def test_country_holidays_are_named_in_the_policys_language_and_from_effective_without_today() -> (
    None
):
    markdown = render_markdown(data_of(COUNTRY_HOLIDAYS.format(language="lv")))
    assert "Visas valsts svētku dienas (LV); no 2026-06-01 līdz 2027-06-01:" in markdown
    assert "- 2026-06-23: Līgo diena\n" in markdown


def test_a_scoped_promise_says_whom_it_covers_and_on_whose_hours() -> None:
    data = policy("northwind-regions-en")
    sentences = promise_sentences(data)
    assert sentences[3] == (
        "We reply to 95 % of emails within 2 business hours "
        "(region: us; tier: enterprise; hours of new_york)."
    )
    assert sentences[5] == (
        "We resolve 85 % of requests made by email within 3 business days "
        "(region: eu; group: Billing; not tags: spam)."
    )
    markdown = render_markdown(data, TODAY)
    assert "Every public holiday of US (NY); from 2026-11-23 to 2027-11-23:" in markdown
    assert "- 2026-11-26: Thanksgiving Day\n" in markdown
