"""`policy-lint init`: a new, complete policy in one of the template languages, as YAML text.

This module owns the shape of a new policy — its sections, default targets, the decisions left
to its author — and the questions `init --interactive` asks. The prose is data
(policy_lint/publish/templates/<language>.yaml); the holidays are one entry naming the time zone's
country (`{country: LV}`), which every reader resolves through policy_lint.public_holidays. The
policy passes `check` except where only its author can decide: every address, number and web
page is a bracketed marker that PL201 reports, so `check` lists exactly what is left to fill
in. Defaults the author should confirm (targets, hours, complaint deadlines) carry a `# TODO`
comment, which `check` leaves alone. The text is built with ruamel.yaml so that those comments
are part of the document. No clock: `today` is given.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from policy_lint.errors import UsageError
from policy_lint.public_holidays import known
from policy_lint.publish.templates import LANGUAGES, template_for

CHANNELS = ("email", "phone", "chat", "social", "web_form", "in_person")
SCHEMA_REFERENCE = "../schemas/policy.schema.json"
Ask = Callable[[str, str], str]  # click.prompt's shape: (question, default) -> answer


@dataclass(frozen=True, slots=True)
class Contact:
    """One decision only the author can make: where it goes, its format, and the question."""

    key: str
    kind: str  # a $defs name of the schema (`email`, `phone`, `url`), or `text`
    question: str
    channel: str | None = None  # asked only when the policy has this channel


CONTACTS = (
    Contact("owner_email", "email", "The policy owner's e-mail address"),
    Contact("support_email", "email", "The support e-mail address (escalation level 1)"),
    Contact("leads_email", "email", "The team leads' e-mail address (escalation level 2)"),
    Contact("phone", "phone", "The phone number customers call", "phone"),
    Contact("chat_url", "url", "The web page where customers start a chat", "chat"),
    Contact("social_url", "url", "Your page on social media", "social"),
    Contact("web_form_url", "url", "The web page of the contact form", "web_form"),
    Contact("visit_address", "text", "The address where customers visit you", "in_person"),
    Contact("knowledge_base", "url", "Your knowledge base or help centre"),
)


@dataclass(frozen=True, slots=True)
class Target:
    """A default service level of a channel, which the author confirms."""

    name: str
    metric: str
    within: str = ""
    goal: str = ""
    max: str = ""
    pause_on: tuple[str, ...] = ()


TARGETS = {
    "email": (
        Target("first-response", "first_response", "8h", "95%"),
        Target("resolution", "resolution", "3d", "85%", pause_on=("pending",)),
    ),
    "phone": (
        Target("answer", "first_response", "45s", "80%"),
        Target("abandonment", "abandonment_rate", max="5%"),
    ),
    "chat": (Target("first-response", "first_response", "2m", "90%"),),
    "social": (Target("first-response", "first_response", "4h", "90%"),),
    "web_form": (Target("first-response", "first_response", "8h", "95%"),),
    "in_person": (Target("wait", "first_response", "10m", "90%"),),
}


def scaffold(
    company: str,
    language: str,
    timezone: str,
    channels: Sequence[str],
    *,
    today: dt.date,
    contacts: Mapping[str, str] | None = None,
    schema: str = SCHEMA_REFERENCE,
) -> str:
    """A new policy as YAML text; `contacts` (keys of CONTACTS) fills in markers up front."""
    chosen = _checked(company, language, timezone, channels, contacts or {})
    name = " ".join(company.split())  # one line: it is also written into a comment
    draft = _Draft(name, language, timezone, chosen, dict(contacts or {}), today)
    doc = draft.document()
    doc.yaml_set_start_comment(f"yaml-language-server: $schema={schema}\n{draft.comment('header')}")
    return _dump(doc)


def interactive(ask: Ask, *, today: dt.date, schema: str = SCHEMA_REFERENCE) -> str:
    """A new policy from the answers to `ask`; an empty answer to a contact leaves its marker."""
    company = _ask(ask, "Company name", "", _company)
    language = _ask(ask, f"Language of the policy ({', '.join(LANGUAGES)})", "en", _language)
    zone = _ask(
        ask, "Time zone of your business hours", template_for(language)["default_timezone"], _zone
    )
    question = f"Channels customers use, separated by commas ({', '.join(CHANNELS)})"
    channels = _ask(ask, question, "email, phone, chat", _channel_list)
    contacts = {
        contact.key: answer
        for contact in CONTACTS
        if contact.channel is None or contact.channel in channels
        if (answer := _ask(ask, f"{contact.question} (empty: later)", "", _validator(contact)))
    }
    return scaffold(
        company, language, zone, channels, today=today, contacts=contacts, schema=schema
    )


def _ask(ask: Ask, question: str, default: str, parse: Callable[[str], Any]) -> Any:
    """Ask until the answer reads; after three wrong answers, give up with the last reason."""
    reason = ""
    for _ in range(3):
        answer = ask(f"{question} ({reason})" if reason else question, default).strip() or default
        try:
            return parse(answer)
        except UsageError as wrong:
            reason = str(wrong)
    raise UsageError(reason)


def _company(answer: str) -> str:
    if not answer:
        raise UsageError("the company needs a name")
    return answer


def _language(answer: str) -> str:
    if answer not in LANGUAGES:
        raise UsageError(f"`{answer}` has no template; choose one of {', '.join(LANGUAGES)}")
    return answer


def _zone(answer: str) -> str:
    try:
        ZoneInfo(answer)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"`{answer}` is not an IANA time-zone name such as Europe/Riga") from None
    return answer


def _channel_list(answer: str | Sequence[str]) -> tuple[str, ...]:
    names = [name.strip() for name in answer.split(",")] if isinstance(answer, str) else answer
    unknown = [name for name in names if name not in CHANNELS]
    if unknown or not names:
        raise UsageError(f"channels are some of {', '.join(CHANNELS)}; not `{', '.join(unknown)}`")
    return tuple(name for name in CHANNELS if name in names)


def _validator(contact: Contact) -> Callable[[str], str]:
    def valid(answer: str) -> str:
        pattern = _patterns().get(contact.kind)
        if answer and pattern and not re.match(pattern, answer):
            raise UsageError(f"`{answer}` is not {_titles()[contact.kind]}")
        return answer

    return valid


@cache
def _schema_defs() -> Mapping[str, Any]:
    text = (files("policy_lint.schemas") / "policy.schema.json").read_text(encoding="utf-8")
    defs: Mapping[str, Any] = json.loads(text)["$defs"]
    return defs


def _patterns() -> dict[str, str]:
    return {kind: _schema_defs()[kind]["pattern"] for kind in ("email", "phone", "url")}


def _titles() -> dict[str, str]:
    return {kind: _schema_defs()[kind]["title"] for kind in ("email", "phone", "url")}


def _checked(
    company: str, language: str, zone: str, channels: Sequence[str], contacts: Mapping[str, str]
) -> tuple[str, ...]:
    """The channels in canonical order, once every argument has been found usable."""
    _company(company.strip())
    _language(language)
    _zone(zone)
    known = {contact.key: contact for contact in CONTACTS}
    for key, value in contacts.items():
        if key not in known:
            raise UsageError(f"`{key}` is not a contact; the contacts are {', '.join(known)}")
        _validator(known[key])(value)
    return _channel_list(channels)


@dataclass(frozen=True, slots=True)
class _Draft:
    """What one new policy is made of, and the sections built from it."""

    company: str
    language: str
    timezone: str
    channels: tuple[str, ...]
    contacts: dict[str, str]
    today: dt.date

    @property
    def prose(self) -> Mapping[str, Any]:
        """The template's prose for the policy."""
        prose: Mapping[str, Any] = template_for(self.language)["policy"]
        return prose

    def text(self, key: str) -> str:
        """A prose field of the template, the company's name filled in."""
        return str(self.prose[key]).replace("{company}", self.company)

    def comment(self, key: str, **values: str) -> str:
        """A comment of the template for the author, its fields filled in."""
        fields = {"company": self.company, "today": self.today.isoformat(), **values}
        return str(template_for(self.language)["comments"][key]).format_map(fields)

    def marker(self, key: str) -> str:
        """A marker of the template: where only the author can decide."""
        return str(template_for(self.language)["markers"][key])

    def contact(self, key: str, default: str) -> str:
        """The author's contact when given, else the default built around the domain marker."""
        return self.contacts.get(key) or default.format(domain=self.marker("domain"))

    def document(self) -> CommentedMap:
        """The whole policy, section after section."""
        doc = CommentedMap()
        for build in (self.header, self.review, self.statements, self.hours, self.reach):
            build(doc)
        for build in (self.service_levels, self.escalation, self.complaints, self.feedback):
            build(doc)
        return doc

    def header(self, doc: CommentedMap) -> None:
        """Format, identity, language, title, owner, revision."""
        doc["format"] = 1
        doc["id"] = f"{slug(self.company)}-customer-service"
        doc["language"] = self.language
        doc["title"] = self.text("title")
        doc["owner"] = _block(name=self.text("owner"), email=self.owner_email)
        doc["revision"] = DoubleQuotedScalarString("1.0")
        doc["effective"] = self.today

    @property
    def owner_email(self) -> str:
        """The owner's address, which is also escalation level 3's."""
        return self.contact("owner_email", "cs-manager@{domain}")

    def review(self, doc: CommentedMap) -> None:
        """Reviewed today, due again in 12 months; the changelog's first entry."""
        reviewers = _flow_list([self.text("owner")])
        doc["review"] = _block(last_reviewed=self.today, interval="12 months", reviewers=reviewers)
        entry = _block(date=self.today, revision=DoubleQuotedScalarString("1.0"))
        entry["summary"] = self.text("changelog")
        doc["changelog"] = CommentedSeq([entry])
        _blank_before(doc, "review")

    def statements(self, doc: CommentedMap) -> None:
        """Purpose, scope, mission, vision, values and definitions."""
        for key in ("purpose", "scope", "mission", "vision"):
            doc[key] = self.text(key)
        doc["values"] = _flow_list(self.prose["values"])
        doc["definitions"] = CommentedMap(self.prose["definitions"])
        _blank_before(doc, "purpose")

    def hours(self, doc: CommentedMap) -> None:
        """Monday to Friday 09:00-17:00 in the time zone, and the country's holidays."""
        weekly = CommentedMap((day, _flow_list(["09:00-17:00"], quoted=True)) for day in _WORKDAYS)
        hours = _block(timezone=self.timezone, weekly=weekly, holidays=self.holidays())
        hours.yaml_add_eol_comment(self.comment("weekly"), "weekly")
        hours.yaml_set_comment_before_after_key("holidays", before=self.holidays_note(), indent=2)
        doc["business_hours"] = hours
        _blank_before(doc, "business_hours")

    def holidays(self) -> CommentedSeq:
        """The holiday list: the country's public holidays, when the time zone names one."""
        country = country_of(self.timezone)
        entries = CommentedSeq()
        if country is not None:
            subdivision = _SUBDIVISIONS.get(self.timezone)
            entry = _flow(country=country, subdivision=subdivision) if subdivision else None
            entries.append(entry or _flow(country=country))
        return entries

    def holidays_note(self) -> str:
        """The comment above the holidays: whose they are, or that the author must list them."""
        country = country_of(self.timezone)
        if country is None:
            return self.comment("no_holidays")
        return self.comment("holidays", country=country)

    def reach(self, doc: CommentedMap) -> None:
        """The channels, each with how to reach it, and the knowledge base."""
        channels = CommentedMap()
        for name in self.channels:
            channels[name] = self.channel(name)
        doc["channels"] = channels
        help_url = self.contact("knowledge_base", "https://{domain}/help")
        doc["self_service"] = _block(knowledge_base=help_url)
        _blank_before(doc, "channels")

    def channel(self, name: str) -> CommentedMap:
        """One channel, open in business hours, with its address, number or page."""
        social = f"https://{self.marker('social')}"
        ways = {
            "email": ("address", self.contact("support_email", "support@{domain}")),
            "chat": ("url", self.contact("chat_url", "https://{domain}/chat")),
            "social": ("url", self.contacts.get("social_url") or social),
            "web_form": ("url", self.contact("web_form_url", "https://{domain}/contact")),
            "in_person": ("description", self.contact("visit_address", self.marker("visit"))),
        }
        if name == "phone":
            return self.phone()
        key, value = ways[name]
        return _block(**{key: value, "hours": "business"})

    def phone(self) -> CommentedMap:
        """The phone channel: its number, or a description marking that the number is missing."""
        number = self.contacts.get("phone")
        if number:
            return _block(number=DoubleQuotedScalarString(number), hours="business")
        channel = _block(description=self.marker("phone"), hours="business")
        channel.yaml_add_eol_comment(self.comment("phone"), "description")
        return channel

    def service_levels(self, doc: CommentedMap) -> None:
        """The default targets of every channel, on the business clock."""
        levels = CommentedSeq(
            _level(channel, target) for channel in self.channels for target in TARGETS[channel]
        )
        doc["service_levels"] = levels
        doc.yaml_set_comment_before_after_key(
            "service_levels", before="\n" + self.comment("service_levels")
        )

    def escalation(self, doc: CommentedMap) -> None:
        """Three levels: representative, team lead (also on breach), manager."""
        contacts = (
            self.contact("support_email", "support@{domain}"),
            self.contact("leads_email", "team-leads@{domain}"),
            self.owner_email,
        )
        matrix = CommentedSeq()
        for number, (role, contact) in enumerate(
            zip(self.prose["escalation"], contacts, strict=True), 1
        ):
            level = _block(level=number, owner=role["owner"], contact=contact)
            level.update(_ESCALATION_TRIGGERS.get(number, {}))
            if "description" in role:
                level["description"] = role["description"]
            matrix.append(level)
        doc["escalation"] = _block(applies_to=_flow_list(self.channels), matrix=matrix)
        _blank_before(doc, "escalation")

    def complaints(self, doc: CommentedMap) -> None:
        """Taken on every channel, acknowledged, answered in full, escalated, reviewed weekly."""
        complaints = _block(intake=_flow_list(self.channels), logged_in=self.text("logged_in"))
        complaints["acknowledge"] = _flow(within="2d", clock="business", goal="100%")
        complaints["final_response"] = _flow(within="15d", clock="business", goal="95%")
        complaints["holding_response"] = self.text("holding_response")
        complaints["escalation_level"] = 2
        complaints["review"] = "weekly"
        doc["complaints"] = complaints
        doc.yaml_set_comment_before_after_key(
            "complaints", before="\n" + self.comment("complaints")
        )

    def feedback(self, doc: CommentedMap) -> None:
        """A survey after each resolved case and a quarterly NPS survey, reviewed monthly."""
        methods = CommentedSeq(
            [
                _block(type="csat_survey", when="after_resolution", description=self.text("csat")),
                _block(type="nps_survey", frequency="quarterly", description=self.text("nps")),
            ]
        )
        feedback = _block(methods=methods, owner=self.text("owner"), review="monthly")
        feedback["used_for"] = self.text("used_for")
        doc["feedback"] = feedback
        _blank_before(doc, "feedback")


_WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
# Zones that cover a country whose regions keep different holidays, and the region they most
# likely mean: London's zone is the whole United Kingdom's, and England's holidays its most kept.
_SUBDIVISIONS = {"Europe/London": "ENG"}


@cache
def _zone_countries() -> dict[str, str]:
    """tzdata's zone.tab: each canonical time-zone name with its country's ISO 3166 code."""
    text = (files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def country_of(timezone: str) -> str | None:
    """The country of a time zone when its public holidays are known, else None (`UTC`)."""
    country = _zone_countries().get(timezone)
    return country if country is not None and known(country) else None


_ESCALATION_TRIGGERS: dict[int, dict[str, Any]] = {
    2: {"after": "4h", "on_breach": True},
    3: {"after": "1d"},
}


def _level(channel: str, target: Target) -> CommentedMap:
    """One service level in the key order of the policy format's examples."""
    level = _block(id=f"{channel.replace('_', '-')}-{target.name}", channel=channel)
    level["metric"] = target.metric
    if target.max:
        level["max"] = target.max
        return level
    level.update(within=target.within, clock="business", goal=target.goal)
    if target.pause_on:
        level["pause_on"] = _flow_list(target.pause_on)
    return level


def _block(**values: Any) -> CommentedMap:
    return CommentedMap(values)


def _flow(**values: Any) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def _flow_list(items: Iterable[Any], *, quoted: bool = False) -> CommentedSeq:
    seq = CommentedSeq(DoubleQuotedScalarString(item) if quoted else item for item in items)
    seq.fa.set_flow_style()
    return seq


def _blank_before(doc: CommentedMap, key: str) -> None:
    doc.yaml_set_comment_before_after_key(key, before="\n")


def _dump(doc: CommentedMap) -> str:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # one line a value, as the example policies are written
    yaml.representer.ignore_aliases = lambda _data: True  # `today` thrice is no anchor
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e iu ia".split(),  # noqa: SIM905
        strict=True,
    )
)


def slug(name: str) -> str:
    """The name as an identifier: lower case ASCII letters and digits joined by `-`."""
    lowered = "".join(_CYRILLIC.get(char, char) for char in name.lower().replace("ı", "i"))
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only)) or "company"
