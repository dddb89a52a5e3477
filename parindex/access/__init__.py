"""Who may see and do what: roles, the one role table, unit scoping, lookups and grants."""
