"""The import framework: every `wangge import_*` command reads its file through here (formats.md, general rules).

- `read_table(path)` opens a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, detected strictly) or the first sheet of
  an .xlsx and yields the header and then the data rows as lists of strings.
- An `Importer` subclass declares its `columns` (English name + Chinese aliases), a natural `key`, `clean()`
  (one row → a dict, or `RowError(reason)`) and `save()` (a batch of cleaned rows → (created, updated), set-based,
  idempotent). `Importer.run()` does the rest: header mapping, duplicate keys inside the file, the rejected-rows
  file, batches committed in their own transaction with one change-log event each, and a rich progress bar.
- A bad row never stops the import and never half-writes; a file that cannot be read raises `FileError`.
- Outside a transaction, batches are committed on a second thread (`BatchWriter`) while the next batch is read
  and checked; `clean()` must therefore not use the database (load lookups in `prepare()`), and `save()` must
  not rely on state that `clean()` changes later.
- For big files `save()` should be set-based with the helpers of `core.bulk`: `fetch_by_keys()` (one query for
  a batch's stored rows), `fast_insert()` (COPY on PostgreSQL, executemany on SQLite; fill derived columns
  yourself, no `save()` or signals run), `bulk_update()` with only the changed fields. `run()` writes one
  `log_bulk` event per batch that changed something (and none for a batch of unchanged rows).

Example::

    class ThingImporter(Importer):
        model = Thing
        key = "code"
        columns = [Column("code", ("编码",), required=True), Column("name", ("名称",))]

        def clean(self, row, rownum):
            if not row["code"]:
                raise RowError(_("编码为空"))
            return {"code": row["code"], "name": row["name"]}

        def save(self, rows):
            ...  # one query for the existing keys, bulk_create the new, bulk_update the changed
            return created, updated
"""

from __future__ import annotations

import codecs
import collections
import contextvars
import csv
import datetime
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils.translation import gettext as _

from .bulk import ANALYZE_AFTER, refresh_statistics
from .context import bulk_changes

CST = datetime.timezone(datetime.timedelta(hours=8), "CST")
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK, which Chinese Excel writes
CHUNK = 1 << 20


class RowError(Exception):
    """A bad row: the message becomes the row's `reason` in the rejected-rows file."""


class FileError(Exception):
    """The file itself cannot be imported (missing, unreadable, unknown encoding or format, missing required
    column, empty); the command prints the message on one line and exits with status 2."""


@dataclass
class Column:
    """An input column: its English name (the key in the row dict), accepted aliases, and whether it is required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def label(self) -> str:
        return f"{self.name}（{self.aliases[0]}）" if self.aliases else self.name


@dataclass
class ImportResult:
    """What an import did: rows read, created (`imported`), updated, unchanged and rejected."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    extra_columns: list[str] = field(default_factory=list)
    rejected_path: Path | None = None


# ---------------------------------------------------------------------------------------------------- reading


class Table:
    """An opened input file: `headers`, an iterator of `rows`, and a rough `position()` / `total` for progress."""

    def __init__(self, headers: list[str], rows: Iterator[list[str]], total: int, position):
        self.headers = headers
        self.rows = rows
        self.total = total
        self.position = position


def detect_encoding(path: Path) -> str:
    """The first of UTF-8 (with or without BOM) and GB18030 that decodes the whole file strictly."""
    with open(path, "rb") as f:
        for encoding in ENCODINGS:
            f.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)("strict")
            try:
                while chunk := f.read(CHUNK):
                    if b"\x00" in chunk:  # UTF-16 or a binary file: nothing we read
                        raise UnicodeDecodeError(encoding, chunk, 0, 1, "NUL byte")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    raise FileError(_("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件"))


