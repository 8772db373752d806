"""Screening benchmark: `wangge screen --dry-run` end to end against a minimal hand-written DuckDB query.

    .venv/bin/python bench/screening.py                      # 10,000,000 records, 2,000,000 people, 300 areas
    .venv/bin/python bench/screening.py --records 200000 --people 40000     # smoke run

Generates (with DuckDB, no Python row loops) bench/data/travel-<records>.csv and bench/data/areas-300.csv, a
SQLite database bench/data/screening.sqlite3 with a district and `--residents` residents (a quarter of the
people by default), then measures in the same run:

- `wangge screen --travel … --as-of … --risk-areas … --dry-run --out …` as a subprocess (Django start-up,
  the registry export, reading, validating, screening, matching and writing flags.csv): wall time, CPU time and
  peak RSS of the child (resource.getrusage(RUSAGE_CHILDREN));
- the same rule written by hand as one DuckDB query over the same file, writing its flags to a CSV as the engine
  does (in a subprocess too, for a fair RSS); both outputs must name the same people with the same category,
  designation and stay (`flags_equal`). The hand-written query trusts the file (typed columns, no validation, no
  rejected rows) and does no matching to residents: that is the engine's extra work the ratio measures.

Writes bench/results/screening.json: records, people, designations, residents, flags, raw_flags, flags_equal (both
produced the same flags), engine_seconds / engine_cpu_seconds / engine_peak_rss_mb,
engine_phases (wall and CPU seconds of read / screen / match inside the engine), raw_seconds / raw_cpu_seconds /
raw_peak_rss_mb, ratio (engine wall / raw wall), cpu_ratio, target_seconds (30), target_ratio (1.5), meets_time,
meets_ratio, threads, load_average (1-minute load when the run ended: other work on the machine skews wall times),
machine, python.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
AS_OF = "2021-08-05T00:00:00"
CITIES = ["3201", "3210", "3206", "3205", "3202", "3101", "3301", "3401", "4201", "4401", "1101", "5101", "3702",
          "3502", "4301", "6101", "2102", "3303", "3212", "3213"]


def h(column: str, seed: int) -> str:
    """A well-mixed pseudo-random BIGINT per row (DuckDB's hash of a value; the seed keeps columns independent)."""
    return f"(hash({column} + {seed} * 100000000000) >> 24)"


def generate(records: int, people: int, designations: int) -> tuple[Path, Path]:
    import duckdb

    DATA.mkdir(parents=True, exist_ok=True)
    travel = DATA / f"travel-{records}-{people}.csv"
    areas = DATA / f"areas-{designations}.csv"
    con = duckdb.connect()
    cities = "[" + ", ".join(f"'{c}'" for c in CITIES) + "]"
    if not areas.exists():
        # 6-, 9- and 12-digit areas from the same code space as the stays; high/medium/low; some lifted.
        con.execute(f"""
        COPY (
          SELECT area_code, '地区' || area_code AS area_name, level,
                 strftime(f, '%Y-%m-%dT%H:%M:%S') AS effective_from,
                 CASE WHEN lifted THEN strftime(f + to_days(CAST(5 + {h('i', 3)} % 20 AS INTEGER)),
                      '%Y-%m-%dT%H:%M:%S') END AS effective_to
          FROM (
            SELECT i,
              CASE WHEN i % 10 = 0 THEN c6 WHEN i % 10 < 5 THEN c6 || t ELSE c6 || t || v END AS area_code,
              CASE WHEN {h('i', 1)} % 10 < 3 THEN 'high' WHEN {h('i', 1)} % 10 < 8 THEN 'medium' ELSE 'low' END
                AS level,
              TIMESTAMP '{AS_OF}' - to_days(CAST(1 + {h('i', 2)} % 40 AS INTEGER)) AS f,
              {h('i', 4)} % 10 < 4 AS lifted
            FROM (
              SELECT i, {cities}[1 + CAST({h('i', 5)} % {len(CITIES)} AS INTEGER)]
                       || lpad(CAST(1 + {h('i', 6)} % 10 AS VARCHAR), 2, '0') AS c6,
                     lpad(CAST(1 + {h('i', 7)} % 20 AS VARCHAR), 3, '0') AS t,
                     lpad(CAST(1 + {h('i', 8)} % 30 AS VARCHAR), 3, '0') AS v
              FROM range({designations}) r(i)
            )
          )
          QUALIFY row_number() OVER (PARTITION BY area_code, level, f ORDER BY i) = 1
        ) TO '{areas}' (FORMAT csv, HEADER true)""")
    if not travel.exists():
        con.execute(f"""
        COPY (
          SELECT 'R' || lpad(CAST(j AS VARCHAR), 9, '0') AS record_id,
            CASE WHEN p % 10 <> 0 THEN '320684' || strftime(DATE '1950-01-01' + CAST(p % 20000 AS INTEGER),
                 '%Y%m%d') || lpad(CAST(p // 20000 % 1000 AS VARCHAR), 3, '0') || CAST(p % 10 AS VARCHAR) END
              AS id_number,
            CASE WHEN p % 3 <> 0 OR p % 10 = 0 THEN '13' || lpad(CAST(p AS VARCHAR), 9, '0') END AS phone,
            ['张', '王', '李', '赵', '陈', '刘'][1 + CAST(p % 6 AS INTEGER)]
              || ['伟', '芳', '娜', '敏', '静'][1 + CAST(p % 5 AS INTEGER)] AS name,
            {cities}[1 + CAST({h('j', 11)} % {len(CITIES)} AS INTEGER)]
              || lpad(CAST(1 + {h('j', 12)} % 10 AS VARCHAR), 2, '0')
              || lpad(CAST(1 + {h('j', 13)} % 20 AS VARCHAR), 3, '0')
              || lpad(CAST(1 + {h('j', 14)} % 30 AS VARCHAR), 3, '0') AS place_code,
            '' AS place_name,
            strftime(a, '%Y-%m-%dT%H:%M:%S') AS arrived_at,
            CASE WHEN {h('j', 15)} % 10 <> 0 THEN strftime(a + to_minutes(CAST({h('j', 16)} % 4320 AS INTEGER)),
                 '%Y-%m-%dT%H:%M:%S') END AS left_at,
            '320684' || lpad(CAST(101 + {h('p', 17)} % 12 AS VARCHAR), 3, '0')
              || lpad(CAST(1 + {h('p', 18)} % 25 AS VARCHAR), 3, '0') AS destination_code,
            'telecom' AS source
          FROM (
            SELECT j, {h('j', 10)} % {people} AS p,
                   TIMESTAMP '{AS_OF}' - to_minutes(CAST({h('j', 19)} % (30 * 1440) AS INTEGER)) AS a
            FROM range({records}) r(j)
          )
        ) TO '{travel}' (FORMAT csv, HEADER true)""")
    con.close()
    return travel, areas


RAW_QUERY = """
COPY (
WITH recs AS (
  SELECT row_number() OVER () AS rowno, record_id, id_number, phone, name, coalesce(id_number, phone) AS person_key,
         place_code, arrived_at AS a, coalesce(left_at, arrived_at) AS b
  FROM read_csv('{travel}', header = true, auto_detect = false, delim = ',', quote = '"',
                columns = {{'record_id': 'VARCHAR', 'id_number': 'VARCHAR', 'phone': 'VARCHAR', 'name': 'VARCHAR',
                           'place_code': 'VARCHAR', 'place_name': 'VARCHAR', 'arrived_at': 'TIMESTAMP',
                           'left_at': 'TIMESTAMP', 'destination_code': 'VARCHAR', 'source': 'VARCHAR'}})
),
win AS (SELECT * FROM recs WHERE b >= TIMESTAMP '{as_of}' - INTERVAL 14 DAY AND a <= TIMESTAMP '{as_of}'),
des AS (
  SELECT area_code, effective_from AS f, effective_to AS t, length(area_code) AS n,
         substr(area_code, 1, 4) AS city, CASE level WHEN 'high' THEN 1 ELSE 2 END AS sev
  FROM read_csv('{areas}', header = true, auto_detect = false, delim = ',', quote = '"',
                columns = {{'area_code': 'VARCHAR', 'area_name': 'VARCHAR', 'level': 'VARCHAR',
                           'effective_from': 'TIMESTAMP', 'effective_to': 'TIMESTAMP'}})
  WHERE level IN ('high', 'medium') AND effective_from <= TIMESTAMP '{as_of}'
),
stays AS (
  SELECT w.rowno,
         min({{'sev': d.sev, 'n': -d.n, 'code': d.area_code}})
           FILTER (WHERE starts_with(w.place_code, d.area_code) AND w.b >= d.f - INTERVAL 14 DAY) AS direct,
         min(d.area_code) FILTER (WHERE w.b >= d.f) AS city
  FROM win w JOIN des d ON d.city = substr(w.place_code, 1, 4)
  WHERE d.t IS NULL OR w.a <= d.t
  GROUP BY w.rowno
),
best AS (
  SELECT w.*, coalesce(s.direct.sev, 3) AS sev, coalesce(s.direct.code, s.city) AS area_code
  FROM stays s JOIN win w USING (rowno) WHERE s.direct IS NOT NULL OR s.city IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY w.person_key ORDER BY sev, w.b DESC, w.a DESC, w.record_id) = 1
)
SELECT person_key, id_number, phone, name, ['high', 'medium', 'same_city'][sev] AS category, area_code,
       place_code, a AS arrived_at, b AS left_at
FROM best ORDER BY person_key
) TO '{out}' (FORMAT csv, HEADER true)
"""

# The engine's flags.csv and the hand-written query's output must name the same people, categories, designations
# and stays.
COMPARE = """
SELECT count(*) FROM (
  (SELECT person_key, category, area_code, place_code FROM read_csv('{a}', all_varchar = true)
   EXCEPT SELECT person_key, category, area_code, place_code FROM read_csv('{b}', all_varchar = true))
  UNION ALL
  (SELECT person_key, category, area_code, place_code FROM read_csv('{b}', all_varchar = true)
   EXCEPT SELECT person_key, category, area_code, place_code FROM read_csv('{a}', all_varchar = true))
)
"""


def run_child(cmd: list[str], env: dict | None = None) -> dict:
    """Run `cmd` under a fresh `python -c` wrapper, so that getrusage(RUSAGE_CHILDREN) of the wrapper covers exactly
    that command: wall seconds, peak RSS (MB), CPU seconds (user + system, all threads), stdout and stderr."""
    wrapper = ("import resource, subprocess, sys, json, time; t = time.perf_counter(); "
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "w = time.perf_counter() - t; "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(json.dumps({'rc': p.returncode, 'wall': w, 'rss_kb': u.ru_maxrss, "
               "'cpu': u.ru_utime + u.ru_stime, 'out': p.stdout, 'err': p.stderr}))")
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env)
    info = json.loads(proc.stdout)
    if info["rc"] != 0:
        sys.stderr.write(info["out"] + info["err"])
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    info["rss_mb"] = info["rss_kb"] / 1024
    return info


def prepare_database(env: dict, residents: int) -> None:
    """A migrated SQLite database with one district, twelve towns and `residents` residents (generated by SQL)."""
    db = DATA / "screening.sqlite3"
    marker = DATA / f"screening.sqlite3.{residents}"
    if marker.exists() and db.exists():
        return
    db.unlink(missing_ok=True)
    subprocess.run([str(ROOT / ".venv/bin/wangge"), "migrate", "-v", "0"], check=True, env=env)
    script = f"""
import duckdb, sqlite3, datetime
con = sqlite3.connect({str(db)!r})
now = datetime.datetime.now().isoformat()
con.execute("INSERT INTO regions_region (code, name, level, parent_id, industrial, created, updated) "
            "VALUES ('320684', '海门区', 'district', NULL, 0, ?, ?)", (now, now))
for t in range(101, 113):
    con.execute("INSERT INTO regions_region (code, name, level, parent_id, industrial, created, updated) "
                "VALUES (?, ?, 'town', 1, 0, ?, ?)", ('320684%03d' % t, '镇%d' % t, now, now))
grid = con.execute("SELECT id FROM regions_region WHERE code = '320684101'").fetchone()[0]
rows = duckdb.sql('''
  SELECT '320684' || strftime(DATE '1950-01-01' + CAST(p % 20000 AS INTEGER), '%Y%m%d')
         || lpad(CAST(p // 20000 % 1000 AS VARCHAR), 3, '0') || CAST(p % 10 AS VARCHAR) AS id_number,
         '居民' AS name, '13' || lpad(CAST(p AS VARCHAR), 9, '0') AS phone
  FROM range(1, 10 * {residents} + 1) r(p) WHERE p % 10 <> 0 LIMIT {residents}''').fetchall()
con.executemany("INSERT INTO people_resident (id_number, name, phone, grid_id, region_code, address, "
                "residence_type, no_smartphone, sex, id_last4, created, updated) "
                "VALUES (?, ?, ?, " + str(grid) + ", '320684101', '', 'resident', 0, '', substr(?, 15), ?, ?)",
                [(r[0], r[1], r[2], r[0], now, now) for r in rows])
con.commit()
"""
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    marker.touch()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--designations", type=int, default=300)
    parser.add_argument("--residents", type=int, default=None, help="default: a quarter of --people")
    args = parser.parse_args()
    residents = args.people // 4 if args.residents is None else args.residents

    clock = time.perf_counter()
    travel, areas = generate(args.records, args.people, args.designations)
    print(f"data ready in {time.perf_counter() - clock:.1f} s: {travel} ({travel.stat().st_size / 1e6:.0f} MB)")

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{DATA / 'screening.sqlite3'}", WANGGE_VAR_DIR=str(DATA / "var"),
               PYTHONPATH=str(ROOT / "src"))
    prepare_database(env, residents)

    out = DATA / "flags.csv"
    engine = run_child(
        [str(ROOT / ".venv/bin/wangge"), "screen", "--travel", str(travel), "--as-of", AS_OF, "--risk-areas",
         str(areas), "--dry-run", "--out", str(out), "--lookback", "14", "--retro", "14", "--no-progress", "-v", "2"],
        env)
    print(engine["out"], engine["err"])
    engine_flags = sum(1 for _ in open(out, encoding="utf-8")) - 1
    phases = {k: float(v.rstrip("s")) for k, v in (item.split("=") for item in
                                                     engine["err"].strip().splitlines()[-1].split() if "=" in item)}

    raw_out = DATA / "raw_flags.csv"
    raw_script = ("import duckdb, sys; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
                  "con.execute(sys.argv[1])")
    query = RAW_QUERY.format(travel=travel, areas=areas, as_of=AS_OF.replace("T", " "), out=raw_out)
    raw = run_child([sys.executable, "-c", raw_script, query], env)
    import duckdb

    raw_flags = duckdb.sql(f"SELECT count(*) FROM read_csv('{raw_out}', all_varchar = true)").fetchall()[0][0]
    differences = duckdb.sql(COMPARE.format(a=out, b=raw_out)).fetchall()[0][0]

    result = {
        "records": args.records, "people": args.people, "designations": args.designations, "residents": residents,
        "flags": engine_flags, "raw_flags": raw_flags, "flags_equal": engine_flags == raw_flags and differences == 0,
        "engine_seconds": round(engine["wall"], 2), "engine_cpu_seconds": round(engine["cpu"], 2),
        "engine_peak_rss_mb": round(engine["rss_mb"]), "engine_phases": phases,
        "raw_seconds": round(raw["wall"], 2), "raw_cpu_seconds": round(raw["cpu"], 2),
        "raw_peak_rss_mb": round(raw["rss_mb"]),
        "ratio": round(engine["wall"] / raw["wall"], 2), "cpu_ratio": round(engine["cpu"] / max(raw["cpu"], 1e-9), 2),
        "target_seconds": 30, "target_ratio": 1.5,
        "meets_time": engine["wall"] <= 30, "meets_ratio": engine["wall"] <= 1.5 * raw["wall"],
        "threads": os.cpu_count(), "load_average": os.getloadavg()[0], "machine": platform.machine(),
        "python": platform.python_version(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "screening.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
