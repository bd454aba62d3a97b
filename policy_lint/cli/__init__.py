"""The command line: the only package that prints, exits, reads the clock or the environment.

One module a command (check, audit, diff, rules and explain, init and render, schema), the click
group and the error boundary in `app`, the options commands share in `options`. Importing this
package imports no command: the group imports a command's module when the command is asked for
(`lazy`), so `check` never loads the audit's numpy and pyarrow, nor the publishing wing.
"""

from policy_lint.cli.app import cli, main
from policy_lint.cli.options import parse_date
from policy_lint.values import parse_instant

__all__ = ["cli", "main", "parse_date", "parse_instant"]
