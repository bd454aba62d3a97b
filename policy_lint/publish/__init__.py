"""The publish wing: a policy made into a page people read, started from a template, and compared
across revisions.

render (a Page of blocks) → render_html or Markdown; scaffold and templates/ (`init`); diff,
diff_gate and revisions (`diff`, `diff --git`); editors (`schema --editor`). It imports the lint
wing (a policy is loaded as lint loads it), never the audit wing.
"""
