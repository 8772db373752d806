"""Screening actions: run the engine against the stored data, store a run with its flags, open follow-ups.

    outcome = do_screen(actor, path, as_of=as_of)     # dry run: nothing written but the rejected-rows file
    run = do_store_run(actor, outcome)                # one transaction: run, flags, change log, follow-ups

Both need the screening permission (`screening.add_screeningrun`, district administrators and the system actor).
`run_screening` is the same dry run without the actor check, for code that already holds the permission.
"""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.actions import require_perm
from wangge.core.models import log_bulk

from . import engine
from .models import Flag, ScreeningRun

logger = logging.getLogger(__name__)

DEFAULT_LOOKBACK_DAYS = 14
DEFAULT_RETRO_DAYS = 14
FLAG_BATCH = 5000
SCREEN_PERMISSION = "screening.add_screeningrun"


def can_screen(user) -> bool:
    """Whether `user` may screen pushed lists and store runs (accounts/roles.py: district administrators)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.has_perm(SCREEN_PERMISSION))


def _require_screening(actor) -> None:
    require_perm(actor, SCREEN_PERMISSION, _("只有区级管理员可以筛查推送名单"))


@dataclass
class PolicyParameters:
    """L and R for a screening, and where they came from."""

    lookback_days: int
    retro_days: int
    code: str = ""
    note: str = ""


@dataclass
class ScreeningOutcome:
    """A finished (not yet stored) screening: the engine's result plus what it was run with."""

    result: engine.ScreeningResult
    policy: PolicyParameters
    file_name: str
    risk_area_source: str = ""
    warnings: list = field(default_factory=list)

    def close(self):
        self.result.close()


def policy_parameters(at: datetime.datetime, lookback_days: int | None = None,
                      retro_days: int | None = None) -> PolicyParameters:
    """`lookback_days`/`retro_days` of the policy version in force at `at`; explicit values override it.

    Without a version in force (or before the policies app is installed) the defaults are L = R = 14, the
    values of versions A and B (domain.md §2), and the note says so."""
    version, note = None, ""
    try:
        from wangge.policies.models import PolicyVersion

        version = PolicyVersion.objects.in_force(at)
    except Exception as exc:  # the policies app missing or not migrated: screening still works
        logger.warning("no policy lookup: %s", exc)
    if version is not None:
        document = version.document or {}
        lookback, retro, code = document.get("lookback_days"), document.get("retro_days"), version.code
    else:
        lookback = retro = None
        code = ""
        note = _("没有生效的防控策略版本，使用默认值 L=14、R=14 天")
    if lookback is None:
        lookback = DEFAULT_LOOKBACK_DAYS
    if retro is None:
        retro = DEFAULT_RETRO_DAYS
    if lookback_days is not None and retro_days is not None:
        note = _("L、R 由调用方指定：L=%(l)d 天，R=%(r)d 天") % {"l": lookback_days, "r": retro_days}
    return PolicyParameters(lookback_days=int(lookback if lookback_days is None else lookback_days),
                            retro_days=int(retro if retro_days is None else retro_days), code=code, note=note)


def designations_from_file(path) -> tuple[object, list[str]]:
    """Arrow designations from a risk_areas file, and a warning per bad row (the bad rows are skipped)."""
    from .imports import read_risk_area_file

    rows, bad = read_risk_area_file(path)
    table = engine.designations_table(
        [(r["area_code"], r["level"], r["effective_from"], r["effective_to"]) for r in rows])
    warnings = [_("地区文件第 %(row)d 行已跳过：%(reason)s") % {"row": n, "reason": reason} for n, reason in bad]
    return table, warnings


