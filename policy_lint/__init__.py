"""policy-lint: a customer-service policy as code, linted and held against helpdesk exports."""

__version__ = "0.1.0"
