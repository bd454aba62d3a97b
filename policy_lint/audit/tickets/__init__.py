"""The ticket side of the audit: exports → validated ticket batches, streamed (docs/exports.md).

Imported only on the audit path: it needs pyarrow and numpy, which `check` never loads.

Words, as Arrow's and the rest of this package's:
- a *block* is bytes read from an export at once and cut after its last whole record, so that a
  worker parses it alone (csv_blocks.py cuts CSV, jsonl.py JSON Lines);
- a *record* is one CSV row (a quoted field may hold line breaks) or one JSON line; it becomes
  one *row*, numbered in its file as reader.py says;
- a *record batch*, a *batch* for short, is rows in columns: RawBatch as read, Canonical once
  adapted, TicketBatch once validated; a *chunk* is only ever an Arrow column's chunk, or a
  Parquet file's column chunk;
- a *parse task* is what the reader thread hands a worker to turn into batches (reader.py);
- duplicates: the *first occurrence* of a ticket id is *kept*, whether or not its row is
  accepted, and every later row with that id is a *duplicate*, rejected; the ids *seen* so far
  are kept as fingerprints (fingerprints.py) in *sorted runs* behind a Bloom filter
  (seen_keys.py);
- measuring: a ticket whose event happened has *met* or *breached* its promise; one whose event
  has not happened is *pending*, and judged at as_of (breached once its limit has passed).

Stages, one module each: opening (an export's format, header and first rows, an Export) →
reader (parse tasks and their batches: csv_blocks and csv_parse, jsonl, parquet) → adapt (a
helpdesk's columns → canonical; categorical for columns of a few values, dates for the day/month
order of a spreadsheet's dates) → rows (canonical → accepted arrays and rejected rows: row_rules
and rejections say why, times reads the times, seen_keys finds the duplicates); stream ties them
together per audit; pauses reads the optional pause intervals.
"""

from policy_lint.audit.instants import MISSING
from policy_lint.audit.tickets.adapt import CHANNELS, PRIORITIES, Source, detect_source
from policy_lint.audit.tickets.pauses import Pauses, read_pauses
from policy_lint.audit.tickets.rejections import KEEP, RejectedRow, Rejections
from policy_lint.audit.tickets.rows import Doubtful, TicketBatch
from policy_lint.audit.tickets.stream import ExportFile, TicketStream, open_tickets

__all__ = [
    "CHANNELS",
    "KEEP",
    "MISSING",
    "PRIORITIES",
    "Doubtful",
    "ExportFile",
    "Pauses",
    "RejectedRow",
    "Rejections",
    "Source",
    "TicketBatch",
    "TicketStream",
    "detect_source",
    "open_tickets",
    "read_pauses",
]
