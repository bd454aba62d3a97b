"""The loader: YAML 1.2 scalars, every repeated key, positions, and safety."""

from __future__ import annotations

import math
from typing import Any

import pytest

from policy_lint.lint.load import MAX_DEPTH, decode, load_text, resolve_plain


def data(text: str) -> Any:
    loaded = load_text(text, "p.yaml")
    assert loaded.document is not None, loaded.issues
    return loaded.document.data


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("9:00", "9:00"),  # YAML 1.1 would read a sexagesimal 540
        ("NO", "NO"),  # YAML 1.1 would read false
        ("yes", "yes"),
        ("on", "on"),
        ("2026-01-01", "2026-01-01"),  # no timestamps in the core schema
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0o17", 15),
        ("0x1F", 31),
        ("3.2", 3.2),
        ("1e3", 1000.0),
        ("95%", "95%"),
        ("1_000", "1_000"),  # underscores are 1.1 only
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value: object) -> None:
    assert resolve_plain(plain) == value
    assert type(resolve_plain(plain)) is type(value)


def test_infinity_and_nan_are_floats() -> None:
    assert resolve_plain("-.inf") == -math.inf
    assert math.isnan(resolve_plain(".NaN"))


def test_quoted_scalars_stay_strings() -> None:
    assert data("a: '42'\nb: \"true\"\nc: |\n  null\n") == {"a": "42", "b": "true", "c": "null\n"}


def test_core_tags_are_honoured() -> None:
    assert data("a: !!str 42\nb: !!float 1\nc: !!int '7'\n") == {"a": "42", "b": 1.0, "c": 7}


def test_every_repeat_of_a_key_is_reported_at_the_repeated_key() -> None:
    loaded = load_text("a: 1\nb: 2\na: 3\na: 4\n", "p.yaml")
    assert [(i.code, i.line, i.column, i.pointer) for i in loaded.issues] == [
        ("PL101", 3, 1, "/a"),
        ("PL101", 4, 1, "/a"),
    ]
    assert loaded.document is not None and loaded.document.data == {"a": 4, "b": 2}


def test_repeats_in_nested_flow_mappings_are_found() -> None:
    loaded = load_text("x:\n  - {k: 1, k: 2}\n", "p.yaml")
    assert [(i.line, i.column, i.pointer) for i in loaded.issues] == [(2, 12, "/x/0/k")]


def test_unknown_tags_are_findings_and_construct_nothing() -> None:
    loaded = load_text("a: !!python/object/apply:os.system ['true']\n", "p.yaml")
    assert loaded.issues[0].code == "PL100"
    assert "not allowed" in loaded.issues[0].message
    assert loaded.document is not None and loaded.document.data == {"a": ["true"]}


def test_a_tag_that_cannot_convert_is_a_finding() -> None:
    loaded = load_text("a: !!int many\n", "p.yaml")
    assert [(i.line, i.column) for i in loaded.issues] == [(1, 4)]


def test_positions_of_values_and_keys() -> None:
    loaded = load_text("owner:\n  name: Kim\nlist:\n  - one\n  - two\n", "p.yaml")
    doc = loaded.document
    assert doc is not None
    assert (doc.position("/owner/name").line, doc.position("/owner/name").column) == (2, 9)
    assert (doc.position("/owner/name", key=True).column) == 3
    assert (doc.position("/list/1").line, doc.position("/list/1").column) == (5, 5)
    missing = doc.position("/owner/email")  # an absent key resolves to the mapping lacking it
    assert (missing.line, missing.column) == (2, 3)


@pytest.mark.parametrize(
    ("text", "offset", "where"),
    [
        ("a: reply quickly\n", 6, (1, 10)),
        ("a: 'it''s  quick'\n", 6, (1, 12)),
        ('a: "tab\\tthen quick"\n', 9, (1, 15)),
        ("a: >\n  we answer\n  quickly here\n", 10, (3, 3)),
        ("a: |\n  line one\n    quick indent\n", 11, (3, 5)),
        ("a: plain text\n   folded quick\n", 18, (2, 11)),
        ("a: 'ātri un ļoti ātri'\n", 13, (1, 18)),
    ],
)
def test_an_offset_inside_prose_maps_to_its_line_and_column(
    text: str, offset: int, where: tuple[int, int]
) -> None:
    doc = load_text(text, "p.yaml").document
    assert doc is not None
    span = doc.position("/a", offset=offset)
    assert (span.line, span.column) == where


