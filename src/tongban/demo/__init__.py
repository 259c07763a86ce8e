"""演示数据 — the demo district, its service catalog and the generated history, in one app.

Domain apps import nothing from here (``tests/test_import_direction.py`` of this app checks it):
the demo builds on their models and services, never the other way round. The management
commands ``load_demo_district``, ``load_demo_catalog`` and ``generate_demo_data`` live here too.
"""
