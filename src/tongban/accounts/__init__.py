"""Organisation and people: regions, departments, halls, windows, users, roles and scope."""
