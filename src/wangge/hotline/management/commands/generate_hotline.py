"""`wangge generate_hotline --days N [--start DATE] [--seed S] [--per-day K]`: a synthetic hotline history."""

import datetime

from django.core.management.base import CommandError
from rich.progress import Progress

from wangge.core.management.base import ActingCommand
from wangge.simulate.hotline import generate


class Command(ActingCommand):
    help = "Generate a realistic 12345 hotline history (orders and their events), bulk-inserted."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True)
        parser.add_argument("--start", type=datetime.date.fromisoformat, default=datetime.date(2021, 8, 1),
                            help="first day (YYYY-MM-DD), default 2021-08-01")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--per-day", type=int, default=680, help="orders a day (Tongzhou: 7,491 in 11 days)")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **opts):
        if opts["days"] < 1 or opts["per_day"] < 1:
            raise CommandError("--days and --per-day must be positive")
        with Progress(transient=True) as progress:
            task = progress.add_task("生成工单", total=opts["days"])
            stats = generate(opts["days"], opts["start"], opts["seed"], opts["per_day"],
                             progress=lambda done, total: progress.update(task, completed=done))
        states = ", ".join(f"{k}={v}" for k, v in sorted(stats.by_state.items()))
        self.stdout.write(f"{stats.orders} work orders, {stats.events} events ({states})")
