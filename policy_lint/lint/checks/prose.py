"""PL201–PL202: template placeholders and vague promises in the policy's prose, in its language.

This module owns the word lists, rules/words/<language>.yaml (shipped in the wheel as data of the
package `policy_lint.rules`), and the matching built from them. A language's lists are read and
compiled once, into regexes shaped as tries (see `trie_pattern`), so a policy costs a few scans
of its strings: well under a millisecond for both rules. The lists are data so that someone who
speaks the language can correct them without reading Python; a rule pack bans words of its own
with the `forbidden_words` kind, which reads its words the same way (`compile_words`).

What counts, decided once for every language:
- A placeholder is found in any language: text in square brackets holding a letter or a blank
  (`[X]`, `[Uzņēmums]`, `[…]`, but not a footnote `[1]` nor a Markdown link `[text](url)`), in
  angle brackets (`<company>`, but not an address `<a@b.example>` nor an HTML tag `<b>`), in
  braces (`{{name}}`), a blank (`___`, `???`), an upper-case marker (TBD, TODO, XXX …), a number
  mark before a time unit (`X hours`), and the language's own template words.
- A vague word matches as a whole word, ignoring case, the longest listed phrase first; a phrase
  listed as not vague wins over a vague word inside it. Skipped: words inside web and e-mail
  addresses, strings without a space (identifiers, enumerations), words inside a placeholder,
  and a vague word whose clause also gives a number with a time unit ("quickly: within 8 hours"
  is a measurable promise; "acknowledged within 2 days and resolved quickly" is not).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from policy_lint.errors import CatalogueError
from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document, escape
from policy_lint.lint.findings import Problem
from policy_lint.lint.load import load_text

LISTS = ("markers", "number_marks", "placeholders", "vague", "not_vague", "units", "conjunctions")
DEFAULT_INSTEAD = "within 8 business hours"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # a primary subtag; anything else has no word file
_GAP = ("…", "...")
_NEVER = "(?!)"
_SPACE, _GAP_ATOM, _STEM = "\0space", "\0gap", "\0stem"
_SPECIAL = {_SPACE: r"\s+", _GAP_ATOM: r"(?:\S+\s+){0,6}?", _STEM: r"\w*"}  # in trial order
_HTML_TAGS = frozenset((
    "a", "abbr", "b", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "q", "s", "small", "span", "strong", "sub",
    "sup", "table", "td", "th", "tr", "u", "ul",
))  # fmt: skip
_SHOWN = 60
_BLANK = re.compile(r"\s")
_ADDRESS = re.compile(r"(?<!\S)(?:www\.|\S*?(?:@|://))\S*", re.IGNORECASE)  # e-mail, web
_KINDS = {"[": "bracket", "<": "angle", "{": "brace", "_": "blank", "?": "blank"}


@dataclass(frozen=True, slots=True)
class Words:
    """One language's word lists, with the lists of common.yaml that every language shares."""

    language: str
    instead: str
    markers: tuple[str, ...]
    number_marks: tuple[str, ...]
    placeholders: tuple[str, ...]
    vague: tuple[str, ...]
    not_vague: tuple[str, ...]
    units: tuple[str, ...]
    conjunctions: tuple[str, ...]


def _read(name: str) -> Mapping[str, Any]:
    """A word file's lists, checked for shape; an absent file has none."""
    entry = files("policy_lint.rules") / "words" / f"{name}.yaml"
    if not entry.is_file():
        return {}
    source = f"rules/words/{name}.yaml"
    loaded = load_text(entry.read_text(encoding="utf-8"), source)
    data = loaded.document.data if loaded.document else None
    if loaded.issues or not isinstance(data, dict):
        raise CatalogueError(f"{source}: a word file is a mapping of word lists")
    for key in LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise CatalogueError(f"{source}: `{key}` must be a list of words")
    return data


