"""办件 — cases: intake online and at the general window, back-office review, deadlines, results."""
