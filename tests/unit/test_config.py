from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import RunConfig, Shard, load_config
from conformance.errors import UsageError


def test_precedence_cli_over_env_over_conformance_toml_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.invoice-conformance]\nprofile = "thorough"\nseed = 1\ntimeout = 3\n'
    )
    (tmp_path / "conformance.toml").write_text("seed = 2\nworkers = 2\n")
    env = {"INVOICE_CONFORMANCE_SEED": "3", "INVOICE_CONFORMANCE_AUTH": "sk_test_env"}
    config = load_config({"seed": 4, "profile": None}, tmp_path, env)
    assert (config.profile, config.seed, config.timeout, config.workers, config.auth) == (
        "thorough",
        4,
        3.0,
        2,
        "sk_test_env",
    )
    assert load_config({}, tmp_path, env).seed == 3
    assert load_config({}, tmp_path, {}).seed == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"profile": "extreme"}, "profile"),
        ({"shard": "5/4"}, "--shard"),
        ({"shard": "x"}, "--shard"),
        ({"bogus": 1}, "unknown option"),
        ({"workers": 0}, "positive"),
        ({"seed": "abc"}, "not a number"),
        ({"base_url": "http://x", "apis": ("a", "b")}, "one API"),
    ],
)
def test_bad_options_are_usage_errors(values: dict[str, object], message: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=message):
        load_config(values, tmp_path, {})


def test_shard_and_templated_base_url() -> None:
    assert Shard.parse("2/3") == Shard(2, 3)
    RunConfig(base_url="http://h/{api}/v1", apis=("a", "b"))
