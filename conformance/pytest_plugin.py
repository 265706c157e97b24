"""pytest plugin: `pytest --conformance-api stripe --conformance-base-url URL --conformance-auth KEY`.

The engine runs once at collection; every verdict (check x operation) becomes a test item that passes,
fails or skips, so conformance lands in the user's own pytest session, JUnit XML and CI annotations.
Fixtures `invoice_spec` and `conformance_target` let users write their own checks against the target.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.config import RunConfig, load_config
from conformance.errors import ConformanceError
from conformance.model.results import CheckResult, RunReport, Status
from conformance.spec import Spec, load_spec

_OPTIONS = {
    "api": ("--conformance-api", "Bundled API name or spec path to test (repeatable)."),
    "base_url": ("--conformance-base-url", "Target base URL (default: the embedded reference server)."),
    "auth": ("--conformance-auth", "API key of the tenant under test."),
    "auth_other": ("--conformance-auth-other", "A second tenant's key."),
    "profile": ("--conformance-profile", "quick, standard or thorough."),
    "seed": ("--conformance-seed", "Seed for reproducible generation."),
    "checks": ("--conformance-checks", "Comma-separated check ids."),
    "workers": ("--conformance-workers", "Worker processes for the schema phases (default: one per usable CPU)."),
}
REPORT_KEY: pytest.StashKey[RunReport] = pytest.StashKey()
CONFIG_KEY: pytest.StashKey[RunConfig] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("invoice-conformance")
    for name, (flag, help_text) in _OPTIONS.items():
        group.addoption(flag, dest=f"conformance_{name}", action="append" if name == "api" else "store", help=help_text)
        if name == "api":
            parser.addini(f"conformance_{name}", help_text, type="linelist")
        else:
            parser.addini(f"conformance_{name}", help_text, type="string")


def _value(config: pytest.Config, name: str) -> Any:
    given = config.getoption(f"conformance_{name}")
    return given if given else (config.getini(f"conformance_{name}") or None)


def pytest_configure(config: pytest.Config) -> None:
    apis = _value(config, "api")
    if not apis:
        return
    values = {name: _value(config, name) for name in _OPTIONS if name != "api"}
    values["apis"] = tuple(apis)
    try:
        config.stash[CONFIG_KEY] = load_config(values)
    except ConformanceError as exc:
        raise pytest.UsageError(str(exc)) from None


class ConformanceItem(pytest.Item):
    def __init__(self, *, result: CheckResult, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result

    def runtest(self) -> None:
        result = self.result
        if result.status is Status.SKIPPED:
            pytest.skip(result.reason or "skipped")
        if result.status in (Status.FAILED, Status.ERROR):
            details = [
                f"{f.title}: {f.message}" + (f"\nreproduce: {f.curl}" if f.curl else "") for f in result.failures
            ]
            raise ConformanceFailure("\n".join(details) or result.reason or result.status.value)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int, str]:
        return self.result.api, 0, f"{self.result.check} {self.result.operation}"


class ConformanceFailure(AssertionError):
    pass


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    run_config = config.stash.get(CONFIG_KEY, None)
    if run_config is None:
        return
    from conformance.engine.runner import run

    try:
        report = run(run_config)
    except ConformanceError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[REPORT_KEY] = report
    for result in sorted(report.results, key=lambda r: r.key):
        name = f"conformance[{result.api}:{result.check}:{result.operation}]"
        items.append(ConformanceItem.from_parent(session, name=name, result=result))


@pytest.fixture(scope="session")
def invoice_spec(pytestconfig: pytest.Config) -> Spec:
    """The first API under test, as a loaded spec."""
    config = pytestconfig.stash.get(CONFIG_KEY, None)
    if config is None or not config.apis:
        pytest.skip("no --conformance-api given")
    return load_spec(config.apis[0])


@pytest.fixture(scope="session")
def conformance_target(pytestconfig: pytest.Config) -> RunConfig:
    """The run configuration (base URL, keys, profile) the plugin was given."""
    config = pytestconfig.stash.get(CONFIG_KEY, None)
    if config is None:
        pytest.skip("no --conformance-api given")
    return config
