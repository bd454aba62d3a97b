"""`policy-lint init` and `render`: start a policy right, publish it readably."""

from __future__ import annotations

from pathlib import Path

import click

from policy_lint.cli.options import pair, parse_date, write
from policy_lint.errors import UsageError
from policy_lint.lint.linter import refuse_errors
from policy_lint.lint.load import load_path
from policy_lint.lint.validate import describe


@click.command()
@click.option("--company", help="The company the policy is for (asked with --interactive).")
@click.option(
    "--language",
    type=click.Choice(["en", "lv", "lt", "tr", "ru"]),
    default="en",
    show_default=True,
    help="The language of the policy's prose.",
)
@click.option("--timezone", metavar="ZONE", help="The IANA zone of the business hours.")
@click.option(
    "--channels",
    default="email,phone,chat",
    show_default=True,
    help="Comma-separated: email, phone, chat, social, web_form, in_person.",
)
@click.option(
    "--contact",
    "contacts",
    multiple=True,
    metavar="KEY=VALUE",
    help="A contact to fill in (owner_email=…, phone=…); repeatable.",
)
@click.option("--today", metavar="DATE", help="The review date to write (default today).")
@click.option("-i", "--interactive", is_flag=True, help="Ask for each decision.")
@click.option("--non-interactive", is_flag=True, help="Never ask (the default without -i).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the policy here (default: standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing --output file.")
def init(
    company: str | None,
    language: str,
    timezone: str | None,
    channels: str,
    contacts: tuple[str, ...],
    today: str | None,
    interactive: bool,
    non_interactive: bool,
    output: Path | None,
    force: bool,
) -> int:
    """Write a new, complete policy: only the author's own decisions are left marked."""
    from policy_lint.publish import scaffold
    from policy_lint.publish.templates import template_for

    day = parse_date(today, "--today")
    if interactive and not non_interactive:
        text = scaffold.interactive(
            lambda question, default: str(
                click.prompt(question, default=default, show_default=bool(default))
            ),
            today=day,
        )
    else:
        if not company:
            raise UsageError("init needs --company NAME (or --interactive)")
        pairs = dict(pair(value, "--contact") for value in contacts)
        zone = timezone or str(template_for(language)["default_timezone"])
        text = scaffold.scaffold(company, language, zone, channels, today=day, contacts=pairs)
    if output is None:
        click.echo(text, nl=False)
    else:
        if not force and _exists(output):
            raise UsageError(f"{output}: exists; pass --force to overwrite it")
        write(output, text)
        click.echo(
            f"{output}: written; `policy-lint check {output}` names what is left to decide",
            err=True,
        )
    return 0


def _exists(path: Path) -> bool:
    """Whether a file is there; a folder on its path that cannot be entered is one line, where
    `Path.exists` raised."""
    try:
        return path.exists()
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None


@click.command()
@click.argument("policy", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    help="Default: from the --output suffix, else markdown.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the document here (default: standard output).",
)
@click.option(
    "--today",
    metavar="DATE",
    help="The date to check the policy on first, and to list country holidays from.",
)
@click.option("--force", is_flag=True, help="Render even when the policy has errors.")
def render(
    policy: Path, fmt: str | None, output: Path | None, today: str | None, force: bool
) -> int:
    """The policy as a readable document (Markdown or self-contained HTML), in its language."""
    from policy_lint.publish.render_html import render_html
    from policy_lint.publish.render_markdown import render_markdown

    day = parse_date(today, "--today")
    if not force:
        refuse_errors(policy, day, doing="publishing")
    loaded = load_path(policy)
    if loaded.document is None:
        issue = loaded.issues[0]
        raise UsageError(f"{policy}:{issue.line}:{issue.column}: cannot be read: {issue.message}")
    if not isinstance(loaded.document.data, dict):  # --force lets an empty file or a list by
        found = describe(loaded.document.data)
        raise UsageError(
            f"{policy}: nothing to render: a policy is a mapping of keys such as `format` and "
            f"`id`; found {found}"
        )
    chosen = fmt or (
        "html" if output is not None and output.suffix in (".html", ".htm") else "markdown"
    )
    text = (render_html if chosen == "html" else render_markdown)(loaded.document.data, day)
    if output is None:
        click.echo(text, nl=False)
    else:
        write(output, text)
    return 0
