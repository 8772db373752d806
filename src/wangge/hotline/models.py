"""The 12345 hotline: catalogue (categories, departments, dispatch rules, knowledge base), work orders with an
append-only event log, and Open311 API keys."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.accounts.roles import HOTLINE_CENTRE, HOTLINE_DEPARTMENT
from wangge.core import clock
from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedQuerySet, user_scope_code

from .choices import Channel, EventKind, Satisfaction, State, Urgency


class Category(ChangeLoggedModel):
    """A kind of request (诉求分类) with its time limit in working days; urgent ones are due the same day."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"), default=5)
    urgent = models.BooleanField(_("urgent"), default=False)
    epidemic = models.BooleanField(_("epidemic-related"), default=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Department(ChangeLoggedModel):
    """An organisation that handles dispatched orders (承办单位): a bureau or a town government."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class DepartmentMember(ChangeLoggedModel):
    """Links a department handler's account to the department whose inbox they work."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="hotline_membership")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.CASCADE,
                                   related_name="members")

    class Meta:
        verbose_name = _("department member")
        verbose_name_plural = _("department members")

    def __str__(self):
        return f"{self.user} @ {self.department}"


class DispatchRule(ChangeLoggedModel):
    """The dispatch catalogue: orders of `category` from places under `region_prefix` go to `department`.
    The longest matching prefix wins; an empty prefix matches everywhere."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="rules")
    region_prefix = models.CharField(_("region code prefix"), max_length=15, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.CASCADE,
                                   related_name="rules")

    class Meta:
        verbose_name = _("dispatch rule")
        verbose_name_plural = _("dispatch rules")
        ordering = ["category__code", "region_prefix"]
        constraints = [
            models.UniqueConstraint(fields=["category", "region_prefix"], name="hotline_rule_unique_category_prefix"),
        ]

    def __str__(self):
        return f"{self.category} {self.region_prefix or '*'} → {self.department}"


class KnowledgeArticle(ChangeLoggedModel):
    """A vetted answer operators read out for a direct answer (直接答复); `tokens` is the jieba index."""

    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="articles")
    tokens = models.TextField(_("search tokens"), blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge base")
        ordering = ["id"]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        from .text import index_tokens

        self.tokens = index_tokens(f"{self.question} {self.answer}")
        super().save(*args, **kwargs)




def member_department_id(user) -> int | None:
    """The id of the Department whose inbox `user` works, or None (one query, cached on the user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_hotline_department_id"):
        user._hotline_department_id = (DepartmentMember.objects.filter(user_id=user.pk)
                                       .values_list("department_id", flat=True).first())
    return user._hotline_department_id


# An enterprise account (accounts/roles.py ENTERPRISE_SELF) sees the work orders of its own help requests.
ENTERPRISE_OWN_ORDERS = "enterprises.view_helprequest"


class WorkOrderQuerySet(RestrictedQuerySet):
    def restrict(self, user):
        """The work orders `user` may see. The centre (`hotline.centre`) sees the orders of its jurisdiction and
        those without a place (they belong to the whole centre); a department handler (`hotline.handle`) sees
        the orders dispatched to their department, wherever they are; an enterprise account sees its own help
        requests (海企通); the system actor and superusers see all; everyone else (and no user) sees nothing.

        A work order's region is where the problem is, not who holds it, so the plain region-prefix scope of
        `RestrictedQuerySet` cannot say "the department's orders": hence this override."""
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if user.sees_everything:
            return self
        if user.has_perm(HOTLINE_CENTRE):
            if scope == "":
                return self
            return self.filter(models.Q(region_code__startswith=scope) | models.Q(region_code=""))
        if user.has_perm(HOTLINE_DEPARTMENT):
            department_id = member_department_id(user)
            return self.filter(department_id=department_id) if department_id else self.none()
        if getattr(user, "enterprise_id", None) and user.has_perm(ENTERPRISE_OWN_ORDERS):
            return self.filter(enterprise_id=user.enterprise_id)  # an enterprise account: its own requests
        return self.none()


class WorkOrder(ChangeLoggedModel):
    """A citizen's request from intake to closure. The state changes only through hotline.actions, each
    writing an Event; `due_at` is the deadline in force (the extended one after an approved extension)."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    caller_name = models.CharField(_("caller name"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True, db_index=True)
    content = models.TextField(_("content"))
    tokens = models.TextField(_("tokens"), blank=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("place"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, blank=True, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="orders")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="orders")
    received_at = models.DateTimeField(_("received at"))
    deadline = models.DateTimeField(_("deadline"))
    extended_deadline = models.DateTimeField(_("extended deadline"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), help_text=_("The deadline in force (extended if approved)."))
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    sign_due_at = models.DateTimeField(_("sign by"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True,
                                       help_text=_("When handling finished: the direct answer or the reply."))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    answer = models.TextField(_("answer / reply"), blank=True)
    extension_requested_until = models.DateTimeField(_("extension requested until"), null=True, blank=True)
    extension_reason = models.CharField(_("extension reason"), max_length=200, blank=True)
    urged = models.BooleanField(_("urged (催办)"), default=False)
    supervised = models.BooleanField(_("supervised (督办)"), default=False)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    redo_count = models.PositiveSmallIntegerField(_("redo count"), default=0)
    return_count = models.PositiveSmallIntegerField(_("return count"), default=0)
    duplicate_of = models.ForeignKey("self", verbose_name=_("duplicate of"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="duplicates")
    knowledge_article = models.ForeignKey(KnowledgeArticle, verbose_name=_("knowledge article"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    open311_token = models.CharField(_("Open311 token"), max_length=40, blank=True, db_index=True)
    api_key = models.ForeignKey("ApiKey", verbose_name=_("API key"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="orders")
    # The enterprise that asked (海企通 help requests, channel `enterprise`): its account follows the order.
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="help_requests")

    region_path = "region_code"
    personal_fields = ("caller_phone",)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["received_at"], name="hotline_order_received_idx"),
            models.Index(fields=["department", "state", "due_at"], name="hotline_order_inbox_idx"),
            models.Index(fields=["finished_at"], name="hotline_order_finished_idx"),
            models.Index(fields=["state", "due_at"], name="hotline_order_state_due_idx"),
            models.Index(fields=["closed_at"], name="hotline_order_closed_idx"),
            # Small partial indexes for "open and overdue at the end of the period": orders not finished yet,
            # and orders finished after their deadline (a few percent of the history).
            models.Index(fields=["due_at"], condition=models.Q(finished_at__isnull=True),
                         name="hotline_order_open_due_idx"),
            models.Index(fields=["due_at"], condition=models.Q(finished_at__gt=models.F("due_at")),
                         name="hotline_order_late_due_idx"),
        ]

    def __str__(self):
        return self.number

    @property
    def overdue(self) -> bool:
        from .choices import OPEN_STATES

        return self.state in OPEN_STATES and self.due_at < clock.now()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("hotline:order", args=[self.pk])


class Event(models.Model):
    """One step in a work order's life (append-only): who, when, from which state to which, with a note.
    `department` is the department concerned (dispatched to, returned from, replying, called back about)."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE,
                              related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    time = models.DateTimeField(_("time"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    from_state = models.CharField(_("from state"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, choices=State.choices)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="events")
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("The order's category when the event happened (for KPIs by category)."))
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    region_path = "order__region_code"

    class Meta:
        verbose_name = _("work-order event")
        verbose_name_plural = _("work-order events")
        ordering = ["time", "id"]
        indexes = [
            models.Index(fields=["kind", "time"], name="hotline_event_kind_time_idx"),
        ]

    def __str__(self):
        return f"{self.order_id} {self.kind} {self.time:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("work-order events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("work-order events are append-only")


class OrderSequence(models.Model):
    """The last order number issued on a day (numbers are 12345-YYYYMMDD-NNNNNN)."""

    day = models.DateField(_("day"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("order sequence")
        verbose_name_plural = _("order sequences")

    def __str__(self):
        return f"{self.day}: {self.last}"


class ApiKey(ChangeLoggedModel):
    """A key an outside client (a city app, a web form) sends as Open311 `api_key`; orders it submits get the
    key's channel."""

    name = models.CharField(_("client name"), max_length=100)
    key = models.CharField(_("key"), max_length=64, unique=True, blank=True,
                           help_text=_("Leave empty to generate one."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.OPEN311)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.key:
            import secrets

            self.key = secrets.token_hex(16)
        super().save(*args, **kwargs)
