"""SQLite storage: one connection, WAL, `synchronous=FULL`, so a committed write survives `kill -9`.

Every public method takes the connection lock: the server calls storage from its event loop thread, but
tests and the embedded runner may touch it from others. Write transactions use `BEGIN IMMEDIATE` so two
processes on one file would also serialize instead of failing half-way.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from conformance.types import JsonObject

from .base import COMPARISONS, Filter, IdempotencyRecord, OrderValue, Position, Stored

INT64 = 2**63
_SCHEMA = """
CREATE TABLE IF NOT EXISTS invoices (
    api TEXT NOT NULL, tenant TEXT NOT NULL, id TEXT NOT NULL,
    seq INTEGER NOT NULL, order_value, deleted INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL,
    PRIMARY KEY (api, tenant, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS invoices_order ON invoices (api, tenant, deleted, order_value, seq);
CREATE TABLE IF NOT EXISTS counters (
    api TEXT NOT NULL, tenant TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (api, tenant, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (
    api TEXT NOT NULL, tenant TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (api, tenant, key)
) WITHOUT ROWID;
"""


def _dump(document: JsonObject) -> str:
    # ensure_ascii: lone surrogates from JSON input cannot be encoded as UTF-8 by sqlite3. Compact, like
    # responses, so a stored document can be sent as is.
    return json.dumps(document, ensure_ascii=True, separators=(",", ":"))


def _bindable(value: object) -> object:
    """A filter value SQLite can bind. Its integers are 64-bit and `json_extract` reads larger JSON integers
    as REALs, so a larger Python int (a schema without a maximum lets any through) compares as a REAL."""
    if isinstance(value, bool):
        return int(value)  # JSON booleans come back from json_extract as 0/1
    if isinstance(value, int) and not -INT64 <= value < INT64:
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def _where(api: str, tenant: str, filters: Sequence[Filter]) -> tuple[str, list[object]]:
    sql = "api=? AND tenant=? AND deleted=0"
    args: list[object] = [api, tenant]
    for pointer, comparison, value in filters:
        if comparison not in COMPARISONS:
            raise ValueError(f"unknown comparison {comparison!r}")
        # `IS` for equality also matches JSON null.
        sql += f" AND json_extract(document, ?) {'IS' if comparison == '=' else comparison} ?"
        args += ["$" + pointer.replace("/", "."), _bindable(value)]
    return sql, args


class SqliteStorage:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def get(self, api: str, tenant: str, id_: str) -> Stored | None:
        with self._lock:
            row = self._db.execute(
                "SELECT document, order_value, seq, deleted FROM invoices WHERE api=? AND tenant=? AND id=?",
                (api, tenant, id_),
            ).fetchone()
        if row is None:
            return None
        return Stored(row[0], row[1], row[2], bool(row[3]))

    def insert(self, api: str, tenant: str, id_: str, order_value: OrderValue, document: JsonObject) -> None:
        with self.transaction():
            seq = self.next_value(api, tenant, "invoice-seq")
            self._db.execute(
                "INSERT INTO invoices (api, tenant, id, seq, order_value, document) VALUES (?, ?, ?, ?, ?, ?)",
                (api, tenant, id_, seq, order_value, _dump(document)),
            )

    def update(
        self, api: str, tenant: str, id_: str, order_value: OrderValue, document: JsonObject, *, deleted: bool = False
    ) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE invoices SET order_value=?, document=?, deleted=? WHERE api=? AND tenant=? AND id=?",
                (order_value, _dump(document), int(deleted), api, tenant, id_),
            )

    def page(
        self,
        api: str,
        tenant: str,
        *,
        descending: bool,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
        offset: int = 0,
        filters: Sequence[Filter] = (),
    ) -> list[JsonObject]:
        sql, args = _where(api, tenant, filters)
        sql = "SELECT document FROM invoices WHERE " + sql
        # Walking backwards from `before` reads the list in reverse and flips the page at the end.
        reverse = before is not None
        forward_desc = descending != reverse
        for bound, towards_end in ((after, True), (before, False)):
            if bound is not None:
                smaller = descending == towards_end
                sql += f" AND (order_value, seq) {'<' if smaller else '>'} (?, ?)"
                args += [bound.order_value, bound.seq]
        direction = "DESC" if forward_desc else "ASC"
        sql += f" ORDER BY order_value {direction}, seq {direction} LIMIT ? OFFSET ?"
        # Past the last row any offset is the same empty page; beyond 64 bits SQLite could not bind it.
        args += [limit, min(offset, INT64 - 1)]
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        docs = [json.loads(row[0]) for row in rows]
        return docs[::-1] if reverse else docs

    def count(self, api: str, tenant: str, filters: Sequence[Filter] = ()) -> int:
        sql, args = _where(api, tenant, filters)
        with self._lock:
            row = self._db.execute("SELECT count(*) FROM invoices WHERE " + sql, args).fetchone()
        return int(row[0])

    def next_value(self, api: str, tenant: str, counter: str) -> int:
        with self.transaction():
            row = self._db.execute(
                "INSERT INTO counters (api, tenant, name, value) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (api, tenant, name) DO UPDATE SET value = value + 1 RETURNING value",
                (api, tenant, counter),
            ).fetchone()
        return int(row[0])

    def idempotency_get(self, api: str, tenant: str, key: str) -> IdempotencyRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT fingerprint, status, content_type, body, created FROM idempotency "
                "WHERE api=? AND tenant=? AND key=?",
                (api, tenant, key),
            ).fetchone()
        return None if row is None else IdempotencyRecord(row[0], row[1], row[2], bytes(row[3]), row[4])

    def idempotency_put(self, api: str, tenant: str, key: str, record: IdempotencyRecord) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (api, tenant, key, record.fingerprint, record.status, record.content_type, record.body, record.created),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
