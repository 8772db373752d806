#!/usr/bin/env python
"""Benchmark: how often the intake's dispatch suggestions are right, on held-back orders of the demo's history.

    .venv/bin/python bench/hotline_dispatch.py                 # the demo's history: 11 days × 680 orders, seed 2021
    .venv/bin/python bench/hotline_dispatch.py --per-day 200   # smoke run

In a child process with its own DATABASE_URL (a fresh SQLite file in bench/data/):
1. migrate; the demo's district (`generate_district --district haimen --scale small --seed S`, as `wangge demo`
   does) and the hotline catalogue; the demo's hotline history (`simulate.hotline.generate`, 11 days from
   2021-08-01, seed S) — untimed;
2. the dispatch model is trained, as `wangge train_dispatch` trains it, on the orders received before the last
   --holdout-days days only; the orders of those last days are held back;
3. for every held-back order, the suggestions the operator would see at intake (`hotline.suggest_api`'s category
   list, with the complaint rule, and `dispatch_model.suggest_departments` given the order's category and place):
   category top-1 / top-3 over all held-back orders; department top-1 / top-3 over the held-back orders that were
   dispatched and finished (the department that replied is the truth); the dispatch catalogue's top-1 on the same
   orders as the baseline; the complaints (投诉举报) on their own, with and without the complaint rule.
Writes bench/results/hotline_dispatch.json.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=11)
    parser.add_argument("--per-day", type=int, default=680)
    parser.add_argument("--holdout-days", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_main(args)))
        return
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / "hotline_dispatch.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    var = DATA / "hotline_dispatch_var"
    var.mkdir(exist_ok=True)
    (var / "hotline_dispatch.joblib").unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", WANGGE_VAR_DIR=str(var),
               DJANGO_SETTINGS_MODULE="wangge.settings", PYTHONPATH=str(ROOT / "src"))
    env.pop("WANGGE_TODAY", None)
    subprocess.run([sys.executable, "-m", "wangge", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    out = subprocess.run([sys.executable, __file__, "--child", "--days", str(args.days), "--per-day",
                          str(args.per_day), "--holdout-days", str(args.holdout_days), "--seed", str(args.seed)],
                         env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    result = {"benchmark": "hotline_dispatch",
              "command": "bench/hotline_dispatch.py " + " ".join(sys.argv[1:]),
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              **json.loads(out.stdout.strip().splitlines()[-1])}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hotline_dispatch.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False), file=sys.stderr)
    print(f"wrote {RESULTS / 'hotline_dispatch.json'}", file=sys.stderr)


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def child_main(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from wangge.hotline import dispatch_model
    from wangge.hotline.catalogue import ensure_catalogue, rule_department
    from wangge.hotline.choices import State
    from wangge.hotline.models import Category, WorkOrder
    from wangge.hotline.suggest import COMPLAINT_CATEGORY, is_complaint
    from wangge.hotline.suggest_api import complaint_category
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region
    from wangge.simulate.hotline import generate

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("generate_district", district="haimen", scale="small", seed=args.seed, stdout=quiet)
    ensure_catalogue(list(Region.objects.filter(level=RegionLevel.TOWN)))
    start = datetime.date(2021, 8, 1)
    stats = generate(args.days, start, seed=args.seed, per_day=args.per_day)
    setup_s = time.perf_counter() - started

    cut = datetime.datetime.combine(
        start + datetime.timedelta(days=args.days - args.holdout_days), datetime.time(),
        tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    finished = [State.REPLIED, State.PENDING_CALLBACK, State.CLOSED]

    # 2. train on the days before the cut, as dispatch_model.train does (same pipeline, features, weights)
    import joblib

    t0 = time.perf_counter()
    train_rows = list(WorkOrder.objects.filter(received_at__lt=cut, state__in=finished, department__isnull=False)
                      .values_list("tokens", "department__code", "category__code", "region_code", "return_count"))
    model = dispatch_model._pipeline()
    model.fit([dispatch_model.features(t, c, r) for t, _, c, r, _ in train_rows], [d for _, d, _, _, _ in train_rows],
              logisticregression__sample_weight=[2.0 if n else 1.0 for *_, n in train_rows])
    cat_rows = list(WorkOrder.objects.filter(received_at__lt=cut).values_list("tokens", "category__code"))
    category_model = dispatch_model._pipeline()
    category_model.fit([t for t, _ in cat_rows], [c for _, c in cat_rows])
    path = dispatch_model.model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"department": model, "category": category_model, "samples": len(train_rows)}, path)
    dispatch_model._cache.clear()
    train_s = time.perf_counter() - t0

    # 3. the held-back orders, through the intake's own suggestion functions
    held = list(WorkOrder.objects.filter(received_at__gte=cut).select_related("category", "department")
                .order_by("id"))
    categories = {c.code: c for c in Category.objects.all()}
    cat1 = cat3 = 0
    complaints = complaints_rule1 = complaints_model1 = 0
    dep_total = dep1 = dep3 = base1 = 0
    t0 = time.perf_counter()
    for order in held:
        model_cats = dispatch_model.suggest_categories(order.content)
        cats = model_cats
        if is_complaint(order.content):
            cats = [complaint_category(), *[c for c in model_cats if c["code"] != COMPLAINT_CATEGORY]]
        codes = [c["code"] for c in cats[:3]]
        truth = order.category.code
        cat1 += bool(codes) and codes[0] == truth
        cat3 += truth in codes
        if truth == COMPLAINT_CATEGORY:
            complaints += 1
            complaints_rule1 += bool(codes) and codes[0] == truth
            complaints_model1 += bool(model_cats) and model_cats[0]["code"] == truth
        if order.state in finished and order.department_id:
            dep_total += 1
            deps = [d["code"] for d in dispatch_model.suggest_departments(order.content, truth, order.region_code)]
            dep1 += bool(deps) and deps[0] == order.department.code
            dep3 += order.department.code in deps[:3]
            rule = rule_department(categories.get(truth), order.region_code or "")
            base1 += rule is not None and rule.code == order.department.code
    eval_s = time.perf_counter() - t0
    return {
        "history": {"days": args.days, "per_day": args.per_day, "seed": args.seed, "orders": stats.orders,
                    "trained_on_days": args.days - args.holdout_days, "held_back_days": args.holdout_days,
                    "held_back_orders": len(held), "held_back_dispatched": dep_total,
                    "training_dispatched": len(train_rows)},
        "department": {"top1": _rate(dep1, dep_total), "top3": _rate(dep3, dep_total),
                       "catalogue_top1": _rate(base1, dep_total)},
        "category": {"top1": _rate(cat1, len(held)), "top3": _rate(cat3, len(held))},
        "complaints": {"orders": complaints, "top1_with_rule": _rate(complaints_rule1, complaints),
                       "top1_model_only": _rate(complaints_model1, complaints)},
        "seconds": {"setup": round(setup_s, 1), "train": round(train_s, 2), "evaluate": round(eval_s, 2),
                    "per_suggestion_ms": round(1000 * eval_s / max(len(held), 1), 2)},
    }


if __name__ == "__main__":
    main()
