"""Set-based SQL for the hot paths: big imports, the terminal sync, positive-pool fan-out, the worker.

- `fast_insert(model, rows, **common)`: rows as {field: value}, COPY on PostgreSQL, executemany on SQLite.
- `db_timestamp(now)`: a timestamp converted once per batch to what the database stores.
- `fetch_by_keys(model, key, keys, fields)`: {key: values} of the stored rows, one query.
- `key_lookup(sql, keys)`: a lookup by key written in SQL, for paths where the ORM costs more than the query.
- `one_of(field, values)` / `in_chunks(values)`: "is one of" for long lists on both engines.
- `refresh_statistics(model)`: ANALYZE after a big load.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q

# After a big import the query planner needs fresh statistics: without them SQLite picks poor plans for
# filtered list pages (seen at 100,000+ residents), and PostgreSQL's autovacuum may come minutes later.
ANALYZE_AFTER = 10_000


def refresh_statistics(model) -> None:
    if model is None or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def fast_insert(model, rows: Sequence[Mapping[str, Any]], **common: Any) -> None:
    """Insert rows given as {field name: value} without model instances or signals; `common` holds the values
    every row shares (the batch's `created`/`updated` stamp). Every row has the same keys as the first.

        fast_insert(Task, [{"followup": pk, "kind": "retest", "due_date": day, ...} for pk in ids],
                    created=stamp, updated=stamp)

    Dates may be date objects or ISO text; timestamps datetimes or, faster, `db_timestamp(now)`. A foreign key is
    named by its field (`followup`) and given the id.

    The set-based path of big imports: COPY on PostgreSQL, executemany on SQLite, bulk_create elsewhere. Runs
    inside the caller's transaction. Callers fill every derived column themselves (no `save()` runs)."""
    if not rows:
        return
    names = [name for name in rows[0] if name not in common]
    extra = tuple(common.values())
    _insert_tuples(model, [*names, *common], [(*(row[name] for name in names), *extra) for row in rows])


def _insert_tuples(model, fields: list[str], rows: list[tuple]) -> None:
    opts = model._meta
    model_fields = [opts.get_field(name) for name in fields]
    table = connection.ops.quote_name(opts.db_table)
    column_sql = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    if not rows:
        return
    if connection.vendor == "postgresql":
        # The raw cursor's COPY bypasses Django's error translation: a unique violation must still arrive as
        # django.db.IntegrityError for callers that retry on it.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    elif connection.vendor == "sqlite":
        rows = _sqlite_values(model_fields, rows)
        placeholders = ", ".join(["%s"] * len(model_fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})", rows)
    else:  # pragma: no cover - other backends
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows])


def db_timestamp(value: datetime.datetime):
    """A timestamp for `fast_insert` rows, converted once per batch to what the database stores."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _sqlite_values(model_fields, rows: list[tuple]) -> list[tuple]:
    """Dates and datetimes as Django stores them on SQLite (ISO text; datetimes naive UTC)."""
    from django.db import models

    converters = {}
    for index, f in enumerate(model_fields):
        if isinstance(f, models.DateTimeField):
            converters[index] = connection.ops.adapt_datetimefield_value
        elif isinstance(f, models.DateField):
            converters[index] = connection.ops.adapt_datefield_value
    # Values already in storage form (ISO text, see `db_timestamp`) need no per-row pass.
    converters = {i: c for i, c in converters.items() if rows and not isinstance(rows[0][i], str | None)}
    if not converters:
        return rows
    cache = {}  # the batch's `created`/`updated` timestamps are one value: convert it once

    def convert(index, value):
        if value is None:
            return None
        key = (index, value)
        if key not in cache:
            cache[key] = converters[index](value)
        return cache[key]

    out = []
    for row in rows:
        values = list(row)
        for index in converters:
            values[index] = convert(index, values[index])
        out.append(tuple(values))
    return out


def key_lookup(sql: str, keys: list) -> list[tuple]:
    """Rows of a lookup by key written in SQL, where `{keys}` becomes one placeholder per key (at most a few
    thousand keys: SQLite's bound-parameter limit). For hot paths (a terminal's sync runs several a second per
    site) where the ORM's query building costs three times what the query does."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(keys=", ".join(["%s"] * len(keys))), keys)
        return cursor.fetchall()


def fetch_by_keys(model, key: str, keys: list, fields: list[str]) -> dict:
    """{key value: (values of `fields`)} of the stored rows whose `key` is one of `keys`, in one query.

    Used by set-based `save()`s to tell new, changed and unchanged rows apart. Raw SQL because Django's `__in`
    prepares each value separately (~25 µs a key); values come back as Django would return them for the field
    types importers compare (text, integers, booleans, dates)."""
    from django.db import models

    opts = model._meta
    key_field = opts.get_field(key)
    model_fields = [opts.pk if name == "pk" else opts.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    select = ", ".join(qn(f.column) for f in (key_field, *model_fields))
    table = qn(opts.db_table)
    found = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {select} FROM {table} WHERE {qn(key_field.column)} = ANY(%s)", [list(keys)])
            found = {row[0]: row[1:] for row in cursor.fetchall()}
            return found
        for start in range(0, len(keys), 5000):
            chunk = keys[start:start + 5000]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {select} FROM {table} WHERE {qn(key_field.column)} IN ({placeholders})", chunk)
            found.update((row[0], row[1:]) for row in cursor.fetchall())
    # Django's SQLite connection already decodes declared date/bool columns; be safe if it did not.
    conversions: list[tuple[int, type, Callable[[Any], Any]]] = []
    for index, f in enumerate(model_fields):
        if isinstance(f, models.DateTimeField):
            continue
        if isinstance(f, models.DateField):
            conversions.append((index, str, datetime.date.fromisoformat))
        elif isinstance(f, models.BooleanField):
            conversions.append((index, int, bool))
    for k, stored in found.items():
        if any(type(stored[index]) is kind for index, kind, _convert in conversions):
            values = list(stored)
            for index, kind, convert in conversions:
                if type(values[index]) is kind:
                    values[index] = convert(values[index])
            found[k] = tuple(values)
    return found


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the whole list as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def one_of(field: str, values) -> Q | Lookup:
    """A filter "`field` is one of `values`" for long lists (a batch's keys): one array parameter on PostgreSQL,
    where Django's `__in` converts every value and psycopg parses a new placeholder list for every length; `__in`
    elsewhere (callers chunk with `in_chunks` for SQLite's bound-parameter limit)."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), list(values))
    return Q(**{f"{field}__in": values})


def in_chunks(values, size: int = 900):
    """`values` as one list on PostgreSQL (see `one_of`), in lists of `size` elsewhere; nothing for no values."""
    values = list(values)
    if connection.vendor == "postgresql":
        if values:
            yield values
        return
    for start in range(0, len(values), size):
        yield values[start:start + size]
