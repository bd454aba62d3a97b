"""A rule that crashes on a malformed document is a defect: every rule meets every odd input.

Every rule runs on every example of every other rule, on the hostile inputs, and on documents
hypothesis builds from the policy's own keys with values of every wrong type.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.linter import lint_text, make_linter
from tests.conftest import ROOT, TODAY

RULES = builtin_rules()
LINTER = make_linter(RULES, Settings(today=TODAY))
EXAMPLES = [
    pytest.param(example.policy, id=f"{rule.code}-{number}")
    for rule in RULES
    for number, example in enumerate(rule.examples, start=1)
]
HOSTILE = {
    "empty": "",
    "list": "- a\n- b\n",
    "scalar": "42\n",
    "null": "~\n",
    "nested nulls": "service_levels:\n  -\n  - ~\nescalation:\n  matrix:\n    -\n",
    "wrong types": "channels: 5\nservice_levels: {a: 1}\nbusiness_hours: [1]\nreview: yes\n",
    "deep": "a: " + "[" * 200 + "]" * 200 + "\n",
}


@pytest.mark.parametrize("text", EXAMPLES)
def test_every_rule_survives_every_example(text: str) -> None:
    lint_text(text, "p.yaml", LINTER)


@pytest.mark.parametrize("name", HOSTILE)
def test_every_rule_survives_hostile_input(name: str) -> None:
    lint_text(HOSTILE[name], "p.yaml", LINTER)


def policy_keys() -> list[str]:
    schema = json.loads((ROOT / "schemas" / "policy.schema.json").read_text())
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(schema)
    return sorted(keys)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "8h",
            "0h",
            "2w",
            "95%",
            "120%",
            "email",
            "any",
            "business",
            "calendar",
            "2026-01-01",
            "09:00-17:00",
            "17:00-09:00",
            "Europe/Riga",
            "x",
            "",
        ]
    ),
)


def documents() -> st.SearchStrategy[Any]:
    keys = st.sampled_from(policy_keys())
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
        ),
        max_leaves=40,
    )


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(policy_keys()), documents(), max_size=12))
def test_every_rule_survives_random_documents(data: dict[str, Any]) -> None:
    lint_text(json.dumps(data), "p.yaml", LINTER)  # JSON is YAML
