"""`wangge worker [--once] [--interval S] [--today YYYY-MM-DD]`: the follow-up loop (no Celery: one process per
host, several may run; every step is idempotent)."""

import datetime
import signal
import time

from django.core.management.base import CommandError

from wangge.core import clock
from wangge.core.management.base import ActingCommand
from wangge.followup.worker import FollowUpWorker


class Command(ActingCommand):
    help = "Generate the day's follow-up tasks, mark overdue tasks, escalate, close finished measures."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between passes (default 60).")
        parser.add_argument("--today", help="Pretend today is this day (YYYY-MM-DD): the demo and test clock.")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **options):
        if options["interval"] <= 0:
            raise CommandError("--interval must be positive")
        if options["today"]:
            try:
                clock.set_today(datetime.date.fromisoformat(options["today"]))
            except ValueError:
                raise CommandError(f"--today must be YYYY-MM-DD, got {options['today']!r}") from None
        worker = FollowUpWorker(user=user)
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while True:
            result = worker.run_pass()
            self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
            if options["once"] or self.stopping:
                return
            self._sleep(options["interval"])
            if self.stopping:
                return

    def _stop(self, signum, frame):
        # Finish the step in progress, then leave; never kill a transaction half-way.
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.5, deadline - time.monotonic()))
