"""The click group and the one error boundary; the options and helpers commands share are in
`options`.

Exit codes for every command: 0 nothing fails, 1 findings or results that fail, 2 the tool could
not do its job — always with one line on stderr that says why, never a traceback (set
POLICY_LINT_DEBUG=1 to see one for an internal error).

That line is made one line here, whatever the message: a message quotes file names, values and
git's words, any of which may carry a newline (a second line, which a CI runner may read as a
workflow command), an escape sequence, or a whole file's worth of text. `say` makes every
character visible and cuts the line at `LINE` characters.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from policy_lint import __version__
from policy_lint.cli.lazy import LazyGroup
from policy_lint.errors import PolicyLintError
from policy_lint.report.visible import one_line

LINE = 300  # characters a line on stderr may hold, `policy-lint: ` and the closing `…` included


def say(message: str) -> None:
    """One line on stderr, `policy-lint: ` first: visible, and cut where it is too long."""
    click.echo(one_line(f"policy-lint: {message}", LINE), err=True)


# every command, by the module and attribute that hold it: a run imports only its own
COMMANDS = {
    "audit": "policy_lint.cli.audit:audit",
    "check": "policy_lint.cli.check:check",
    "diff": "policy_lint.cli.diff:diff",
    "explain": "policy_lint.cli.rules:explain",
    "init": "policy_lint.cli.authoring:init",
    "render": "policy_lint.cli.authoring:render",
    "rules": "policy_lint.cli.rules:list_rules",
    "schema": "policy_lint.cli.schema:schema",
    "test-rules": "policy_lint.cli.rules:test_rules",
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-lint")
def cli() -> None:
    """Lint a customer-service policy written as YAML, and audit helpdesk exports against it."""


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every failure into one line on stderr and exit code 2."""
    # numpy's OpenBLAS starts a thread a core that spins when it is woken; nothing here does
    # linear algebra, and an audit's own threads want the cores (it must be set before numpy
    # is first imported, which is later, on the audit path)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        code = cli.main(args=argv, prog_name="policy-lint", standalone_mode=False)
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        say(error.format_message())
        code = 2
    except click.exceptions.Abort:
        say("interrupted")
        code = 2
    except PolicyLintError as error:
        say(str(error))
        code = 2
    except BrokenPipeError:
        code = 2
    except Exception as error:  # the error boundary: never a traceback for a user
        if os.environ.get("POLICY_LINT_DEBUG"):
            import traceback  # only here: a run that ends well never loads it

            traceback.print_exc()
        say(f"internal error: {type(error).__name__}: {error}")
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
