#!/usr/bin/env python
"""Benchmark: the 12345 hotline on PostgreSQL with a million work orders and their events.

    .venv/bin/python bench/hotline.py                    # 1,000,000 orders over a year (the lead runs this)
    .venv/bin/python bench/hotline.py --orders 20000     # smoke run

Steps, in a fresh PostgreSQL database (`wangge_bench_hotline`, dropped and re-created):
1. migrate; a synthetic region tree (10 towns × 10 villages × 4 grids); the hotline catalogue;
2. `generate` N orders over --days days (COPY-inserted with their events): seconds and orders/s;
3. the month's KPI report per department and per category through kpis.compute (median of 5 runs), and the
   same KPIs by one plain SQL statement (FILTER aggregates over the orders and the events, full scans) —
   the counts of both must agree;
4. the daily information report for one day (median of 3 runs);
5. intake through the REST API (DRF test client, token auth, one request per order), by one client and by
   --clients concurrent clients (operators; forked processes like gunicorn workers): orders/s; and the same number of
   intakes by calling actions.do_intake directly, for the API overhead.
Writes bench/results/hotline.json. Targets: KPI month per department ≤ 1 s, daily report ≤ 2 s, intake ≥ 200/s.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]

RAW_KPI_SQL = """
WITH o AS (
  SELECT department_id,
    count(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s) AS received,
    count(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND state = 'answered_directly') AS answered,
    count(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s) AS finished,
    count(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s AND finished_at <= due_at) AS finished_on_time,
    count(*) FILTER (WHERE received_at < %(e)s AND due_at < %(e)s AND state <> 'answered_directly'
                     AND (finished_at IS NULL OR finished_at >= %(e)s)) AS open_overdue,
    count(*) FILTER (WHERE state = 'closed' AND closed_at >= %(s)s AND closed_at < %(e)s) AS closed,
    count(*) FILTER (WHERE state = 'closed' AND closed_at >= %(s)s AND closed_at < %(e)s AND redo_count > 0) AS redone
  FROM hotline_workorder GROUP BY department_id),
ev AS (
  SELECT d.department_id,
    count(*) FILTER (WHERE d.kind = 'dispatch') AS dispatches,
    count(*) FILTER (WHERE d.kind = 'dispatch' AND nx.kind = 'sign' AND nx.on_time) AS signed_on_time,
    count(*) FILTER (WHERE d.kind = 'dispatch' AND nx.kind = 'return') AS returns,
    count(*) FILTER (WHERE d.kind = 'callback' AND d.satisfaction <> 'unreached') AS callbacks,
    count(*) FILTER (WHERE d.kind = 'callback' AND d.satisfaction IN ('satisfied', 'basically_satisfied')) AS satisfied
  FROM hotline_event d
  LEFT JOIN LATERAL (SELECT n.kind, n.on_time FROM hotline_event n WHERE n.order_id = d.order_id AND n.id > d.id
                     AND n.kind IN ('sign', 'return') ORDER BY n.id LIMIT 1) nx ON d.kind = 'dispatch'
  WHERE d.time >= %(s)s AND d.time < %(e)s GROUP BY d.department_id)
SELECT coalesce(o.department_id, ev.department_id) AS department_id,
  coalesce(received, 0), coalesce(answered, 0), coalesce(finished, 0), coalesce(finished_on_time, 0),
  coalesce(open_overdue, 0), coalesce(dispatches, 0), coalesce(signed_on_time, 0), coalesce(returns, 0),
  coalesce(callbacks, 0), coalesce(satisfied, 0), coalesce(closed, 0), coalesce(redone, 0)
