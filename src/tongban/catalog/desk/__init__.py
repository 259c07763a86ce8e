"""The catalog desk (事项管理工作台): item list, versions, joint review and publication, the catalog rates page."""
