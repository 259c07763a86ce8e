"""Excel round-trip of the service catalog (事项目录 Excel 导入导出), see docs/catalog-excel.md.

- `template`: the workbook layout as data (sheets, columns, code lists, 是/否, labels ↔ codes);
- `export`: `export_catalog(items, stream)` writes published guides (or given versions);
- `reader`: `read_workbook(stream)` turns a workbook into guide dicts and located cell errors;
- `importer`: `import_catalog(stream, actor=…, now=…, dry_run=…)` validates every row and writes
  drafts in one transaction, or nothing at all.
"""
