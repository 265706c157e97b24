"""Edge cases of matching and `$ref` handling, each stated as a pair of small documents."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from diff_helpers import TODAY, diff_texts, parse, resolves

from conformance.diff import diff_documents, load_side
from conformance.diff.load import specs_dir
from conformance.errors import SpecError

HEAD = """
openapi: 3.1.0
info: {title: Invoices, version: 1.0.0}
"""


def spec(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def rule_ids(old: str, new: str) -> list[str]:
    return [finding.rule.id for finding in diff_texts(old, new).findings]


ONE_GET = """
paths:
  /invoices/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/%s'}}}
components:
  schemas:
    %s: {type: object, required: [id], properties: {id: {type: string}, total: {type: integer}}}
"""


def test_renamed_ref_target_with_identical_content_is_no_change() -> None:
    assert rule_ids(spec(ONE_GET % ("Invoice", "Invoice")), spec(ONE_GET % ("Bill", "Bill"))) == []


def test_renamed_ref_target_still_compares_content() -> None:
    renamed = spec(ONE_GET % ("Bill", "Bill")).replace("required: [id]", "required: []")
    assert rule_ids(spec(ONE_GET % ("Invoice", "Invoice")), renamed) == ["response-property-became-optional"]


RECURSIVE = """
paths:
  /nodes:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
      responses:
        '201':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}
components:
  schemas:
    Tree: {type: object, properties: {root: {$ref: '#/components/schemas/Node'}}}
    Node:
      type: object
      properties:
        name: {type: string, maxLength: 10}
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        other: {$ref: '#/components/schemas/Other'}
    Other: {type: object, properties: {back: {$ref: '#/components/schemas/Node'}}}
"""


def test_recursive_schemas_terminate_and_report_once_per_direction() -> None:
    changed = spec(RECURSIVE).replace("maxLength: 10", "maxLength: 5")
    result = diff_texts(spec(RECURSIVE), changed)
    by_rule = {finding.rule.id: finding for finding in result.findings}
    assert sorted(by_rule) == ["request-constraint-tightened", "response-constraint-tightened"]
    assert by_rule["request-constraint-tightened"].operations == ("POST /nodes",)
    assert by_rule["response-constraint-tightened"].operations == ("GET /nodes", "POST /nodes")
    assert by_rule["response-constraint-tightened"].old == "/components/schemas/Node/properties/name/maxLength"


def test_recursive_schema_identical_is_no_change() -> None:
    assert rule_ids(spec(RECURSIVE), spec(RECURSIVE)) == []


def test_shared_component_change_names_every_operation_that_reaches_it() -> None:
    text = spec(RECURSIVE)
    changed = text.replace("Other: {type: object, properties: {back:", "Other: {type: object, properties: {gone:")
    result = diff_texts(text, changed)
    removed = [finding for finding in result.findings if finding.rule.id == "response-property-removed"]
    assert len(removed) == 1
    assert removed[0].operations == ("GET /nodes", "POST /nodes")
    assert removed[0].old == "/components/schemas/Other/properties/back"


ALL_OF_BASE = """
paths:
  /invoices:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}
components:
  schemas:
    Invoice: {type: object, required: [id, total], properties: {id: {type: string}, total: {type: integer}}}
"""
ALL_OF_COMPOSED = """
paths:
  /invoices:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}
components:
  schemas:
    Resource: {type: object, required: [id], properties: {id: {type: string}}}
    Invoice:
      allOf:
        - {$ref: '#/components/schemas/Resource'}
        - {type: object, required: [total], properties: {total: {type: integer}}}