def _sniff_delimiter(first_line: str) -> str:
    if "," not in first_line and "\t" in first_line:
        return "\t"
    return ","


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    f = open(path, encoding=encoding, newline="")  # noqa: SIM115  (closed by the generator below)
    first = f.readline()
    f.seek(0)
    reader = csv.reader(f, delimiter=_sniff_delimiter(first))
    try:
        headers = next(reader)
    except StopIteration:
        f.close()
        raise FileError(_("文件为空")) from None
    except csv.Error as exc:
        f.close()
        raise FileError(_("无法读取 CSV 文件：%(error)s") % {"error": exc}) from None

    def rows():
        try:
            yield from reader
        except csv.Error as exc:
            raise FileError(_("CSV 文件第 %(line)d 行格式错误：%(error)s") % {"line": reader.line_num, "error": exc}
                            ) from None
        finally:
            f.close()

    return Table(headers, rows(), path.stat().st_size, lambda: f.buffer.tell() if not f.closed else 0)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = [_cell_text(v) for v in next(values)]
    except StopIteration:
        workbook.close()
        raise FileError(_("文件为空")) from None
    counter = {"n": 0}

    def rows():
        try:
            for row in values:
                counter["n"] += 1
                yield [_cell_text(v) for v in row]
        finally:
            workbook.close()

    total = max((sheet.max_row or 1) - 1, 0)
    return Table(headers, rows(), total, lambda: counter["n"])