FROM o FULL JOIN ev ON coalesce(o.department_id, -1) = coalesce(ev.department_id, -1)
"""
RAW_FIELDS = ["received", "answered", "finished", "finished_on_time", "open_overdue", "dispatches",
              "signed_on_time", "returns", "callbacks", "satisfied", "closed", "redone"]


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def setup_database(name: str, keep: bool) -> str:
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    if not keep:
        subprocess.run([*PG_ADMIN, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"],
                       check=True)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "wangge", "migrate", "-v", "0"], check=True, env=env, cwd=ROOT)
    return url


def make_regions():
    from wangge.core.context import bulk_changes
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region

    if Region.objects.exists():
        return
    with bulk_changes():
        district = Region.objects.create(code="320684", name="海门区", level=RegionLevel.DISTRICT)
        for t in range(1, 11):
            town = Region.objects.create(code=f"320684{100 + t:03d}", name=f"第{t}镇", level=RegionLevel.TOWN,
                                         parent=district)
            for v in range(1, 11):
                village = Region.objects.create(code=f"{town.code}{v:03d}", name=f"{town.name}{v}村",
                                                level=RegionLevel.VILLAGE, parent=town)
                Region.objects.bulk_create([Region(code=f"{village.code}{g:03d}", name=f"{village.name}第{g}网格",
                                                   level=RegionLevel.GRID, parent=village) for g in range(1, 5)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--intake", type=int, default=2000, help="orders registered through the API")
    parser.add_argument("--clients", type=int, default=4, help="concurrent API clients (operators) for intake")
    parser.add_argument("--db", default="wangge_bench_hotline")
    parser.add_argument("--keep", action="store_true", help="reuse the database (skip generation if it has orders)")
    args = parser.parse_args()

    url = setup_database(args.db, args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.hotline import actions, kpis, reports
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.hotline.deadlines import TZ
    from wangge.hotline.models import Event, WorkOrder
    from wangge.hotline.selectors import orders_for
    from wangge.regions.models import Region
    from wangge.simulate.hotline import generate

    make_regions()
    ensure_catalogue(list(Region.objects.filter(level="town")))
    start = datetime.date(2021, 1, 1)
    result = {"engine": "postgresql", "orders_requested": args.orders, "days": args.days,
              "machine": platform.platform(), "python": platform.python_version(),
              "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}

    if not (args.keep and WorkOrder.objects.exists()):
        per_day = max(1, round(args.orders / args.days))
        t0 = time.perf_counter()
        stats = generate(args.days, start, seed=2021, per_day=per_day)
        result["generate_seconds"] = round(time.perf_counter() - t0, 1)
        result["generate_orders_per_s"] = round(stats.orders / result["generate_seconds"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hotline_workorder; ANALYZE hotline_event")
    result["orders"] = WorkOrder.objects.count()
    result["events"] = Event.objects.count()

    # The busiest full month of the history.
    month = datetime.date(2021, 6, 1) if args.days >= 200 else start
    month_end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    s = datetime.datetime.combine(month, datetime.time(), tzinfo=TZ)
    e = datetime.datetime.combine(month_end, datetime.time(), tzinfo=TZ)
    result["kpi_period"] = f"{month}..{month_end}"
    med, best, rows = timed(lambda: kpis.compute(s, e, "department"), 5)
    result["kpi_month_department_s"] = round(med, 3)
    result["kpi_month_department_best_s"] = round(best, 3)
    med, best, _ = timed(lambda: kpis.compute(s, e, "category"), 5)
    result["kpi_month_category_s"] = round(med, 3)
    # As the pages compute it for a district administrator: orders scoped by region-code prefix.
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={
        "role": Role.DISTRICT_ADMIN, "region": Region.objects.get(code="320684")})
    scoped = orders_for(admin)
    med, best, _ = timed(lambda: kpis.compute(s, e, "department", orders=scoped), 5)
    result["kpi_month_department_scoped_s"] = round(med, 3)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_KPI_SQL, {"s": s, "e": e})
            return cursor.fetchall()

    med, best, raw_rows = timed(raw, 5)
    result["raw_sql_kpi_month_department_s"] = round(med, 3)
    result["kpi_vs_raw_sql_ratio"] = round(result["kpi_month_department_s"] / max(med, 1e-6), 2)
    ours = {r.key: [r.counts[f] for f in RAW_FIELDS] for r in rows}
    theirs = {row[0]: list(row[1:]) for row in raw_rows if any(row[1:])}
    result["kpi_matches_raw_sql"] = ours == theirs
    total = kpis.total(s, e)
    result["kpi_month_total"] = {k: v for k, v in total.as_dict().items() if k not in ("key", "label")}

    day = month + datetime.timedelta(days=14)
    med, best, report = timed(lambda: reports.daily_report(day), 3)
    result["daily_report_day"] = str(day)
    result["daily_report_s"] = round(med, 3)
    result["daily_report_received"] = report["received"]

    operator, _ = User.objects.get_or_create(username="bench-operator",
                                             defaults={"role": Role.HOTLINE_OPERATOR, "is_superuser": True})
    token, _ = Token.objects.get_or_create(user=operator)
    grids = list(Region.objects.filter(level="grid").values_list("code", flat=True)[:50])
    texts = ["请问核酸检测点在哪里", "疫苗第二针在哪里打", "从南京回来需要隔离吗", "小区封闭了上班出不去怎么办",
             "举报有人聚集打牌不戴口罩", "居家隔离没有药了请帮忙"]
    bodies = [{"content": f"{texts[i % len(texts)]}，第{i}号", "category": "EP02", "region": grids[i % len(grids)],
               "caller_phone": f"139{i:08d}", "caller_name": "测试"} for i in range(args.intake)]

    def client_run(chunk):
        from django.db import connections

        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        try:
            return sum(api.post("/api/hotline/orders/", body, format="json").status_code != 201 for body in chunk)
        finally:
            connections.close_all()

    client_run(bodies[:5])  # warm up (jieba, caches)

    def api_rate(clients):
        # Separate processes, like gunicorn workers (threads would share one GIL): forked after closing the
        # parent's connections, each opens its own.
        import multiprocessing

        from django.db import connections

        connections.close_all()
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        workers = [ctx.Process(target=lambda chunk: queue.put(client_run(chunk)), args=(bodies[i::clients],))
                   for i in range(clients)]
        t0 = time.perf_counter()
        for worker in workers:
            worker.start()
        failures = sum(queue.get() for _ in workers)
        elapsed = time.perf_counter() - t0
        for worker in workers:
            worker.join()
        return round(len(bodies) / elapsed, 1), failures

    result["intake_api_orders"] = args.intake
    result["intake_api_sequential_per_s"], failures_seq = api_rate(1)
    result["intake_api_clients"] = args.clients
    result["intake_api_per_s"], failures = api_rate(args.clients)
    result["intake_api_failures"] = failures_seq + failures
    t0 = time.perf_counter()
    for body in bodies:
        actions.do_intake(operator, **body)
    result["intake_action_per_s"] = round(args.intake / (time.perf_counter() - t0), 1)

    result["targets"] = {"kpi_month_department_s": 1.0, "daily_report_s": 2.0, "intake_api_per_s": 200}
    result["targets_met"] = (result["kpi_month_department_s"] <= 1.0 and result["daily_report_s"] <= 2.0
                             and result["intake_api_per_s"] >= 200)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "hotline.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
