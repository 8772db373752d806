"""Activity for the demo on top of a generated district: a vaccination campaign and a mass-testing round as
they stood in early August 2021, so that the coverage pages have something true to show.

Vaccination: 5 fixed sites + 1 mass (方舱) site + mobile teams; adults mostly vaccinated from March to July 2021,
older people later and less, children 12–17 from late July; a few declines and medical contraindications.
Testing: one round over the town, sampled through the same sync path the terminals use, one positive pool.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from wangge.core.context import bulk_changes
from wangge.core.models import log_bulk
from wangge.people.models import Resident
from wangge.regions.models import Region

AS_OF = datetime.date(2021, 8, 6)


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def first_dose_probability(age: int) -> float:
    """Rough shares reached by early August 2021 (adults first; 60+ later and less; 12–17 just starting)."""
    if age < 12:
        return 0.0
    if age < 18:
        return 0.35
    if age < 60:
        return 0.88
    if age < 80:
        return 0.72
    return 0.45


@transaction.atomic
def seed_vaccination(region: Region, seed: int = 2021, as_of: datetime.date = AS_OF) -> dict[str, int]:
    from wangge.vaccination.actions import refresh_statuses
    from wangge.vaccination.choices import ExemptionReason, SiteKind
    from wangge.vaccination.data import ensure_products
    from wangge.vaccination.models import Dose, VaccinationSite, VaccinationStatus, VaccineProduct

    rng = random.Random(seed)
    town = region if len(region.code) <= 9 else Region.objects.get(code=region.code[:9])
    sites = [VaccinationSite(name=f"{town.name}第{i}固定接种点", kind=SiteKind.FIXED, region=town,
                             region_code=town.code, daily_capacity=600) for i in range(1, 6)]
    sites.append(VaccinationSite(name=f"{town.name}方舱接种点", kind=SiteKind.MASS, region=town,
                                 region_code=town.code, daily_capacity=3000))
    sites += [VaccinationSite(name=f"{town.name}流动接种队{i}", kind=SiteKind.MOBILE, region=town,
                              region_code=town.code, daily_capacity=200) for i in range(1, 4)]
    sites = VaccinationSite.objects.bulk_create(sites)
    ensure_products()  # a `demo --reset` flush removes what the migration created
    products = {p.code: p for p in VaccineProduct.objects.all()}
    choices = [("sinopharm-bj", 0.45), ("sinovac", 0.4), ("cansino", 0.05), ("zhifei", 0.1)]
    doses, exemptions = [], []
    residents = (Resident.objects.filter(region_code__startswith=region.code)
                 .values_list("pk", "region_code", "birth_date"))
    for pk, code, birth in residents.iterator(chunk_size=5000):
        age = _age(birth, as_of)
        if rng.random() >= first_dose_probability(age):
            if age >= 12 and rng.random() < 0.25:
                reason = ExemptionReason.MEDICAL if rng.random() < 0.3 else ExemptionReason.DECLINED
                exemptions.append(VaccinationStatus(resident_id=pk, region_code=code, exemption=reason))
            continue
        product = products[rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]]
        start = datetime.date(2021, 7, 20) if age < 18 else datetime.date(2021, 3, 1) if age < 60 else \
            datetime.date(2021, 4, 15)
        day = start + datetime.timedelta(days=rng.randrange(max(1, (as_of - start).days)))
        site = rng.choice(sites)
        for number in range(1, product.full_course_doses + 1):
            if day > as_of:
                break
            doses.append(Dose(resident_id=pk, region_code=code, dose_number=number, date=day, product=product,
                              site=site))
            day += datetime.timedelta(days=rng.randrange(21, 57))
    with bulk_changes():
        Dose.objects.bulk_create(doses, batch_size=5000)
        VaccinationStatus.objects.bulk_create(exemptions, batch_size=5000)
        vaccinated = {d.resident_id for d in doses}
        ids = sorted(vaccinated)
        for i in range(0, len(ids), 5000):
            refresh_statuses(set(ids[i:i + 5000]))
        log_bulk(Dose, len(doses), "demo: vaccination history")
    return {"sites": len(sites), "doses": len(doses), "exemptions": len(exemptions)}


def seed_testing(region: Region, user, seed: int = 2021, share: float = 0.86, pool: int = 10) -> dict[str, int]:
    """A testing round over `region`'s town: most residents sampled in pools of 10 through the sync path, the
    results back, one pool positive (its members go under temporary control)."""
    from wangge.labtests import actions
    from wangge.labtests.models import Campaign, SamplingSite, Terminal
    from wangge.labtests.sync import apply_batch

    rng = random.Random(seed)
    town = region if len(region.code) <= 9 else Region.objects.get(code=region.code[:9])
    campaign = Campaign.objects.create(name=f"{town.name}2021年8月第三轮全员核酸检测", region=town,
                                       start_date=datetime.date(2021, 8, 3), end_date=datetime.date(2021, 8, 4))
    villages = list(town.children.order_by("code")[:4])
    terminals = []
    for n, village in enumerate(villages, start=1):
        site = SamplingSite.objects.create(campaign=campaign, name=f"{village.name}采样点", region=village)
        terminals.append(Terminal.objects.create(code=f"DEMO-{n:03d}", site=site))
    start = datetime.datetime(2021, 8, 3, 7, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    people = list(Resident.objects.filter(region_code__startswith=town.code).order_by("region_code", "pk")
                  .values_list("id_number", "region_code"))
    sampled = [p for p in people if rng.random() < share]
    tubes, events, barcodes = 0, [], []
    for i in range(0, len(sampled), pool):
        terminal = terminals[(i // pool) % len(terminals)]
        barcode = f"NT0803{tubes:07d}"
        at = start + datetime.timedelta(seconds=tubes * 37 % (12 * 3600))
        events.append({"event_id": f"{barcode}-o", "type": "open_tube", "barcode": barcode, "pool_size": pool,
                       "at": at.isoformat(), "terminal": terminal.code})
        for k, (id_number, _code) in enumerate(sampled[i:i + pool]):
            events.append({"event_id": f"{barcode}-{k}", "type": "add_person", "barcode": barcode,
                           "id_number": id_number, "at": (at + datetime.timedelta(seconds=k + 1)).isoformat(),
                           "terminal": terminal.code})
        events.append({"event_id": f"{barcode}-c", "type": "close_tube", "barcode": barcode,
                       "at": (at + datetime.timedelta(seconds=pool + 2)).isoformat(), "terminal": terminal.code})
        barcodes.append(barcode)
        tubes += 1
    for i in range(0, len(events), 2000):
        apply_batch(user, terminals[0].code, events[i:i + 2000])
    tested = start + datetime.timedelta(hours=14)
    positive = rng.choice(barcodes) if barcodes else None
    rows = [actions.ResultRow(b, "positive" if b == positive else "negative", tested, "海门区疾控中心")
            for b in barcodes]
    summary = actions.do_record_results(user, rows)
    return {"campaign": campaign.pk, "tubes": tubes, "sampled": len(sampled), "controlled": summary.controlled}


DEMO_SCREENING_AT = datetime.datetime(2021, 8, 5, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def write_demo_push(path, town: Region, seed: int = 2021) -> int:
    """A pushed list (formats.md travel_records.csv) as the province sent them in early August 2021: residents
    of `town` who stayed in the Nanjing and Yangzhou areas of the shipped timeline, some elsewhere in those
    cities (same city), some in places with no designation, and people unknown to the registry whose
    destination is a village of the town (to be found on the ground, 落地查人)."""
    import csv

    from wangge.simulate.synth import make_id, random_name, random_phone

    rng = random.Random(seed)
    cst = datetime.timezone(datetime.timedelta(hours=8))
    people = list(Resident.objects.filter(region_code__startswith=town.code).order_by("pk")
                  .values_list("id_number", "phone", "name")[:4000])
    rng.shuffle(people)
    villages = list(town.children.values_list("code", flat=True))
    places = [("320115005001", "南京市江宁区禄口街道"), ("320115002", "南京市江宁区秣陵街道"),
              ("321003003002", "扬州市邗江区汊河街道"), ("321003004", "扬州市邗江区蒋王街道"),
              ("320115009", "南京市江宁区某街道（未列风险区）"), ("320583", "苏州市昆山市（无风险区）")]
    weights = [6, 3, 3, 2, 4, 3]
    rows = []

    def stay():
        arrived = datetime.datetime(2021, 7, 24, 8, tzinfo=cst) + datetime.timedelta(hours=rng.randrange(0, 260))
        left = arrived + datetime.timedelta(hours=rng.randrange(2, 72))
        return arrived.isoformat(), left.isoformat() if rng.random() < 0.9 else ""

    for n, (id_number, phone, name) in enumerate(people[:80]):
        code, place = rng.choices(places, weights)[0]
        arrived, left = stay()
        by_phone_only = rng.random() < 0.15 and phone
        rows.append([f"P{n:05d}", "" if by_phone_only else id_number, phone, name, code, place, arrived, left,
                     "", rng.choice(["telecom", "rail", "highway", "declaration"])])
    for n in range(15):
        code, place = places[n % 4]
        arrived, left = stay()
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
        rows.append([f"U{n:05d}", make_id("320115", born, rng.randrange(1000)), random_phone(rng),
                     random_name(rng), code, place, arrived, left, rng.choice(villages) if villages else "",
                     "telecom"])
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["record_id", "id_number", "phone", "name", "place_code", "place_name", "arrived_at",
                         "left_at", "destination_code", "source"])
        writer.writerows(rows)
    return len(rows)
