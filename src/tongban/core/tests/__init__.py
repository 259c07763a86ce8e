"""Tests for tongban.core (pure Python: no Django, no database)."""
