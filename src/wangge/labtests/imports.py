"""tube results (barcode, result, tested time, lab) → Tube.result, with the positive-pool fan-out."""

from django.utils.translation import gettext as _

from wangge.core.imports import Column, Importer, RowError, parse_datetime_cst

from . import actions
from .choices import RESULT_ALIASES
from .models import Tube
from .sync import BARCODE_RE


class TubeResultImporter(Importer):
    model = Tube
    key = "barcode"
    columns = [
        Column("barcode", ("试管条码", "条码"), required=True),
        Column("result", ("结果", "检测结果"), required=True),
        Column("tested_at", ("检测时间",), required=True),
        Column("lab", ("检测机构", "实验室")),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.summary = actions.ResultSummary(unknown=[])

    def prepare(self):
        # One round of a district is ~100,000 tubes: the set of barcodes fits in memory and saves a query a row.
        self.known = set(Tube.objects.values_list("barcode", flat=True))
        self.times = {}  # a lab's file repeats a handful of tested times: parse each once

    def clean(self, row, rownum):
        barcode = row["barcode"]
        if not BARCODE_RE.match(barcode):
            raise RowError(_("Malformed tube barcode: %(b)s") % {"b": barcode})
        if barcode not in self.known:
            raise RowError(_("Unknown tube: %(b)s") % {"b": barcode})
        result = RESULT_ALIASES.get(row["result"].strip().lower())
        if result is None:
            raise RowError(_("Unknown result %(r)s (use negative/positive/invalid or 阴性/阳性/无效)")
                           % {"r": row["result"]})
        tested_at = self.times.get(row["tested_at"])
        if tested_at is None:
            tested_at = self.times[row["tested_at"]] = parse_datetime_cst(row["tested_at"], _("tested time"))
        return {"barcode": barcode, "result": result, "tested_at": tested_at, "lab": row["lab"][:100]}

    def save(self, rows):
        summary = actions.do_record_results(self.user, [actions.ResultRow(**r) for r in rows])
        for name in ("controlled", "released", "confirmed"):
            setattr(self.summary, name, getattr(self.summary, name) + getattr(summary, name))
        return 0, summary.updated
