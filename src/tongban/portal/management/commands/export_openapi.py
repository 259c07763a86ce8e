"""Print the API's OpenAPI document, as committed in docs/openapi.json (the reviewed contract)."""

import json

from django.core.management.base import BaseCommand


def openapi_text() -> str:
    from tongban.api import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI document: python manage.py export_openapi > docs/openapi.json"

    def handle(self, *args, **options):
        self.stdout.write(openapi_text(), ending="")
