"""12345 pages: tickets (the staff queue, ticket page and steps) and public (the citizen's online form and messages)."""
