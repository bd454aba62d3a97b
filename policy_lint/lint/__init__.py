"""The lint wing: a policy file read, checked against the schema and the rule catalogue, and its
findings.

load (YAML, positions) → document (pointer → line:column) → validate (the JSON Schema) →
linter (each active rule's check, from catalogue and checks/) → suppress → findings. Nothing
here imports the audit or the publishing wing: PL901, the one rule that measures tickets, is
registered by the audit wing (`policy_lint.audit.realism`) the way a plugin registers its rules.
"""
