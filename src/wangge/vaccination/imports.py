"""doses.csv → Dose rows (same import rules as residents): id_number, dose_number, date, product, site.

Natural key: (ID number, dose number). A dose number that goes backwards or skips, or a date before the
previous dose, is rejected with the reason; a re-import of the same file changes nothing."""

from django.utils.translation import gettext as _

from wangge.core.ids import InvalidID, normalize_id
from wangge.core.imports import Column, Importer, RowError, parse_datetime_cst
from wangge.people.models import Resident

from .actions import DoseError, check_next_dose, refresh_statuses
from .models import Dose, VaccinationSite, VaccineProduct


class DoseImporter(Importer):
    model = Dose
    key = "natural_key"
    columns = [
        Column("id_number", ("身份证号",), required=True),
        Column("dose_number", ("剂次",), required=True),
        Column("date", ("接种日期",), required=True),
        Column("product", ("疫苗", "疫苗产品"), required=True),
        Column("site", ("接种点",)),
    ]

    def prepare(self):
        self.products = {}
        for product in VaccineProduct.objects.all():
            for alias in (product.code, product.name, product.manufacturer):
                self.products[alias.strip().lower()] = product
        self.sites = {s.name: s for s in VaccinationSite.objects.all()}

    def clean(self, row, rownum):
        """The row on its own (no database access here: batches are written on another thread)."""
        try:
            id_number = normalize_id(row["id_number"])
        except InvalidID as exc:
            raise RowError(str(exc)) from None
        try:
            dose_number = int(row["dose_number"])
        except ValueError:
            raise RowError(_("Dose number must be a whole number: %(v)s") % {"v": row["dose_number"]}) from None
        date = parse_datetime_cst(row["date"], _("vaccination date")).date()
        product = self.products.get(row["product"].strip().lower())
        if product is None:
            raise RowError(_("Unknown vaccine product: %(v)s") % {"v": row["product"]})
        site = None
        if row["site"]:
            site = self.sites.get(row["site"])
            if site is None:
                raise RowError(_("Unknown vaccination site: %(v)s") % {"v": row["site"]})
        return {"natural_key": f"{id_number}/{dose_number}", "id_number": id_number, "dose_number": dose_number,
                "date": date, "product": product, "site": site}

    def save(self, rows):
        """Check each dose against the person's stored doses (and earlier rows of the batch), then insert.
        A RowError rolls the batch back; the framework then saves it row by row and rejects the bad rows."""
        residents = dict(Resident.objects.filter(id_number__in={r["id_number"] for r in rows})
                         .values_list("id_number", "pk"))
        regions = dict(Resident.objects.filter(pk__in=residents.values()).values_list("pk", "region_code"))
        doses: dict[int, list] = {}
        for rid, n, date, product_id in (Dose.objects.filter(resident_id__in=residents.values())
                                         .order_by("dose_number").values_list("resident_id", "dose_number", "date",
                                                                              "product_id")):
            doses.setdefault(rid, []).append((n, date, product_id))
        new = []
        for row in rows:
            rid = residents.get(row["id_number"])
            if rid is None:
                raise RowError(_("No resident with this ID number in the registry."))
            mine = doses.setdefault(rid, [])
            known = {d[0]: d for d in mine}
            if row["dose_number"] in known:
                if known[row["dose_number"]][1:] == (row["date"], row["product"].pk):
                    continue  # the same dose again: unchanged
                raise RowError(_("Dose %(n)s is already recorded with another date or product; correct it on the "
                                 "resident's page.") % {"n": row["dose_number"]})
            try:
                check_next_dose([(d[0], d[1]) for d in mine], row["dose_number"], row["date"])
            except DoseError as exc:
                raise RowError(str(exc)) from None
            mine.append((row["dose_number"], row["date"], row["product"].pk))
            new.append(Dose(resident_id=rid, region_code=regions[rid], dose_number=row["dose_number"],
                            date=row["date"], product=row["product"], site=row["site"]))
        Dose.objects.bulk_create(new)
        refresh_statuses({d.resident_id for d in new})
        return len(new), 0
