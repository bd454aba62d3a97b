"""The ticket side of the audit: exports → validated ticket batches, streamed (docs/exports.md).

Imported only on the audit path: it needs pyarrow and numpy, which `check` never loads. Stages, one
module each: read (files → Arrow tables; reader hands them to the workers as parse tasks, csv_blocks
finds where CSV records end), adapt (a helpdesk's columns → canonical; categorical for columns of a
few values; dates for the day/month order of a spreadsheet's dates), rows (canonical → accepted
arrays + rejected rows; times, fingerprints, seen_keys (with ordered_keys, sorted_runs, bloom) and
ascending for what they hold); stream ties them together per audit; pauses reads the optional pause
intervals.
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
