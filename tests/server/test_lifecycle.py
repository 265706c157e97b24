"""CRUD, every declared transition, illegal transitions, numbering, totals, frozen fields, zero totals."""

from __future__ import annotations

import re

import httpx
import pytest

from conformance.spec import Spec
from conformance.spec.equations import violations
from conformance.spec.pointer import MISSING, get, get_path
from tests.server.server_client import ApiClient


def test_create_then_retrieve_echoes_the_request(api: ApiClient) -> None:
    body = api.create_body()
    record = api.create(body)
    document = api.get(record)
    assert api.record(document) == record
    assert record[api.x.lifecycle.status_field] == api.x.lifecycle.initial
    for request_pointer, response_pointer in api.x.resource.echo_fields:
        sent = get(body, request_pointer)
        if sent is not MISSING:
            assert get(document, response_pointer) == sent, request_pointer
    assert re.fullmatch(api.x.resource.id_pattern or ".+", api.id_of(record))


def test_update_changes_a_draft(api: ApiClient) -> None:
    if "update" not in api.x.resource.operations:
        pytest.skip("the API declares no update")
    record = api.create()
    body = api.example(api.x.resource.update_example)
    response = api.call(api.op("update"), body, path=api.path(record))
    assert response.status_code == 200, response.text
    document = response.json()
    assert api.get(record) == document
    for pointer, value in _leaves(body):
        assert get(document, pointer) == value, pointer


def test_delete_removes_a_draft(api: ApiClient) -> None:
    if "delete" not in api.x.resource.operations:
        pytest.skip("the API declares no delete")
    record = api.create()
    assert api.call(api.op("delete"), path=api.path(record)).status_code == 200
    assert api.retrieve(record).status_code == api.x.errors.not_found.status
    assert api.call(api.op("delete"), path=api.path(record)).status_code == api.x.errors.not_found.status


def test_every_declared_transition(api: ApiClient) -> None:
    life = api.x.lifecycle
    for transition in life.transitions:
        for source in sorted(transition.sources):
            if source in life.time_driven or not _reachable(api, source):
                continue
            record = api.in_state(source)
            response = api.act(transition.operation, record)
            assert response.status_code == 200, f"{transition.operation} from {source}: {response.text}"
            if transition.target is None:
                assert api.retrieve(record).status_code == api.x.errors.not_found.status
            else:
                assert api.status(record) == transition.target


def test_illegal_transitions_are_rejected_and_change_nothing(api: ApiClient) -> None:
    life = api.x.lifecycle
    reachable = [s for s in life.states if _reachable(api, s)]
    for transition in life.transitions:
        for state in reachable:
            if life.allows(transition.operation, state):
                continue
            record = api.in_state(state)
            before = api.get(record)
            response = api.act(transition.operation, record)
            assert response.status_code == life.rejection.status, f"{transition.operation} from {state}"
            for pointer, value in life.rejection.body.items():
                assert get(response.json(), pointer) == value
            assert api.get(record) == before


def test_finalize_numbers_are_sequential_per_tenant(api: ApiClient) -> None:
    numbering = api.x.lifecycle.numbering
    if numbering is None:
        pytest.skip("the API declares no numbering")
    numbers = []
    for _ in range(3):
        record = api.funded()
        response = api.act(numbering.assigned_by, record)
        numbers.append(api.record(response.json())[numbering.field])
    if numbering.pattern:
        assert all(re.fullmatch(numbering.pattern, n) for n in numbers)
    sequence = [int(re.findall(r"\d+", n)[-1]) for n in numbers]
    assert sequence == [1, 2, 3]
    other = api.other()
    first = other.act(numbering.assigned_by, other.funded())
    assert int(re.findall(r"\d+", other.record(first.json())[numbering.field])[-1]) == 1


def test_totals_are_derived_from_lines(api: ApiClient) -> None:
    money, lines = api.x.money, api.x.resource.lines
    document = api.get(api.funded())
    line_items = get(document, lines.pointer)
    assert line_items
    record = api.record(document)
    assert violations(record, line_items, money.invariants) == []
    for line in line_items:
        assert violations(line, [], money.line_invariants) == []
        if lines.amount:
            assert get_path(line, lines.amount) == get_path(line, lines.quantity) * get_path(line, lines.unit_amount)


def test_money_fields_and_lines_are_frozen_after_leaving_draft(api: ApiClient) -> None:
    life = api.x.lifecycle
    frozen_states = [s for s in life.states if s not in life.editable_in and _reachable(api, s)]
    if not frozen_states:
        pytest.skip("every reachable state is editable")
    record = api.in_state(frozen_states[0])
    before = api.get(record)
    if "add-line" in api.x.resource.operations:
        assert api.add_line(record).status_code == life.rejection.status
    if "update" in api.x.resource.operations:
        body = api.example(api.x.resource.update_example)
        assert api.call(api.op("update"), body, path=api.path(record)).status_code == life.rejection.status
    after = api.record(api.get(record))
    for field in life.frozen_fields:
        assert get_path(after, field) == get_path(api.record(before), field), field


def test_zero_total_invoices_take_the_declared_state(api: ApiClient) -> None:
    zero = [t for t in api.x.lifecycle.transitions if t.target_if_zero]
    if not zero or "add-line" not in api.x.resource.operations:
        pytest.skip("the API declares no zero-total state or its lines are inline")
    record = api.create()
    response = api.act(zero[0].operation, record)
    assert response.status_code == 200
    document = response.json()
    assert api.record(document)[api.x.lifecycle.status_field] == zero[0].target_if_zero
    assert violations(api.record(document), [], api.x.money.paid_invariants) == []


def _reachable(api: ApiClient, state: str) -> bool:
    try:
        api.path_to(state)
    except LookupError:
        return False
    return True


def _leaves(value: object, prefix: str = "") -> list[tuple[str, object]]:
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{prefix}/{k}")]
    return [(prefix, value)]


def test_edits_that_would_break_the_read_model_are_refused(
    specs: dict[str, Spec], http: httpx.Client, root: str
) -> None:
    # Flowglad's invoice variants: a purchase invoice needs its purchase, so a bare type change is refused.
    api = ApiClient(specs["flowglad"], http, root)
    record = api.create()
    before = api.get(record)
    response = api.call(api.op("update"), {"invoice": {"type": "purchase"}}, path=api.path(record))
    assert response.status_code == api.x.errors.validation.status
    assert api.get(record) == before
