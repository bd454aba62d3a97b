"""The most one header, one record and one JSON line's nesting may hold, and what is said past.

An export comes from a pull request. Without a cap, one record that never ends (an unclosed
quote, a file of NUL bytes, a gzip file of one endless line that decompresses to gigabytes)
grows in memory until the process dies, and JSON nested some twenty thousand levels deep
overflows the stack of pyarrow's parser (SIGSEGV). Each cap below is far beyond what any
helpdesk writes, and a file past one is refused with one line that names the row or line where
the offending record starts, the cap, and the way out.

- A header of up to 1 MiB: Zendesk exports carry a column a custom field, and 4,000 fields of
  long names fill some 150 KB; 1 MiB is thirty thousand columns of 30 characters.
- A record (a CSV row, a JSON line) of up to 16 MiB: the fields the audit reads take some
  hundred bytes; a row that long holds whole documents in its text columns, which the audit
  does not read, so the way out is to leave such columns out of the export.
- JSON nested up to 64 levels: a Zendesk ticket nests four (`via.source.from.address`). A line
  nested deeper fails the file, as a line that is not JSON does: such a line is no helpdesk's
  export but a broken or hostile file, and nothing after it can be trusted more than after a
  syntax error (nesting.py measures it before pyarrow parses it).

Memory stays bounded as well as time: the reader holds at most a cap more than its buffers, and
a record that grows is read on in steps as long as itself, so it is copied a few times, not
once a block.
"""

from __future__ import annotations

from policy_lint.errors import ExportError

HEADER_BYTES = 1 << 20
RECORD_BYTES = 16 << 20
NESTING = 64
_HEADER, _RECORD = f"{HEADER_BYTES >> 20} MiB", f"{RECORD_BYTES >> 20} MiB"


def long_header(name: str) -> str:
    """A header that does not end within HEADER_BYTES."""
    return (
        f"{name}:1: the header runs on past {_HEADER} without ending; "
        f"a header may hold at most {_HEADER}: export only the columns "
        "the audit reads"
    )


def long_line(name: str, line: int) -> str:
    """A JSON line that does not end within RECORD_BYTES."""
    return (
        f"{name}:{line}: the line runs on past {_RECORD} without a line "
        f"break; a line may hold at most {_RECORD}: leave long text fields "
        "out of the export"
    )


def deep_line(name: str, line: int) -> str:
    """A JSON line that nests arrays and objects deeper than NESTING."""
    return (
        f"{name}:{line}: nests arrays and objects more than {NESTING} levels deep, which no "
        "helpdesk export does; the file is refused before it is parsed"
    )


class LongRecord(ExportError):
    """A CSV record that does not end within RECORD_BYTES.

    It is found where the blocks are cut, which cannot know how many rows came before (the
    workers count them); the stage that numbers the rows says which row it is (`at`).
    """

    def __init__(self, name: str) -> None:
        super().__init__(f"{name}: a row runs on past {_RECORD}")
        self.name = name

    def at(self, row: int) -> ExportError:
        """The one-line error, now that the row where the record starts is known."""
        return ExportError(
            f"{self.name}: data row {row} runs on past {_RECORD} without "
            f"ending (an unclosed quote, or no line breaks); a row may hold at most "
            f"{_RECORD}: leave long text columns out of the export"
        )
