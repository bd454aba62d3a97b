"""Data package: the built-in rule catalogue, one YAML file a rule, and its word lists."""
