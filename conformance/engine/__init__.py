"""Runs checks against targets and emits events; reporting and the CLI consume them."""
