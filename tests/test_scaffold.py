"""`init`: every template passes the real linter but for the decisions it marks for the author."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from ruamel.yaml import YAML

from policy_lint.errors import UsageError
from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.findings import Finding
from policy_lint.lint.linter import Linter, lint_text, make_linter
from policy_lint.lint.load import load_text
from policy_lint.publish.scaffold import CHANNELS, CONTACTS, country_of, interactive, scaffold, slug
from policy_lint.publish.templates import LANGUAGES, template_for
from tests.conftest import TODAY

ZONES = {
    "en": "Europe/London",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "tr": "Europe/Istanbul",
    "ru": "Europe/Moscow",
}
# Every place a new policy leaves to its author, when it has every channel.
MARKED = [
    "/owner/email",
    "/channels/email/address",
    "/channels/phone/description",
    "/channels/chat/url",
    "/channels/social/url",
    "/channels/web_form/url",
    "/channels/in_person/description",
    "/self_service/knowledge_base",
    "/escalation/matrix/0/contact",
    "/escalation/matrix/1/contact",
    "/escalation/matrix/2/contact",
]
FILLED = {
    "owner_email": "cs-manager@acme.example",
    "support_email": "support@acme.example",
    "leads_email": "leads@acme.example",
    "phone": "+371 6000 0000",
    "chat_url": "https://acme.example/chat",
    "social_url": "https://social.example/acme",
    "web_form_url": "https://acme.example/contact",
    "visit_address": "Brīvības iela 1, Rīga",
    "knowledge_base": "https://help.acme.example",
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return make_linter(builtin_rules(), Settings(today=TODAY))


def findings(text: str, linter: Linter) -> list[Finding]:
    return lint_text(text, "new.yaml", linter)


def new_policy(language: str, **options: Any) -> str:
    return scaffold("Acme", language, ZONES[language], CHANNELS, today=TODAY, **options)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_policy_fails_only_at_the_decisions_it_marks(language: str, linter: Linter) -> None:
    found = findings(new_policy(language), linter)
    assert [f.code for f in found] == ["PL201"] * len(MARKED)
    assert sorted(f.pointer for f in found) == sorted(MARKED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_filling_in_the_marked_decisions_leaves_no_finding(language: str, linter: Linter) -> None:
    assert findings(fill_in(new_policy(language), language), linter) == []


def fill_in(text: str, language: str) -> str:
    """What an author does: each bracketed marker replaced, the phone's description a number."""
    markers = template_for(language)["markers"]
    text = re.sub(r"description: .*# TODO.*", 'number: "+371 6000 0000"', text)
    text = text.replace(markers["domain"], "acme.example").replace(markers["social"], "x.example")
    return text.replace(markers["visit"], "Brīvības iela 1, Rīga")


@pytest.mark.parametrize("language", LANGUAGES)
def test_contacts_given_up_front_leave_nothing_to_decide(language: str, linter: Linter) -> None:
    text = new_policy(language, contacts=FILLED)
    assert findings(text, linter) == []
    assert 'number: "+371 6000 0000"' in text


def test_a_zone_of_no_country_leaves_the_holidays_to_the_author(linter: Linter) -> None:
    text = scaffold("Acme", "en", "UTC", ["email"], today=TODAY, contacts=FILLED)
    assert [f.code for f in findings(text, linter)] == ["PL702"]
    assert "holidays: []" in text
    assert "TODO: name your country's public holidays, e.g. `- {country: LV}`" in text


@pytest.mark.parametrize(
    ("zone", "entry"),
    [
        ("Europe/Riga", "{country: LV}"),
        ("Europe/Istanbul", "{country: TR}"),
        ("America/New_York", "{country: US}"),
        ("Europe/London", "{country: GB, subdivision: ENG}"),
    ],
)
def test_a_new_policy_names_the_country_of_its_time_zone(
    zone: str, entry: str, linter: Linter
) -> None:
    text = scaffold("Acme", "en", zone, ["email"], today=TODAY, contacts=FILLED)
    assert f"  holidays:\n    - {entry}\n" in text
    assert findings(text, linter) == []  # a country entry satisfies PL702


def test_the_first_line_names_the_schema_and_the_comments_survive_a_round_trip() -> None:
    text = new_policy("en", schema="https://policy-lint.dev/schemas/policy.schema.json")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=https://policy-lint.dev/schemas/policy.schema.json"
    )
    yaml = YAML()
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    assert "# TODO confirm: common starting targets." in out.getvalue()
    assert "weekly:  # TODO confirm" in out.getvalue()


