"""PL302–PL306: the escalation matrix — numbering, owners and contacts, triggers, coverage.

PL301 (no matrix at all) is data, a `required` rule; every check here stays silent when there is
no matrix, so a missing one is reported once. The recognisers of a reachable contact live here,
where reaching someone is most urgent; PL405 reads the policy owner's contact with them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.kinds import is_empty
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut

MATRIX = "/escalation/matrix"
_EMAIL = re.compile(r"^(?:mailto:)?[^@\s]+@[^@\s]+\.[^@\s.]+$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_PHONE = re.compile(r"^(?:tel:)?\+?[0-9(][0-9 ().\-/]*[0-9]$", re.IGNORECASE)
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])\+?\(?[0-9][0-9 ().\-/]*[0-9]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WRAPPING = "<>()[]{}\"'.,;:"


def is_email(text: str) -> bool:
    """An e-mail address (`mailto:` allowed)."""
    return bool(_EMAIL.match(text.strip()))


def is_url(text: str) -> bool:
    """A web address with its scheme, as the schema spells one."""
    return bool(_URL.match(text.strip()))


def is_phone(text: str, *, least: int = 3) -> bool:
    """A phone number (`tel:` allowed) of `least` to 15 digits, the E.164 maximum; not a date."""
    text = text.strip()
    digits = sum(char.isdigit() for char in text)
    return bool(_PHONE.match(text)) and least <= digits <= 15 and not _DATE.match(text)


def is_reachable(value: object) -> bool:
    """Whether a contact gives a way to reach someone: an e-mail address, a URL or a phone number.

    A label around it is fine (`Team lead: +371 6000 0200`). Inside other words a phone number
    needs seven digits, so a room or a ticket number is not taken for one; alone, three will do
    (an internal extension). A name alone reaches nobody.
    """
    if not isinstance(value, str):
        return False
    words = [word.strip(_WRAPPING) for word in value.split()]
    if any(is_email(word) or is_url(word) for word in words) or is_phone(value):
        return True
    return any(is_phone(found, least=7) for found in _PHONE_IN_TEXT.findall(value))


def matrix_entries(doc: Document) -> Iterator[tuple[int, dict[str, Any]]]:
    """The levels of the matrix that are mappings, with their index."""
    matrix = doc.get(MATRIX)
    for index, entry in enumerate(matrix if isinstance(matrix, list) else []):
        if isinstance(entry, dict):
            yield index, entry


def level_number(entry: dict[str, Any]) -> int | None:
    """The entry's `level` when it is a whole number (YAML's `true` is not one)."""
    level = entry.get("level")
    return level if isinstance(level, int) and not isinstance(level, bool) else None


def level_name(index: int, entry: dict[str, Any]) -> str:
    """How a message names a level: by its number, or by its place when it has none."""
    number = level_number(entry)
    return f"level {number}" if number is not None else f"escalation entry {index + 1}"


def escalation_levels(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL302: levels numbered 1, 2, 3 … in order, without gaps or repeats; at least two."""
    matrix = doc.get(MATRIX)
    if not isinstance(matrix, list) or not matrix:
        return
    if len(matrix) < 2:
        yield Problem(MATRIX, "the matrix has one level: when it cannot help, nobody takes over")
    previous, seen = 0, set[int]()
    for index, entry in matrix_entries(doc):
        number = level_number(entry)
        if number is None:
            previous += 1  # the schema reports it; meanwhile it holds the next number
            continue
        message = _numbering(number, previous, seen)
        if message:
            yield Problem(f"{MATRIX}/{index}/level", message)
        seen.add(number)
        previous = max(previous, number)


def _numbering(number: int, previous: int, seen: set[int]) -> str | None:
    """What is wrong with `number` following `previous` in the list, if anything."""
    if number < 1:
        return f"level {number}: levels are numbered from 1"
    if number in seen:
        return f"level {number} is listed twice: each level needs its own number"
    if number < previous:
        return f"level {number} comes after level {previous}: list the levels in order, 1 first"
    if number > previous + 1 and previous == 0:
        return f"the matrix starts at level {number}: the first level is 1"
    if number > previous + 1:
        missing = (
            f"level {previous + 1} is"
            if number == previous + 2
            else f"levels {previous + 1}–{number - 1} are"
        )
        return f"level {number} follows level {previous}: {missing} missing"
    return None


def escalation_contact(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL303: each level has an owner and a contact that reaches them."""
    for index, entry in matrix_entries(doc):
        yield from _contact_problems(f"{MATRIX}/{index}", level_name(index, entry), entry)


def _contact_problems(pointer: str, name: str, entry: dict[str, Any]) -> Iterator[Problem]:
    owner, contact = entry.get("owner"), entry.get("contact")
    if is_empty(owner) and is_empty(contact):
        yield Problem(pointer, f"{name} has neither an owner nor a contact")
        return
    if is_empty(owner):
        yield Problem(f"{pointer}/owner", f"{name} has no owner: name the role or team in charge")
    if is_empty(contact):
        yield Problem(
            f"{pointer}/contact",
            f"{name} has no contact: give an e-mail address, a phone number or a URL",
        )
    elif not is_reachable(contact):
        yield Problem(
            f"{pointer}/contact",
            f"{name}: `{cut(contact)}` reaches nobody: give an e-mail address, a phone number "
            "or a URL",
        )


def escalation_trigger(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL304: every level above the first says when a ticket moves up to it."""
    for index, entry in matrix_entries(doc):
        number = level_number(entry)
        above_first = number > 1 if number is not None else index > 0
        if above_first and is_empty(entry.get("after")) and entry.get("on_breach") is not True:
            yield Problem(
                f"{MATRIX}/{index}",
                f"{level_name(index, entry)} has neither `after` nor `on_breach: true`: "
                "nobody knows when a ticket moves up to it",
            )


def escalation_coverage(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL305: every declared channel is covered by the matrix; `any` covers them all."""
    channels, escalation = doc.get("/channels"), doc.get("/escalation")
    if not isinstance(channels, dict) or not isinstance(escalation, dict):
        return  # no escalation at all is PL301's finding
    applies_to = escalation.get("applies_to")
    names = applies_to if isinstance(applies_to, list) else [applies_to]
    if "any" in names:
        return
    for channel in channels:
        if channel not in names:
            yield Problem(
                "/escalation/applies_to",
                f"channel `{cut(channel)}` is not in `escalation.applies_to`: "
                "its tickets have nowhere to go when a promise breaks",
            )


def breach_goes_nowhere(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL306: some level takes the tickets whose service level was breached."""
    matrix = doc.get(MATRIX)
    if not isinstance(matrix, list) or not matrix:
        return
    if not any(entry.get("on_breach") is True for _, entry in matrix_entries(doc)):
        yield Problem(
            MATRIX, "no level has `on_breach: true`: a breached promise escalates to nobody"
        )


CHECKS: dict[str, Check] = {
    "escalation-levels": escalation_levels,
    "escalation-contact": escalation_contact,
    "escalation-trigger": escalation_trigger,
    "escalation-coverage": escalation_coverage,
    "breach-goes-nowhere": breach_goes_nowhere,
}
