"""`wangge screen --travel FILE --as-of T [--risk-areas FILE] [--out FLAGS.csv] [--dry-run]` (formats.md).

Exit status 0 when the pushed file could be read (bad rows go to the rejected-rows file), 2 with a one-line
reason on stderr when it could not (missing file, unknown format, missing required column, bad --as-of)."""

import sys

from django.utils.translation import gettext as _

from wangge.core.errors import ActionError
from wangge.core.imports import FileError
from wangge.core.management.base import ActingCommand, fail
from wangge.screening import actions, engine
from wangge.screening.sources import SourceError


class RichProgress:
    """A rich progress bar on stderr with one line per engine step, fed by DuckDB's query progress."""

    LABELS = {"read": "读取与校验", "screen": "筛查规则", "match": "匹配居民与分流"}

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.tasks = {}

    def __enter__(self):
        self.progress.start()
        return self

    def __call__(self, step: str, percent: float):
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(self.LABELS.get(step, step), total=100)
        self.progress.update(self.tasks[step], completed=percent)

    def __exit__(self, *exc):
        self.progress.stop()
        return False


class Command(ActingCommand):
    help = "Screen a pushed list of travel records against the risk-area designations (formats.md)."
    # A data command: Django's system checks (URLs, models, templates of every app) would add a second to every
    # screening and check nothing the screening depends on.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--travel", required=True, metavar="FILE", help="travel_records CSV / xlsx / Parquet")
        parser.add_argument("--as-of", required=True, metavar="T",
                            help="screening time, ISO 8601 (no offset = +08:00; a bare date = 00:00)")
        parser.add_argument("--risk-areas", metavar="FILE", help="use this risk_areas file instead of the stored "
                                                                 "designations")
        parser.add_argument("--out", metavar="FLAGS.csv", help="write the flags here (formats.md flags.csv)")
        parser.add_argument("--dry-run", action="store_true", help="compute and report only; store nothing")
        parser.add_argument("--rejected", metavar="PATH", help="rejected rows (default: FILE.rejected.csv)")
        parser.add_argument("--lookback", type=int, metavar="DAYS", help="override the policy's lookback_days (L)")
        parser.add_argument("--retro", type=int, metavar="DAYS", help="override the policy's retro_days (R)")
        parser.add_argument("--threads", type=int, metavar="N", help="DuckDB threads (default: all cores)")
        parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **options):
        try:
            as_of = engine.parse_time(options["as_of"])
        except ValueError:
            fail(self, _("--as-of 不是 ISO 8601 时间：%(value)s") % {"value": options["as_of"]})
        for name in ("lookback", "retro"):
            if options[name] is not None and options[name] < 0:
                fail(self, _("--%(name)s 不能为负数") % {"name": name})
        show = not options["no_progress"] and sys.stderr.isatty()
        progress = RichProgress() if show else None
        try:
            if progress:
                with progress:
                    outcome = self.screen(user, as_of, progress, options)
            else:
                outcome = self.screen(user, as_of, None, options)
        except (SourceError, FileError, ActionError) as exc:
            fail(self, str(exc))
        try:
            self.report(outcome, options)
            if options["out"]:
                outcome.result.write_flags_csv(options["out"])
                self.stdout.write(_("标记名单已写入：%(path)s") % {"path": options["out"]})
            if options["dry_run"]:
                self.stdout.write(_("试运行：未入库"))
            else:
                run = actions.do_store_run(user, outcome)
                self.stdout.write(_("已入库：筛查批次 #%(id)d，开启跟进 %(n)d 人")
                                  % {"id": run.pk, "n": run.followups_opened})
                error = getattr(run, "followup_error", "")
                if error:
                    self.stderr.write(_("未能开启跟进：%(error)s") % {"error": error})
        finally:
            outcome.close()

    def screen(self, user, as_of, progress, options):
        return actions.do_screen(
            user, options["travel"], as_of=as_of, risk_areas_path=options["risk_areas"],
            lookback_days=options["lookback"], retro_days=options["retro"], rejected_path=options["rejected"],
            progress=progress, threads=options["threads"])

    def report(self, outcome, options):
        r = outcome.result
        for warning in outcome.warnings:
            self.stderr.write(warning)
        policy = outcome.policy
        self.stdout.write(_("筛查时间 %(t)s，策略 %(code)s，L=%(l)d 天，R=%(r)d 天")
                          % {"t": r.as_of.isoformat(), "code": policy.code or "-", "l": policy.lookback_days,
                             "r": policy.retro_days})
        self.stdout.write(_("读取记录 %(read)d，拒绝 %(rejected)d，回溯期内涉及人员 %(people)d")
                          % {"read": r.records_read, "rejected": r.rejected, "people": r.people})
        self.stdout.write(_("标记 %(flags)d 人：高风险 %(high)d，中风险 %(medium)d，同城 %(same)d")
                          % {"flags": r.flags, "high": r.by_category["high"], "medium": r.by_category["medium"],
                             "same": r.by_category["same_city"]})
        self.stdout.write(_("匹配居民 %(matched)d（按手机号 %(phone)d），分流落地查人 %(routed)d，"
                            "无法分流 %(unroutable)d")
                          % {"matched": r.matched, "phone": r.matched_by_phone, "routed": r.routed,
                             "unroutable": r.unroutable})
        if r.rejected_path:
            self.stdout.write(_("被拒绝的行及原因已写入：%(path)s") % {"path": r.rejected_path})
        if options["verbosity"] >= 2:
            self.stderr.write(" ".join(f"{k}={v:.2f}s" for k, v in r.timings.items()))
