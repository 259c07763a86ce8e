"""Domain errors with stable codes and Chinese messages (shown as problem+json or form errors)."""


class DomainError(Exception):
    """A refusal the user can understand and act on.

    `code` is stable across releases (clients match on it); `message` is zh-hans for people;
    `field` names the input at fault, when there is one.
    """

    status = 400

    def __init__(
        self, code: str, message: str, *, field: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """Someone else changed the record first (concurrent edit), or the state forbids it."""

    status = 409


class InvalidInput(DomainError):
    """Several field errors reported at once; `errors` holds (field, code, message) items."""

    status = 422

    def __init__(self, errors: list, *, code: str = "request.invalid") -> None:
        self.errors = list(errors)
        message = "；".join(error.message for error in self.errors) or "输入有误。"
        super().__init__(code, message, field=self.errors[0].field if self.errors else None)
