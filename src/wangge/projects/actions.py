"""The practical projects' actions: list and update projects, publish them, record milestones with photos, import
projects.csv, issue evaluation codes, evaluate with a code (the public page, no login) and enter paper forms.

Each is `do_<verb>(actor, obj, *, …)`: one transaction, the permission of accounts/roles.py, the jurisdiction
re-checked, a refusal raised as a `core.errors.ActionError` naming the field."""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Conflict, Invalid, NotFound
from wangge.core.imports import ImportResult
from wangge.regions.choices import RegionLevel

from .choices import Channel, Rating, Status, parse_quarter
from .models import Evaluation, EvaluationCode, Milestone, MilestonePhoto, Project

ADD = "projects.add_project"
CHANGE = "projects.change_project"
ADD_CODE = "projects.add_evaluationcode"
ADD_EVALUATION = "projects.add_evaluation"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
CODE_LENGTH = 8
MAX_CODES = 500
PROJECT_LEVELS = (RegionLevel.VILLAGE, RegionLevel.TOWN)  # choices.PROJECT_REGION_LEVELS


def check_quarter(value) -> str:
    quarter = parse_quarter(str(value or ""))
    if quarter is None:
        raise Invalid(_("Not a quarter: write 2021Q3 or 2021年第三季度."), field="quarter")
    return quarter