"""


def test_all_of_composition_equal_to_flat_schema_is_no_change() -> None:
    assert rule_ids(spec(ALL_OF_BASE), spec(ALL_OF_COMPOSED)) == []


def test_change_inside_all_of_member_points_into_the_member() -> None:
    changed = spec(ALL_OF_COMPOSED).replace("{id: {type: string}}", "{id: {type: integer}}")
    [finding] = diff_texts(spec(ALL_OF_COMPOSED), changed).findings
    assert finding.rule.id == "response-type-changed"
    assert finding.new == "/components/schemas/Resource/properties/id/type"


PATH_TEMPLATE = """
paths:
  /invoices/{%s}:
    get:
      parameters:
        - {name: %s, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
"""


def test_path_template_renamed_is_the_same_operation() -> None:
    assert rule_ids(spec(PATH_TEMPLATE % ("id", "id")), spec(PATH_TEMPLATE % ("invoice", "invoice"))) == []


def test_parameter_order_is_irrelevant() -> None:
    old = spec(PATH_TEMPLATE % ("id", "id"))
    lines = old.splitlines()
    index = next(i for i, line in enumerate(lines) if "name: expand" in line)
    lines[index], lines[index + 1] = lines[index + 1], lines[index]
    assert "\n".join(lines) != old
    assert rule_ids(old, "\n".join(lines)) == []


ANCHORS = """
paths:
  /invoices:
    get:
      responses:
        '200': &ok
          description: ok
          content: {application/json: {schema: &invoice {type: object, properties: {id: {type: string}}}}}
  /invoices/{id}:
    get:
      responses:
        '200': *ok
    post:
      requestBody:
        content: {application/json: {schema: *invoice}}
      responses:
        '200':
          <<: *ok
          description: updated
"""
EXPANDED = """
paths:
  /invoices:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
  /invoices/{id}:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
      responses:
        '200':
          description: updated
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
"""


def test_yaml_anchors_equal_their_expansion() -> None:
    assert rule_ids(spec(ANCHORS), spec(EXPANDED)) == []


def test_change_through_an_anchor_shows_at_every_alias() -> None:
    changed = spec(ANCHORS).replace("properties: {id: {type: string}}", "properties: {id: {type: integer}}")
    found = {(finding.rule.id, finding.operation) for finding in diff_texts(spec(ANCHORS), changed).findings}
    assert found == {
        ("response-type-changed", "GET /invoices"),
        ("response-type-changed", "GET /invoices/{id}"),
        ("response-type-changed", "POST /invoices/{id}"),
        ("request-type-changed", "POST /invoices/{id}"),
    }


SHARED = """
paths:
  /invoices:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}
components:
  schemas:
    Invoice:
      type: object
      properties:
        id: {type: string, readOnly: true}
        memo: {type: string}
"""


def test_one_component_is_judged_per_direction() -> None:
    assert sorted(rule_ids(spec(SHARED), spec(SHARED).replace("memo:", "note:"))) == [
        "request-property-added-optional",
        "request-property-removed",
        "response-property-added",
        "response-property-removed",
    ]


def test_read_only_properties_do_not_count_in_requests() -> None:
    without_id = spec(SHARED).replace("id: {type: string, readOnly: true}", "")
    assert rule_ids(spec(SHARED), without_id) == ["response-property-removed"]


NULLABLE_30 = """
openapi: 3.0.3
info: {title: Invoices, version: 1.0.0}
paths:
  /invoices:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {memo: {type: string, nullable: true}}}}}
