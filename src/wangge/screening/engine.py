"""The screening engine: the rule of formats.md, executed by DuckDB over a pushed file.

    result = screen(path, as_of=T, lookback_days=14, retro_days=14,
                    designations=arrow_table, residents=arrow_table, regions=arrow_table)
    result.write_flags_csv("flags.csv")

The pure part (this module's `screen`) takes Arrow tables and knows nothing of Django; `designations_from_db`,
`residents_from_db` and `regions_from_db` export what it needs from the database in one query each. The SQL
lives in `sql.py`. Times inside the engine are naive timestamps in China Standard Time (+08:00).
"""

import datetime
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from . import sql
from .sources import Source, SourceError, open_source, sql_string

CST = datetime.timezone(datetime.timedelta(hours=8), "CST")

DESIGNATION_SCHEMA = pa.schema([("area_code", pa.string()), ("level", pa.string()),
                                ("f", pa.timestamp("us")), ("t", pa.timestamp("us"))])
RESIDENT_SCHEMA = pa.schema([("pk", pa.int64()), ("id_number", pa.string()), ("phone", pa.string()),
                             ("grid_code", pa.string())])
REGION_SCHEMA = pa.schema([("pk", pa.int64()), ("code", pa.string())])

__all__ = ["screen", "ScreeningResult", "SourceError", "to_cst_naive", "parse_time", "rule_sql"]


def to_cst_naive(value: datetime.datetime) -> datetime.datetime:
    """An aware time → naive China Standard Time; a naive one is taken to be CST already."""
    if value.tzinfo is not None:
        value = value.astimezone(CST).replace(tzinfo=None)
    return value


def parse_time(text: str) -> datetime.datetime:
    """ISO 8601 → aware datetime; no offset means +08:00 and a bare date means 00:00 (formats.md)."""
    raw = (text or "").strip()
    if not raw:
        raise ValueError("empty time")
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    value = datetime.datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=CST)
    return value


def ts_literal(value: datetime.datetime) -> str:
    return f"TIMESTAMP '{to_cst_naive(value):%Y-%m-%d %H:%M:%S.%f}'"


def rule_sql(as_of: datetime.datetime, lookback_days: int, retro_days: int) -> str:
    """The portable rule with its parameters filled in as literals (validated integers and a formatted time)."""
    lookback_days, retro_days = int(lookback_days), int(retro_days)
    if lookback_days < 0 or retro_days < 0:
        raise ValueError("lookback_days and retro_days must not be negative")
    return sql.RULE.format(as_of=ts_literal(as_of),
                           lookback_start=ts_literal(as_of - datetime.timedelta(days=lookback_days)),
                           retro_days=retro_days)


@dataclass
class ScreeningResult:
    """Counts of one run plus the DuckDB connection that holds the `result` table (one row per flag)."""

    as_of: datetime.datetime
    lookback_days: int
    retro_days: int
    records_read: int = 0
    rejected: int = 0
    people: int = 0
    flags: int = 0
    by_category: dict = field(default_factory=dict)
    matched: int = 0
    matched_by_phone: int = 0
    routed: int = 0
    unroutable: int = 0
    rejected_path: Path | None = None
    extras: list = field(default_factory=list)
    encoding: str = ""
    timings: dict = field(default_factory=dict)
    con: duckdb.DuckDBPyConnection | None = None

    def summary(self) -> dict:
        return {"records_read": self.records_read, "rejected": self.rejected, "people": self.people,
                "flags": self.flags, "high": self.by_category.get("high", 0),
                "medium": self.by_category.get("medium", 0), "same_city": self.by_category.get("same_city", 0),
                "matched": self.matched, "matched_by_phone": self.matched_by_phone, "routed": self.routed,
                "unroutable": self.unroutable}

    def write_flags_csv(self, path) -> int:
        """flags.csv exactly as formats.md: its columns in order, sorted by person_key, times with +08:00."""
        self.con.execute(f"COPY ({sql.FLAGS_CSV}) TO {sql_string(str(path))} (FORMAT csv, HEADER true)")
        return self.flags

    def flags_table(self) -> pa.Table:
        """All result columns (naive CST times, resident/region pks) as Arrow, sorted by person_key."""
        return self.con.sql("SELECT * FROM result ORDER BY person_key").to_arrow_table()

    def flags_csv_rows(self) -> list[tuple]:
        return [tuple("" if v is None else v for v in row) for row in self.con.execute(sql.FLAGS_CSV).fetchall()]

    def close(self):
        if self.con is not None:
            self.con.close()
            self.con = None


