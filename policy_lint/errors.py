"""The exception tree: every error the core raises is one of these, and each maps to exit 2.

    PolicyLintError            the tool could not do its job; the message names file and line or row
    ├── UsageError             a bad argument or option value (a date, a format name)
    ├── ConfigError            .policy-lint.yaml or a mapping file is unreadable or invalid
    ├── LoadError              a policy file cannot be read at all (missing, too large, not a file)
    ├── CatalogueError         a rule file or rule pack is invalid (the catalogue's defect)
    ├── CalendarError          business hours that cannot make a calendar (no opening hours at all)
    └── ExportError            a ticket export cannot be read (missing column, not CSV…)

YAML syntax and schema problems in a policy are findings (PL100, PL102), not errors; a bad
ticket row is a rejected row, counted and listed, not an error. Only the command line's error
boundary (`main` in cli/app.py) catches these.
"""


class PolicyLintError(Exception):
    """Base of every error the tool reports as one line and exit 2."""


class UsageError(PolicyLintError):
    """A command-line argument or option value that cannot be used."""


class ConfigError(PolicyLintError):
    """A configuration or mapping file that cannot be read or breaks its schema."""


class LoadError(PolicyLintError):
    """A policy file that cannot be read at all."""


class CatalogueError(PolicyLintError):
    """A rule file or rule pack that is invalid."""


class CalendarError(PolicyLintError):
    """Business hours from which no business-time calendar can be built."""


class ExportError(PolicyLintError):
    """A ticket export that cannot be read."""