def open_table(path) -> Table:
    """Open a CSV or .xlsx file for reading; `FileError` when it is missing, empty or in an unknown format."""
    path = Path(path)
    if not path.is_file():
        raise FileError(_("文件不存在：%(path)s") % {"path": path})
    if not os.access(path, os.R_OK):
        raise FileError(_("无法读取文件：%(path)s") % {"path": path})
    with open(path, "rb") as f:
        magic = f.read(8)
    if not magic.strip():
        raise FileError(_("文件为空"))
    if magic.startswith(b"PK\x03\x04"):
        return _open_xlsx(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(_("不支持旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV"))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise FileError(_("无法读取 Excel 文件：%(path)s") % {"path": path})
    return _open_csv(path)


def read_table(path) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows) of a CSV (UTF-8, UTF-8-BOM, GBK/GB18030 detected) or the first sheet of an .xlsx."""
    table = open_table(path)
    return table.headers, table.rows


# ---------------------------------------------------------------------------------------------------- values

_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")


def parse_datetime_cst(value, field: str = "") -> datetime.datetime:
    """An aware datetime from ISO 8601 text: no offset means China Standard Time (+08:00), a bare date 00:00.

    `field` names the column in the RowError message, e.g. "到达时间"."""
    field = field or _("时间")
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time())
    else:
        text = (value or "").strip()
        if not text:
            raise RowError(_("%(field)s为空") % {"field": field})
        try:
            parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        except ValueError:
            raise RowError(_("%(field)s格式无效：%(value)s（应为 ISO 8601，如 2022-01-05T08:30）")
                           % {"field": field, "value": text}) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CST)
    return parsed


def parse_bool(value: str, field: str = "") -> bool:
    """`1/0`, `true/false`, `是/否` (empty = false)."""
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "否", "n", "no"):
        return False
    if text in ("1", "true", "是", "y", "yes"):
        return True
    raise RowError(_("%(field)s应为 1/0、true/false 或 是/否，实际为：%(value)s") % {"field": field, "value": value})


# ---------------------------------------------------------------------------------------------------- importer


class Importer:
    """Base of every import: subclasses set `model`, `columns`, `key` and implement `clean()` and `save()`."""

    model = None
    columns: list[Column] = []
    key: str | None = None
    batch_size: int | None = None
    threaded = True  # save batches on a second thread when possible (see BatchWriter)

    def __init__(self, batch_size: int | None = None):
        self.batch_size = batch_size or self.batch_size or settings.WANGGE_IMPORT_BATCH
        self.source_name = ""

    # Hooks for subclasses -----------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Called once after the header is read and before the first row: load lookup caches here."""

    def clean(self, row: dict[str, str], rownum: int) -> dict:
        """Validate and convert one row (values are stripped strings, "" when absent); raise RowError."""
        return dict(row)

    def save(self, rows: list[dict]) -> tuple[int, int]:
        """Upsert a batch of cleaned rows inside the caller's transaction; return (created, updated).

        Raising RowError (or a DatabaseError) rolls the batch back; its rows are then saved one by one and the
        failing ones rejected with the error's message."""
        raise NotImplementedError

    # Machinery ----------------------------------------------------------------------------------------------

    def map_headers(self, headers: list[str]) -> tuple[dict[str, int], list[str]]:
        """{column name: index in the file} and the extra (ignored) header names."""
        lookup = {}
        for column in self.columns:
            for alias in (column.name, *column.aliases):
                lookup[alias.strip().lower()] = column.name
        mapping, extra = {}, []
        for index, header in enumerate(headers):
            text = (header or "").replace("\ufeff", "").strip()
            if not text:
                continue
            name = lookup.get(text.lower())
            if name is None:
                extra.append(text)
            elif name in mapping:
                raise FileError(_("列“%(column)s”出现了两次") % {"column": text})
            else:
                mapping[name] = index
        missing = [c.label for c in self.columns if c.required and c.name not in mapping]
        if missing:
            raise FileError(_("缺少必需的列：%(columns)s") % {"columns": "、".join(missing)})
        return mapping, extra

    def run(self, path, rejected_path=None, progress=False) -> ImportResult:
        """Import a file; raises FileError before writing anything when the file cannot be read."""
        path = Path(path)
        table = open_table(path)
        mapping, extra = self.map_headers(table.headers)
        self.source_name = path.name
        result = ImportResult(extra_columns=extra)
        rejected_path = Path(rejected_path) if rejected_path else path.with_name(path.name + ".rejected.csv")
        rejects = RejectedWriter(rejected_path, table.headers)
        self.prepare()
        with _progress_bar(progress, table) as advance, BatchWriter(self, result, rejects) as writer:
            self._run_rows(table, mapping, result, rejects, advance, writer)
        rejects.close(remove_stale=not result.rejected)
        result.rejected_path = rejected_path if result.rejected else None
        if result.imported + result.updated >= ANALYZE_AFTER:
            refresh_statistics(self.model)
        return result

    def _run_rows(self, table: Table, mapping: dict[str, int], result: ImportResult, rejects, advance,
                  writer: BatchWriter) -> None:
        items = list(mapping.items())
        width_needed = max(mapping.values(), default=-1) + 1
        absent = {c.name: "" for c in self.columns if c.name not in mapping}
        seen: dict[str, int] = {}  # key → row number of its first occurrence
        batch: list[tuple[int, list[str], dict]] = []
        for rownum, raw in enumerate(table.rows, start=1):
            if not raw or (not raw[0] and not "".join(raw).strip()):
                continue  # blank lines (Excel leaves them at the end) are not rows
            result.read += 1
            if len(raw) >= width_needed:
                row = {name: raw[index].strip() for name, index in items}
            else:
                row = {name: raw[index].strip() if index < len(raw) else "" for name, index in items}
            if absent:
                row.update(absent)
            try:
                cleaned = self.clean(row, rownum)
                if self.key is not None:
                    value = cleaned[self.key]
                    first = seen.setdefault(value, rownum)
                    if first != rownum:
                        raise RowError(_("与第 %(row)d 行重复：%(key)s") % {"row": first, "key": value})
            except RowError as exc:
                rejects.write(rownum, str(exc), raw)
                result.rejected += 1
                continue
            batch.append((rownum, raw, cleaned))
            if len(batch) >= self.batch_size:
                writer.submit(batch)
                batch = []
                advance(table.position())
        if batch:
            writer.submit(batch)
        writer.wait()
        advance(table.total)

    def save_batch(self, batch: list[tuple[int, list[str], dict]]) -> tuple[int, int, list[tuple[int, str, list]]]:
        """Commit one batch: (created, updated, [(rownum, reason, raw) of rows the database refused])."""
        try:
            created, updated = self._commit([cleaned for _, _, cleaned in batch])
            return created, updated, []
        except (DatabaseError, RowError):
            pass
        # Something only the database (or save()) noticed, e.g. a constraint: find the row(s) one by one.
        created = updated = 0
        refused = []
        for rownum, raw, cleaned in batch:
            try:
                c, u = self._commit([cleaned])
            except RowError as exc:
                refused.append((rownum, str(exc), raw))
                continue
            except DatabaseError as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                refused.append((rownum, _("数据库拒绝写入：%(error)s") % {"error": reason}, raw))
                continue
            created += c
            updated += u
        return created, updated, refused

    def _commit(self, rows: list[dict]) -> tuple[int, int]:
        with transaction.atomic(), bulk_changes():
            created, updated = self.save(rows)
            if (created or updated) and self.model is not None:
                from .models import log_bulk

                log_bulk(self.model, created + updated,
                         _("导入 %(file)s：新增 %(created)d，更新 %(updated)d")
                         % {"file": self.source_name, "created": created, "updated": updated},
                         after={"file": self.source_name, "created": created, "updated": updated})
        return created, updated


