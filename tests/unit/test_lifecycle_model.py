from __future__ import annotations

from conformance.checks.model import DELETED, number_order, outcome, path_to
from conformance.spec import load_spec


def test_paths_and_outcomes_follow_x_lifecycle() -> None:
    life = load_spec("stripe").x.lifecycle
    assert [t.operation for t in path_to(life, "paid") or []] == ["finalizeInvoice", "payInvoice"]
    void = life.transition("voidInvoice")
    delete = life.transition("deleteInvoice")
    finalize = life.transition("finalizeInvoice")
    assert void and delete and finalize
    assert outcome(life, void, "paid", zero_total=False) is None
    assert outcome(life, void, "uncollectible", zero_total=False) == "void"
    assert outcome(life, delete, "draft", zero_total=False) == DELETED
    assert outcome(life, finalize, "draft", zero_total=True) == "paid"


def test_time_driven_states_behave_like_their_origin() -> None:
    life = load_spec("floatless").x.lifecycle
    void = life.transition("voidInvoice")
    assert void and outcome(life, void, "overdue", zero_total=False) == "void"


def test_number_order_is_numeric() -> None:
    assert number_order("INV-10") > number_order("INV-9")
    assert sorted(["LR-0010", "LR-0002", "LR-0009"], key=number_order) == ["LR-0002", "LR-0009", "LR-0010"]
