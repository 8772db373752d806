#!/usr/bin/env python
"""Benchmark: a month's duty plan for 6,400 volunteers in 290 teams checked against the duty rules (domain.md §9), on
SQLite (and PostgreSQL when asked), against the plain read of the same rows in the same run. Target: ≤ 5 s.

    .venv/bin/python bench/duty_plan.py                                   # 6,400 volunteers, 290 teams, SQLite
    .venv/bin/python bench/duty_plan.py --engines sqlite,postgres
    .venv/bin/python bench/duty_plan.py --volunteers 640 --teams 29       # smoke run

For each engine, on a fresh database (a fresh SQLite file in bench/data/, PostgreSQL `wangge_bench_duty`):
1. untimed: `wangge migrate`; 12 towns and the teams' villages; one team per village with its members (3 % aged 70+),
   one gate post per team and a highway/rail post for every sixth team; August 2021 in three 8-hour shifts a day at
   every post, two people a shift, the team's members in rotation (a sound plan: about one shift every two days);
   then planted breaches: 20 people given an extra shift overlapping one of theirs, 20 given a 6-hour shift two
   hours after one of theirs ends (14 hours in 24) and one 74-year-old given a 22-hour shift — all bulk-inserted;
2. timed (best of --runs): the month checked as the app checks it, `volunteers.selectors.plan_breaches` over the
   month's sign-ups (one query for the rows, then `volunteers.rules.check_duties`); the rules alone on the rows already
   read; the plain read of the same rows (id, person, start, end) on a DB-API cursor; the breaches found must be
   exactly the planted ones;
3. timed: planning one more shift of two people through `do_plan_shift` (the rules read the people's shifts within
   24 hours) --plans times, each rolled back: median and p95 ms.
Writes bench/results/duty_plan.json.
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

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "wangge_bench_duty"
TARGET_SECONDS = 5.0
MONTH = datetime.date(2021, 8, 1)
DAYS = 31
PLANTED_OVERLAPS = 20
PLANTED_LONG_DAYS = 20


# ---------------------------------------------------------------------------------------------------- parent


def fresh_database(engine: str) -> str:
    if engine == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "duty_plan.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run_engine(engine: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=fresh_database(engine), WANGGE_VAR_DIR=str(DATA / "var"),
               DJANGO_SETTINGS_MODULE="wangge.settings", PYTHONPATH=str(ROOT / "src"))
    env.pop("WANGGE_TODAY", None)
    subprocess.run([sys.executable, "-m", "wangge", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    child = subprocess.run([sys.executable, __file__, "--child", "--volunteers", str(args.volunteers), "--teams",
                            str(args.teams), "--runs", str(args.runs), "--plans", str(args.plans), "--seed",
                            str(args.seed)], env=env, cwd=ROOT, capture_output=True, text=True)
    if engine == "postgres":
        drop_database()
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise SystemExit(f"{engine}: child failed")
    return json.loads(child.stdout.strip().splitlines()[-1])


def drop_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volunteers", type=int, default=6400)
    parser.add_argument("--teams", type=int, default=290)
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_main(args)))
        return
    result = {"benchmark": "duty_plan", "volunteers": args.volunteers, "teams": args.teams, "days": DAYS,
              "target_seconds": TARGET_SECONDS,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "engines": {}}
    for engine in args.engines.split(","):
        print(f"== {engine}: {args.volunteers:,} volunteers in {args.teams} teams, {DAYS} days", file=sys.stderr)
        result["engines"][engine] = run_engine(engine, args)
        print(json.dumps(result["engines"][engine], indent=2), file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "duty_plan.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'duty_plan.json'}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------- child


def child_main(args) -> dict:
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    built = build(args.volunteers, args.teams, args.seed)
    setup_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {"engine": connection.vendor, "setup_seconds": round(setup_s, 2), **built["counts"]}
    result.update(timed_check(args.runs, built["expected"]))
    result.update(timed_plans(args.plans, built["spare"], args.seed))
    result["ratio_check_vs_raw_read"] = round(result["check_seconds"] / max(result["raw_read_seconds"], 1e-6), 2)
    result["meets_target"] = result["check_seconds"] <= TARGET_SECONDS and result["breaches_as_planted"]
    return result


def shift_times(day: datetime.date, slot: int):
    from wangge.core import clock

    start = clock.at(day, 8 * slot)
    return start, start + datetime.timedelta(hours=8)


def build(n_volunteers: int, n_teams: int, seed: int) -> dict:
    """Regions, teams, people, posts, a month of shifts and sign-ups (bulk, untimed), and the planted breaches."""
    from django.db import transaction

    from wangge.core.ids import birth_date
    from wangge.regions.models import Region
    from wangge.simulate.synth import make_id, random_name, random_phone
    from wangge.volunteers.models import Post, Shift, SignUp, Team, Volunteer

    rng = random.Random(seed)
    with transaction.atomic():
        district = Region.objects.create(code="320684", name="海门区", level="district")
        towns = Region.objects.bulk_create([Region(code=f"320684{100 + t:03d}", name=f"镇{t}", level="town",
                                                   parent=district) for t in range(1, 13)])
        villages = Region.objects.bulk_create([
            Region(code=f"{towns[i % 12].code}{i // 12 + 1:03d}", name=f"村{i + 1}", level="village",
                   parent=towns[i % 12]) for i in range(n_teams)])
        teams = Team.objects.bulk_create([Team(name=f"攻坚有我服务队{i + 1}", region=v, region_code=v.code,
                                               party_branch=f"{v.name}党支部") for i, v in enumerate(villages)])
        people = []
        for i in range(n_volunteers):
            team = teams[i % n_teams]
            age = rng.randint(70, 78) if rng.random() < 0.03 else rng.randint(20, 69)
            birth = datetime.date(MONTH.year - age, rng.randint(1, 12), rng.randint(1, 28))
            id_number = make_id("320684", birth, i % 1000) if i < 1000 else make_id(
                "320684", birth, rng.randrange(1000))
            people.append(Volunteer(id_number=id_number, name=random_name(rng), phone=random_phone(rng), team=team,
                                    region_id=team.region_id, region_code=team.region_code, party_member=True,
                                    birth_date=birth_date(id_number), person_key=f"i{id_number}"))
        # ID numbers must be unique: regenerate the few collisions
        seen = set()
        for person in people:
            while person.id_number in seen:
                birth = person.birth_date + datetime.timedelta(days=rng.randint(1, 300))
                person.id_number = make_id("320684", birth, rng.randrange(1000))
                person.birth_date, person.person_key = birth_date(person.id_number), f"i{person.id_number}"
            seen.add(person.id_number)
        people = Volunteer.objects.bulk_create(people, batch_size=2000)
        members: dict[int, list] = {}
        for person in people:
            members.setdefault(person.team_id, []).append(person)
        posts = Post.objects.bulk_create(
            [Post(name=f"{t.name}门岗", region_id=t.region_id, region_code=t.region_code, team=t, headcount=2)
             for t in teams]
            + [Post(name=f"高速道口{i + 1}", kind="checkpoint", region_id=t.region_id, region_code=t.region_code,
                    team=t, headcount=2) for i, t in enumerate(teams[::6])])
        team_posts: dict[int, list] = {}
        for post in posts:
            team_posts.setdefault(post.team_id, []).append(post)
        shifts, places = [], []
        for team in teams:
            rotation, turn = members[team.pk], 0
            for d in range(DAYS):
                for slot in range(3):
                    start, end = shift_times(MONTH + datetime.timedelta(days=d), slot)
                    for post in team_posts[team.pk]:
                        shift = Shift(post=post, region_code=post.region_code, start=start, end=end, needed=2,
                                      team=team)
                        shifts.append(shift)
                        for _ in range(2):
                            places.append((shift, rotation[turn % len(rotation)]))
                            turn += 1
        Shift.objects.bulk_create(shifts, batch_size=5000)
        signups = [SignUp(shift=shift, volunteer=person, region_code=shift.region_code,
                          volunteer_region_code=person.region_code, start=shift.start, end=shift.end)
                   for shift, person in places]
        # planted breaches, each on its own spare post
        expected = {"no_overlap": 0, "max_hours_24": 0}
        by_person: dict[int, list] = {}
        for signup in signups:
            by_person.setdefault(signup.volunteer_id, []).append(signup)
        chosen = rng.sample([p for p in people if by_person.get(p.pk)], PLANTED_OVERLAPS + PLANTED_LONG_DAYS)
        extra_posts = Post.objects.bulk_create([
            Post(name=f"机动岗{i + 1}", region_id=p.region_id, region_code=p.region_code, headcount=1)
            for i, p in enumerate(chosen + [people[0]])])
        extras = []
        for i, person in enumerate(chosen):
            mine = sorted(by_person[person.pk], key=lambda s: s.start)
            base = mine[len(mine) // 2]
            if i < PLANTED_OVERLAPS:  # two hours inside one of their shifts
                start = base.start + datetime.timedelta(hours=3)
                end = start + datetime.timedelta(hours=2)
                expected["no_overlap"] += 1
            else:  # six hours, two hours after one of their shifts ends: 14 hours in 24
                start = base.end + datetime.timedelta(hours=2)
                end = start + datetime.timedelta(hours=6)
                expected["max_hours_24"] += 1
            extras.append((extra_posts[i], start, end, person))
        elder = Volunteer.objects.create(id_number=make_id("320684", datetime.date(1947, 3, 1), 999),
                                         name=random_name(rng), phone=random_phone(rng), team=teams[0],
                                         region=teams[0].region)
        start, _end = shift_times(MONTH + datetime.timedelta(days=5), 0)
        extras.append((extra_posts[-1], start, start + datetime.timedelta(hours=22), elder))
        expected["max_hours_24"] += 1
        extra_shifts = Shift.objects.bulk_create([Shift(post=post, region_code=post.region_code, start=s, end=e,
                                                        needed=1) for post, s, e, _p in extras])
        signups += [SignUp(shift=shift, volunteer=person, region_code=shift.region_code,
                           volunteer_region_code=person.region_code, start=shift.start, end=shift.end)
                    for shift, (_post, _s, _e, person) in zip(extra_shifts, extras, strict=True)]
        SignUp.objects.bulk_create(signups, batch_size=5000)
    spare = [p for p in people if p.pk not in {c.pk for c in chosen}]
    counts = {"towns": len(towns), "villages": len(villages), "posts": len(posts) + len(extra_posts),
              "shifts": len(shifts) + len(extra_shifts), "sign_ups": len(signups),
              "aged_70_plus": sum(1 for p in people if (MONTH - p.birth_date).days >= 70 * 365.25),
              "planted": expected}
    return {"counts": counts, "expected": expected, "spare": spare}


def timed_check(runs: int, expected: dict) -> dict:
    from django.db import connection

    from wangge.core import clock
    from wangge.volunteers import rules
    from wangge.volunteers.actions import max_hours_in_24
    from wangge.volunteers.models import SignUp
    from wangge.volunteers.selectors import plan_breaches

    start = clock.at(MONTH, 0)
    end = start + datetime.timedelta(days=DAYS)
    month = SignUp.objects.filter(start__gte=start, start__lt=end)
    max_hours = max_hours_in_24(start)
    check_times, rule_times, raw_times = [], [], []
    breaches = []
    for _ in range(runs):
        t0 = time.perf_counter()
        breaches = plan_breaches(month, max_hours=max_hours)
        check_times.append(time.perf_counter() - t0)
    rows = list(month.filter(status="active").values_list("pk", "volunteer__person_key", "start", "end"))
    duties = [rules.Duty(key, s, e, ref=pk) for pk, key, s, e in rows]
    for _ in range(runs):
        t0 = time.perf_counter()
        rules.check_duties(duties, max_hours=max_hours)
        rule_times.append(time.perf_counter() - t0)
    sql = ("SELECT s.id, v.person_key, s.start, s.\"end\" FROM volunteers_signup s JOIN volunteers_volunteer v "
           "ON v.id = s.volunteer_id WHERE s.status = 'active' AND s.start >= %s AND s.start < %s")
    for _ in range(runs):
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [connection.ops.adapt_datetimefield_value(start),
                                 connection.ops.adapt_datetimefield_value(end)])
            raw = cursor.fetchall()
        raw_times.append(time.perf_counter() - t0)
    found = {"no_overlap": 0, "max_hours_24": 0}
    for breach in breaches:
        found[str(breach.rule)] = found.get(str(breach.rule), 0) + 1
    return {"rows_checked": len(rows), "raw_rows": len(raw), "people_checked": len({d.person for d in duties}),
            "max_hours_in_24": max_hours, "check_seconds": round(min(check_times), 3),
            "check_seconds_median": round(statistics.median(check_times), 3),
            "rules_only_seconds": round(min(rule_times), 3), "raw_read_seconds": round(min(raw_times), 3),
            "breaches_found": found, "breaches_as_planted": found == expected}


def timed_plans(n: int, spare: list, seed: int) -> dict:
    """One more shift of two people of a team, through do_plan_shift, rolled back each time."""
    from django.db import transaction

    from wangge.accounts.selectors import system_actor
    from wangge.core import clock
    from wangge.volunteers.actions import DutyRuleBroken, do_plan_shift
    from wangge.volunteers.models import Post

    rng = random.Random(seed)
    actor = system_actor()
    times, refused = [], 0
    for _ in range(n):
        pair = rng.sample(spare[:2000], 2)
        post = Post.objects.filter(team_id=pair[0].team_id).first()
        day = MONTH + datetime.timedelta(days=rng.randrange(DAYS))
        start = clock.at(day, rng.choice([2, 6, 10, 14, 18]))
        t0 = time.perf_counter()
        try:
            with transaction.atomic():
                do_plan_shift(actor, post, start=start, end=start + datetime.timedelta(hours=4), volunteers=pair,
                              needed=2)
                transaction.set_rollback(True)
        except DutyRuleBroken:
            refused += 1
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"plan_one_shift_ms_median": round(statistics.median(times), 1),
            "plan_one_shift_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1), "plans_timed": n,
            "plans_refused_by_a_rule": refused}


if __name__ == "__main__":
    main()
