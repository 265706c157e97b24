"""What a spec declares that decides where a fault can apply, or what it can touch."""

from __future__ import annotations

from conformance.spec import Spec
from conformance.spec.extensions import Lifecycle


def reachable(life: Lifecycle) -> set[str]:
    """States API calls can lead to from the initial state."""
    seen, todo = {life.initial}, [life.initial]
    while todo:
        state = todo.pop()
        for t in life.transitions:
            if t.target and life.allows(t.operation, state) and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen


def required_field(spec: Spec) -> str | None:
    """The first required resource field the checks do not need to find the invoice (not its id or status)."""
    skip = {spec.x.resource.id_field, spec.x.lifecycle.status_field}
    required = spec.deref({"$ref": spec.x.resource.schema}).get("required") or []
    return next((name for name in required if name not in skip), None)


def freeze_observable(spec: Spec) -> bool:
    """An edit operation exists, and a state outside `editable-in` can be reached to try it in."""
    editors = {"update", "add-line"} & spec.x.resource.operations.keys()
    return bool(editors and reachable(spec.x.lifecycle) - spec.x.lifecycle.editable_in)
