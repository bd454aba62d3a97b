"""`python -m policy_lint` runs the command line."""

from policy_lint.cli import main

main()