def check_progress(value) -> int:
    try:
        progress = int(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        raise Invalid(_("Progress is a whole number from 0 to 100."), field="progress") from None
    if not 0 <= progress <= 100:
        raise Invalid(_("Progress is a whole number from 0 to 100."), field="progress")
    return progress


def check_budget(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        budget = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(_("The budget is a number of 10,000 yuan."), field="budget") from None
    if budget < 0 or budget >= Decimal("100000000"):
        raise Invalid(_("The budget is a number of 10,000 yuan."), field="budget")
    return budget.quantize(Decimal("0.01"))


def _fields(actor, *, region, quarter, title, category="", description="", responsible="", budget=None,
            planned_finish=None, status=Status.PLANNED, progress=0) -> dict:
    from wangge.regions.models import Region

    if region is None or region.level not in PROJECT_LEVELS or \
            not Region.objects.restrict(actor).filter(pk=region.pk).exists():
        raise Invalid(_("Choose a village, community or town of your jurisdiction."), field="region")
    title = (title or "").strip()
    if not title:
        raise Invalid(_("This field is required."), field="title")
    if len(title) > 120:
        raise Invalid(_("The title is too long (at most 120 characters)."), field="title")
    if status not in Status.values:
        raise Invalid(_("Choose a status."), field="status")
    progress = check_progress(progress)
    if status == Status.DONE:
        progress = 100
    elif status == Status.PLANNED and progress:
        status = Status.IN_PROGRESS
    return {"region": region, "quarter": check_quarter(quarter), "title": title,
            "category": (category or "").strip()[:40], "description": (description or "").strip(),
            "responsible": (responsible or "").strip()[:50], "budget": check_budget(budget),
            "planned_finish": planned_finish or None, "status": status, "progress": progress}


def _mark_done(project, previous_status):
    if project.status == Status.DONE and previous_status != Status.DONE:
        project.done_on = clock.today()
    elif project.status != Status.DONE:
        project.done_on = None


def _save(project):
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        raise Invalid(_("This village already lists a project of that title in that quarter."),
                      field="title") from None
    return project


@transaction.atomic
def do_create_project(actor, *, published=False, **kwargs) -> Project:
    require_perm(actor, ADD, _("Your role may not list projects."))
    project = Project(**_fields(actor, **kwargs))
    _mark_done(project, None)
    if published:
        project.published, project.published_on = True, clock.today()
    return _save(project)


@transaction.atomic
def do_update_project(actor, project, *, published=None, **kwargs) -> Project:
    require_perm(actor, CHANGE, _("Your role may not change projects."))
    require_in_scope(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    previous = project.status
    for name, value in _fields(actor, **kwargs).items():
        setattr(project, name, value)
    _mark_done(project, previous)
    if published is not None:
        _set_published(project, published)
    return _save(project)


def _set_published(project, published: bool):
    if published and not project.published:
        project.published, project.published_on = True, clock.today()
    elif not published:
        project.published, project.published_on = False, None


@transaction.atomic
def do_publish(actor, project, *, published: bool = True) -> Project:
    require_perm(actor, CHANGE, _("Your role may not change projects."))
    require_in_scope(actor, project)
    _set_published(project, published)
    project.save()
    return project


@transaction.atomic
def do_add_milestone(actor, project, *, date, text, photos=()) -> Milestone:
    require_perm(actor, CHANGE, _("Your role may not change projects."))
    require_in_scope(actor, project)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Say what was done."), field="text")
    if date is None:
        raise Invalid(_("This field is required."), field="date")
    if date > clock.today():
        raise Invalid(_("A milestone cannot lie in the future."), field="date")
    milestone = Milestone.objects.create(project=project, date=date, text=text[:300], recorded_by=actor)
    for photo in photos or ():
        MilestonePhoto.objects.create(milestone=milestone, photo=photo)
    return milestone


def do_import_projects(actor, path: str | Path, *, rejected_path=None, progress: bool = False) -> ImportResult:
    """projects.csv / .xlsx (formats.md) → projects upserted by (region_code, quarter, title), status and progress
    included; rejected rows with their reason in their file."""
    from .imports import ProjectImporter

    require_perm(actor, ADD, _("Your role may not import projects."))
    return ProjectImporter(user=actor).run(path, rejected_path=rejected_path, progress=progress)


# --- evaluation codes and evaluations (评单) ------------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not EvaluationCode.objects.filter(code=code).exists():
            return code


@transaction.atomic
def do_issue_codes(actor, project, *, count: int = 0, residents=()) -> list[EvaluationCode]:
    """Codes for a project: one per named resident (of the actor's jurisdiction and the project's region), or
    `count` codes for anyone at a meeting. A resident who already has an unused code or has evaluated gets none."""
    from wangge.people.models import Resident

    require_perm(actor, ADD_CODE, _("Your role may not issue evaluation codes."))
    if not Project.objects.restrict(actor).filter(pk=project.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    if not project.published:
        raise Conflict(_("Publish the project before handing out codes."))
    now = clock.now()
    codes = []
    residents = list(residents or ())
    if residents:
        allowed = set(Resident.objects.restrict(actor).filter(region_code__startswith=project.region_code,
                                                              pk__in=[r.pk for r in residents])
                      .values_list("pk", flat=True))
        if len(allowed) != len({r.pk for r in residents}):
            raise Invalid(_("Choose residents of your jurisdiction living where the project is."), field="residents")
        taken = set(EvaluationCode.objects.filter(project=project, resident__in=residents, used_at__isnull=True)
                    .values_list("resident_id", flat=True))
        taken |= set(Evaluation.objects.filter(project=project, resident__in=residents)
                     .values_list("resident_id", flat=True))
        for resident in residents:
            if resident.pk in taken:
                continue
            codes.append(EvaluationCode.objects.create(project=project, code=_new_code(), resident=resident,
                                                       region_code=resident.region_code, issued_by=actor,
                                                       issued_at=now))
        return codes
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= MAX_CODES:
        raise Invalid(_("Issue from 1 to %(max)d codes at a time.") % {"max": MAX_CODES}, field="count")
    for _i in range(count):
        codes.append(EvaluationCode.objects.create(project=project, code=_new_code(), region_code=project.region_code,
                                                   issued_by=actor, issued_at=now))
    return codes


def _check_rating(rating, comment) -> tuple[str, str]:
    if rating not in Rating.values:
        raise Invalid(_("Choose satisfied, basically satisfied or dissatisfied."), field="rating")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise Invalid(_("The comment is too long (at most 500 characters)."), field="comment")
    return rating, comment


@transaction.atomic
def do_evaluate_with_code(project, *, code: str, rating: str, comment: str = "") -> Evaluation:
    """A resident's evaluation on the public page: no login, the one-time code is the proof. A code used before,
    or issued for another project, is refused with the reason."""
    rating, comment = _check_rating(rating, comment)
    text = (code or "").strip().upper().replace(" ", "")
    if not text:
        raise Invalid(_("Type the code on the slip the grid worker gave you."), field="code")
    found = EvaluationCode.objects.select_for_update().filter(code=text).first()
    if found is None:
        raise Invalid(_("This code does not exist: check the slip."), field="code")
    if found.project_id != project.pk:
        raise Invalid(_("This code was issued for another project: “%(title)s”.") % {"title": found.project.title},
                      field="code")
    if found.used_at is not None:
        raise Invalid(_("This code was already used on %(date)s: each code evaluates once.")
                      % {"date": f"{clock.local_date(found.used_at):%Y-%m-%d}"}, field="code")
    if not project.published:
        raise Invalid(_("This project is not published."), field="code")
    if found.resident_id and Evaluation.objects.filter(project=project, resident_id=found.resident_id).exists():
        raise Invalid(_("This resident has already evaluated this project."), field="code")
    found.used_at = clock.now()
    found.save(update_fields=["used_at"])
    return Evaluation.objects.create(project=project, resident_id=found.resident_id, code=found,
                                     region_code=found.region_code, rating=rating, comment=comment,
                                     channel=Channel.ONLINE, created_at=found.used_at)


@transaction.atomic
def do_enter_evaluation(actor, project, *, resident, rating: str, comment: str = "") -> Evaluation:
    """A paper form of a village meeting, entered by the village, naming the resident from the registry."""
    from wangge.people.models import Resident

    require_perm(actor, ADD_EVALUATION, _("Your role may not enter evaluations."))
    require_in_scope(actor, project)
    rating, comment = _check_rating(rating, comment)
    if resident is None or not Resident.objects.restrict(actor).filter(pk=resident.pk).exists():
        raise Invalid(_("Choose a resident of your jurisdiction."), field="resident")
    if Evaluation.objects.filter(project=project, resident=resident).exists():
        raise Invalid(_("%(name)s has already evaluated this project: one evaluation per resident.")
                      % {"name": resident.name}, field="resident")
    return Evaluation.objects.create(project=project, resident=resident, region_code=resident.region_code,
                                     rating=rating, comment=comment, channel=Channel.PAPER, entered_by=actor,
                                     created_at=clock.now())
