"""The command line: the only package that prints, exits, reads the clock or the environment.

One module a command (check, audit, diff, rules and explain, init and render, schema) on the
click group and the error boundary of `app`; importing this package registers them all.
"""

from policy_lint.cli import audit, authoring, check, diff, rules, schema
from policy_lint.cli.app import cli, main
from policy_lint.cli.options import parse_date
from policy_lint.values import parse_instant

__all__ = [
    "audit",
    "authoring",
    "check",
    "cli",
    "diff",
    "main",
    "parse_date",
    "parse_instant",
    "rules",
    "schema",
]
