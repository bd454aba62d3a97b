"""Document positions: a word inside prose placed through quotes, escapes, folding and indentation,
the same whatever order its findings are asked in, and in time linear in the scalar's length."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.lint.document import Document, Span
from policy_lint.lint.load import load_text

PIECES = ["we", " ", "asap", '\\"', "''", "\\n", "\\x41", "é", "\n   ", "\t", "\u00a0", "\\_", "#"]
STYLES = ['"', "'", "|", ">", "|-", ">+", ""]


def reference(doc: Document, span: Span, value: str, offset: int) -> int:
    """The alignment as first written: every character from the scalar's start, every time."""
    raw = doc.text[span.start : span.end]
    i = raw.find("\n") + 1 if span.style in ("|", ">") else int(span.style in ("'", '"'))
    target = offset
    while target < len(value) - 1 and value[target].isspace():
        target += 1
    for char in value[: target + 1]:
        if char.isspace():
            continue
        hit = raw.find(char, i)
        if hit < 0:
            return span.start
        i = hit + 1
    return span.start + max(i - 1, 0)


def scalar(style: str, body: str) -> str:
    """A policy of one key whose value is `body` written in `style`."""
    if style == '"':
        return 'k: "' + body.replace('"', '\\"') + '"\n'
    if style == "'":
        return "k: '" + body.replace("'", "''") + "'\n"
    if style:
        return f"k: {style}\n" + "".join(f"  {line}\n" for line in body.split("\n"))
    return "k: " + body.replace("\n", "\n  ") + "\n"


@settings(max_examples=300)
@given(
    st.sampled_from(STYLES),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.randoms(use_true_random=False),
)
def test_every_offset_maps_where_a_fresh_walk_maps_it_in_any_order(
    style: str, body: str, random: object
) -> None:
    doc = load_text(scalar(style, body), "p.yaml").document
    if doc is None or not isinstance(doc.get("/k"), str):
        return
    value, span = doc.get("/k"), doc.values["/k"]
    offsets = list(range(len(value)))
    random.shuffle(offsets)  # type: ignore[attr-defined]
    for offset in offsets:
        assert doc._source_index(span, value, offset) == reference(doc, span, value, offset)


def test_a_word_in_a_long_folded_scalar_is_placed_on_its_own_line() -> None:
    text = "k: >\n" + "  we answer asap\n" * 3_000
    doc = load_text(text, "p.yaml").document
    assert doc is not None
    value = doc.get("/k")
    offsets = [index for index in range(len(value)) if value.startswith("asap", index)]
    places = [doc.position("/k", offset=offset) for offset in offsets]
    assert len(places) == 3_000
    assert [(span.line, span.column) for span in places[:2]] == [(2, 13), (3, 13)]
    assert (places[-1].line, places[-1].column) == (3_001, 13)