@cache
def words_for(language: str) -> Words:
    """The word lists for a language (a primary subtag such as `lv`); unknown: the shared ones."""
    common = _read("common")
    own = _read(language) if _LANGUAGE.match(language) else {}

    def merged(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*common.get(key, []), *own.get(key, [])]))

    instead = own.get("instead")
    return Words(
        language=language,
        instead=instead if isinstance(instead, str) and instead else DEFAULT_INSTEAD,
        markers=merged("markers"),
        number_marks=merged("number_marks"),
        placeholders=merged("placeholders"),
        vague=merged("vague"),
        not_vague=merged("not_vague"),
        units=merged("units"),
        conjunctions=merged("conjunctions"),
    )


def phrase_pattern(phrase: str, *, bounded: bool = True) -> str:
    """One entry as a regex: whole words, `word*` for any ending, a lone `…` for a few words."""
    out = "".join(_SPECIAL.get(atom, re.escape(atom)) for atom in _atoms(phrase))
    return (r"(?<!\w)" if bounded else "") + out + r"(?!\w)"


def _atoms(phrase: str) -> list[str]:
    """An entry as a sequence of characters and the special atoms of `_SPECIAL`."""
    atoms: list[str] = []
    for word in phrase.split():
        if atoms and atoms[-1] != _GAP_ATOM:
            atoms.append(_SPACE)
        if word in _GAP:
            atoms.append(_GAP_ATOM)
        elif word.endswith("*") and len(word) > 1:
            atoms += [*word[:-1], _STEM]
        else:
            atoms += list(word)
    return atoms


