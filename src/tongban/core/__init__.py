"""核心工具 — pure-Python helpers shared by every Tongban app (no Django imports)."""
