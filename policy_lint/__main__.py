"""`python -m policy_lint` runs the command line.

Python puts the working folder first on `sys.path` for `-m`, and in CI the working folder is the
checkout of a pull request: a `click.py` or `yaml.py` committed there would be imported in place
of the installed one. The entry leaves before anything else is imported. (The `policy_lint`
package itself was found before this line ran: in an untrusted checkout run the installed
`policy-lint` command, or `python -P -m policy_lint`.)
"""

import os
import sys

if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from policy_lint.cli import main  # after the working folder has left sys.path

main()
