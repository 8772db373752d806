#!/usr/bin/env python
"""Benchmark: the follow-up worker's daily pass with N people under follow-up, on SQLite and PostgreSQL, against
a hand-written INSERT … SELECT doing the same task generation in the same run.

    .venv/bin/python bench/worker.py                  # 100,000 people (the lead runs this)
    .venv/bin/python bench/worker.py --people 5000    # smoke run

For each engine, in a child process with its own DATABASE_URL (a fresh PostgreSQL database `wangge_bench_worker`,
a fresh SQLite file in bench/data/):
1. migrate; 1,000 grids (10 towns × 10 villages × 10 grids); policy A from the shipped file; N follow-ups under
   measure (medium / high / same-city, arrivals over the last 14 days) with their plan phases and planned tests,
   yesterday's daily visits (90 % done, 10 % left open → missed) and 5 % overdue verify tasks — all bulk-created,
   untimed;
2. one daily pass `FollowUpWorker(today).run_pass()`, timed as a whole and per step; then a second pass (must do
   nothing);
3. the raw engine: today's generated tasks are deleted (untimed) and recreated by the minimal hand-written
   INSERT … SELECT for visits and for tests (no idempotency guards), timed; the row count must match.
Writes bench/results/worker.json.
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "wangge_bench_worker"
TARGET_SECONDS = 10.0


# ---------------------------------------------------------------------------------------------------- parent


def fresh_database(engine: str) -> str:
    if engine == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "worker.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run_engine(engine: str, people: int, seed: int) -> dict:
    env = dict(os.environ, DATABASE_URL=fresh_database(engine), WANGGE_VAR_DIR=str(DATA / "var"),
               DJANGO_SETTINGS_MODULE="wangge.settings", PYTHONPATH=str(ROOT / "src"))
    env.pop("WANGGE_TODAY", None)
    subprocess.run([sys.executable, "-m", "wangge", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    child = subprocess.run([sys.executable, __file__, "--child", "--people", str(people), "--seed", str(seed)],
                           env=env, cwd=ROOT, capture_output=True, text=True)
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise SystemExit(f"{engine}: child failed")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_main(args.people, args.seed)))
        return
    result = {"benchmark": "worker", "people": args.people, "target_seconds": TARGET_SECONDS,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "engines": {}}
    for engine in args.engines.split(","):
        print(f"== {engine}: {args.people:,} people under follow-up", file=sys.stderr)
        result["engines"][engine] = run_engine(engine, args.people, args.seed)
        print(json.dumps(result["engines"][engine], indent=2), file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "worker.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'worker.json'}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------- child


def child_main(people: int, seed: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    today = datetime.date(2021, 8, 20)
    started = time.perf_counter()
    counts = build(people, seed, today)
    setup_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {"engine": connection.vendor, "setup_seconds": round(setup_s, 2), **counts}
    result.update(timed_pass(today))
    result.update(raw_generation(today, result["tasks_generated"]))
    result["ratio_generate_vs_raw"] = round(result["steps"]["generate"] / max(result["raw_insert_select_seconds"],
                                                                              1e-6), 2)
    result["meets_target"] = result["pass_seconds"] <= TARGET_SECONDS
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def build(people: int, seed: int, today) -> dict:
    """Regions, policy A, N follow-ups with their plan rows and yesterday's tasks (bulk, untimed)."""
    from django.db import transaction
    from django.utils import timezone

    import wangge.policies
    from wangge.followup import plans
    from wangge.followup.actions import _plan_rows
    from wangge.followup.models import FollowUp, NatRecord, PlanPhase, Task
    from wangge.policies.choices import VersionStatus
    from wangge.policies.models import PolicyVersion
    from wangge.regions.models import Region

    rng = random.Random(seed)
    grids = make_regions(Region)
    text = (Path(wangge.policies.__file__).parent / "data" / "A-nantong-2021-08.yaml").read_text(encoding="utf-8")
    version = PolicyVersion(status=VersionStatus.ACTIVE)
    version.load_yaml(text)
    version.save()
    plan_cache: dict = {}
    categories = ["medium"] * 6 + ["high"] * 2 + ["same_city"] * 2
    yesterday = today - datetime.timedelta(days=1)
    noon = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(12)))
    totals = {"followups": 0, "plan_phases": 0, "planned_tests": 0, "existing_tasks": 0}
    batch = 10_000
    for offset in range(0, people, batch):
        with transaction.atomic():
            followups = []
            for i in range(offset, min(offset + batch, people)):
                category = rng.choice(categories)
                start = today - datetime.timedelta(days=rng.randrange(0, 3 if category == "same_city" else 14))
                key = (category, start)
                if key not in plan_cache:
                    plan_cache[key] = plans.make_plan(version.document, category, start)
                grid = grids[i % len(grids)]
                f = FollowUp(person_key=f"B{i:017d}", name=f"人员{i}", category=category, start_date=start,
                             opened_on=start, region_code=grid.code, grid=grid, state="under_measure",
                             policy_code="A", plan=plan_cache[key], measure=plan_cache[key]["phases"][0]["kind"],
                             end_date=datetime.date.fromisoformat(plan_cache[key]["end"]), verified_at=noon)
                followups.append(f)
            FollowUp.objects.bulk_create(followups, batch_size=2000)
            phases, nats, tasks = [], [], []
            for f in followups:
                p, n = _plan_rows(f)
                for record in n:  # the tests of the days before today were taken
                    if record.date < today:
                        record.sampled, record.result = True, "negative"
                phases += p
                nats += n
                if f.start_date < today:
                    done = rng.random() < 0.9
                    tasks.append(Task(followup=f, kind="daily_visit", due_date=yesterday, due_at=noon,
                                      state="done" if done else "open", region_code=f.region_code))
                if rng.random() < 0.05:
                    tasks.append(Task(followup=f, kind="verify", due_date=f.opened_on,
                                      due_at=noon - datetime.timedelta(days=1), region_code=f.region_code))
            PlanPhase.objects.bulk_create(phases, batch_size=5000)
            NatRecord.objects.bulk_create(nats, batch_size=5000)
            Task.objects.bulk_create(tasks, batch_size=5000)
        totals["followups"] += len(followups)
        totals["plan_phases"] += len(phases)
        totals["planned_tests"] += len(nats)
        totals["existing_tasks"] += len(tasks)
    return totals


