"""The days a `holidays:` list closes: its dates and ranges, and its countries' public holidays.

One resolver for the three readers of a holiday list — `check` (PL702, PL704), `render` and the
audit's business calendar — so that the days the page publishes, the days the linter accepts and
the days the audit stops the business clock on are the same days. A country entry
(`{country: LV}`, `{country: US, subdivision: NY}`) is resolved through the `holidays` package
for the years asked for, less the dates its own `except:` lists (days the team works anyway).
The package is imported only when a list has a country entry: importing it costs some 45 ms,
which a `check` of a policy without one should not pay. Names are in the policy's language where
the package has it, else in English, else in the country's own: never in the machine's locale, so
the same policy gives the same page everywhere.

A country or subdivision the package does not know gives no days here: PL704 reports it as an
error, the audit refuses a policy with errors, and a business clock that misses a holiday only
counts more time against the team, never less.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

FIRST_YEAR, LAST_YEAR = 1, 9999  # the years a date can have


@dataclass(frozen=True, slots=True)
class Country:
    """A country entry of a holiday list: where it stands, what it names, what it leaves out."""

    index: int  # its place in the list
    country: str
    subdivision: str | None
    excepted: tuple[dt.date, ...]


def is_country(entry: Any) -> bool:
    """Whether a holiday entry names a country rather than dates."""
    return isinstance(entry, Mapping) and "country" in entry


def countries(entries: Any) -> Iterator[Country]:
    """The country entries of a holiday list whose country is text; their readable `except`s."""
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not is_country(entry) or not isinstance(entry["country"], str):
            continue
        subdivision = entry.get("subdivision")
        excepted = entry.get("except")
        yield Country(
            index,
            entry["country"],
            subdivision if isinstance(subdivision, str) else None,
            tuple(
                day
                for text in (excepted if isinstance(excepted, list) else [])
                if (day := _date(text)) is not None
            ),
        )


def listed_days(
    entries: Any, within: tuple[dt.date, dt.date] | None = None
) -> Iterator[tuple[dt.date, str]]:
    """Every day the list's dates and ranges name (those `within` the first and last day given),
    with the entry's name ("" when it has none)."""
    for entry in entries if isinstance(entries, list) else []:
        if is_country(entry):
            continue
        text = entry.get("date") if isinstance(entry, Mapping) else entry
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if isinstance(text, dt.date):  # a loader that reads dates (YAML 1.1's) gave one
            text = text.isoformat()
        first, _, last = text.partition("..") if isinstance(text, str) else ("", "", "")
        begin, end = _date(first), _date(last or first)
        if begin is None or end is None:
            continue
        if within is not None:  # a range of eight thousand years is walked only where asked
            begin, end = max(begin, within[0]), min(end, within[1])
        for offset in range((end - begin).days + 1):
            yield begin + dt.timedelta(days=offset), name if isinstance(name, str) else ""


def closed_days(
    entries: Any, years: Iterable[int], language: str | None = None
) -> dict[dt.date, str]:
    """Every day of `years` the list closes, with a name: its dates and ranges, and each known
    country's public holidays less that entry's `except` dates."""
    closed: dict[dt.date, str] = {}
    wanted = sorted({year for year in years if FIRST_YEAR <= year <= LAST_YEAR})
    if not wanted:
        return closed
    for country in countries(entries):
        if known(country.country, country.subdivision):
            given = country_days(country.country, country.subdivision, wanted, language)
            for day, name in given.items():
                if day not in country.excepted:
                    closed.setdefault(day, name)
    within = (dt.date(wanted[0], 1, 1), dt.date(wanted[-1], 12, 31))
    for day, name in listed_days(entries, within):
        closed[day] = name or closed.get(day, "")
    return dict(sorted(closed.items()))


def country_days(
    country: str, subdivision: str | None, years: Iterable[int], language: str | None = None
) -> dict[dt.date, str]:
    """The public holidays of a country (and subdivision) that the package knows, in `years`."""
    days: dict[dt.date, str] = {}
    for year in years:
        days.update(_year(country, subdivision, year, language))
    return days


@cache
def _year(
    country: str, subdivision: str | None, year: int, language: str | None
) -> tuple[tuple[dt.date, str], ...]:
    import holidays

    found = holidays.country_holidays(
        country,
        subdiv=subdivision,
        years=year,
        language=_language(country, language),
    )
    return tuple(sorted(found.items()))


@cache
def _language(country: str, language: str | None) -> str | None:
    """The package's language for names: the policy's (`lv`, `pt-BR` → `pt_BR`, `en` → `en_US`)
    where the country has it, else English, else the country's own."""
    import holidays

    entity = holidays.country_holidays(country)
    supported = tuple(getattr(entity, "supported_languages", ()))
    wanted = (language or "en").replace("-", "_")
    base = wanted.split("_")[0].lower()
    for choice in (wanted, base, "en_US", "en_GB", "en"):
        if choice in supported:
            return choice
    prefixed = [name for name in supported if name.split("_")[0].lower() == base]
    default = getattr(entity, "default_language", None)
    return prefixed[0] if prefixed else default if isinstance(default, str) else None


@cache
def supported() -> Mapping[str, tuple[str, ...]]:
    """The countries the package knows (ISO 3166 alpha-2 and alpha-3 codes) and their
    subdivisions' codes."""
    import holidays

    return {code: tuple(subs) for code, subs in holidays.list_supported_countries().items()}


@cache
def known(country: str, subdivision: str | None = None) -> bool:
    """Whether the package knows the country, and the subdivision (by code or by name)."""
    if country not in supported():
        return False
    if subdivision is None:
        return True
    return subdivision in _subdivision_names(country)


@cache
def _subdivision_names(country: str) -> Mapping[str, str]:
    """A country's subdivisions by every name the package accepts (codes and aliases), each
    with its code."""
    import holidays

    entity = holidays.country_holidays(country)
    names = {code: code for code in supported()[country]}
    aliases = getattr(entity, "subdivisions_aliases", {})
    names.update({str(alias): str(code) for alias, code in dict(aliases).items()})
    return names


def closest_country(text: str) -> str | None:
    """The code a mistyped country most likely meant: the same letters in another case, or the
    code of the country whose English name it is close to (`Latvia`, `Letvia` → `LV`)."""
    codes = supported()
    if text.upper() in codes:
        return text.upper()
    names = _country_names()
    close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def closest_subdivision(country: str, text: str) -> str | None:
    """The subdivision a mistyped one most likely meant, by code or by name."""
    names = _subdivision_names(country)
    lowered = {name.lower(): code for name, code in names.items()}
    if text.lower() in lowered:
        return lowered[text.lower()]
    close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


@cache
def _country_names() -> Mapping[str, str]:
    """Countries' English names in lower case (`united states`), each with its alpha-2 code.

    The package's registry names each country by its class (`UnitedStates`); where that is not
    there to read, no name is suggested, only codes.
    """
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # pragma: no cover - a later package that moved its registry
        return {}
    names: dict[str, str] = {}
    for entry in COUNTRIES.values():
        if len(entry) >= 2 and isinstance(entry[0], str) and isinstance(entry[1], str):
            spaced = "".join(f" {c}" if c.isupper() else c for c in entry[0]).strip()
            names[spaced.lower()] = entry[1]
    return names


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if isinstance(text, str) else None
    except ValueError:
        return None
