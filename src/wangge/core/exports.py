"""CSV and xlsx exports of a queryset: masked unless the user may reveal, and always written to the access log.

CSV is UTF-8 with a BOM, so that Chinese Excel opens it without mojibake, and is streamed row by row.
xlsx uses openpyxl's write-only mode (rows go to a temporary file, not to memory) and is then streamed.
"""

import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext

from .models import AccessKind, log_access

CHUNK = 2000


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer inside a streaming response."""

    def write(self, value):
        return value


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float | datetime.date):
        return value
    return force_str(value)


def rows(queryset, columns, reveal):
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield [_plain(c.value(obj, reveal)) for c in columns]


def csv_stream(queryset, columns, reveal):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([force_str(c.label) for c in columns])
    for row in rows(queryset, columns, reveal):
        yield writer.writerow(row)


def xlsx_file(queryset, columns, reveal, title="export"):
    """Write the rows into a temporary xlsx file (write-only mode: constant memory) and return it, rewound."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([force_str(c.label) for c in columns])
    for row in rows(queryset, columns, reveal):
        sheet.append(row)
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(queryset, columns, *, fmt, user, name="export", query=""):
    """The download of `queryset` as `fmt` ("csv" or "xlsx"), logged as an export with its count and query."""
    reveal = bool(getattr(user, "can_reveal", False))
    count = queryset.count()
    log_access(AccessKind.EXPORT, queryset.model, fields=",".join(c.name for c in columns), count=count,
               query=query, masked=not reveal)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{name}-{stamp}.{fmt}"
    if fmt == "xlsx":
        handle = xlsx_file(queryset, columns, reveal, title=name)
        return FileResponse(handle, as_attachment=True, filename=filename,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = StreamingHttpResponse(csv_stream(queryset, columns, reveal), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
