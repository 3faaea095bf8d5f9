"""Web plumbing that is not a blueprint: policy, security, templating, formatting, charts, form rows."""
