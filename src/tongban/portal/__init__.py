"""Public portal home, the staff workbench and the Chinese error pages."""
