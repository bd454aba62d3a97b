"""Editor associations: tell VS Code's YAML extension which files the policy schema governs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from policy_lint.errors import UsageError


def associate_vscode(settings_text: str | None, schema: str, glob: str, where: Path) -> str:
    """The settings with `yaml.schemas[schema]` covering `glob`, every other setting kept."""
    try:
        settings: dict[str, Any] = json.loads(settings_text) if settings_text else {}
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{where}:{error.lineno}:{error.colno}: not JSON ({error.msg}); "
            "VS Code allows comments there, policy-lint cannot keep them"
        ) from None
    schemas = settings.setdefault("yaml.schemas", {})
    globs = schemas.get(schema, [])
    globs = [globs] if isinstance(globs, str) else list(globs)
    if glob not in globs:
        globs.append(glob)
    schemas[schema] = globs
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
