"""Domain errors. Each names the `x-` error match it is rendered with; the HTTP layer owns the rendering.

DomainError                  base; `kind` selects the error match, `status` may override its status
├── Unauthenticated          x-auth.unauthenticated
├── NotFound                 x-errors.not-found
│   └── MissingReference     its body values at the x-errors.validation status: the request names (in a
│                            parameter or its body, not its URL) something that does not exist
├── Invalid                  x-errors.validation (also 405/415 with the validation body)
├── TooLarge                 x-errors.too-large
├── Rejected                 x-lifecycle.rejection: illegal transition or edit outside editable-in
├── IdempotencyMismatch      x-idempotency.mismatch
└── IdempotencyInFlight      x-idempotency.in-flight
"""

from __future__ import annotations


class DomainError(Exception):
    kind = "validation"
    # A machine-readable code, used where an API's error body needs one and the spec gives none.
    code = "invalid_request"

    def __init__(self, message: str, *, status: int | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.param = param


class Unauthenticated(DomainError):
    kind = "unauthenticated"
    code = "unauthenticated"


class NotFound(DomainError):
    kind = "not-found"
    code = "resource_missing"


class MissingReference(NotFound):
    """Stripe's rule, for every API: a 404 says the URL's resource is missing; a missing resource the request
    refers to (a cursor's invoice, a line id in an edit) makes the request bad, a 400 whose body still says
    `resource_missing`, so clients (and checks probing the URL's resource) can tell the two apart."""

    kind = "missing-reference"


class Invalid(DomainError):
    kind = "validation"


class TooLarge(DomainError):
    kind = "too-large"
    code = "request_too_large"


class Rejected(DomainError):
    kind = "rejection"
    code = "invalid_state"


class IdempotencyMismatch(DomainError):
    kind = "mismatch"
    code = "idempotency_key_reused"