def make_regions(Region) -> list:
    district = Region.objects.create(code="320684", name="海门区", level="district")
    towns = Region.objects.bulk_create([Region(code=f"320684{t:03d}", name=f"镇{t}", level="town", parent=district)
                                        for t in range(101, 111)])
    villages = Region.objects.bulk_create([Region(code=f"{town.code}{v:03d}", name=f"村{v}", level="village",
                                                  parent=town) for town in towns for v in range(1, 11)])
    return Region.objects.bulk_create([Region(code=f"{v.code}{g:03d}", name=f"网格{g}", level="grid", parent=v)
                                       for v in villages for g in range(1, 11)])


def timed_pass(today) -> dict:
    from wangge.followup import clock
    from wangge.followup.models import Task
    from wangge.followup.worker import FollowUpWorker

    clock.set_today(today)
    worker = FollowUpWorker(today=today)
    steps = {}
    before = Task.objects.count()
    started = time.perf_counter()
    for name, step in (("generate", worker.generate), ("refresh_statistics", worker.refresh_statistics),
                       ("mark_overdue", worker.mark_overdue),
                       ("expire_visits", worker.expire_visits), ("escalate", worker.escalate),
                       ("complete_measures", worker.complete_measures), ("cancel_orphans", worker.cancel_orphans)):
        t0 = time.perf_counter()
        out = step()
        steps[name] = round(time.perf_counter() - t0, 3)
        steps[f"{name}_rows"] = sum(out.values()) if isinstance(out, dict) else out
    pass_s = time.perf_counter() - started
    generated = Task.objects.count() - before
    t0 = time.perf_counter()
    second = worker.run_pass()
    second_s = time.perf_counter() - t0
    return {"pass_seconds": round(pass_s, 3), "steps": steps, "tasks_generated": generated,
            "second_pass_seconds": round(second_s, 3),
            "second_pass_work": sum(v for k, v in second.items() if k != "today"),
            "generated_rows_per_second": round(steps["generate_rows"] / max(steps["generate"], 1e-6))}


RAW_VISITS = """
INSERT INTO followup_task (created, updated, followup_id, kind, due_date, due_at, state, overdue, outcome, note,
                           attempts, level, region_code)
SELECT %s, %s, f.id, 'daily_visit', %s, %s, 'open', %s, '', '', 0, 'grid', f.region_code
FROM followup_followup f JOIN followup_planphase p ON p.followup_id = f.id
WHERE f.state = 'under_measure' AND p.start_date <= %s AND p.end_date >= %s AND p.kind <> 'centralized_isolation'
"""
RAW_NATS = """
INSERT INTO followup_task (created, updated, followup_id, kind, due_date, due_at, state, overdue, outcome, note,
                           attempts, level, region_code)
SELECT %s, %s, f.id, 'nat', n.date, %s, 'open', %s, '', '', 0, 'grid', f.region_code
FROM followup_natrecord n JOIN followup_followup f ON f.id = n.followup_id
WHERE f.state = 'under_measure' AND n.date <= %s AND n.sampled = %s
"""


def raw_generation(today, expected: int) -> dict:
    """Delete today's generated tasks, recreate them with the minimal hand-written SQL, timed."""
    from django.db import connection, transaction
    from django.db.models import Q

    from wangge.followup import clock
    from wangge.followup.models import Task

    # Every NAT task and today's visits were made by the timed pass (the set-up creates neither).
    generated = Task.objects.filter(Q(kind="nat") | Q(kind="daily_visit", due_date=today))
    ops = connection.ops
    now = ops.adapt_datetimefield_value(clock.now())
    day = ops.adapt_datefield_value(today)
    due = ops.adapt_datetimefield_value(clock.end_of(today))
    with transaction.atomic():
        generated.delete()
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RAW_VISITS, [now, now, day, due, False, day, day])
        rows = cursor.rowcount
        cursor.execute(RAW_NATS, [now, now, due, False, day, False])
        rows += cursor.rowcount
    raw_s = time.perf_counter() - t0
    return {"raw_insert_select_seconds": round(raw_s, 3), "raw_rows": rows, "raw_rows_match": rows == expected}


if __name__ == "__main__":
    main()
