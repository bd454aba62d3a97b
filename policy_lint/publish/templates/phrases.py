"""The words `render` speaks: a language's phrases, and numbers and durations said in it.

templates/<language>.yaml (`render`) gives each language its phrases; this module
fills them in and owns what grammar the phrases cannot hold: which form a noun takes after a
number (English has two, Latvian and Russian choose by the last digit, Lithuanian has three,
Turkish one), the decimal mark, the place of the percent sign, and how a duration of the policy
format — `8h`, `2d`, `PT1H30M` — is said on the business or the calendar clock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policy_lint.publish.templates import LANGUAGES, template_for
from policy_lint.values import DurationError, parse_duration

_SMALLER = {"w": ("d", 7), "h": ("m", 60), "m": ("s", 60)}  # a unit that makes 1.5 whole


@dataclass(frozen=True, slots=True)
class Phrases:
    """The render words of one language, filled in by name."""

    language: str
    words: Mapping[str, Any]

    def get(self, path: str) -> Any:
        """A value by its dotted path, `escalation.after`."""
        value: Any = self.words
        for key in path.split("."):
            value = value[key]
        return value

    def say(self, path: str, **values: str) -> str:
        """A phrase with its fields filled in."""
        return str(self.get(path)).format_map(values)

    def join(self, items: Sequence[str]) -> str:
        """Items joined the way this language lists them."""
        return str(self.words["list"]).join(items)

    def channel(self, name: str) -> dict[str, str]:
        """A channel's words (`name`, `every`, `share`, `by`), for a policy's own channels too."""
        channels = self.words["channels"]
        words = channels[name] if name in channels and name != "other" else channels["other"]
        return {key: str(text).replace("{channel}", name) for key, text in words.items()}


def phrases_for(language: object) -> tuple[Phrases, str]:
    """The phrases of a policy's language, and the note to show when it fell back to English."""
    primary = str(language or "en").split("-")[0].lower()
    if primary in LANGUAGES:
        return Phrases(primary, template_for(primary)["render"]), ""
    english = template_for("en")["render"]
    return Phrases("en", english), str(english["fallback"]).format(language=language)


def within_phrase(value: Any, clock: str, ph: Phrases) -> str:
    """`within 8 business hours`, `45 sekunžu laikā`, `в течение 2 рабочих дней` …"""
    try:
        words, small = spoken_duration(value, clock, ph)
    except DurationError:
        return ph.say("within", duration=" ".join(str(value).split()))
    return ph.say("within_business" if small else "within", duration=words)


def spoken_duration(value: Any, clock: str, ph: Phrases) -> tuple[str, bool]:
    """A duration in words, and whether it counts seconds or minutes of business hours.

    On the business clock hours are business hours and days business days; seconds and
    minutes are said plainly, and the sentence says "during business hours" instead.
    """
    duration = parse_duration(value)
    words, small = [], False
    for unit, amount in duration.parts:
        if not amount:
            continue
        unit, amount = _whole(unit, amount)
        business = (clock == "business" or duration.business_days) and unit in ("h", "d")
        small = small or (clock == "business" and unit in ("s", "m"))
        forms = ph.get("units")[f"business_{unit}" if business else unit]
        words.append(f"{_number(amount, ph)} {forms.get(_plural(amount, ph), forms['many'])}")
    return " ".join(words), small


def _whole(unit: str, amount: float) -> tuple[str, float]:
    """1.5 hours as 90 minutes: a smaller unit when it makes the amount whole."""
    if math.isfinite(amount) and amount != int(amount) and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        if amount * factor == int(amount * factor):
            return smaller, amount * factor
    return unit, amount


def _plural(amount: float, ph: Phrases) -> str:
    """The form a number takes the noun in: `one`, `few` or `many`, by the language's rule."""
    rule = ph.words["plural"]
    if not math.isfinite(amount) or amount != int(amount):
        return "many"
    n = int(amount)
    one = n == 1 if rule == "one-other" else n % 10 == 1 and n % 100 != 11
    if rule == "invariant" or one:
        return "one"
    if rule == "one-few-many" and 2 <= n % 10 <= 9 and not 12 <= n % 100 <= 19:
        return "few"
    return "many"


def _number(amount: float, ph: Phrases) -> str:
    if not math.isfinite(amount):
        return str(amount)  # `nan`, `inf`: a policy rendered with --force despite its errors
    if amount == int(amount):
        return str(int(amount))
    return f"{amount:.2f}".rstrip("0").replace(".", str(ph.words["decimal"]))


def share(value: Any) -> float | None:
    """A goal or max as a percentage: `95%` and 0.95 are both 95."""
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            return float(value.strip()[:-1])
        return float(value) * 100 if isinstance(value, int | float) else None
    except ValueError:
        return None


def percent(value: Any, ph: Phrases) -> str:
    """A goal or max as this language writes a percentage: `95 %`, `%95`, `99,5 %`."""
    number = share(value)
    if number is None:
        return "" if value is None else str(value)
    return ph.say("percent", number=_number(round(number, 2), ph))


def capitalized(text: str, ph: Phrases) -> str:
    """The first letter upper case (Turkish `i` is `İ`)."""
    if not text:
        return text
    first = "İ" if ph.language == "tr" and text[0] == "i" else text[0].upper()
    return first + text[1:]
