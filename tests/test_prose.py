"""The prose matching behind PL201 and PL202: word files, placeholders, vague words, precision."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

import pytest

from policy_lint.errors import CatalogueError
from policy_lint.lint.checks.context import Context
from policy_lint.lint.checks.kinds import KINDS
from policy_lint.lint.checks.prose import (
    LISTS,
    lowered,
    matcher_for,
    phrase_pattern,
    placeholders_in,
    vague_words,
    words_for,
)
from policy_lint.lint.document import Document
from policy_lint.lint.load import load_text

LANGUAGES = ("en", "lv", "lt", "ru", "tr", "de", "fr", "es")
TODAY = dt.date(2026, 11, 23)


def placeholders(text: str, language: str = "en") -> list[str]:
    return [text[start:end] for start, end, _ in placeholders_in(text, matcher_for(language))]


def vague(text: str, language: str = "en") -> list[str]:
    return [text[start:end] for start, end in vague_words(text, matcher_for(language))]


def document(text: str) -> Document:
    loaded = load_text(text, "p.yaml")
    assert loaded.document is not None and not loaded.issues
    return loaded.document


def test_the_word_folder_holds_a_file_for_every_shipped_language() -> None:
    folder = files("policy_lint.rules") / "words"
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    assert names == sorted([*(f"{language}.yaml" for language in LANGUAGES), "common.yaml"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_own_lists(language: str) -> None:
    words = words_for(language)
    assert words.vague and words.placeholders and words.units and words.conjunctions
    assert words.instead and any(char.isdigit() for char in words.instead)
    assert {"TBD", "TODO", "XXX"} <= set(words.markers)
    assert "ASAP" in words.vague  # the shared lists are merged in


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_vague_entry_is_found_by_its_own_matcher(language: str) -> None:
    words = words_for(language)
    for entry in words.vague:
        text = "Mēs " + entry.replace("*", "").replace("…", "x") + " ."
        assert vague(text, language), entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_placeholder_entry_is_found_by_its_own_matcher(language: str) -> None:
    for entry in words_for(language).placeholders:
        text = "Text " + entry.replace("*", "").replace("…", "the name") + " text"
        assert placeholders(text, language), entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_time_stated_in_the_language_is_not_a_vague_word(language: str) -> None:
    instead = words_for(language).instead
    assert not vague(instead, language), instead
    assert not placeholders(instead, language), instead


def test_an_unknown_or_malformed_language_gets_the_shared_lists_only() -> None:
    for language in ("pl", "../../etc", "common", ""):
        words = words_for(language)
        assert words.vague == ("ASAP",) and words.units == ()
        assert placeholders("[Firma] TODO", language) == ["[Firma]", "TODO"]


def test_matchers_are_built_once() -> None:
    assert matcher_for("lv") is matcher_for("lv")
    assert words_for("lv") is words_for("lv")


def test_entry_syntax_stems_and_gaps() -> None:
    assert phrase_pattern("savlaicīg*") == r"(?<!\w)savlaicīg\w*(?!\w)"
    assert phrase_pattern("insert … here") == r"(?<!\w)insert\s+(?:\S+\s+){0,6}?here(?!\w)"
    assert set(LISTS) >= {"placeholders", "vague", "not_vague", "units", "conjunctions"}


# Every placeholder the Latvian templates leave (the seeds' README), each found whole.
LATVIAN_TEMPLATE_PLACEHOLDERS = [
    "[X]",
    "[Y]",
    "[Uzņēmums]",
    "[Uzņēmuma]",
    "[Uzņēmumam]",
    "[Uzņēmuma nosaukuma]",
    "[laiks]",
    "[Datums]",
    "[Vārds]",
    "[nosaukums]",
    "[metode]",
    "[e-pasta adrese]",
    "[tīmekļvietne]",
    "[sūtot e-pastu uz/zvanot]",
    "[ikdienas/iknedēļas/ikmenesiski]",
    "[produktu/pakalpojumu]",
    "[darbinieki/personāls/klienti]",
    "[Izmaiņu saraksts kopš pēdējās revīzijas]",
    "[ievietojiet uzņēmuma redzējumu šeit]",
    "[ievietojiet uzņēmuma misijas paziņojumu šeit]",
    "[ievietojiet vārdu un kontaktinformāciju šeit]",
    "[ievietojiet produktu vai pakalpojumu šeit]",
    "[ievietojiet gaidīšanu šeit]",
]


@pytest.mark.parametrize("placeholder", LATVIAN_TEMPLATE_PLACEHOLDERS)
def test_every_latvian_template_placeholder_is_found_whole(placeholder: str) -> None:
    assert placeholders(f"Teksts {placeholder} un vēl teksts.", "lv") == [placeholder]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("within [X] hours", ["[X]"]),
        ("[…] and [...] and [___]", ["[…]", "[...]", "[___]"]),
        ("<company> and <insert date>", ["<company>", "<insert date>"]),
        ("{{name}} and {company} and ${team}", ["{{name}}", "{company}", "{team}"]),
        ("a blank ___ and ???", ["___", "???"]),
        ("TBD, TBA, TBC, TODO, FIXME, XXX", ["TBD", "TBA", "TBC", "TODO", "FIXME", "XXX"]),
        ("within X hours, XX minutes or N business days", ["X", "XX", "N"]),
        ("insert the company name here", ["insert the company name here"]),
    ],
)
def test_placeholders_found(text: str, found: list[str]) -> None:
    assert placeholders(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "a footnote [1] and [2, 3] and an address http://[::1]:8080",
        "a [link](https://acme.example/handbook) in Markdown",
        "Acme Support <support@acme.example> or <https://acme.example>",
        "<b>bold</b>, <br/>, <p class=x>",
        "waits < 5 minutes and > 1 minute; x<y; a -> b",
        "an empty list [] and a box [ ]",
        "todo and tbd in lower case; TBDs; XXXL; X-ray",
        "X and Instagram, 24 hours a day; on X within 2 hours",
        "an ellipsis... and … in prose",
        "{} and {1}",
    ],
)
def test_not_placeholders(text: str) -> None:
    assert placeholders(text) == []


def test_a_placeholder_inside_brackets_is_one_finding() -> None:
    assert placeholders("[insert the company name here]") == ["[insert the company name here]"]


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("We reply as soon as possible.", "en", ["as soon as possible"]),
        ("We reply ASAP and Quickly.", "en", ["ASAP", "Quickly"]),
        ("Faster, FASTEST, fast", "en", ["Faster", "FASTEST", "fast"]),
        ("pēc iespējas ātrāk un ātri", "lv", ["pēc iespējas ātrāk", "ātri"]),
        ("ātrs, ātra, ātrā, ātru, ātrāk, savlaicīgi, savlaicīgu", "lv", None),
        ("kuo greičiau, greitai, greitą", "lt", None),
        ("как можно скорее, быстро, быстрого, быстрая", "ru", None),
        ("en kısa sürede, HIZLI, hızlıca, İVEDİLİKLE", "tr", None),
        ("so schnell wie möglich, zeitnah, zeitnahe", "de", None),
        ("dès que possible, rapidement, dans les meilleurs délais", "fr", None),
        ("lo antes posible, rápidamente, a la mayor brevedad", "es", None),
    ],
)
def test_vague_words_found(text: str, language: str, found: list[str] | None) -> None:
    expected = found if found is not None else [part.strip() for part in text.split(",")]
    assert vague(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("reakcijas ātrums 8 stundas; ātrumu mērām", "lv"),
        ("tas drīzāk ir jautājums", "lv"),
        ("atsakome darbo laiku; greičiausiai el. paštu; atsakymo greitis", "lt"),
        ("быстрота ответа и быстродействие системы", "ru"),
        ("hemen hemen her zaman; süreçleri hızlandırmak", "tr"),
        ("Schnelligkeit zählt; sobald die E-Mail eingeht", "de"),
        ("la rapidité compte", "fr"),
        ("tan pronto como llega; descuento por pronto pago", "es"),
        ("as soon as we receive it; sent immediately after resolution; breakfast", "en"),
    ],
)
def test_lookalikes_are_not_vague(text: str, language: str) -> None:
    assert vague(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("We answer quickly: within 8 business hours.", "en", []),
        ("We answer quickly (2h at most).", "en", []),
        ("Acknowledged within 2 days and resolved quickly.", "en", ["quickly"]),
        ("Calls within 45 seconds. E-mails quickly.", "en", ["quickly"]),
        ("Open 24/7 and fast.", "en", ["fast"]),
        ("Our 3 offices answer fast.", "en", ["fast"]),
        ("Atbildam ātri — 8 darba stundu laikā.", "lv", []),
        ("Atbildam ātri; e-pasti 8 stundu laikā.", "lv", ["ātri"]),
        ("24 saat içinde hızlı bir yanıt veririz.", "tr", []),
        ("Отвечаем быстро — в течение 2 часов.", "ru", []),
        ("Quickly:\nwithin 8 hours.", "en", ["Quickly"]),
    ],
)
def test_a_number_with_a_unit_in_the_same_clause_measures_a_vague_word(
    text: str, language: str, found: list[str]
) -> None:
    assert vague(text, language) == found


@pytest.mark.parametrize(
    "text",
    [
        "fast",
        "https://quick.example/fast reply",
        "write to soon@acme.example today",
        "see www.fast.example today",
        "the template said [reply quickly] here",
    ],
)
def test_addresses_identifiers_and_placeholders_are_not_read_for_vague_words(text: str) -> None:
    assert vague(text) == []


def test_lowering_keeps_offsets_and_reads_the_turkish_dotless_i() -> None:
    assert len(lowered("İADE İŞLEMİ")) == len("İADE İŞLEMİ")
    assert lowered("HIZLI") == lowered("hızlı") == "hizli"
    assert vague("İADE HIZLI yapılır", "tr") == ["HIZLI"]


def test_forbidden_words_kind_finds_a_packs_words_at_the_word() -> None:
    check = KINDS["forbidden_words"](
        {"words": ["free of charge", "guarantee*"], "pointers": ["/purpose", "/definitions"]},
        "`{word}` needs legal's approval",
    )
    doc = document(
        "purpose: Repairs are Free of charge and guaranteed.\n"
        "scope: A guarantee outside the pointers.\n"
        "definitions:\n  warranty: Our guarantee.\n"
    )
    problems = list(check(doc, Context(TODAY)))
    assert [(p.pointer, p.offset, p.message) for p in problems] == [
        ("/purpose", 12, "`Free of charge` needs legal's approval"),
        ("/purpose", 31, "`guaranteed` needs legal's approval"),
        ("/definitions/warranty", 4, "`guarantee` needs legal's approval"),
    ]


def test_forbidden_words_kind_reads_every_string_by_default_and_named_lists() -> None:
    doc = document("language: lv\npurpose: Atbildam ātri.\nscope: [TBD]\n")
    everywhere = KINDS["forbidden_words"]({"words": ["tbd"]}, None)
    assert [p.pointer for p in everywhere(doc, Context(TODAY, "lv"))] == ["/scope/0"]
    named = KINDS["forbidden_words"]({"words": "vague"}, None)
    problems = list(named(doc, Context(TODAY, "lv")))
    assert [(p.pointer, p.offset, p.message) for p in problems] == [
        ("/purpose", 9, "`ātri` is not allowed here")
    ]


def test_forbidden_words_kind_refuses_a_list_that_does_not_exist() -> None:
    with pytest.raises(CatalogueError, match="names no word list"):
        KINDS["forbidden_words"]({"words": "slang"}, None)