"""


def test_nullable_30_to_31_type_array_is_no_change() -> None:
    migrated = NULLABLE_30.replace("3.0.3", "3.1.0").replace(
        "{type: string, nullable: true}", '{type: [string, "null"]}'
    )
    assert rule_ids(NULLABLE_30, migrated) == []


def _single_schema(schema: str, where: str) -> str:
    if where == "request":
        return spec(
            f"""
            paths:
              /x:
                post:
                  requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}
                  responses: {{'204': {{description: ok}}}}
            """
        )
    return spec(
        f"""
        paths:
          /x:
            get:
              responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}
        """
    )


@pytest.mark.parametrize(
    ("old", "new", "event"),
    [
        ("{type: integer, format: int32}", "{type: integer, format: int64}", "widened"),
        ("{type: integer, format: int64}", "{type: integer, format: int32}", "narrowed"),
        ("{type: string, format: date}", "{type: string}", "widened"),
        ("{type: string}", "{type: string, format: uuid}", "narrowed"),
        ("{type: string, format: uuid}", "{type: string, format: email}", "changed"),
        ("{type: integer}", "{type: [integer, string]}", "widened"),
        ("{}", "{type: string}", "narrowed"),
    ],
)
@pytest.mark.parametrize("where", ["request", "response"])
def test_type_and_format_events(old: str, new: str, event: str, where: str) -> None:
    assert rule_ids(_single_schema(old, where), _single_schema(new, where)) == [f"{where}-type-{event}"]


@pytest.mark.parametrize(
    ("old", "new", "event"),
    [
        ("{type: string, minLength: 1}", "{type: string, minLength: 2}", "tightened"),
        ("{type: string, maxLength: 9}", "{type: string, maxLength: 10}", "loosened"),
        ("{type: integer, minimum: 0}", "{type: integer}", "loosened"),
        ("{type: integer}", "{type: integer, maximum: 100}", "tightened"),
        (
            "{type: integer, maximum: 10, exclusiveMaximum: false}",
            "{type: integer, maximum: 10, exclusiveMaximum: true}",
            "tightened",
        ),
        ("{type: number, exclusiveMinimum: 0}", "{type: number, exclusiveMinimum: 1}", "tightened"),
        ("{type: string, pattern: '^a'}", "{type: string, pattern: '^b'}", "tightened"),
        ("{type: string, pattern: '^a'}", "{type: string}", "loosened"),
        (
            "{type: array, maxItems: 5, items: {type: string}}",
            "{type: array, maxItems: 4, items: {type: string}}",
            "tightened",
        ),
        (
            "{type: array, items: {type: string}}",
            "{type: array, uniqueItems: true, items: {type: string}}",
            "tightened",
        ),
        ("{type: integer, multipleOf: 10}", "{type: integer, multipleOf: 5}", "loosened"),
        ("{type: integer, multipleOf: 5}", "{type: integer, multipleOf: 10}", "tightened"),
        ("{type: object, maxProperties: 3}", "{type: object, maxProperties: 2}", "tightened"),
    ],
)
def test_constraint_keywords(old: str, new: str, event: str) -> None:
    assert rule_ids(_single_schema(old, "request"), _single_schema(new, "request")) == [f"request-constraint-{event}"]


def test_type_change_suppresses_keyword_noise() -> None:
    old, new = "{type: string, maxLength: 5, enum: [a]}", "{type: integer, maximum: 5}"
    assert rule_ids(_single_schema(old, "response"), _single_schema(new, "response")) == ["response-type-changed"]


def test_items_are_compared() -> None:
    old, new = "{type: array, items: {type: string}}", "{type: array, items: {type: integer}}"
    assert rule_ids(_single_schema(old, "request"), _single_schema(new, "request")) == ["request-type-changed"]


def test_renamed_variant_ref_with_identical_content_matches() -> None:
    schemas = "components: {schemas: {A: {type: string}, B: {type: integer}, C: {type: integer}}}\n"
    old = _single_schema("{oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}", "request")
    new = _single_schema("{oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/C'}]}", "request")
    assert rule_ids(old + schemas, new + schemas) == []


def test_circular_ref_chain_is_bad_input() -> None:
    text = (
        spec(ONE_GET % ("Loop", "Other"))
        + "    Loop: {$ref: '#/components/schemas/Loop2'}\n    Loop2: {$ref: '#/components/schemas/Loop'}\n"
    )
    with pytest.raises(SpecError, match="circular"):
        diff_texts(text, text)


def test_external_ref_is_bad_input() -> None:
    text = spec(ONE_GET % ("Invoice", "Invoice")).replace("'#/components/schemas/Invoice'", "other.yaml#/Invoice")
    with pytest.raises(SpecError, match="local"):
        diff_texts(text, text)


def test_not_openapi_3_is_bad_input() -> None:
    with pytest.raises(SpecError):
        diff_documents({"swagger": "2.0"}, parse(spec(ONE_GET % ("A", "A"))), today=TODAY)


def test_yaml_alias_that_contains_itself_terminates() -> None:
    text = spec(
        """
        paths:
          /x:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: &node {type: object, properties: {child: *node, n: {type: string}}}
        """
    )
    [finding] = diff_texts(text, text.replace("n: {type: string}", "n: {type: integer}")).findings
    assert finding.rule.id == "response-type-changed"


def _bundled() -> list[Path]:
    folder = specs_dir()
    return sorted(folder.glob("*/openapi*.yaml")) if folder else []


@pytest.mark.parametrize("old", _bundled(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_pointers_resolve_in_both_documents_across_bundled_specs(old: Path) -> None:
    # Diffing unrelated APIs exercises nearly every rule on real documents: every pointer must resolve.
    before = load_side(str(old)).document
    for new in _bundled():
        after = load_side(str(new)).document
        for finding in diff_documents(before, after, today=TODAY).findings:
            assert finding.old is not None and resolves(before, finding.old), (new, finding)
            assert finding.new is not None and resolves(after, finding.new), (new, finding)
