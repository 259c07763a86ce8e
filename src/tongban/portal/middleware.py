"""Domain refusals raised while rendering a page become a Chinese error page, never a 500."""

from django.shortcuts import render

from tongban.core.errors import DomainError, Forbidden, NotFound


class DomainErrorPageMiddleware:
    """The API has its own problem+json handlers; pages get 404/403 pages or the message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        template = "404.html" if isinstance(exception, NotFound) else "403.html" if isinstance(
            exception, Forbidden) else "refused.html"
        return render(request, template, {"detail": exception.message}, status=exception.status)
