"""Behavioural checks: small registered units that read the spec's x- blocks and exercise a target."""
