#!/usr/bin/env python
"""Benchmark: the command centre (区域治理现代化指挥中心) with a million residents and the other apps' data loaded, on
SQLite and PostgreSQL, against plain SQL for the same figures in the same run.

    .venv/bin/python bench/command_centre.py                                   # full size (the lead runs this)
    .venv/bin/python bench/command_centre.py --residents 20000 --followups 2000 --orders 20000   # smoke run

For each engine, on a fresh database (PostgreSQL `wangge_bench_cc`, a fresh SQLite file in bench/data/), with the
clock at --day (WANGGE_TODAY):
1. data, untimed: the district of bench/import_residents.py (`generate_data`: `wangge generate_district`, cut or
   topped up to --residents) through `wangge import_regions`, `wangge import_boundaries` (the generator's tiling,
   simulate/boundaries.py) and `wangge import_residents`; --followups people under
   follow-up with their plans and yesterday's tasks (bench/worker.py `build`, spread over the district's grids),
   90 % then matched to residents, and one worker pass for the day; a testing round (one district-wide campaign
   over yesterday and today, a site and a terminal per village, 86 % of residents in pools of 10, results through
   `do_record_results` with a few positive pools); vaccination doses and statuses (`simulate.activity.
   seed_vaccination`, per town); --orders 12345 work orders over --hotline-days days (`simulate.hotline.
   generate`); then ANALYZE;
2. `wangge refresh_indicators --day D` in a child process (--refresh-runs times): wall seconds and the command's
   own milliseconds; then today's stored rows are copied to the 13 days before (untimed) so the trends read 14
   stored days;
3. --requests requests each, Django test client logged in as the district admin: the district page
   `/dashboard/`, a town page, the figures of all grids `/api/dashboard/figures/?level=grid`, the map's GeoJSON of
   all grids `/api/dashboard/map/?level=grid` (skipped with the reason when it answers 404) and the big screen's
   data `/api/dashboard/screen/`: median and p95 ms (targets: pages < 300 ms, big-screen data < 200 ms);
4. plain SQL on a DB-API cursor, for the district's towns, the town's villages and all grids: (a) the registered
   indicators' own grouped queries, captured as the ORM sends them and replayed; (b) hand-written grouped COUNT
   queries over the base tables (one per table, FILTER aggregates); (c) the plain read of the stored snapshot
   rows each page needs. Ratios page / plain SQL.
Writes bench/results/command_centre.json.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import import_residents as ir  # noqa: E402  (bench/import_residents.py: data generation, child processes)

ROOT = ir.ROOT
DATA = ir.DATA
RESULTS = ir.RESULTS
WANGGE = ir.WANGGE
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "wangge_bench_cc"
DEFAULT_DAY = "2021-08-20"
TARGETS = {"page_median_ms": 300, "screen_data_median_ms": 200}


# ---------------------------------------------------------------------------------------------------- parent


def fresh_database(engine: str) -> str:
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "command_centre.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return ir.sqlite_url(path)


def drop_database(engine: str) -> None:
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATA / 'command_centre.sqlite3'}{suffix}").unlink(missing_ok=True)


def child_json(args: list[str], env: dict) -> dict:
    run = ir.timed_child([sys.executable, __file__, *args], env)
    return json.loads(run["stdout"].splitlines()[-1])


def boundaries_file(source: str, args, env: dict) -> Path | None:
    """The generated district's boundaries (simulate/boundaries.py), written next to its CSVs when missing; None
    for the simple tree (its codes are not the generator's)."""
    if not source.startswith("generate_district"):
        return None
    scale = "small" if "small" in source else "full"
    path = DATA / f"district_{scale}_{args.seed}" / "boundaries.geojson"
    if not path.exists():
        ir.timed_child([sys.executable, __file__, "--phase", "boundaries", "--scale", scale, "--geojson", str(path)],
                       env)
    return path


def run_engine(engine: str, regions: Path, residents: Path, source: str, args) -> dict:
    env = ir.bench_env(fresh_database(engine))
    env["WANGGE_TODAY"] = args.day
    started = time.perf_counter()
    subprocess.run([*WANGGE, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    result: dict = {"engine": engine, "setup": {"migrate_seconds": round(time.perf_counter() - started, 1)}}
    setup = result["setup"]
    setup["import_regions_seconds"] = round(
        ir.timed_child([*WANGGE, "import_regions", str(regions), "--no-progress"], env)["seconds"], 1)
    boundaries = boundaries_file(source, args, env)
    if boundaries is None:
        setup["import_boundaries"] = "none: the simple tree has no generated boundaries (the map draws nothing)"
    else:
        run = ir.timed_child([*WANGGE, "import_boundaries", str(boundaries), "--no-progress"], env)
        setup.update(import_boundaries_seconds=round(run["seconds"], 1),
                     import_boundaries=run["stdout"].splitlines()[-1])
    run = ir.timed_child([*WANGGE, "import_residents", str(residents), "--no-progress"], env)
    setup.update(import_residents_seconds=round(run["seconds"], 1), import_residents=run["stdout"].splitlines()[-1])
    print(f"   residents loaded ({setup['import_residents_seconds']} s)", file=sys.stderr)
    setup.update(child_json(["--phase", "load", "--followups", str(args.followups), "--orders", str(args.orders),
                             "--hotline-days", str(args.hotline_days), "--seed", str(args.seed)], env))
    print(f"   other data loaded: {json.dumps(setup['rows'], ensure_ascii=False)}", file=sys.stderr)

    refresh_runs = []
    for _ in range(args.refresh_runs):
        run = ir.timed_child([*WANGGE, "refresh_indicators", "--day", args.day], env)
        own_ms = int(run["stdout"].rsplit(":", 1)[-1].split()[0])
        refresh_runs.append({"wall_seconds": round(run["seconds"], 2), "command_ms": own_ms,
                             "peak_rss_mib": run["peak_rss_mib"]})
    result["refresh_indicators"] = {
        "command": f"wangge refresh_indicators --day {args.day}", "runs": refresh_runs,
        "wall_seconds_median": round(statistics.median(r["wall_seconds"] for r in refresh_runs), 2),
        "command_ms_median": round(statistics.median(r["command_ms"] for r in refresh_runs)),
    }
    print(f"   refresh_indicators: {result['refresh_indicators']['wall_seconds_median']} s", file=sys.stderr)
    result.update(child_json(["--phase", "measure", "--requests", str(args.requests), "--sql-runs",
                              str(args.sql_runs)], env))
    if not args.keep:
        drop_database(engine)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--followups", type=int, default=100_000, help="people under follow-up")
    parser.add_argument("--orders", type=int, default=1_000_000, help="12345 work orders")
    parser.add_argument("--hotline-days", type=int, default=365, help="days of hotline history, ending on --day")
    parser.add_argument("--day", default=DEFAULT_DAY, help="the day the clock is at (WANGGE_TODAY)")
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument("--sql-runs", type=int, default=3, help="runs of each plain-SQL set (median)")
    parser.add_argument("--refresh-runs", type=int, default=2)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--source", choices=("auto", "generator", "simple"), default="auto",
                        help="residents: as bench/import_residents.py --source")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--out", default=str(RESULTS / "command_centre.json"))
    parser.add_argument("--phase", choices=("load", "measure", "boundaries"), help=argparse.SUPPRESS)
    parser.add_argument("--scale", help=argparse.SUPPRESS)
    parser.add_argument("--geojson", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "boundaries":
        import django

        django.setup()
        from wangge.simulate.boundaries import write_geojson
        from wangge.simulate.district import plan_district

        write_geojson(plan_district(scale=args.scale), Path(args.geojson))
        return
    if args.phase == "load":
        print(json.dumps(load_phase(args)))
        return
    if args.phase == "measure":
        print(json.dumps(measure_phase(args), ensure_ascii=False))
        return

    started = time.perf_counter()
    regions, residents, source = ir.generate_data(args.residents, args.seed, args.source)
    report = {
        "benchmark": "command_centre", "residents": args.residents, "followups": args.followups,
        "orders": args.orders, "hotline_days": args.hotline_days, "day": args.day, "seed": args.seed,
        "data_source": source, "generate_seconds": round(time.perf_counter() - started, 1),
        "requests": args.requests, "sql_runs": args.sql_runs,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": TARGETS, "engines": {},
    }
    for engine in args.engines.split(","):
        print(f"== {engine}", file=sys.stderr)
        result = run_engine(engine, regions, residents, source, args)
        report["engines"][engine] = result
        print(json.dumps({k: result[k] for k in ("pages", "ratios", "targets_met")}, ensure_ascii=False, indent=1),
              file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------- load


def timed_step(log: dict, name: str, fn):
    t0 = time.perf_counter()
    out = fn()
    log[f"{name}_seconds"] = round(time.perf_counter() - t0, 1)
    return out


def load_phase(args) -> dict:
    import django

    django.setup()
    from django.db import connection

    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.core import clock
    from wangge.core.context import acting_as
    from wangge.regions.models import Region

    day = clock.today()
    district = Region.objects.filter(level="district").order_by("code").first()
    admin = User.objects.update_or_create(username="bench-admin",
                                          defaults={"role": Role.DISTRICT_ADMIN, "region": district})[0]
    log: dict = {"rows": {}}
    with acting_as(admin):
        if args.followups:
            log["rows"].update(timed_step(log, "followups", lambda: load_followups(args.followups, args.seed, day)))
        log["rows"].update(timed_step(log, "testing", lambda: load_testing(admin, day, args.seed)))
        log["rows"].update(timed_step(log, "vaccination", lambda: load_vaccination(day, args.seed)))
        if args.orders:
            log["rows"].update(timed_step(log, "hotline", lambda: load_hotline(args.orders, args.hotline_days,
                                                                               day, args.seed)))

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    timed_step(log, "analyze", analyze)
    return log


def load_followups(people: int, seed: int, day: datetime.date) -> dict:
    """bench/worker.py's follow-ups over the district's grids, then matched to residents, then a worker pass."""
    import worker  # bench/worker.py
    from django.db import connection, transaction

    from wangge.core import clock
    from wangge.followup.models import FollowUp, Task
    from wangge.followup.worker import FollowUpWorker
    from wangge.people.models import Resident

    worker.make_regions = lambda Region: list(Region.objects.filter(level="grid").order_by("code"))
    counts = worker.build(people, seed, day)
    # worker.build's people are nobody in the registry: give 90 % a resident (their grid, ID, name) and put the
    # rest where an unmatched flag is routed (the village, 落地查人); the day's push partly verified / unreachable.
    rng = random.Random(seed + 7)
    followups = list(FollowUp.objects.order_by("pk").values_list("pk", "opened_on"))
    resident_pks = list(Resident.objects.values_list("pk", flat=True))
    chosen = rng.sample(resident_pks, min(len(followups), len(resident_pks)))
    del resident_pks
    people_rows = {}
    for i in range(0, len(chosen), 5000):
        people_rows.update((pk, rest) for pk, *rest in Resident.objects.filter(pk__in=chosen[i:i + 5000]).values_list(
            "pk", "id_number", "name", "phone", "region_code", "grid_id"))
    ops = connection.ops
    verified_yesterday = ops.adapt_datetimefield_value(clock.at(day - datetime.timedelta(days=1), 12))  # build's
    verified_today = ops.adapt_datetimefield_value(clock.at(day, 10))
    updates = []
    for n, (pk, opened_on) in enumerate(followups):
        resident = chosen[n % len(chosen)]
        id_number, name, phone, grid_code, grid_id = people_rows[resident]
        state, verified = "under_measure", verified_yesterday
        if opened_on == day:
            draw = rng.random()
            state, verified = (("under_measure", verified_today) if draw < 0.7 else
                               ("pending_verification", None) if draw < 0.9 else ("unreachable", None))
        if rng.random() < 0.9:
            updates.append([id_number, name, phone, grid_code, grid_id, resident, id_number, state, verified, pk])
        else:
            updates.append(["", name, phone, grid_code[:12], None, None, f"U{pk:017d}", state, verified, pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE followup_followup SET id_number = %s, name = %s, phone = %s, region_code = %s, grid_id = %s, "
            "resident_id = %s, person_key = %s, state = %s, verified_at = %s WHERE id = %s", updates)
        cursor.execute("UPDATE followup_task SET region_code = (SELECT f.region_code FROM followup_followup f "
                       "WHERE f.id = followup_task.followup_id)")
    passed = FollowUpWorker(today=day).run_pass()
    counts["matched"] = FollowUp.objects.filter(resident__isnull=False).count()
    counts["tasks"] = Task.objects.count()
    counts["worker_pass"] = {k: v for k, v in passed.items() if k != "today"}
    return counts


def load_testing(admin, day: datetime.date, seed: int, share: float = 0.86, pool: int = 10) -> dict:
    """A testing round over the district: yesterday and today, a site and a terminal per village, residents in
    pools of 10 as the sync path stores them (sample region code = the person's grid, tube = the site's region);
    yesterday's tubes and half of today's closed ones resulted, 1 in 1,000 positive (members under control)."""
    from django.db import transaction

    from wangge.core import clock
    from wangge.core.bulk import fast_insert, fetch_by_keys
    from wangge.labtests.actions import ResultRow, do_record_results
    from wangge.labtests.models import Campaign, Sample, SamplingSite, TemporaryControl, Terminal, Tube
    from wangge.people.models import Resident
    from wangge.regions.models import Region

    rng = random.Random(seed + 11)
    district = Region.objects.filter(level="district").order_by("code").first()
    yesterday = day - datetime.timedelta(days=1)
    campaign = Campaign.objects.create(name=f"{district.name}{day:%m月}全员核酸检测（压测）", region=district,
                                       start_date=yesterday, end_date=day)
    villages = list(Region.objects.filter(level="village").order_by("code"))
    terminals = {}
    for n, village in enumerate(villages):
        site = SamplingSite.objects.create(campaign=campaign, name=f"{village.name}采样点", region=village)
        terminals[village.code] = Terminal.objects.create(code=f"CC-{n:05d}", site=site)
    tubes, samples, tube_no = [], [], 0
    by_village: dict[str, list] = {}
    for row in (Resident.objects.order_by("region_code", "pk")
                .values_list("pk", "id_number", "name", "phone", "region_code").iterator(chunk_size=10_000)):
        if rng.random() < share:
            by_village.setdefault(row[4][:12], []).append(row)
    resulted: list[tuple[str, datetime.datetime]] = []
    for code, people in by_village.items():
        terminal = terminals.get(code)
        if terminal is None:
            continue
        cut = int(len(people) * 0.55)
        for half, (when, group) in enumerate(((yesterday, people[:cut]), (day, people[cut:]))):
            starts = clock.at(when, 7)
            chunks = [group[i:i + pool] for i in range(0, len(group), pool)]
            for k, members in enumerate(chunks):
                barcode = f"CC{day:%m%d}{tube_no:08d}"
                tube_no += 1
                opened = starts + datetime.timedelta(seconds=40 * k)
                last_open = half == 1 and k == len(chunks) - 1
                closed = None if last_open else opened + datetime.timedelta(seconds=pool + 5)
                tubes.append({"barcode": barcode, "site": terminal.site_id, "terminal": terminal.pk,
                              "region_code": terminal.region_code, "pool_size": pool, "members": len(members),
                              "state": "open" if last_open else "closed", "opened_at": opened, "closed_at": closed})
                for j, (pk, id_number, name, phone, grid) in enumerate(members):
                    samples.append({"tube": barcode, "resident": pk, "id_number": id_number, "name": name,
                                    "phone": phone[:11], "region_code": grid,
                                    "scanned_at": opened + datetime.timedelta(seconds=j + 1),
                                    "event_id": f"{barcode}-{j}", "terminal": terminal.pk})
                if half == 0:
                    resulted.append((barcode, clock.at(when, 20)))
                elif not last_open and k % 2 == 0:
                    resulted.append((barcode, clock.at(when, 13)))
    with transaction.atomic():
        for i in range(0, len(tubes), 20_000):
            fast_insert(Tube, tubes[i:i + 20_000], campaign=campaign.pk, result="", lab="")
        ids = {}
        barcodes = [t["barcode"] for t in tubes]
        for i in range(0, len(barcodes), 20_000):
            ids.update((k, v[0]) for k, v in fetch_by_keys(Tube, "barcode", barcodes[i:i + 20_000], ["pk"]).items())
        for sample in samples:
            sample["tube"] = ids[sample["tube"]]
        for i in range(0, len(samples), 50_000):
            fast_insert(Sample, samples[i:i + 50_000], campaign=campaign.pk, in_other_tube=False)
    positives = set(rng.sample(range(len(resulted)), max(1, len(resulted) // 1000))) if resulted else set()
    rows = [ResultRow(b, "positive" if n in positives else "negative", at, "海门区疾控中心")
            for n, (b, at) in enumerate(resulted)]
    controlled = 0
    for i in range(0, len(rows), 20_000):
        controlled += do_record_results(admin, rows[i:i + 20_000]).controlled
    return {"campaign_villages": len(terminals), "tubes": len(tubes), "samples": len(samples),
            "tubes_resulted": len(rows), "positive_pools": len(positives),
            "under_control": TemporaryControl.objects.count() or controlled}


def load_vaccination(day: datetime.date, seed: int) -> dict:
    """simulate.activity.seed_vaccination, one town at a time (it keeps a town's doses in memory)."""
    from wangge.regions.models import Region
    from wangge.simulate.activity import seed_vaccination
    from wangge.vaccination.models import Dose, VaccinationStatus

    for n, town in enumerate(Region.objects.filter(level="town").order_by("code")):
        seed_vaccination(town, seed=seed + n, as_of=day)
    return {"doses": Dose.objects.count(), "vaccination_statuses": VaccinationStatus.objects.count()}


def load_hotline(orders: int, days: int, day: datetime.date, seed: int) -> dict:
    """simulate.hotline.generate: `orders` work orders over the `days` days ending on `day`, with their events."""
    from wangge.hotline.models import Event, WorkOrder
    from wangge.simulate.hotline import generate

    generate(days, day - datetime.timedelta(days=days - 1), seed=seed, per_day=max(1, round(orders / days)))
    return {"work_orders": WorkOrder.objects.count(), "hotline_events": Event.objects.count()}


# ---------------------------------------------------------------------------------------------------- measure


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[max(0, round(p / 100 * len(values)) - 1)], 1)


def time_runs(fn, runs: int) -> tuple[float, object]:
    """Median milliseconds of `runs` calls, and the last answer."""
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1), out


def measure_phase(args) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from wangge.accounts.models import User
    from wangge.core import clock
    from wangge.dashboard import registry
    from wangge.regions.models import Region

    day = clock.today()
    district = Region.objects.filter(level="district").order_by("code").first()
    town = Region.objects.filter(level="town").order_by("code").first()
    admin = User.objects.get(username="bench-admin")
    history_rows = copy_history(day, 14)
    # The figures the pages show, live: the district's towns (district page, big screen), the town's villages (town
    # page) and every grid (map, figures API).
    scopes = {"towns": ("", 9), "town_villages": (town.code, 12), "grids": ("", 15)}
    result = {
        "indicators": {"count": len(registry.count_indicators()), "total": len(registry.all_indicators()),
                       "keys": [i.key for i in registry.count_indicators()]},
        "snapshot_rows": snapshot_rows(day), "history_rows_copied": history_rows,
        "regions": dict(Region.objects.order_by().values("level").annotate(n=Count("pk")).values_list("level", "n")),
        "town": town.code,
    }
    result["pages"] = pages(admin, town.code, args.requests)
    connection.ensure_connection()
    raw = connection.connection  # the DB-API connection under Django's
    result["plain_sql"] = {
        "indicator_queries": indicator_sql(raw, connection.vendor, scopes, day, args.sql_runs),
        "handwritten": handwritten_sql(raw, connection.vendor, scopes, day, args.sql_runs),
    }
    result["agreement"] = agreement(raw, connection.vendor, day, district.code)
    result["snapshot_read"] = snapshot_read(raw, connection.vendor, day, district.code, town.code, args.sql_runs)
    result["ratios"] = ratios(result)
    pages_ = result["pages"]

    def met(name, target):
        page = pages_.get(name, {})
        return None if "median_ms" not in page else page["median_ms"] < target

    result["targets_met"] = {
        **{name: met(name, TARGETS["page_median_ms"]) for name in ("district_page", "town_page", "figures_grid",
                                                                    "map_grid")},
        "screen_data": met("screen_data", TARGETS["screen_data_median_ms"]),
    }
    return result


def snapshot_rows(day) -> dict:
    from django.db.models import Count

    from wangge.dashboard.models import IndicatorValue

    return dict(IndicatorValue.objects.filter(day=day).order_by().values("level").annotate(n=Count("pk"))
                .values_list("level", "n"))


def copy_history(day: datetime.date, days: int) -> int:
    """The stored figures of `day` copied to the days before it (untimed): the trends read 14 stored days and
    the table holds two weeks of rows, as after two weeks of use."""
    from django.db import connection, transaction

    from wangge.dashboard.models import IndicatorValue, Snapshot

    snapshot = Snapshot.objects.get(day=day)
    ops = connection.ops
    copied = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for n in range(1, days):
            earlier = day - datetime.timedelta(days=n)
            IndicatorValue.objects.filter(day=earlier).delete()
            cursor.execute("INSERT INTO dashboard_indicatorvalue (day, key, level, code, value) "
                           "SELECT %s, key, level, code, value FROM dashboard_indicatorvalue WHERE day = %s",
                           [ops.adapt_datefield_value(earlier), ops.adapt_datefield_value(day)])
            copied += cursor.rowcount
            Snapshot.objects.update_or_create(day=earlier, defaults={"computed_at": snapshot.computed_at,
                                                                     "duration_ms": snapshot.duration_ms})
    return copied


def pages(admin, town_code: str, requests: int) -> dict:
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    urls = {"district_page": "/dashboard/", "town_page": f"/dashboard/?region={town_code}",
            "figures_grid": "/api/dashboard/figures/?level=grid", "map_grid": "/api/dashboard/map/?level=grid",
            "screen_data": "/api/dashboard/screen/"}
    client = Client()
    client.force_login(admin)
    results = {}
    for name, url in urls.items():
        first = client.get(url)
        if first.status_code != 200:
            reason = "404: not built yet" if first.status_code == 404 else f"HTTP {first.status_code}"
            results[name] = {"url": url, "skipped": reason}
            continue
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = {"url": url, "median_ms": round(statistics.median(times), 1), "p95_ms": percentile(times, 95),
                         "requests": requests, "bytes": len(response.content)}
    return results


def _raw_sql(vendor: str, sql: str) -> str:
    """Django's "%s" placeholders as the DB-API driver wants them (sqlite3: qmark; psycopg: as is)."""
    if vendor != "sqlite":
        return sql
    import re

    return re.sub(r"(?<!%)%s", "?", sql).replace("%%", "%")


def _replay(raw, vendor: str, statements: list[tuple[str, object]]) -> int:
    rows = 0
    cursor = raw.cursor()
    try:
        for sql, params in statements:
            if params is None:
                cursor.execute(sql)
            else:
                cursor.execute(_raw_sql(vendor, sql), params)
            rows += len(cursor.fetchall())
    finally:
        cursor.close()
    if vendor == "postgresql":
        raw.rollback()  # leave no transaction open between runs (psycopg opens one on the first statement)
    return rows


def indicator_sql(raw, vendor: str, scopes: dict, day: datetime.date, runs: int) -> dict:
    """Every count indicator's values() per scope through the ORM, its SQL captured as sent (execute_wrapper),
    then those statements replayed on the DB-API cursor: the indicators' grouped queries without Django."""
    from django.db import connection

    from wangge.dashboard import registry

    out: dict = {"per_indicator": {}}
    for scope, (prefix, length) in scopes.items():
        queries = rows = 0
        orm_ms = raw_total = 0.0
        for indicator in registry.count_indicators():
            captured: list[tuple[str, object]] = []

            def capture(execute, sql, params, many, context, captured=captured):
                captured.append((sql, params))
                return execute(sql, params, many, context)

            t0 = time.perf_counter()
            with connection.execute_wrapper(capture):
                registry.evaluate(indicator, prefix, day, length)
            ms = (time.perf_counter() - t0) * 1000
            orm_ms += ms
            raw_ms, answer = time_runs(lambda c=captured: _replay(raw, vendor, c), runs)
            out["per_indicator"].setdefault(indicator.key, {})[scope] = {
                "orm_ms": round(ms, 1), "raw_ms": raw_ms, "queries": len(captured)}
            queries, rows, raw_total = queries + len(captured), rows + answer, raw_total + raw_ms
        # The set's time is the sum of its statements' medians (they run one after the other).
        out[scope] = {"prefix": prefix, "length": length, "queries": queries, "rows": rows,
                      "raw_ms": round(raw_total, 1), "orm_ms": round(orm_ms, 1)}
    return out


HANDWRITTEN = {
    "people": """SELECT substr(region_code, 1, {length}), count(*), count(*) FILTER (WHERE birth_date <= %(aged3)s),
        count(*) FILTER (WHERE birth_date <= %(aged60)s), count(*) FILTER (WHERE residence_type = 'migrant')
        FROM people_resident {where} GROUP BY 1""",
    "households": "SELECT substr(region_code, 1, {length}), count(*) FROM people_household {where} GROUP BY 1",
    "followups": """SELECT substr(region_code, 1, {length}),
        count(*) FILTER (WHERE source = 'flag' AND opened_on = %(day)s),
        count(*) FILTER (WHERE source = 'flag' AND opened_on = %(day)s AND resident_id IS NOT NULL),
        count(*) FILTER (WHERE source = 'flag' AND opened_on = %(day)s AND verified_at IS NOT NULL),
        count(*) FILTER (WHERE source = 'flag' AND opened_on = %(day)s AND state IN ('unreachable', 'escalated')),
        count(*) FILTER (WHERE opened_on <= %(day)s AND (verified_at IS NULL OR verified_at > %(end)s)
                         AND (closed_at IS NULL OR closed_at > %(end)s))
        FROM followup_followup {where} GROUP BY 1""",
    "tasks": """SELECT substr(f.region_code, 1, {length}),
        count(*) FILTER (WHERE t.state = 'open' AND t.overdue),
        count(*) FILTER (WHERE t.state = 'open' AND t.escalated_at IS NOT NULL),
        count(*) FILTER (WHERE t.kind = 'daily_visit' AND t.outcome = 'missed' AND t.due_date = %(day)s)
        FROM followup_task t JOIN followup_followup f ON f.id = t.followup_id {where_f} GROUP BY 1""",
    "under_measure": """SELECT substr(f.region_code, 1, {length}), p.kind, count(*)
        FROM followup_planphase p JOIN followup_followup f ON f.id = p.followup_id
        WHERE p.start_date <= %(day)s AND p.end_date >= %(day)s
          AND f.state IN ('pending_verification', 'under_measure', 'unreachable', 'escalated') {and_f}
        GROUP BY 1, 2""",
    "samples": """SELECT substr(region_code, 1, {length}), count(DISTINCT id_number)
        FROM labtests_sample WHERE scanned_at >= %(start)s AND scanned_at < %(next)s {and_} GROUP BY 1""",
    "campaign_tested": """SELECT substr(s.region_code, 1, {length}), count(DISTINCT s.resident_id)
        FROM labtests_sample s JOIN labtests_campaign c ON c.id = s.campaign_id
        WHERE c.start_date <= %(day)s AND c.end_date >= %(day)s AND s.resident_id IS NOT NULL
          AND s.scanned_at < %(next)s AND substr(s.region_code, 1, length(c.region_code)) = c.region_code {and_s}
        GROUP BY 1""",
    "tubes": """SELECT substr(region_code, 1, {length}),
        count(*) FILTER (WHERE opened_at < %(next)s AND (closed_at IS NULL OR closed_at >= %(next)s)),
        count(*) FILTER (WHERE closed_at < %(next)s AND (tested_at IS NULL OR tested_at >= %(next)s)),
        count(*) FILTER (WHERE tested_at >= %(start)s AND tested_at < %(next)s),
        count(*) FILTER (WHERE result = 'positive' AND pool_size > 1 AND tested_at >= %(start)s
                         AND tested_at < %(next)s)
        FROM labtests_tube {where} GROUP BY 1""",
    "under_control": """SELECT substr(region_code, 1, {length}), count(*) FROM labtests_temporarycontrol
        WHERE state = 'under_control' {and_} GROUP BY 1""",
    "vaccinated": """SELECT substr(r.region_code, 1, {length}),
        count(*) FILTER (WHERE v.first_dose_date <= %(day)s), count(*) FILTER (WHERE v.full_course_date <= %(day)s),
        count(*) FILTER (WHERE v.booster_date <= %(day)s)
        FROM people_resident r JOIN vaccination_vaccinationstatus v ON v.resident_id = r.id
        WHERE r.birth_date <= %(aged3)s {and_r} GROUP BY 1""",
    "doses": """SELECT substr(region_code, 1, {length}), count(*) FROM vaccination_dose WHERE date = %(day)s {and_}
        GROUP BY 1""",
    "work_orders": """SELECT substr(region_code, 1, {length}),
        count(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(next)s),
        count(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(next)s AND state = 'answered_directly'),
        count(*) FILTER (WHERE finished_at >= %(start)s AND finished_at < %(next)s),
        count(*) FILTER (WHERE finished_at >= %(start)s AND finished_at < %(next)s AND finished_at <= due_at),
        count(*) FILTER (WHERE state IN ('received', 'pending_dispatch', 'dispatched', 'in_progress')
                         AND due_at < %(next)s),
        count(*) FILTER (WHERE closed_at >= %(start)s AND closed_at < %(next)s
                         AND satisfaction IN ('satisfied', 'basically_satisfied')),
        count(*) FILTER (WHERE closed_at >= %(start)s AND closed_at < %(next)s
                         AND satisfaction NOT IN ('', 'unreached'))
        FROM hotline_workorder {where} GROUP BY 1""",
}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


SCOPE_COLUMNS = {"where": "region_code", "and_": "region_code", "where_f": "f.region_code", "and_f": "f.region_code",
                 "and_s": "s.region_code", "and_r": "r.region_code"}


def render(template: str, prefix: str, length: int, values: dict) -> tuple[str, list]:
    """A HANDWRITTEN template as positional SQL: `%(name)s` → a value, `{where…}`/`{and…}` → the scope's code range
    (nothing for the whole district)."""
    import re

    sql, params = [], []
    for piece in re.split(r"(%\([a-z0-9]+\)s|\{[a-z_]+\})", template.replace("{length}", str(length))):
        if piece.startswith("%("):
            sql.append("%s")
            params.append(values[piece[2:-2]])
        elif piece.startswith("{"):
            marker = piece[1:-1]
            if prefix:
                column = SCOPE_COLUMNS[marker]
                sql.append(f"{'WHERE' if marker.startswith('where') else 'AND'} {column} >= %s AND {column} < %s")
                params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
        else:
            sql.append(piece)
    return "".join(sql), params


def handwritten_sql(raw, vendor: str, scopes: dict, day: datetime.date, runs: int) -> dict:
    """One grouped statement per base table with the figures of the issue (FILTER aggregates), written by hand:
    a baseline that does not depend on how the indicators are written."""
    from django.db import connection

    from wangge.core import clock

    ops = connection.ops
    values = {"day": ops.adapt_datefield_value(day), "aged3": ops.adapt_datefield_value(_years_before(day, 3)),
              "aged60": ops.adapt_datefield_value(_years_before(day, 60)),
              "start": ops.adapt_datetimefield_value(clock.start_of(day)),
              "end": ops.adapt_datetimefield_value(clock.end_of(day)),
              "next": ops.adapt_datetimefield_value(clock.start_of(day + datetime.timedelta(days=1)))}
    out: dict = {"per_table": {}}
    for scope, (prefix, length) in scopes.items():
        statements = [(name, *render(template, prefix, length, values)) for name, template in HANDWRITTEN.items()]
        rows = total = 0.0
        for name, sql, params in statements:
            ms, answer = time_runs(lambda s=sql, p=params: _replay(raw, vendor, [(s, p)]), runs)
            out["per_table"].setdefault(name, {})[scope] = {"raw_ms": ms, "rows": answer}
            rows, total = rows + answer, total + ms
        out[scope] = {"prefix": prefix, "length": length, "queries": len(statements), "rows": int(rows),
                      "raw_ms": round(total, 1)}
    return out


# The stored figures a hand-written column counts the same way (column n after the region code).
SAME_FIGURES = {
    "people": ["people.residents", "people.aged_3_plus", "people.aged_60_plus", "people.migrants"],
    "households": ["people.households"],
    "followups": ["followup.pushed", "followup.matched", "followup.verified", "followup.unreachable",
                  "followup.uncleared"],
    "tasks": ["followup.overdue", "followup.escalated", "followup.missed"],
    "samples": ["labtests.sampled"], "campaign_tested": ["labtests.tested"],
    "tubes": ["labtests.tubes_open", "labtests.tubes_awaiting", "labtests.tubes_resulted", "labtests.positive_pools"],
    "under_control": ["labtests.retests_due"],
    "vaccinated": ["vaccination.first_dose", "vaccination.full_course", "vaccination.booster"],
    "doses": ["vaccination.doses"],
    "work_orders": ["hotline.received", "hotline.answered", None, "hotline.finished_on_time"],
}


def agreement(raw, vendor: str, day: datetime.date, district: str) -> dict:
    """The district's stored figure of each indicator the hand-written SQL also counts, against the hand-written
    count (summed over the towns): the page shows what plain SQL finds."""
    from django.db import connection

    from wangge.core import clock
    from wangge.dashboard import registry
    from wangge.dashboard.models import IndicatorValue

    ops = connection.ops
    values = {"day": ops.adapt_datefield_value(day), "aged3": ops.adapt_datefield_value(_years_before(day, 3)),
              "aged60": ops.adapt_datefield_value(_years_before(day, 60)),
              "start": ops.adapt_datetimefield_value(clock.start_of(day)),
              "end": ops.adapt_datetimefield_value(clock.end_of(day)),
              "next": ops.adapt_datetimefield_value(clock.start_of(day + datetime.timedelta(days=1)))}
    stored = dict(IndicatorValue.objects.filter(day=day, code=district).values_list("key", "value"))
    plain: dict[str, float] = {}
    cursor = raw.cursor()
    for name, template in HANDWRITTEN.items():
        sql, params = render(template, "", 9, values)
        cursor.execute(_raw_sql(vendor, sql), params)
        for row in cursor.fetchall():
            if len(row[0] or "") < 6:
                continue  # no region (a work order without a place): on no region's figures
            if name == "under_measure":
                plain[f"followup.under_{row[1]}"] = plain.get(f"followup.under_{row[1]}", 0) + row[2]
                continue
            for key, value in zip(SAME_FIGURES[name], row[1:], strict=False):
                if key:
                    plain[key] = plain.get(key, 0) + (value or 0)
    cursor.close()
    if vendor == "postgresql":
        raw.rollback()
    known = {i.key for i in registry.count_indicators()}
    out = {key: {"stored": stored.get(key, 0), "plain_sql": value, "equal": stored.get(key, 0) == value}
           for key, value in sorted(plain.items()) if key in known}
    return {"all_equal": all(v["equal"] for v in out.values()), "figures": out}


def snapshot_read(raw, vendor: str, day: datetime.date, district: str, town: str, runs: int) -> dict:
    """The stored rows each page reads, by plain SQL: a region and its children, every grid, 14 days of one
    region (the trends)."""
    from django.db import connection

    from wangge.regions.models import Region

    ops = connection.ops
    d = ops.adapt_datefield_value(day)
    days = [ops.adapt_datefield_value(day - datetime.timedelta(days=n)) for n in range(14)]
    towns = [district, *Region.objects.filter(level="town").values_list("code", flat=True)]
    villages = [town, *Region.objects.filter(level="village", code__startswith=town).values_list("code", flat=True)]

    def read_codes(codes):
        marks = ", ".join(["%s"] * len(codes))
        return (f"SELECT key, code, value FROM dashboard_indicatorvalue WHERE day = %s AND code IN ({marks})",
                [d, *codes])

    reads = {
        "district_and_towns": [read_codes(towns)],
        "town_and_villages": [read_codes(villages)],
        "grids": [("SELECT key, code, value FROM dashboard_indicatorvalue WHERE day = %s AND level = %s",
                   [d, "grid"])],
        "trend_14_days": [("SELECT day, key, value FROM dashboard_indicatorvalue WHERE code = %s AND day IN ("
                           + ", ".join(["%s"] * len(days)) + ")", [district, *days])],
    }
    out = {}
    for name, statements in reads.items():
        ms, rows = time_runs(lambda s=statements: _replay(raw, vendor, s), max(runs, 5))
        out[name] = {"raw_ms": ms, "rows": rows}
    return out


def ratios(result: dict) -> dict:
    """Page median ÷ plain SQL for the same figures: the indicators' own queries, the hand-written ones and the
    read of the stored rows."""
    pairs = {"district_page": ("towns", "district_and_towns"), "town_page": ("town_villages", "town_and_villages"),
             "figures_grid": ("grids", "grids"), "map_grid": ("grids", "grids"),
             "screen_data": ("towns", "district_and_towns")}
    out = {}
    for page, (scope, read) in pairs.items():
        median = result["pages"].get(page, {}).get("median_ms")
        if median is None:
            continue
        live = result["plain_sql"]["indicator_queries"][scope]["raw_ms"]
        hand = result["plain_sql"]["handwritten"][scope]["raw_ms"]
        stored = result["snapshot_read"][read]["raw_ms"]
        out[page] = {"page_median_ms": median, "indicator_sql_ms": live, "handwritten_sql_ms": hand,
                     "snapshot_read_ms": stored,
                     "vs_indicator_sql": round(median / live, 2) if live else None,
                     "vs_handwritten_sql": round(median / hand, 2) if hand else None,
                     "vs_snapshot_read": round(median / stored, 1) if stored else None}
    return out


if __name__ == "__main__":
    main()
