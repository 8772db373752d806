"""Opening a pushed file (CSV in UTF-8 / UTF-8 with BOM / GBK / GB18030, xlsx, Parquet) as a DuckDB relation.

The relation has the file's columns by position, all VARCHAR, named c0, c1, …; `Source.columns` maps the
canonical names of formats.md (English or Chinese headers) to those positions. Nothing here loops over rows in
Python except the xlsx reader (openpyxl is row-based; an xlsx sheet holds at most about a million rows).
"""

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

SAMPLE_BYTES = 1 << 20


class SourceError(Exception):
    """The file itself cannot be read (missing, unknown format, missing required column): exit code 2."""


@dataclass
class Source:
    relation: str  # the SQL name of the relation (a view or registered Arrow table)
    headers: list[str]  # original header names, by position
    columns: dict[str, str] = field(default_factory=dict)  # canonical name → positional column (c0, …)
    extras: list[str] = field(default_factory=list)  # header names that are not ours (ignored, reported once)
    encoding: str = ""
    cleanup: list[Path] = field(default_factory=list)

    def column(self, name: str) -> str:
        """The positional column holding `name`, or a typed NULL when the file lacks it."""
        return self.columns.get(name, "CAST(NULL AS VARCHAR)")


def normalize_header(value) -> str:
    return str(value if value is not None else "").replace("\ufeff", "").strip().lower()


def map_headers(headers: list[str], aliases: dict[str, str], required: tuple[str, ...],
                one_of: tuple[str, ...] = ()) -> tuple[dict[str, str], list[str]]:
    """canonical name → positional column, plus the extra header names. Raises SourceError on a missing column."""
    lookup = {}
    for canonical, chinese in aliases.items():
        lookup[canonical.lower()] = canonical
        lookup[chinese] = canonical
    columns, extras = {}, []
    for i, header in enumerate(headers):
        canonical = lookup.get(normalize_header(header))
        if canonical and canonical not in columns:
            columns[canonical] = f"c{i}"
        elif header not in (None, ""):
            extras.append(str(header))
    missing = [name for name in required if name not in columns]
    if missing:
        raise SourceError("missing required column: " + ", ".join(f"{m} [{aliases[m]}]" for m in missing))
    if one_of and not any(name in columns for name in one_of):
        raise SourceError("the file needs at least one of the columns: " +
                          ", ".join(f"{m} [{aliases[m]}]" for m in one_of))
    return columns, extras


def detect_encoding(path: Path) -> str:
    """'utf-8' (with or without BOM) or 'gb18030' (a superset of GBK, what Chinese Excel writes)."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a character cut at the sample's end is not an error
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def transcode_to_utf8(path: Path, encoding: str, directory: Path) -> Path:
    """Stream a GBK/GB18030 file into a UTF-8 copy that DuckDB can read natively."""
    target = directory / (path.stem + ".utf8.csv")
    with open(path, encoding=encoding, newline="") as src, open(target, "w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    return target


def csv_header(path: Path, encoding: str) -> tuple[list[str], str]:
    """The header fields and the delimiter (a comma; a tab when the header line has tabs and no comma)."""
    with open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as fh:
        first = fh.readline()
        delimiter = "\t" if "," not in first and "\t" in first else ","
        try:
            return next(csv.reader([first], delimiter=delimiter)), delimiter
        except StopIteration:
            raise SourceError("the file is empty") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise SourceError(f"cannot read the header: {exc}") from None


def sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def open_csv(con, path: Path, workdir: Path, name: str, encoding: str | None = None) -> Source:
    encoding = encoding or detect_encoding(path)
    cleanup = []
    if encoding != "utf-8":
        path = transcode_to_utf8(path, encoding, workdir)
        cleanup.append(path)
    headers, delimiter = csv_header(path, "utf-8")
    if not any(h.strip() for h in headers):
        raise SourceError("the file is empty")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers))) + "}"
    # Explicit dialect and column types: no sniffing of a large file, every field read as text and parsed in SQL.
    con.execute(
        f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_csv({sql_string(str(path))}, header = true, "
        f"auto_detect = false, delim = {sql_string(delimiter)}, quote = '\"', escape = '\"', columns = {columns}, "
        f"null_padding = true, strict_mode = false, max_line_size = 1048576)"
    )
    return Source(name, headers, encoding=encoding, cleanup=cleanup)


def cell_text(value) -> str | None:
    """An xlsx cell as the text a CSV would hold: times in ISO 8601, whole numbers without '.0'."""
    import datetime

    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_xlsx(con, path: Path, name: str) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SourceError(f"cannot open the workbook: {exc}") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        headers = [cell_text(v) or "" for v in next(rows, [])]
        if not headers:
            raise SourceError("the first sheet is empty")
        data = [[] for _ in headers]
        for row in rows:
            if all(v is None for v in row):
                continue
            for i in range(len(headers)):
                data[i].append(cell_text(row[i]) if i < len(row) else None)
    finally:
        book.close()
    table = pa.table({f"c{i}": pa.array(col, type=pa.string()) for i, col in enumerate(data)})
    con.register(name + "_arrow", table)
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {name}_arrow")
    return Source(name, headers, encoding="xlsx")


def open_parquet(con, path: Path, name: str) -> Source:
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({sql_string(str(path))})").fetchall()
    except Exception as exc:
        raise SourceError(f"cannot read the Parquet file: {exc}") from None
    headers = [row[0] for row in described]
    select = ", ".join(f'CAST("{h.replace(chr(34), chr(34) * 2)}" AS VARCHAR) AS c{i}' for i, h in enumerate(headers))
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT {select} FROM read_parquet({sql_string(str(path))})")
    return Source(name, headers, encoding="parquet")


def open_source(con, path, workdir: Path, aliases: dict[str, str], required: tuple[str, ...],
                one_of: tuple[str, ...] = (), name: str = "src", encoding: str | None = None) -> Source:
    """Register `path` as relation `name` in the DuckDB connection `con`; raises SourceError."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv") or suffix == "":
        source = open_csv(con, path, workdir, name, encoding)
    elif suffix == ".xlsx":
        source = open_xlsx(con, path, name)
    elif suffix in (".parquet", ".pq"):
        source = open_parquet(con, path, name)
    else:
        raise SourceError(f"unknown file format {suffix!r}: use .csv, .xlsx or .parquet")
    source.columns, source.extras = map_headers(source.headers, aliases, required, one_of)
    return source


__all__ = ["Source", "SourceError", "open_source", "map_headers", "detect_encoding", "sql_string"]
