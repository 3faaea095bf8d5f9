"""Pure business rules per entity, shared by forms, imports and the API: facts in, clean values out.

Nothing here touches a database or a request: callers look up what the rules
need (which codes are taken, which scales exist) and pass it in as plain values;
a broken rule raises RuleViolation, its errors keyed by field.
"""