def alternation(phrases: Iterable[str], *, bounded: bool = True) -> str:
    """Several entries as one non-capturing regex, longest first; none at all never matches."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase.replace("*", "")), phrase))
    if not ordered:
        return _NEVER
    return "(?:" + "|".join(phrase_pattern(p, bounded=bounded) for p in ordered) + ")"


@dataclass(slots=True)
class _Node:
    """A node of a trie of entries: the atoms that may follow, and how an entry may end here."""

    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[str] = field(default_factory=list)


def trie_pattern(entries: Iterable[tuple[str, str]]) -> str:
    """Entries (phrase, the regex that must follow its end) as one regex shaped like a trie.

    Python's regex engine tries the alternatives of a plain alternation one by one at every
    position; a trie whose every branch starts with a literal character lets it skip ahead to the
    characters an entry can start with, and then decide in a step or two. Longer entries are
    tried before an entry that ends where they go on, so the longest phrase wins. The word
    boundary before an entry is checked after its first character, where it does not hide that
    character from the engine's skip-ahead.
    """
    root = _Node()
    for phrase, end in entries:
        node = root
        for atom in _atoms(phrase):
            node = node.children.setdefault(atom, _Node())
        if end not in node.ends:
            node.ends.append(end)
    branches = [
        re.escape(atom) + r"(?<!\w.)" + _trie_regex(child)
        for atom, child in sorted(root.children.items())
        if atom not in _SPECIAL
    ]
    return "|".join(branches) or _NEVER


def _trie_regex(node: _Node) -> str:
    literal = sorted(atom for atom in node.children if atom not in _SPECIAL)
    alternatives = [re.escape(atom) + _trie_regex(node.children[atom]) for atom in literal]
    alternatives += [
        _SPECIAL[atom] + _trie_regex(node.children[atom])
        for atom in _SPECIAL
        if atom in node.children
    ]
    alternatives += node.ends
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def lowered(text: str) -> str:
    """The text folded for matching, one character for one so that offsets stay those of `text`.

    Lower case, and the Turkish dotless ı read as i: "HIZLI".lower() is "hizli", not "hızlı",
    so word lists and text are both folded the same way.
    """
    low = text.lower()
    if len(low) != len(text):
        low = text.replace("İ", "I").lower()  # "İ".lower() is two characters
    return low.replace("ı", "i") if "ı" in low else low


@cache
def compile_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """A list of entries (a rule pack's forbidden words) as one case-insensitive regex."""
    return re.compile(alternation(words), re.IGNORECASE)


def named_words(language: str, name: str) -> tuple[str, ...]:
    """A list of the built-in word file of `language` by its name (`vague`, `placeholders` …)."""
    if name not in LISTS:
        raise CatalogueError(f"`{name}` names no word list; the lists are {', '.join(LISTS)}")
    words: tuple[str, ...] = getattr(words_for(language), name)
    return words


@dataclass(frozen=True, slots=True)
class Matcher:
    """A language's compiled regexes.

    `marks` finds brackets, blanks, markers and number marks in the text as written; `phrases`
    (template words), `vague` and `not_vague` run on the lower-cased text, which spares the
    engine case-insensitive matching, the slowest part of a scan.
    """

    words: Words
    marks: re.Pattern[str]
    phrases: re.Pattern[str]
    vague: re.Pattern[str]
    not_vague: re.Pattern[str]
    number: re.Pattern[str]
    breaks: re.Pattern[str]


_BRACKETS = [
    # [X], [Uzņēmums], […]: a letter or a blank inside; not a footnote [1], not a link [text](url)
    r"\[(?=[^\[\]]*?[^\W\d_]|[\s_.…]*[_.…][\s_.…]*\])[^\[\]]{1,120}\](?!\()",
    # <company>, <insert date>: not <a@b.example>, <https://…>, </b>, a < b > c
    r"<(?<![\w<].)(?![\s/=!<>-])(?=[^<>]*?[^\W\d_])[^<>@=/:\n]{1,80}(?<!\s)>",
    r"\{\{[^{}\n]{1,80}\}\}",
    r"\{(?<!\{\{)(?=[^{}]*?[^\W\d_])[^{}\n]{1,80}\}(?!\})",
    "___+",
    r"\?\?\?+",
]


@cache
def matcher_for(language: str) -> Matcher:
    """The compiled matcher of a language, built on first use and kept for the process."""
    words = words_for(language)
    units = alternation(words.units, bounded=False)
    before_unit = rf"(?=[^\S\n]+(?:[^\W\d_]+[^\S\n]+)?(?i:{units}))"
    marks = trie_pattern(
        [(marker, r"(?!\w)") for marker in words.markers]
        + [(mark, before_unit) for mark in words.number_marks]
    )
    vague = [(lowered(p), r"(?!\w)") for p in words.vague + words.not_vague]
    number = (
        r"(?<![\w.,])\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s*"
        rf"(?:[^\W\d_]+\s+){{0,2}}?{units}"
    )
    breaks = rf"[.!?;…](?=\s|$)|\n|{alternation(words.conjunctions)}"
    return Matcher(
        words=words,
        marks=re.compile("|".join([*_BRACKETS, marks])),
        phrases=re.compile(trie_pattern((lowered(p), r"(?!\w)") for p in words.placeholders)),
        vague=re.compile(trie_pattern(vague)),
        not_vague=re.compile(trie_pattern((lowered(p), r"(?!\w)") for p in words.not_vague)),
        number=re.compile(number, re.IGNORECASE),
        breaks=re.compile(breaks, re.IGNORECASE),
    )


def strings(node: Any, pointer: str = "") -> list[tuple[str, str]]:
    """Every string value under a node with its pointer, in document order; keys are not prose."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(pointer, node)]
    while stack:  # a loop, not recursion: it runs for every policy and its cost adds up
        at, value = stack.pop()
        if isinstance(value, str):
            found.append((at, value))
        elif isinstance(value, dict):
            stack.extend((f"{at}/{_token(key)}", child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(
                (f"{at}/{index}", child) for index, child in reversed(list(enumerate(value)))
            )
    return found


def _token(key: Any) -> str:
    text = str(key)
    return escape(text) if "~" in text or "/" in text else text


def _shown(text: str) -> str:
    """A match as a message quotes it: one line, cut short when long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"


def _is_html(tag: str) -> bool:
    name = tag[1:-1].split()
    return bool(name) and name[0].lower() in _HTML_TAGS


def placeholders_in(text: str, matcher: Matcher) -> list[tuple[int, int, str]]:
    """The placeholders of one string as (start, end, kind), in order; HTML tags left out."""
    found: list[tuple[int, int, str]] = []
    for match in matcher.marks.finditer(text):
        kind = _KINDS.get(text[match.start()], "")
        if not kind:
            kind = "marker" if match.group() in matcher.words.markers else "number"
        elif kind == "angle" and _is_html(match.group()):
            continue
        found.append((match.start(), match.end(), kind))
    marks, index = len(found), 0
    for match in matcher.phrases.finditer(lowered(text)):
        while index < marks and found[index][1] <= match.start():
            index += 1  # both scans run left to right: step past the marks that end before
        if index == marks or found[index][0] >= match.end():
            found.append((match.start(), match.end(), "phrase"))
    return sorted(found)


def _placeholder_message(shown: str, kind: str, words: Words) -> str:
    if kind == "number":
        return f"`{shown}` stands where a number belongs: write the number, e.g. `{words.instead}`"
    if kind == "marker":
        return (
            f"`{shown}` marks something left for later: settle it or take it out before publishing"
        )
    if kind == "blank":
        return f"`{shown}` is a blank left to fill in: write the value before publishing"
    if kind == "phrase":
        return f"`{shown}` is template text left in: replace it with the policy's own words"
    return f"`{shown}` is a template placeholder: write what it stands for before publishing"


def template_placeholder(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL201: every placeholder left in any string of the policy, at the placeholder itself."""
    matcher = matcher_for(ctx.language)
    for pointer, text in strings(doc.data):
        for start, end, kind in placeholders_in(text, matcher):
            message = _placeholder_message(_shown(text[start:end]), kind, matcher.words)
            yield Problem(pointer, message, start)


class _Reading:
    """What the vague-word check needs to know about one string around its matches.

    Built only for a string with a match, and computed once per string: a long string may hold
    thousands of matches, and a scan per match would make the check quadratic in its length.
    """

    def __init__(self, text: str, matcher: Matcher) -> None:
        self.text, self.number = text, matcher.number
        spans = [(start, end) for start, end, _ in placeholders_in(text, matcher)]
        spans += [found.span() for found in _ADDRESS.finditer(text)]
        merged: list[tuple[int, int]] = []
        for left, right in sorted(spans):
            if merged and left <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], right))
            else:
                merged.append((left, right))
        self.lefts = [left for left, _ in merged]
        self.rights = [right for _, right in merged]
        breaks = [found.span() for found in matcher.breaks.finditer(text)]
        self.starts = [start for start, _ in breaks]
        self.ends = [end for _, end in breaks]
        self.measured: dict[tuple[int, int], bool] = {}

    def is_skipped(self, start: int) -> bool:
        """Whether a match starting here lies inside a placeholder or an address."""
        index = bisect.bisect_right(self.lefts, start) - 1
        return index >= 0 and start < self.rights[index]

    def is_measured(self, start: int, end: int) -> bool:
        """Whether the clause around text[start:end] gives a number with a time unit."""
        before = bisect.bisect_right(self.ends, start)
        after = bisect.bisect_left(self.starts, end)
        left = self.ends[before - 1] if before else 0
        stop = self.starts[after] if after < len(self.starts) else len(self.text)
        if (left, stop) not in self.measured:
            found = self.number.search(self.text, left, stop)
            self.measured[left, stop] = found is not None
        return self.measured[left, stop]


def vague_words(text: str, matcher: Matcher) -> Iterator[tuple[int, int]]:
    """The vague promises of a string, as (start, end), that no number in their clause measures."""
    if _BLANK.search(text) is None:
        return  # an identifier, an enumeration value or an address, not prose
    reading: _Reading | None = None
    for match in matcher.vague.finditer(lowered(text)):
        if matcher.not_vague.fullmatch(match.group()):
            continue
        reading = reading or _Reading(text, matcher)
        start, end = match.span()
        if not reading.is_skipped(start) and not reading.is_measured(start, end):
            yield start, end


def vague_commitment(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL202: every promise of speed without a number, at the vague word itself."""
    matcher = matcher_for(ctx.language)
    for pointer, text in strings(doc.data):
        for start, end in vague_words(text, matcher):
            message = (
                f"`{_shown(text[start:end])}` promises speed without a number: "
                f"state the time, e.g. `{matcher.words.instead}`"
            )
            yield Problem(pointer, message, start)


CHECKS: dict[str, Check] = {
    "template-placeholder": template_placeholder,
    "vague-commitment": vague_commitment,
}
