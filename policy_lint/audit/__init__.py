"""The audit wing: ticket exports read and measured against a policy's promises, in business time.

tickets/ (opening → reader → adapt → rows: one TicketBatch at a time) → promises (the policy's
promises compiled) → clocks, business_time (elapsed time on each promise's calendar) → measure (a
Measurer counts each batch; counts merge) → verdict and results (the AuditReport the reporters
format). run.py holds the request and the one loop that drives it. It imports the lint wing (a
policy is loaded and linted before it is measured), never the publishing wing.
"""
