"""`python -m reference_server [--host H] [--port P] [--db PATH]`: the same as `invoice-conformance serve`."""

from __future__ import annotations

import argparse

from .serve import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m reference_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db", default=":memory:", help="SQLite file, or :memory: (default)")
    args = parser.parse_args()
    serve(args.host, args.port, args.db)


if __name__ == "__main__":
    main()
