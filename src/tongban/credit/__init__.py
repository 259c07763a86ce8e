"""信用 — 失信 records that feed 信用分类审批 (and later 双随机 ratios and credit repair)."""