class _ProgressPoller:
    """Reports DuckDB's own query progress (0–100 %) of the running step to `callback(step, percent)`."""

    def __init__(self, con, step: str, callback: Callable | None):
        self.con, self.step, self.callback = con, step, callback
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if self.callback:
            self.callback(self.step, 0.0)
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.2):
            try:
                percent = self.con.query_progress()
            except Exception:  # the connection may be between statements
                continue
            if percent is not None and percent >= 0:
                self.callback(self.step, float(percent))

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self.callback(self.step, 100.0)


def _connect(threads: int | None, workdir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"preserve_insertion_order": True, "temp_directory": str(workdir / "spill")})
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Progress is tracked (for `query_progress`, which drives the command's rich bar) but never printed by DuckDB.
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    return con


# Canonical columns whose value in `recs` is the original text (trimmed) and so can be written back for a rejected
# row; the others (times, free text, extras) are kept verbatim for rejected rows only.
VERBATIM = {"record_id": "record_id", "id_number": "id_number", "phone": "phone", "name": "name",
            "place_code": "place_code", "destination_code": "destination_code"}


def _load_sql(source: Source, as_of: datetime.datetime, lookback_days: int) -> tuple[str, str]:
    """LOAD with the file's positional columns filled in, and the REJECTED query's original-field list."""
    cols = {f"col_{name}": source.column(name) for name in sql.TRAVEL_COLUMNS}
    by_position = {col: name for name, col in source.columns.items()}
    raw_keep, raw_out, labels = [], [], set()
    for i, header in enumerate(source.headers):
        label = str(header or f"column{i + 1}").replace("\ufeff", "").strip() or f"column{i + 1}"
        while label in labels or label in ("row", "reason"):
            label += "_"
        labels.add(label)
        quoted = '"' + label.replace('"', '""') + '"'
        canonical = by_position.get(f"c{i}")
        if canonical in VERBATIM:
            raw_out.append(f", {VERBATIM[canonical]} AS {quoted}")
        else:
            raw_keep.append(f",\n    CASE WHEN reason IS NOT NULL THEN c{i} END AS raw_{i}")
            raw_out.append(f", raw_{i} AS {quoted}")
    keys = {f"key_{name}": sql.KEY_TEXT.format(v=source.column(name))
            for name in ("phone", "place_code", "destination_code")}
    keys["key_id_number"] = sql.ID_TEXT.format(v=source.column("id_number"))
    load = sql.LOAD.format(src=source.relation, raw_keep="".join(raw_keep), **keys,
                           parse_a=sql.PARSE_TS.format(v="raw_arrived"),
                           parse_b=sql.PARSE_TS.format(v="raw_left"), as_of=ts_literal(as_of),
                           id_shape_ok=sql.ID_SHAPE_OK.format(v="id_number"),
                           id_check_ok=sql.ID_CHECK_OK.format(v="id_number"),
                           lookback_start=ts_literal(as_of - datetime.timedelta(days=int(lookback_days))), **cols)
    return load, sql.REJECTED.format(raw_out="".join(raw_out))


def _load(con, path: Path, workdir: Path, as_of, lookback_days: int, encoding: str | None = None):
    """Open the file and run LOAD: the rejected rows and the stays inside the lookback window become `recs`. The
    number of rows read comes from DuckDB's profile of that one scan instead of a second pass over the file."""
    source = open_source(con, path, workdir, sql.TRAVEL_COLUMNS, sql.REQUIRED_TRAVEL_COLUMNS,
                         one_of=("id_number", "phone"), encoding=encoding)
    load, rejected_sql = _load_sql(source, as_of, lookback_days)
    con.execute("SET enable_profiling = 'no_output'")
    try:
        con.execute(load)
    except duckdb.Error:
        con.execute("PRAGMA disable_profiling")
        raise
    return source, rejected_sql  # a transcoded copy lives in `workdir`, removed with it


def _register(con, name: str, table: pa.Table | None, schema: pa.Schema):
    if table is None:
        table = schema.empty_table()
    con.register(name + "_arrow", table.cast(schema) if table.schema != schema else table)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(name + "_arrow")


def screen(path, *, as_of: datetime.datetime, lookback_days: int, retro_days: int,
           designations: pa.Table | None, residents: pa.Table | Callable | None = None,
           regions: pa.Table | None = None, rejected_path=None, progress: Callable | None = None,
           threads: int | None = None) -> ScreeningResult:
    """Screen the pushed file at `path` at time `as_of`. Raises SourceError when the file cannot be read.

    `residents` may be a callable returning the Arrow table, so that a file that fails to open costs no export.
    Rejected rows go to `rejected_path` (default `<input>.rejected.csv`) when there are any.
    """
    path = Path(path)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=CST)
    result = ScreeningResult(as_of=as_of, lookback_days=int(lookback_days), retro_days=int(retro_days))
    workdir = Path(tempfile.mkdtemp(prefix="wangge-screen-"))
    con = _connect(threads, workdir)
    result.con = con
    clock, cpu = time.perf_counter(), time.process_time()
    try:
        with _ProgressPoller(con, "read", progress):
            try:
                source, rejected_sql = _load(con, path, workdir, as_of, lookback_days)
            except duckdb.Error as exc:
                if "unicode" not in str(exc).lower():
                    raise SourceError(f"cannot read {path.name}: {str(exc).splitlines()[0]}") from None
                # Valid UTF-8 in the sampled start, GBK further on: transcode the whole file and read it again.
                source, rejected_sql = _load(con, path, workdir, as_of, lookback_days, encoding="gb18030")
            result.extras, result.encoding = source.extras, source.encoding
            result.records_read = _rows_scanned(con)
            con.execute("PRAGMA disable_profiling")
        if result.records_read is None:
            result.records_read = con.execute(f"SELECT count(*) FROM {source.relation}").fetchall()[0][0]
        con.execute(sql.GOOD)
        result.timings["read"] = time.perf_counter() - clock
        result.timings["read_cpu"] = time.process_time() - cpu
        result.rejected = con.execute("SELECT count(*) FROM recs WHERE reason IS NOT NULL").fetchall()[0][0]
        if result.rejected:
            target = Path(rejected_path) if rejected_path else path.with_name(path.name + ".rejected.csv")
            con.execute(f"COPY ({rejected_sql}) TO {sql_string(str(target))} (FORMAT csv, HEADER true)")
            result.rejected_path = target

        if designations is not None and designations.num_rows >= 1_000_000:
            raise ValueError("at most 999,999 designations: the rule packs a code's rank into six digits")
        _register(con, "designations", designations, DESIGNATION_SCHEMA)
        clock, cpu = time.perf_counter(), time.process_time()
        with _ProgressPoller(con, "screen", progress):
            con.execute("CREATE OR REPLACE TABLE flags AS " + rule_sql(as_of, lookback_days, retro_days))
            result.people = con.execute("SELECT count(DISTINCT person_key) FROM good").fetchall()[0][0]
        result.timings["screen"] = time.perf_counter() - clock
        result.timings["screen_cpu"] = time.process_time() - cpu

        clock, cpu = time.perf_counter(), time.process_time()
        with _ProgressPoller(con, "match", progress):
            _register(con, "residents", residents() if callable(residents) else residents, RESIDENT_SCHEMA)
            _register(con, "regions", regions, REGION_SCHEMA)
            con.execute("CREATE OR REPLACE TABLE result AS " + sql.MATCH)
        result.timings["match"] = time.perf_counter() - clock
        result.timings["match_cpu"] = time.process_time() - cpu
        _count(con, result)
    except BaseException:
        result.close()
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _rows_scanned(con) -> int | None:
    """Rows produced by the scan of the last profiled query (the largest row count in its plan), or None."""
    import json

    try:
        plan = json.loads(con.get_profiling_information(format="json"))
    except Exception:  # an older/newer DuckDB without this API or format
        return None
    best = None
    stack = list(plan.get("operator") or plan.get("children") or [])
    while stack:
        node = stack.pop()
        rows = node.get("intermediate_rows", node.get("operator_cardinality"))
        if isinstance(rows, int) and node.get("type") in ("TABLE_SCAN", "READ_CSV", "ARROW_SCAN", "READ_PARQUET",
                                                             "STREAMING_WINDOW"):
            best = max(best or 0, rows)
        stack.extend(node.get("children") or [])
    return best


