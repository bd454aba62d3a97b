"""Data package: the JSON Schemas policy-lint ships (read through importlib.resources)."""
