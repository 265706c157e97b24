"""Each seed page's endpoints, fields and enums appear in the matching spec (parsed from the page)."""

from __future__ import annotations

import pytest

from conformance.spec import Spec

from . import schema_paths, seeds

pytestmark = pytest.mark.skipif(not seeds.SEEDS.is_dir(), reason="../shared/seeds not beside the checkout")


def _seed(spec: Spec) -> str:
    return seeds.seed_text(spec.x.source)


def test_every_seed_endpoint_is_an_operation(spec: Spec) -> None:
    declared = {(op.method.upper(), seeds.normalise(spec.server_path + op.path)) for op in spec.operations.values()}
    missing = seeds.endpoints(_seed(spec)) - declared
    assert not missing, f"{spec.api_id}: seed endpoints missing from the spec: {sorted(missing)}"


def test_every_seed_example_field_is_declared(spec: Spec) -> None:
    schemas = schema_paths.operation_schemas(spec)
    declared = {label: schema_paths.key_paths(spec, schema) for label, schema in schemas}
    examples = seeds.json_examples(_seed(spec))
    assert examples, "the seed page has JSON examples"
    for example in examples:
        paths = seeds.key_paths(example)
        best = max(declared, key=lambda label: sum(schema_paths.covers(declared[label], p) for p in paths))
        missing = sorted(p for p in paths if not schema_paths.covers(declared[best], p))
        assert not missing, f"{spec.api_id}: fields of a seed example not in {best}: {missing}"


def test_every_seed_form_parameter_is_declared(spec: Spec) -> None:
    parameters = seeds.form_parameters(_seed(spec))
    if not parameters:
        pytest.skip("the seed page lists no form parameters")
    create = spec.operations[spec.x.resource.operations["create"]]
    body = spec.deref(create.definition["requestBody"])
    media = body["content"]["application/x-www-form-urlencoded"]
    declared = schema_paths.key_paths(spec, media["schema"])
    missing = sorted(p for p in parameters if not schema_paths.covers(declared, p))
    assert not missing, f"{spec.api_id}: seed form parameters missing: {missing}"


def test_every_seed_enum_is_copied_exactly(spec: Spec) -> None:
    declared = [set(map(str, values)) for values in schema_paths.enums(spec.document)]
    for block in seeds.option_blocks(_seed(spec)):
        values = {v for v in block if v != "null"}
        if not values:
            continue
        if len(values) > 1:
            assert values in declared, (
                f"{spec.api_id}: no enum equals the seed's {len(values)} options {sorted(values)[:5]}..."
            )
        else:
            assert any(values <= d for d in declared), f"{spec.api_id}: seed option {values} is in no enum"


def test_seed_parser_finds_the_flowglad_enum_sizes() -> None:
    blocks = {len(b) for b in seeds.option_blocks(seeds.seed_text("003_a7c09eb648e13b9a.txt"))}
    # the brief's counts: 134 currencies, 8 statuses, 239 countries; the spec test above proves equality
    assert {134, 8, 239} <= blocks
