"""How requests reach a target: credentials, redaction, timeouts and size caps live here, once."""
