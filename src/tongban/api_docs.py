"""Swagger UI at /api/docs for the OpenAPI document at /api/v1/openapi.json (served locally)."""

from django.http import HttpRequest, HttpResponse

from .api import api


def api_docs(request: HttpRequest) -> HttpResponse:
    return api.docs.render_page(request, api)
