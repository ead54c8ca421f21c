"""A database cache whose counters are shared by every worker and incremented atomically.

Django's `DatabaseCache` increments by reading the value and writing it back (`BaseCache.incr`),
so two workers counting at the same moment lose one increment; django-ratelimit therefore refuses
it (`django_ratelimit.E003`). This backend increments inside a transaction that holds the row:
`SELECT … FOR UPDATE` on PostgreSQL, and SQLite serialises writers anyway (the project opens its
transactions with `BEGIN IMMEDIATE`). It is the throttle cache of the embedded setup, where no
Redis runs (see `CACHES["throttle"]` and docs/operations.md); its table is created by the core
migration `0002_cache_table` (or `manage.py createcachetable`).
"""

from __future__ import annotations

import base64
import pickle  # nosec B403  # values are written by this cache only (as DatabaseCache does)
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cache_key, value_column, expires_column = (
            quote_name(name) for name in ("cache_key", "value", "expires")
        )
        # Identifiers only (quoted by the backend); every value is a query parameter.
        select = f"SELECT {value_column}, {expires_column} FROM {table} WHERE {cache_key} = %s"  # noqa: S608  # nosec B608
        update = f"UPDATE {table} SET {value_column} = %s WHERE {cache_key} = %s"  # noqa: S608  # nosec B608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- quoted identifiers of this cache's table only
            cursor.execute(select + lock, [key])
            row = cursor.fetchone()
            if row is not None:
                expires = row[1]
                expression = models.Expression(output_field=models.DateTimeField())
                for converter in connection.ops.get_db_converters(
                    expression
                ) + expression.get_db_converters(connection):
                    expires = converter(expires, expression, connection)
            if row is None or expires < now():
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            # nosemgrep: qn-pickle-load -- rows written by this cache only (like DatabaseCache)
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301  # nosec B301 - written by this cache only
            pickled = pickle.dumps(value, self.pickle_protocol)
            # nosemgrep: qn-sql-formatted -- quoted identifiers of this cache's table only
            cursor.execute(update, [base64.b64encode(pickled).decode("latin1"), key])
        return value
