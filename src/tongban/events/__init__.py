"""Domain events: an outbox written in the same transaction as the change, read by later parts."""