class BatchWriter:
    """Commits batches in order, on a second thread when it can, so that reading and checking the next batch
    (Python) overlaps with the database writing this one (the server, or SQLite's C code without the GIL).

    Only outside a transaction (a caller's atomic block would not be visible to another connection) and on a
    database another connection can reach; at most two batches wait, so memory stays bounded."""

    def __init__(self, importer: Importer, result: ImportResult, rejects: RejectedWriter):
        self.importer = importer
        self.result = result
        self.rejects = rejects
        self.pending = collections.deque()
        self.executor = None
        reachable = connection.vendor == "postgresql" or (
            connection.vendor == "sqlite" and not connection.is_in_memory_db())
        if importer.threaded and reachable and not connection.in_atomic_block:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wangge-import")

    def __enter__(self):
        return self

    def submit(self, batch) -> None:
        if self.executor is None:
            self._apply(batch, self.importer.save_batch(batch))
            return
        # Each task runs in a copy of this thread's context: the acting user and request id go with it.
        future = self.executor.submit(contextvars.copy_context().run, self.importer.save_batch, batch)
        self.pending.append((batch, future))
        while len(self.pending) >= 2:
            self._collect()

    def wait(self) -> None:
        while self.pending:
            self._collect()

    def _collect(self) -> None:
        batch, future = self.pending.popleft()
        self._apply(batch, future.result())

    def _apply(self, batch, outcome) -> None:
        created, updated, refused = outcome
        for rownum, reason, raw in refused:
            self.rejects.write(rownum, reason, raw)
        self.result.imported += created
        self.result.updated += updated
        self.result.rejected += len(refused)
        self.result.unchanged += len(batch) - len(refused) - created - updated

    def __exit__(self, exc_type, exc, tb):
        if self.executor is not None:
            try:
                if exc_type is None:
                    self.wait()
                else:
                    for _batch, future in self.pending:
                        future.cancel()
            finally:
                self.executor.submit(connections.close_all).result()
                self.executor.shutdown(wait=True)
        return False


class RejectedWriter:
    """The rejected-rows CSV: `row`, `reason`, then the original fields; UTF-8 with BOM so that Excel opens it.

    Opened on the first rejected row only; a stale file from an earlier run is removed when nothing is rejected."""

    def __init__(self, path: Path, headers: list[str]):
        self.path = path
        self.headers = headers
        self.file = None
        self.writer = None

    def write(self, rownum: int, reason: str, raw: list[str]) -> None:
        if self.writer is None:
            try:
                self.file = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            except OSError as exc:
                raise FileError(_("无法写入被拒绝行文件：%(error)s") % {"error": exc}) from None
            self.writer = csv.writer(self.file)
            self.writer.writerow(["row", "reason", *self.headers])
        self.writer.writerow([rownum, reason, *raw])

    def close(self, remove_stale: bool = False) -> None:
        if self.file is not None:
            self.file.close()
        elif remove_stale and self.path.exists():
            self.path.unlink()


class _progress_bar:  # noqa: N801  (used as a context manager)
    """A rich progress bar on stderr when asked for; otherwise a no-op `advance`."""

    def __init__(self, enabled: bool, table: Table):
        self.enabled = enabled
        self.table = table
        self.progress = None

    def __enter__(self):
        if not self.enabled:
            return lambda position: None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn(_("导入中")), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        task = self.progress.add_task("import", total=self.table.total or None)
        return lambda position: self.progress.update(task, completed=position)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False