def _count(con, result: ScreeningResult) -> None:
    row = con.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE category = 'high'), count(*) FILTER (WHERE category = 'medium'),
               count(*) FILTER (WHERE category = 'same_city'),
               count(resident_pk), count(*) FILTER (WHERE matched_by = 'phone'),
               count(*) FILTER (WHERE resident_pk IS NULL AND routed_to IS NOT NULL),
               count(*) FILTER (WHERE resident_pk IS NULL AND routed_to IS NULL)
        FROM result""").fetchall()[0]
    result.flags = row[0]
    result.by_category = {"high": row[1], "medium": row[2], "same_city": row[3]}
    result.matched, result.matched_by_phone, result.routed, result.unroutable = row[4:8]


# ---------------------------------------------------------------------------------------------------------------
# Exports from the database (one query each, no per-row ORM objects).
# ---------------------------------------------------------------------------------------------------------------

def designations_from_db() -> pa.Table:
    from .models import RiskArea

    rows = list(RiskArea.objects.values_list("area_code", "level", "effective_from", "effective_to"))
    return designations_table(rows)


def designations_table(rows) -> pa.Table:
    """(area_code, level, effective_from, effective_to) tuples with aware or naive-CST datetimes → Arrow."""
    return pa.table({
        "area_code": pa.array([r[0] for r in rows], pa.string()),
        "level": pa.array([str(r[1]) for r in rows], pa.string()),
        "f": pa.array([to_cst_naive(r[2]) for r in rows], pa.timestamp("us")),
        "t": pa.array([to_cst_naive(r[3]) if r[3] else None for r in rows], pa.timestamp("us")),
    }, schema=DESIGNATION_SCHEMA)


def residents_from_db() -> pa.Table:
    """pk, id_number, phone, grid code of every resident. On PostgreSQL through COPY (fast for a million rows)."""
    from django.db import connection

    from wangge.people.models import Resident

    if connection.vendor == "postgresql":
        return _residents_by_copy(connection, Resident._meta.db_table)
    # One plain SELECT through the DB-API cursor: a million residents without building a million Django rows.
    table = connection.ops.quote_name(Resident._meta.db_table)
    pks, ids, phones, grids = [], [], [], []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, id_number, NULLIF(phone, ''), region_code FROM {table}")
        while rows := cursor.fetchmany(50000):
            pk, id_number, phone, grid = zip(*rows, strict=True)
            pks.extend(pk)
            ids.extend(id_number)
            phones.extend(phone)
            grids.extend(grid)
    return pa.table({"pk": pa.array(pks, pa.int64()), "id_number": pa.array(ids, pa.string()),
                     "phone": pa.array(phones, pa.string()), "grid_code": pa.array(grids, pa.string())},
                    schema=RESIDENT_SCHEMA)


def _residents_by_copy(connection, table: str) -> pa.Table:
    import pyarrow.csv as pacsv

    buffer = bytearray()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        query = (f'COPY (SELECT id, id_number, nullif(phone, \'\'), region_code FROM "{table}") '
                 "TO STDOUT WITH (FORMAT csv)")
        with cursor.copy(query) as copy:
            for block in copy:
                buffer += block
    if not buffer:
        return RESIDENT_SCHEMA.empty_table()
    return pacsv.read_csv(
        pa.BufferReader(bytes(buffer)),
        read_options=pacsv.ReadOptions(column_names=["pk", "id_number", "phone", "grid_code"]),
        convert_options=pacsv.ConvertOptions(column_types=RESIDENT_SCHEMA, strings_can_be_null=True),
    )


def regions_from_db() -> pa.Table:
    from wangge.regions.models import Region

    rows = list(Region.objects.order_by().values_list("pk", "code"))
    return pa.table({"pk": pa.array([r[0] for r in rows], pa.int64()),
                     "code": pa.array([r[1] for r in rows], pa.string())}, schema=REGION_SCHEMA)
