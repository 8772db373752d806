"""Follow-up of people under a control measure: the follow-up itself, its plan, its tasks, visits and tests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.regions.choices import RegionLevel

from .choices import (
    GENERATED_KINDS,
    OPEN_STATES,
    FollowUpState,
    NatResult,
    Source,
    TaskKind,
    TaskOutcome,
    TaskState,
    VisitOutcome,
    category_choices,
    measure_label,
)


class FollowUp(ChangeLoggedModel):
    """A person under a control measure: who (a resident, or an unmatched person known by ID/phone/name), why (a
    screening flag or a hand entry), which plan (from the policy in force), and where the case stands.

    `region_code` is the grid's code, or for an unmatched person the code of the region the flag was routed to
    (落地查人), so that village and town cadres see the people they must find."""

    person_key = models.CharField(_("person key"), max_length=32, db_index=True,
                                  help_text=_("ID number when known, else the phone number."))
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="followups")
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FLAG)
    flag = models.ForeignKey("screening.Flag", verbose_name=_("screening flag"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="followups")
    reporter_note = models.TextField(_("reporter note"), blank=True,
                                     help_text=_("Who reported the person and what they said (hand entries)."))
    category = models.CharField(_("category"), max_length=20, choices=category_choices)
    area_code = models.CharField(_("risk area code"), max_length=15, blank=True)
    policy_code = models.CharField(_("policy version"), max_length=40, blank=True)
    plan = models.JSONField(_("measure plan"), default=dict, blank=True)
    measure = models.CharField(_("measure"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"), help_text=_("Day 1 of the measure: the day of arrival."))
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)
    opened_on = models.DateField(_("opened on"), db_index=True)
    state = models.CharField(_("state"), max_length=30, choices=FollowUpState.choices,
                             default=FollowUpState.PENDING_VERIFICATION, db_index=True)
    escalation_level = models.CharField(_("escalation level"), max_length=10, choices=RegionLevel.choices,
                                        default=RegionLevel.GRID)
    region_code = models.CharField(_("region code"), max_length=15, db_index=True)
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="followups")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-opened_on", "-id"]
        constraints = [
            # Never two open follow-ups for one person, even with two screening runs racing.
            models.UniqueConstraint(fields=["person_key"], condition=Q(state__in=OPEN_STATES),
                                    name="followup_one_open_per_person"),
        ]
        indexes = [models.Index(fields=["region_code", "state"], name="followup_region_state_idx")]

    def __str__(self):
        return f"{self.name or self.person_key}（{self.get_category_display()}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("followup:detail", args=[self.pk])

    @property
    def place(self) -> str:
        """The grid's name, or that the person is not on a grid yet (落地查人)."""
        from django.utils.translation import gettext

        return self.grid.name if self.grid_id and self.grid else gettext("Not yet on a grid")

    def current_phase(self, day) -> str:
        """The measure kind on `day` (the plan's phase that covers it, else the first one)."""
        phases = self.plan.get("phases") or []
        iso = day.isoformat()
        for phase in phases:
            if phase["start"] <= iso <= phase["end"]:
                return phase["kind"]
        return self.measure

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def measure_label(self) -> str:
        return measure_label(self.measure)

    def day_number(self, day) -> int:
        return (day - self.start_date).days + 1


class PlanPhase(models.Model):
    """One phase of a follow-up's plan (e.g. 14 days of centralized isolation), kept as rows so that "who is under
    which measure today" is one indexed query."""

    followup = models.ForeignKey(FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE,
                                 related_name="phases")
    seq = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("measure"), max_length=40)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    region_path = "followup__region_code"

    class Meta:
        verbose_name = _("plan phase")
        verbose_name_plural = _("plan phases")
        ordering = ["followup", "seq"]
        constraints = [models.UniqueConstraint(fields=["followup", "seq"], name="followup_phase_unique_seq")]
        indexes = [models.Index(fields=["start_date", "end_date"], name="followup_phase_dates_idx")]

    def __str__(self):
        return f"{measure_label(self.kind)} {self.start_date}–{self.end_date}"

    @property
    def label(self) -> str:
        return measure_label(self.kind)


class NatRecord(ChangeLoggedModel):
    """A nucleic-acid test due on one day of the plan: planned when the follow-up opens, sampled and resulted
    later (by the grid worker's task, or by the lab-tests app through `actions.record_nat_result`)."""

    followup = models.ForeignKey(FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE,
                                 related_name="nat_records")
    date = models.DateField(_("date"))
    phase = models.CharField(_("measure"), max_length=40, blank=True)
    sampled = models.BooleanField(_("sampled"), default=False)
    sampled_at = models.DateTimeField(_("sampled at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=NatResult.choices, default=NatResult.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    region_path = "followup__region_code"

    class Meta:
        verbose_name = _("nucleic-acid test")
        verbose_name_plural = _("nucleic-acid tests")
        ordering = ["followup", "date"]
        constraints = [models.UniqueConstraint(fields=["followup", "date"], name="followup_nat_unique_day")]
        indexes = [models.Index(fields=["date", "sampled"], name="followup_nat_date_idx")]

    @property
    def phase_label(self) -> str:
        return measure_label(self.phase) if self.phase else ""

    def __str__(self):
        return f"{self.followup_id} {self.date} {self.get_result_display()}"


class Task(ChangeLoggedModel):
    """Something a person must do for a follow-up by a deadline. `region_code` is the responsible unit: the grid's
    code for the grid worker, shortened to the village's or the town's code when the task escalates, so the task
    leaves the grid worker's list and lands on the cadres'."""

    # No separate index on followup: the unique constraint (followup, kind, due_date) leads with it. Every index
    # here is paid by the worker's daily INSERT of ~one row per person.
    followup = models.ForeignKey(FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE,
                                 related_name="tasks", db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    due_date = models.DateField(_("due date"))
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN)
    overdue = models.BooleanField(_("overdue"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=TaskOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", db_index=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    level = models.CharField(_("responsible level"), max_length=10, choices=RegionLevel.choices,
                             default=RegionLevel.GRID)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    region_code = models.CharField(_("region code"), max_length=15)
    claimed_at = models.DateTimeField(_("claimed by the worker at"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_at", "id"]
        constraints = [
            # The worker inserts "missing" rows; this makes a second pass or a second worker a no-op. Verify and
            # notice tasks are made by actions, and a person may need finding again on the day they were found.
            models.UniqueConstraint(fields=["followup", "kind", "due_date"],
                                    condition=Q(kind__in=GENERATED_KINDS),
                                    name="followup_task_unique_per_day"),
        ]
        indexes = [
            # The worker's polling query: open tasks by deadline (a partial index, like Healthchecks' Check).
            models.Index(fields=["due_at"], condition=Q(state="open"), name="followup_task_open_due_idx"),
            models.Index(fields=["region_code", "state", "due_date"], name="followup_task_region_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN


class Visit(ChangeLoggedModel):
    """A contact with the person: a daily health visit, a verification or a failed attempt."""

    followup = models.ForeignKey(FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE,
                                 related_name="visits")
    task = models.ForeignKey(Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True)
    symptoms = models.CharField(_("symptoms"), max_length=200, blank=True)
    fever = models.BooleanField(_("fever or symptoms"), default=False,
                                help_text=_("At or above the policy's fever threshold, or with symptoms: an alert."))
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=VisitOutcome.choices,
                               default=VisitOutcome.REACHED)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visited by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    visited_at = models.DateTimeField(_("visited at"))

    region_path = "followup__region_code"

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-id"]

    def __str__(self):
        return f"{self.followup_id} {self.visited_at:%Y-%m-%d} {self.get_outcome_display()}"