def test_the_new_policy_reads_as_the_format_says() -> None:
    loaded = load_text(new_policy("en", contacts=FILLED), "new.yaml")
    data = loaded.document.data if loaded.document else {}
    assert data["revision"] == "1.0"
    assert data["review"] == {
        "last_reviewed": "2026-11-23",
        "interval": "12 months",
        "reviewers": ["Customer Service Manager"],
    }
    assert data["changelog"][0]["date"] == "2026-11-23"
    assert data["business_hours"]["weekly"]["fri"] == ["09:00-17:00"]
    assert [level.get("on_breach") for level in data["escalation"]["matrix"]] == [None, True, None]
    phone = [level for level in data["service_levels"] if level["channel"] == "phone"]
    assert [(level["metric"], level.get("within")) for level in phone] == [
        ("first_response", "45s"),
        ("abandonment_rate", None),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_template_promises_rings_or_the_same_day(language: str) -> None:
    text = new_policy(language).lower()
    assert not re.search(r"\brings?\b|same day", text)


def test_every_language_file_has_the_keys_of_the_english_one() -> None:
    english = set(key_paths(template_for("en"))) - {"render.fallback"}
    for language in LANGUAGES:
        # `few` is the form of Lithuanian nouns after 2-9, which English has no use for
        keys = {path for path in key_paths(template_for(language)) if not path.endswith(".few")}
        assert keys - {"render.fallback"} == english, language


def key_paths(node: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key != "definitions":  # terms are the language's own
            yield from key_paths(value, f"{path}.")
        else:
            yield path


def test_interactive_asks_again_after_a_wrong_answer() -> None:
    answers = iter(["Vējrādis", "de", "lv", "", "email, fax", "email, phone", "vaditaja@x.lv"])
    asked: list[tuple[str, str]] = []

    def ask(question: str, default: str) -> str:
        asked.append((question, default))
        return next(answers, "")

    text = interactive(ask, today=TODAY)
    assert text == scaffold(
        "Vējrādis",
        "lv",
        "Europe/Riga",
        ["email", "phone"],
        today=TODAY,
        contacts={"owner_email": "vaditaja@x.lv"},
    )
    assert asked[2][0].endswith("(`de` has no template; choose one of en, lv, lt, tr, ru)")
    assert asked[3][1] == "Europe/Riga"  # the language's own time zone is offered
    assert [q for q, _ in asked if "chat" in q.lower() and "page" in q] == []


def test_interactive_gives_up_after_three_wrong_answers() -> None:
    with pytest.raises(UsageError, match="Mars/Olympus"):
        interactive(
            lambda q, d: "Mars/Olympus" if "zone" in q else "en" if "Lang" in q else "X",
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"language": "de"}, "no template"),
        ({"timezone": "Europe/Rigga"}, "IANA"),
        ({"channels": ["email", "fax"]}, "fax"),
        ({"channels": []}, "channels are"),
        ({"company": "  "}, "name"),
        ({"contacts": {"owner_email": "nobody"}}, "e-mail address"),
        ({"contacts": {"fax": "+371 6000 0000"}}, "not a contact"),
    ],
)
def test_unusable_arguments_are_usage_errors(arguments: dict[str, Any], message: str) -> None:
    given: dict[str, Any] = {
        "company": "Acme",
        "language": "en",
        "timezone": "Europe/Riga",
        "channels": ["email"],
    }
    given.update(arguments)
    with pytest.raises(UsageError, match=message):
        scaffold(**given, today=TODAY)


def test_time_zones_name_their_country() -> None:
    assert [country_of(z) for z in ("Europe/Riga", "Asia/Yekaterinburg", "UTC")] == [
        "LV",
        "RU",
        None,
    ]


def test_slugs_are_identifiers_in_any_script() -> None:
    assert slug('SIA "Vējrādis"') == "sia-vejradis"
    assert slug("ООО «Ромашка»") == "ooo-romashka"
    assert slug("Işık A.Ş.") == "isik-a-s"
    assert slug("!!!") == "company"


def test_every_contact_has_a_question() -> None:
    assert all(contact.question for contact in CONTACTS)
    assert {c.channel for c in CONTACTS if c.channel} <= set(CHANNELS)
