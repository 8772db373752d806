#!/usr/bin/env python
"""Benchmark: `wangge import_residents` of N synthetic residents on PostgreSQL and SQLite, against a raw load
of the same rows in the same run, then list-page and API latency with the N residents loaded.

    .venv/bin/python bench/import_residents.py                 # 1,000,000 rows (the lead runs this)
    .venv/bin/python bench/import_residents.py --rows 20000    # smoke run

Steps, for each engine (a fresh PostgreSQL database `wangge_bench`, a fresh SQLite file in bench/data/):
1. `wangge migrate`, `wangge import_regions regions.csv`;
2. `wangge import_residents residents.csv` in a child process: wall seconds, rows/s, peak RSS;
3. the raw load: the same residents and households, already converted to table rows (untimed), loaded into
   plain tables with the same columns and indexes as people_resident / people_household (no foreign keys):
   PostgreSQL COPY FROM STDIN of a prepared TSV; SQLite executemany in one transaction;
4. 20 requests each to the resident list page, the residents API first page and the API filtered to one town,
   with the Django test client logged in as a grid worker and as the district admin: median and p95 ms.

The data (regions.csv, residents.csv) comes from `wangge generate_district --out` when that command exists,
topped up or cut to N rows; else from a simple tree generated here. Writes bench/results/import_residents.json.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
WANGGE = [sys.executable, "-m", "wangge"]
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "wangge_bench"
RESIDENT_HEADER = ["id_number", "name", "phone", "grid_code", "address", "residence_type", "household",
                   "no_smartphone"]
REGION_HEADER = ["code", "name", "level", "parent_code"]
DISTRICT = "320684"


# ---------------------------------------------------------------------------------------------------- data


def generate_data(rows: int, seed: int, source: str) -> tuple[Path, Path, str]:
    """regions.csv and residents.csv in bench/data/<source>_<rows>_<seed>/ (reused when already there)."""
    folder = DATA / f"{source}_{rows}_{seed}"
    regions, residents, used_file = folder / "regions.csv", folder / "residents.csv", folder / "source.txt"
    if regions.exists() and residents.exists() and used_file.exists():
        return regions, residents, used_file.read_text().strip() + " (cached)"
    folder.mkdir(parents=True, exist_ok=True)
    used = "simple"
    if source in ("auto", "generator"):
        try:
            used = generate_with_generator(rows, seed, regions, residents)
        except (subprocess.CalledProcessError, OSError, ValueError) as exc:
            if source == "generator":
                raise
            print(f"generate_district unavailable ({exc}); using the simple tree", file=sys.stderr)
    if used == "simple":
        generate_simple(rows, seed, regions, residents)
    used_file.write_text(used + "\n")
    return regions, residents, used


def generate_with_generator(rows: int, seed: int, regions: Path, residents: Path) -> str:
    """`wangge generate_district --out`: small (one town, ~20k) or full (~1M), then cut or top up to N rows."""
    scale = "small" if rows <= 25_000 else "full"
    out = DATA / f"district_{scale}_{seed}"
    if not (out / "residents.csv").exists():
        subprocess.run([*WANGGE, "generate_district", "--scale", scale, "--seed", str(seed), "--out", str(out),
                        "--verbosity", "0"], check=True, env=bench_env(sqlite_url(DATA / "scratch.sqlite3")))
    shutil.copyfile(out / "regions.csv", regions)
    grids = [r["code"] for r in csv.DictReader(regions.open(encoding="utf-8")) if r["level"] == "grid"]
    if not grids:
        raise ValueError("no grids in generated regions.csv")
    seen = set()
    with (out / "residents.csv").open(encoding="utf-8", newline="") as src, \
            residents.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        if next(reader) != RESIDENT_HEADER:
            raise ValueError("generated residents.csv has other columns")
        writer.writerow(RESIDENT_HEADER)
        for row in reader:
            if len(seen) >= rows:
                break
            seen.add(row[0])
            writer.writerow(row)
        if len(seen) < rows:
            write_people(writer, rows - len(seen), grids, random.Random(seed + 1), seen, prefix="T")
    return f"generate_district --scale {scale}"


def generate_simple(rows: int, seed: int, regions: Path, residents: Path) -> None:
    """A district with ~915 residents per grid, 10 grids a village, 10 villages a town."""
    n_grids = max(2, round(rows / 915))
    n_villages = -(-n_grids // 10)
    n_towns = -(-n_villages // 10)
    grids = []
    with regions.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(REGION_HEADER)
        writer.writerow([DISTRICT, "海门区", "district", ""])
        for t in range(n_towns):
            town = f"{DISTRICT}{101 + t:03d}"
            writer.writerow([town, f"第{t + 1}镇", "town", DISTRICT])
            for v in range(10):
                if len(grids) >= n_grids:
                    break
                village = f"{town}{v + 1:03d}"
                writer.writerow([village, f"第{t + 1}镇第{v + 1}村", "village", town])
                for g in range(10):
                    if len(grids) >= n_grids:
                        break
                    grids.append(f"{village}{g + 1:03d}")
                    writer.writerow([grids[-1], f"第{t + 1}镇第{v + 1}村第{g + 1}网格", "grid", village])
    with residents.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(RESIDENT_HEADER)
        write_people(writer, rows, grids, random.Random(seed), set())


def write_people(writer, count: int, grids: list[str], rng: random.Random, seen: set, prefix: str = "H") -> None:
    """`count` synthetic people in households of 1-4, spread over `grids` in order."""
    sys.path.insert(0, str(ROOT / "src"))
    from wangge.simulate.synth import make_id, random_name, random_phone

    areas = ["320684"] * 6 + ["320682", "320623", "341221", "411521", "510524"]
    types = ["registered"] * 5 + ["resident"] + ["migrant"] * 4
    today = datetime.date(2021, 8, 1)
    per_grid = -(-count // len(grids))
    written = household = 0
    while written < count:
        grid = grids[min(written // per_grid, len(grids) - 1)]
        household += 1
        key = f"{prefix}{grid}{household:06d}"
        for _ in range(min(rng.choice((1, 2, 2, 3, 3, 4)), count - written)):
            birth = today - datetime.timedelta(days=rng.randrange(365 * 95))
            id_number = make_id(rng.choice(areas), birth, rng.randrange(1000))
            while id_number in seen:
                id_number = make_id(rng.choice(areas), birth, rng.randrange(1000))
            seen.add(id_number)
            old = birth.year < 1961
            writer.writerow([id_number, random_name(rng), "" if rng.random() < 0.05 else random_phone(rng), grid,
                             f"{grid[-6:]}号{household % 300 + 1}室", rng.choice(types), key,
                             "1" if old and rng.random() < 0.1 else "0"])
            written += 1


# ---------------------------------------------------------------------------------------------------- engines


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def bench_env(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, WANGGE_VAR_DIR=str(DATA / "var"),
               DJANGO_SETTINGS_MODULE="wangge.settings", PYTHONPATH=str(ROOT / "src"))
    env.pop("DEBUG", None)
    return env


def fresh_database(engine: str) -> str:
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
    path = DATA / "import_residents.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return sqlite_url(path)


def timed_child(args: list[str], env: dict) -> dict:
    """Run a child process; its wall time, its own peak RSS (MiB, from wait4) and its output."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=out, stderr=err, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}): {stderr[-2000:]}")
    return {"seconds": seconds, "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "stdout": stdout.strip()}


def run_engine(engine: str, regions: Path, residents: Path, rows: int, requests: int) -> dict:
    url = fresh_database(engine)
    env = bench_env(url)
    subprocess.run([*WANGGE, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    result = {"engine": engine}
    region_run = timed_child([*WANGGE, "import_regions", str(regions), "--no-progress"], env)
    result["import_regions_seconds"] = round(region_run["seconds"], 2)
    header_only = DATA / "header_only.csv"
    header_only.write_text(",".join(RESIDENT_HEADER) + "\n", encoding="utf-8")
    startup = timed_child([*WANGGE, "import_residents", str(header_only), "--no-progress"], env)["seconds"]
    run = timed_child([*WANGGE, "import_residents", str(residents), "--no-progress"], env)
    result.update(import_seconds=round(run["seconds"], 2), import_rows_per_s=round(rows / run["seconds"]),
                  import_peak_rss_mib=run["peak_rss_mib"], import_summary=run["stdout"].splitlines()[-1])
    raw = json.loads(timed_child([sys.executable, __file__, "--phase", "raw", "--engine", engine, "--url", url,
                                  "--csv", str(residents)], env)["stdout"])
    result.update(raw)
    result["ratio_vs_raw"] = round(result["import_seconds"] / raw["raw_seconds"], 2)
    # Process start-up (Django, checks) is a constant that dominates small runs: also give the ratio without it.
    result["startup_seconds"] = round(startup, 2)
    result["ratio_vs_raw_net"] = round(max(run["seconds"] - startup, 0) / raw["raw_seconds"], 2)
    second = timed_child([*WANGGE, "import_residents", str(residents), "--no-progress"], env)
    result.update(reimport_seconds=round(second["seconds"], 2), reimport_summary=second["stdout"].splitlines()[-1])
    pages = json.loads(timed_child([sys.executable, __file__, "--phase", "pages", "--requests", str(requests)],
                                   env)["stdout"])
    result["pages"] = pages
    return result


# ---------------------------------------------------------------------------------------------------- raw load


def raw_rows(csv_path: Path, grid_ids: dict[str, int]):
    """The residents and households an import would write, as plain tuples (untimed preparation)."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    households, residents = {}, []
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for id_number, name, phone, grid, address, rtype, key, no_phone in reader:
            grid_id = grid_ids[grid]
            household_id = None
            if key:
                if key not in households:
                    households[key] = (len(households) + 1, now, now, key, grid_id, grid, address)
                household_id = households[key][0]
            birth = f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
            sex = "M" if int(id_number[16]) % 2 else "F"
            residents.append((now, now, id_number, name, phone, grid_id, grid, address, rtype, household_id,
                              no_phone == "1", birth, sex, id_number[-4:]))
    return list(households.values()), residents


RESIDENT_COLUMNS = ("created", "updated", "id_number", "name", "phone", "grid_id", "region_code", "address",
                    "residence_type", "household_id", "no_smartphone", "birth_date", "sex", "id_last4")
HOUSEHOLD_COLUMNS = ("id", "created", "updated", "key", "grid_id", "region_code", "address")


def raw_phase(engine: str, url: str, csv_path: Path) -> dict:
    if engine == "postgresql":
        return raw_postgresql(url, csv_path)
    return raw_sqlite(url, csv_path)


def raw_postgresql(url: str, csv_path: Path) -> dict:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        grid_ids = dict(conn.execute("SELECT code, id FROM regions_region WHERE level = 'grid'").fetchall())
        households, residents = raw_rows(csv_path, grid_ids)
        files = {}
        for name, rows in (("household", households), ("resident", residents)):
            path = DATA / f"raw_{name}.tsv"
            with path.open("w", encoding="utf-8") as f:
                for row in rows:
                    f.write("\t".join(r"\N" if v is None else ("t" if v is True else "f" if v is False else str(v))
                                      for v in row) + "\n")
            files[name] = path
        del households, residents
        conn.execute("DROP TABLE IF EXISTS raw_resident")
        conn.execute("DROP TABLE IF EXISTS raw_household")
        conn.execute("CREATE TABLE raw_household (LIKE people_household INCLUDING ALL)")
        conn.execute("CREATE TABLE raw_resident (LIKE people_resident INCLUDING ALL)")
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            for table, columns, name in (("raw_household", HOUSEHOLD_COLUMNS, "household"),
                                         ("raw_resident", RESIDENT_COLUMNS, "resident")):
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy, \
                        files[name].open("rb") as f:
                    while block := f.read(1 << 20):
                        copy.write(block)
        conn.commit()
        seconds = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM raw_resident").fetchone()[0]
        conn.execute("DROP TABLE raw_resident")
        conn.execute("DROP TABLE raw_household")
        conn.commit()
    for path in files.values():
        path.unlink()
    return {"raw_method": "COPY FROM STDIN (prepared TSV) into tables LIKE people_* INCLUDING ALL",
            "raw_seconds": round(seconds, 2), "raw_rows": count}


def raw_sqlite(url: str, csv_path: Path) -> dict:
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;")
    grid_ids = dict(conn.execute("SELECT code, id FROM regions_region WHERE level = 'grid'").fetchall())
    households, residents = raw_rows(csv_path, grid_ids)
    for table in ("people_household", "people_resident"):
        raw = table.replace("people_", "raw_")
        conn.execute(f"DROP TABLE IF EXISTS {raw}")
        for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                                   "ORDER BY type DESC", (table,)).fetchall():
            conn.execute(sql.replace(f'"{table}"', f'"{raw}"').replace('INDEX "', f'INDEX "{raw}_'))
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO raw_household ({', '.join(HOUSEHOLD_COLUMNS)}) VALUES "
                     f"({', '.join('?' * len(HOUSEHOLD_COLUMNS))})", households)
    conn.executemany(f"INSERT INTO raw_resident ({', '.join(RESIDENT_COLUMNS)}) VALUES "
                     f"({', '.join('?' * len(RESIDENT_COLUMNS))})", residents)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    count = conn.execute("SELECT count(*) FROM raw_resident").fetchone()[0]
    conn.execute("DROP TABLE raw_resident")
    conn.execute("DROP TABLE raw_household")
    conn.close()
    return {"raw_method": "executemany in one transaction into tables with people_*'s columns and indexes",
            "raw_seconds": round(seconds, 2), "raw_rows": count}


# ---------------------------------------------------------------------------------------------------- pages


def pages_phase(requests: int) -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.regions.models import Region

    setup_test_environment()
    district = Region.objects.filter(level="district").order_by("code").first()
    grid = Region.objects.filter(level="grid").order_by("code").first()
    town = Region.objects.filter(level="town").order_by("code").first()
    personas = {
        "grid_worker": User.objects.update_or_create(
            username="bench-worker", defaults={"role": Role.GRID_WORKER, "region": grid})[0],
        "district_admin": User.objects.update_or_create(
            username="bench-admin", defaults={"role": Role.DISTRICT_ADMIN, "region": district})[0],
    }
    urls = {"list_page": "/people/residents/", "api_first_page": "/api/residents/",
            "api_town_filter": f"/api/residents/?region={town.code}"}
    results = {}
    for persona, user in personas.items():
        client = Client()
        client.force_login(user)
        for name, url in urls.items():
            key = f"{persona}.{name}"
            first = client.get(url)
            if first.status_code == 404:
                results[key] = {"url": url, "skipped": "404: not built yet"}
                continue
            if first.status_code != 200:
                results[key] = {"url": url, "skipped": f"HTTP {first.status_code}"}
                continue
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            results[key] = {"url": url, "median_ms": round(statistics.median(times), 1),
                            "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1), "requests": requests}
    return results


# ---------------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--source", choices=("auto", "generator", "simple"), default="auto")
    parser.add_argument("--out", default=str(RESULTS / "import_residents.json"))
    parser.add_argument("--phase", choices=("raw", "pages"), help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "raw":
        print(json.dumps(raw_phase(args.engine, args.url, Path(args.csv))))
        return
    if args.phase == "pages":
        print(json.dumps(pages_phase(args.requests)))
        return

    started = time.perf_counter()
    regions, residents, source = generate_data(args.rows, args.seed, args.source)
    report = {
        "benchmark": "import_residents", "rows": args.rows, "seed": args.seed, "data_source": source,
        "generate_seconds": round(time.perf_counter() - started, 1),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": {"postgresql_seconds": 60, "sqlite_seconds": 90, "ratio_vs_raw": 3, "median_ms": 300},
        "engines": {},
    }
    for engine in args.engines.split(","):
        print(f"== {engine}", file=sys.stderr)
        result = run_engine(engine, regions, residents, args.rows, args.requests)
        report["engines"][engine] = result
        print(json.dumps(result, ensure_ascii=False, indent=1), file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