def run_screening(path, as_of: datetime.datetime, *, risk_areas_path=None, lookback_days: int | None = None,
                  retro_days: int | None = None, rejected_path=None, progress=None, file_name: str = "",
                  threads: int | None = None) -> ScreeningOutcome:
    """Screen a pushed file against the stored designations (or a risk_areas file) and the registry.

    Writes nothing but the rejected-rows file. Raises engine.SourceError / core.imports.FileError when a file
    cannot be read."""
    policy = policy_parameters(as_of, lookback_days, retro_days)
    warnings = [policy.note] if policy.note else []
    if risk_areas_path:
        designations, bad = designations_from_file(risk_areas_path)
        warnings += bad
        source = Path(risk_areas_path).name
    else:
        designations, source = engine.designations_from_db(), ""
    result = engine.screen(path, as_of=as_of, lookback_days=policy.lookback_days, retro_days=policy.retro_days,
                           designations=designations, residents=engine.residents_from_db,
                           regions=engine.regions_from_db(), rejected_path=rejected_path, progress=progress,
                           threads=threads)
    if result.extras:
        warnings.append(_("已忽略多余的列：%(columns)s") % {"columns": "、".join(result.extras)})
    return ScreeningOutcome(result=result, policy=policy, file_name=file_name or Path(path).name,
                            risk_area_source=source, warnings=warnings)


def do_screen(actor, path, *, as_of: datetime.datetime, **options) -> ScreeningOutcome:
    """The dry run as `actor` (who must be allowed to screen): see `run_screening` for the options."""
    _require_screening(actor)
    return run_screening(path, as_of, **options)


def _district_code() -> str:
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region

    return Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code").values_list("code", flat=True).first() \
        or ""


def _aware(value) -> datetime.datetime:
    return value.replace(tzinfo=engine.CST) if value.tzinfo is None else value


def _flag_objects(run: ScreeningRun, table, district: str):
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    for i in range(table.num_rows):
        grid = columns["grid_code"][i]
        routed = columns["routed_to"][i]
        yield Flag(
            run=run, person_key=columns["person_key"][i], id_number=columns["id_number"][i] or "",
            phone=columns["phone"][i] or "", name=(columns["name"][i] or "")[:100],
            category=columns["category"][i], area_code=columns["area_code"][i],
            place_code=columns["place_code"][i], arrived_at=_aware(columns["arrived_at"][i]),
            left_at=_aware(columns["left_at"][i]), destination_code=columns["destination_code"][i] or "",
            resident_id=columns["resident_pk"][i], matched_by=columns["matched_by"][i] or "",
            grid_id=columns["grid_pk"][i], routed_to_id=columns["routed_pk"][i],
            region_code=grid or routed or district,
        )


@transaction.atomic
def do_store_run(actor, outcome: ScreeningOutcome, *, open_followups: bool = True) -> ScreeningRun:
    """Store the run and its flags in one transaction, log them as one batch, and open follow-ups (as `actor`).
    The run's `as_of` is the push time: follow-up counts the verify deadline from it (selectors.pushed_at)."""
    _require_screening(actor)
    result = outcome.result
    run = ScreeningRun.objects.create(
        user=actor, as_of=result.as_of, file_name=outcome.file_name[:255], policy_code=outcome.policy.code,
        lookback_days=result.lookback_days, retro_days=result.retro_days,
        risk_area_source=outcome.risk_area_source[:255], records_read=result.records_read,
        records_rejected=result.rejected, people=result.people, flags_high=result.by_category.get("high", 0),
        flags_medium=result.by_category.get("medium", 0), flags_same_city=result.by_category.get("same_city", 0),
        matched=result.matched, routed=result.routed, unroutable=result.unroutable,
    )
    table = result.flags_table()
    district = _district_code()
    batch = []
    for flag in _flag_objects(run, table, district):
        batch.append(flag)
        if len(batch) >= FLAG_BATCH:
            Flag.objects.bulk_create(batch)
            batch = []
    Flag.objects.bulk_create(batch)
    note = _("筛查入库：%(file)s，%(count)d 人") % {"file": run.file_name, "count": table.num_rows}
    log_bulk(Flag, table.num_rows, note, after={"run": run.pk, **result.summary()})
    if open_followups:
        run.followups_opened = open_followups_for(run, actor)
        if run.followups_opened:
            run.save(update_fields=["followups_opened", "updated"])
    return run


def open_followups_for(run: ScreeningRun, actor) -> int:
    """Hand the stored flags to the follow-up app (when installed); a failure there does not undo the run."""
    from wangge.followup.actions import do_open_from_flags

    try:
        with transaction.atomic():
            return do_open_from_flags(actor, Flag.objects.filter(run=run)) or 0
    except Exception as exc:  # e.g. no policy in force: the flags stay stored, follow-ups can be opened later
        logger.info("follow-ups not opened for run %s: %s", run.pk, exc)
        run.followup_error = str(exc)
        return 0