def test_crlf_line_endings_keep_positions() -> None:
    loaded = load_text("a: 1\r\nb:\r\n  c: 2\r\nb: 3\r\n", "p.yaml")
    assert [(i.line, i.column) for i in loaded.issues] == [(4, 1)]


def test_two_documents_in_one_file_are_refused() -> None:
    loaded = load_text("a: 1\n---\nb: 2\n", "p.yaml")
    assert loaded.document is None
    assert [(i.code, i.line) for i in loaded.issues] == [("PL100", 2)]


def test_nesting_is_bounded_without_recursion() -> None:
    depth = 100_000
    loaded = load_text("[" * depth + "]" * depth, "p.yaml")
    assert loaded.document is None
    assert f"deeper than {MAX_DEPTH}" in loaded.issues[0].message


@pytest.mark.parametrize("depth", [70, 999, 1001, 5000])
def test_nesting_is_reported_where_the_65th_level_opens(depth: int) -> None:
    # libyaml gives up at 1,000 levels of flow nesting before the composer sees the 65th;
    # either way the finding is the same: the top mapping is level 1, the 64th bracket level 65
    loaded = load_text("a: " + "[" * depth + "]" * depth, "p.yaml")
    issue = loaded.issues[0]
    assert (issue.code, issue.line, issue.column) == ("PL100", 1, 3 + 64)
    assert issue.message == f"nesting deeper than {MAX_DEPTH} levels"


def test_alias_expansion_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    loaded = load_text("\n".join(lines) + "\n", "p.yaml")
    assert loaded.document is None
    assert "expands to more than" in loaded.issues[0].message


def test_small_aliases_are_fine() -> None:
    assert data("base: &b {hours: business}\nemail: *b\n") == {
        "base": {"hours": "business"},
        "email": {"hours": "business"},
    }


def test_decode_names_the_line_of_a_byte_that_is_not_utf8() -> None:
    issue = decode(b"a: 1\nb: caf\xe9\n")
    assert not isinstance(issue, str)
    assert (issue.code, issue.line, issue.column) == ("PL100", 2, 7)
    assert "line 2" in issue.message


def test_decode_strips_a_bom_and_reads_utf16() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"
    assert decode("a: ā\n".encode("utf-16")) == "a: ā\n"


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("9" * 300, int("9" * 300)),  # the largest a policy may hold
        ("-" + "9" * 300, -int("9" * 300)),
        ("0" * 5_000 + "7", 7),  # leading zeros are no digits of the value
        ("0x" + "f" * 249, int("f" * 249, 16)),
    ],
)
def test_integers_up_to_300_digits_are_read(plain: str, value: int) -> None:
    assert resolve_plain(plain) == value


@pytest.mark.parametrize(
    "plain", ["1" + "0" * 300, "9" * 5_000, "0x" + "f" * 250, "0o" + "7" * 400]
)
def test_an_integer_of_more_than_300_digits_is_a_finding_and_stays_text(plain: str) -> None:
    loaded = load_text(f"a:\n  b: {plain}\n", "p.yaml")
    assert loaded.document is not None and loaded.document.get("/a/b") == plain
    [issue] = loaded.issues
    assert (issue.code, issue.line, issue.column, issue.pointer) == ("PL100", 2, 6, "/a/b")
    assert "more than 300 digits" in issue.message


def test_a_number_tagged_as_text_is_never_read_as_a_number() -> None:
    assert data(f"a: !!str {'9' * 5_000}\n") == {"a": "9" * 5_000}


def test_a_lone_surrogate_in_text_is_a_finding_not_a_crash() -> None:
    loaded = load_text("a: b\nc: x\ud800\n", "p.yaml")
    assert [(i.code, i.line, i.column) for i in loaded.issues] == [("PL100", 2, 5)]
