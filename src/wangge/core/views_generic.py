"""Generic page views that the apps declare in a few lines (NetBox's `ObjectListView` shape).

    class ResidentListView(ObjectListView):
        queryset = Resident.objects.select_related("grid")
        filterset = ResidentFilterSet
        table = ResidentTable

The list view scopes the queryset to the user's jurisdiction (`restrict(user)`), applies the FilterSet,
sorts by a column, pages with a keyset cursor (no OFFSET: page 2,000 costs what page 1 costs) and exports
the whole filtered list as CSV or xlsx (`?export=csv|xlsx`), masked unless the user may reveal.
"""

import base64
import datetime
import json
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .errors import ActionError, NotFound, NotPermitted
from .exports import export_response
from .ids import mask_id, mask_phone
from .querysets import user_scope_code, within_code

# Counts above this are cached: an exact COUNT(*) over a district's million residents costs more than the page
# itself. The cache key carries `data_version()`, so any logged change (an edit, an import batch) renews it.
COUNT_CACHE_MIN = 20_000
COUNT_CACHE_SECONDS = getattr(settings, "WANGGE_COUNT_CACHE_SECONDS", 600)


def data_version(*models) -> int:
    """The newest change-log id for `models`: every save, delete and bulk batch writes one, so it moves whenever
    their data does (and not when, say, a hotline work order changes). One short index scan."""
    from django.contrib.contenttypes.models import ContentType

    from .models import ChangeEvent

    events = ChangeEvent.objects.all()
    if models:
        events = events.filter(content_type__in=ContentType.objects.get_for_models(*models).values())
    return events.order_by("-id").values_list("id", flat=True).first() or 0


def scoped(queryset, user):
    """The queryset narrowed to the user's jurisdiction (see RestrictedQuerySet.restrict)."""
    return queryset.restrict(user)


# --- request parsing shared by every page -------------------------------------------------------------------


def safe_next(request, default: str) -> str:
    """The `next` parameter (POST, then GET) when it points into this site, else `default` (never an open
    redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def date_param(request, name: str = "date", default: datetime.date | None = None) -> datetime.date:
    """A `YYYY-MM-DD` GET parameter, else `default`, else the clock's today (a bad value is ignored)."""
    from . import clock

    try:
        return datetime.date.fromisoformat((request.GET.get(name) or "").strip())
    except ValueError:
        return default if default is not None else clock.today()


def model_permission(model, verb: str) -> str:
    """`app_label.verb_modelname`, the name Django gives a model permission (`people.view_resident`)."""
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


class PermissionRequiredMixin(LoginRequiredMixin):
    """Log in first, then hold `permission_required` (default: view permission of the view's model), else 403.

    The permission says what kind of thing the user may see or do (accounts/roles.py); `restrict(user)` says
    where."""

    permission_required: str | None = None

    def get_permission_required(self) -> str | None:
        if self.permission_required is not None:
            return self.permission_required
        queryset = getattr(self, "queryset", None)
        return model_permission(queryset.model, "view") if queryset is not None else None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        perm = self.get_permission_required()
        if perm and not request.user.has_perm(perm):
            raise PermissionDenied(_("Your role does not allow this page."))
        return super().dispatch(request, *args, **kwargs)


# --- tables -----------------------------------------------------------------------------------------------


class Column:
    """One column of a list page and of its export.

    `accessor` is a dotted path ("grid.name", "get_sex_display"); `personal` ("id" or "phone") masks the
    value unless the user may reveal; `order_by` is the model fields behind the sort (a leading "-" reverses);
    `link` is a URL name taking the row's pk (or a callable obj → url): the cell links to the object."""

    def __init__(self, name, label, *, accessor=None, order_by=None, personal=None, link=False, export=True):
        self.name = name
        self.label = label
        self.accessor = accessor or name
        self.order_by = tuple(order_by) if order_by else ()
        self.personal = personal
        self.link = link
        self.export = export

    def value(self, obj, reveal=False):
        value = obj
        parts = self.accessor.split(".")
        display = _DISPLAY.fullmatch(parts[-1])
        if display:  # get_sex_display: a dict lookup instead of a lazy translation per cell
            parts[-1] = display.group(1)
        for part in parts:
            try:
                value = getattr(value, part, None)
            except ObjectDoesNotExist:
                value = None
            if callable(value):
                value = value()
            if value is None:
                return ""
        if display:
            value = _choice_labels(type(_parent(obj, parts)), parts[-1]).get(value, value)
        if self.personal and not reveal:
            value = mask_phone(value) if self.personal == "phone" else mask_id(value)
        return value

    def url(self, obj):
        if not self.link:
            return ""
        return self.link(obj) if callable(self.link) else reverse(self.link, args=[obj.pk])


_DISPLAY = re.compile(r"get_(\w+)_display")


def _parent(obj, parts):
    for part in parts[:-1]:
        obj = getattr(obj, part)
    return obj


def _choice_labels(model, field_name):
    """{value: translated label} of a choices field, built once per model, field and language."""
    key = (model, field_name, get_language())
    labels = _CHOICE_CACHE.get(key)
    if labels is None:
        field = model._meta.get_field(field_name)
        labels = _CHOICE_CACHE[key] = {k: str(v) for k, v in field.flatchoices}
    return labels


_CHOICE_CACHE: dict = {}


class Table:
    """A declared list of columns; the app's `tables.py` subclasses it."""

    columns: list[Column] = []
    default_ordering: tuple[str, ...] = ()

    def __init__(self, rows, *, reveal=False, sort=""):
        self.rows = rows
        self.reveal = reveal
        self.sort = sort

    @classmethod
    def column(cls, name):
        return next((c for c in cls.columns if c.name == name), None)

    @classmethod
    def export_columns(cls):
        return [c for c in cls.columns if c.export]

    def headers(self):
        current = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        for column in self.columns:
            state = ("desc" if descending else "asc") if column.order_by and column.name == current else ""
            next_sort = f"-{column.name}" if state == "asc" else column.name
            yield {"column": column, "sortable": bool(column.order_by), "state": state, "next_sort": next_sort}

    def cells(self):
        for obj in self.rows:
            yield obj, [(c, c.value(obj, self.reveal)) for c in self.columns]

    def render_rows(self):
        """The <tr> rows as HTML, built in Python: a 50-row page through nested template loops costs
        more than the database query behind it."""
        labels = [conditional_escape(c.label) for c in self.columns]
        names = [conditional_escape(c.name) for c in self.columns]
        out = []
        for obj in self.rows:
            cells = []
            for column, label, name in zip(self.columns, labels, names, strict=True):
                text = conditional_escape(display_value(column.value(obj, self.reveal)))
                if column.link:
                    text = format_html('<a href="{}">{}</a>', column.url(obj), text)
                cells.append(f'<td class="col-{name}" data-label="{label}">{text}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(out))  # noqa: S308 — every piece above is escaped


def display_value(value):
    """A cell as people read it: times in China time to the minute, yes/no for flags, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else \
            value.strftime("%Y-%m-%d %H:%M")
    return value


# --- keyset pagination ------------------------------------------------------------------------------------


def _encode(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, cls=DjangoJSONEncoder).encode()).decode().rstrip("=")


def _decode(token: str):
    try:
        return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        return None


class KeysetPage:
    """A page of rows after (or before) a cursor, for an ordering of local fields ending in the primary key.

    NULLs keep the database's own place (largest on PostgreSQL, smallest on SQLite), so the ORDER BY can still
    walk an index; the cursor condition follows the same rule."""

    def __init__(self, queryset, ordering, per_page, *, after=None, before=None):
        self.model = queryset.model
        self.nulls_largest = connections[queryset.db].features.nulls_order_largest
        self.ordering = [(f.lstrip("-"), f.startswith("-")) for f in ordering]
        self.fields = {name: self.model._meta.get_field(name) for name, _desc in self.ordering}
        backwards = before is not None
        cursor = self._values(before if backwards else after)
        order = [(name, desc != backwards) for name, desc in self.ordering]
        qs = queryset.order_by(*[f"-{name}" if desc else name for name, desc in order])
        if cursor is not None:
            qs = qs.filter(self._beyond(order, cursor))
        rows = list(qs[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        if backwards:
            rows.reverse()
        self.rows = rows
        self.has_next = more if not backwards else True
        self.has_previous = (more if backwards else cursor is not None) and bool(rows)
        self.next_cursor = _encode(self._row_key(rows[-1])) if rows and self.has_next else None
        self.previous_cursor = _encode(self._row_key(rows[0])) if rows and self.has_previous else None

    def _values(self, token):
        if not token:
            return None
        raw = _decode(token)
        if not isinstance(raw, list) or len(raw) != len(self.ordering):
            return None
        try:
            return [None if v is None else self.fields[name].to_python(v)
                    for (name, _desc), v in zip(self.ordering, raw, strict=True)]
        except Exception:  # a tampered cursor is simply ignored: back to the first page
            return None

    def _row_key(self, obj):
        return [getattr(obj, self.fields[name].attname) for name, _desc in self.ordering]

    def _beyond(self, order, values):
        """Rows strictly after `values` in `order` (lexicographic)."""
        nothing = Q(pk__in=[])
        condition, equal = nothing, Q()
        for (name, desc), value in zip(order, values, strict=True):
            nulls_at_end = desc != self.nulls_largest
            if value is None:
                step = nothing if nulls_at_end else Q(**{f"{name}__isnull": False})
                same = Q(**{f"{name}__isnull": True})
            else:
                step = Q(**{f"{name}__lt" if desc else f"{name}__gt": value})
                if nulls_at_end and self.fields[name].null:
                    step |= Q(**{f"{name}__isnull": True})
                same = Q(**{name: value})
            condition |= equal & step
            equal &= same
        return condition


# --- the list view ----------------------------------------------------------------------------------------


def people_friendly_filters(form, user) -> None:
    """Filters designed for people, not for codes: the region as a picker of the user's jurisdiction (names,
    indented by level), yes / no / any in words for flags, native date pickers that show their value (ISO dates,
    as `<input type=date>` needs), "any" instead of "---------", a search box for `q`."""
    from wangge.regions.forms import RegionSelect, region_choices

    for name, field in form.fields.items():
        if name == "region" and isinstance(field, forms.CharField):
            field.widget = RegionSelect(choices=region_choices(user))
            field.label = _("Region")
        elif isinstance(field, forms.NullBooleanField):
            field.widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
        elif isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif name == "q" and isinstance(field.widget, forms.TextInput):
            field.widget.input_type = "search"
            field.widget.attrs.setdefault("placeholder", field.label)
        elif getattr(field, "empty_label", None) is not None:  # django-filter's ChoiceField
            field.empty_label = _("Any")
            field.widget.choices = list(field.choices)



class ScopedMixin(PermissionRequiredMixin):
    """`get_queryset()` is the declared queryset narrowed to the user's jurisdiction; the page needs the login and
    the permission of `PermissionRequiredMixin`."""

    queryset = None

    def get_queryset(self):
        return scoped(self.queryset.all(), self.request.user)


class ObjectListView(ScopedMixin, TemplateView):
    """A filtered, sortable, keyset-paged, exportable list of the objects the user may see.

    Declare `queryset`, `filterset`, `table`; optionally `export_table`, `export_permission` (default: the page's
    own permission), `title`, `template_name` (extend `generic/object_list.html`)."""

    export_permission: str | None = None
    filterset = None
    table = None
    export_table = None  # defaults to `table`
    template_name = "generic/object_list.html"
    title = ""
    export_name = "export"
    per_page = None
    hidden_filters = ("ordering",)

    def may_export(self) -> bool:
        perm = self.export_permission or self.get_permission_required()
        return not perm or self.request.user.has_perm(perm)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            if not self.may_export():
                raise PermissionDenied(_("Your role does not allow exporting this list."))
            filterset = self.get_filterset()
            columns = (self.export_table or self.table).export_columns()
            response = export_response(self.export_queryset(filterset), columns, fmt=fmt,
                                       user=request.user, name=self.export_name, query=self.export_query())
            token = request.GET.get("export_token", "")
            if re.fullmatch(r"[0-9a-z]{6,32}", token):
                # The page's script waits for this cookie to say the file has started (static/js/wangge.js).
                response.set_cookie("wangge_export", token, max_age=120, samesite="Lax")
            return response
        return super().get(request, *args, **kwargs)

    def get_filterset(self):
        filterset = self.filterset(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        self.customize_form(filterset.form)
        return filterset

    def customize_form(self, form):
        """Filters for people: see `people_friendly_filters`."""
        people_friendly_filters(form, self.request.user)

    def filtered(self, filterset):
        if filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        qs = filterset.qs
        region = self.request.GET.get("region", "").strip()
        return within_code(qs, region) if region.isdigit() else qs

    def export_queryset(self, filterset):
        return self.filtered(filterset).order_by(*self.ordering()[0])

    def export_query(self):
        params = self.request.GET.copy()
        for key in ("export", "after", "before", "p"):
            params.pop(key, None)
        return params.urlencode()

    def ordering(self):
        """The model fields to sort by (always ending with the pk) and the `sort` parameter actually used."""
        sort = self.request.GET.get("sort", "")
        column = self.table.column(sort.lstrip("-")) if sort else None
        if column is None or not column.order_by:
            fields = list(self.table.default_ordering or self.queryset.model._meta.ordering or ["pk"])
            sort = ""
        elif sort.startswith("-"):
            fields = [f[1:] if f.startswith("-") else f"-{f}" for f in column.order_by]
        else:
            fields = list(column.order_by)
        fields = [f.replace("pk", "id") for f in fields if f.lstrip("-") not in ("id", "pk")] + ["id"]
        return fields, sort

    def count(self, queryset):
        key = "wangge:count:" + _encode([self.request.path, user_scope_code(self.request.user), self.export_query(),
                                         data_version(self.queryset.model)])
        cached = cache.get(key)
        if cached is not None:
            return cached
        total = queryset.count()
        if total >= COUNT_CACHE_MIN:
            cache.set(key, total, COUNT_CACHE_SECONDS)
        return total

    def can_reveal(self):
        return getattr(self.request.user, "can_reveal", False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        qs = self.filtered(filterset)
        fields, sort = self.ordering()
        per_page = self.per_page or settings.WANGGE_PAGE_SIZE
        page = KeysetPage(qs, fields, per_page, after=self.request.GET.get("after"),
                          before=self.request.GET.get("before"))
        try:
            number = max(int(self.request.GET.get("p", "1")), 1)
        except ValueError:
            number = 1
        if not self.request.GET.get("after") and not self.request.GET.get("before"):
            number = 1
        context.update(
            title=self.title or self.queryset.model._meta.verbose_name_plural,
            filterset=filterset,
            filter_fields=[f for f in filterset.form if f.name not in self.hidden_filters],
            table=self.table(page.rows, reveal=False, sort=sort),
            page=page,
            page_number=number,
            total=self.count(qs),
            sort=sort,
            filtered=any(v for k, v in self.request.GET.items() if k not in ("sort", "after", "before", "p")),
            export_query=self.export_query(),
            may_export=self.may_export(),
        )
        context.update(self.get_extra_context())
        return context

    def get_extra_context(self) -> dict:
        """More context for the page's own template (a chart, the region being shown …)."""
        return {}


def get_scoped_or_404(queryset, user, **lookup):
    """The object if it exists inside the user's jurisdiction; otherwise 404, so existence does not leak."""
    try:
        return scoped(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404(_("Not found or outside your jurisdiction.")) from None


# --- one object, its edit form, its actions -------------------------------------------------------------------


class ObjectView(ScopedMixin, TemplateView):
    """One object the user may see (404 outside the jurisdiction): declare `queryset` and `template_name`; the
    template gets `object` (and the model's name, e.g. `resident`), `title`, and `get_extra_context(obj)`."""

    lookup_field = "pk"
    lookup_url_kwarg: str | None = None

    def get_object(self):
        if not hasattr(self, "_object"):
            value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            self._object = get_scoped_or_404(self.queryset, self.request.user, **{self.lookup_field: value})
        return self._object

    def get_title(self, obj) -> str:
        return str(obj)

    def get_extra_context(self, obj) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(object=obj, title=self.get_title(obj), **{obj._meta.model_name: obj})
        context.update(self.get_extra_context(obj))
        return context


class ObjectEditView(ScopedMixin, TemplateView):
    """Create (no `pk`, or `lookup_field`, in the URL) or edit one object through a form and an action.

    Declare `queryset` (for editing; scoped, so an object outside the jurisdiction is a 404), `form_class`
    (it receives `user=` and `instance=`) and `action(actor, obj_or_None, **form.cleaned_data) -> obj`. A refusal
    (`ActionError`) becomes an error on the named field, or on the form; nothing is written. On success: the
    message, then the safe `next` or `get_success_url(obj)`."""

    template_name = "generic/object_edit.html"
    form_class = None
    action = None
    success_message = _("Saved.")
    title = ""
    lookup_field = "pk"  # the URL parameter and field that name the object edited ("code" for a registry)

    def get_permission_required(self):
        if self.permission_required is not None:
            return self.permission_required
        verb = "change" if self.kwargs.get(self.lookup_field) else "add"
        return model_permission(self.queryset.model, verb)

    def get_object(self):
        if self.lookup_field not in self.kwargs:
            return None
        if not hasattr(self, "_object"):
            self._object = get_scoped_or_404(self.queryset, self.request.user,
                                             **{self.lookup_field: self.kwargs[self.lookup_field]})
        return self._object

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, files=self.request.FILES or None, user=self.request.user,
                               instance=self.get_object())

    def run_action(self, form):
        return type(self).action(self.request.user, self.get_object(), **form.cleaned_data)

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else self.request.path

    def get_title(self) -> str:
        return str(self.title or self.get_object() or "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.get_title(), object=self.get_object(),
                       cancel_url=safe_next(self.request, self.request.path))
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                obj = self.run_action(form)
            except NotFound:
                raise Http404(_("Not found or outside your jurisdiction.")) from None
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(safe_next(request, self.get_success_url(obj)))
        return self.render_to_response(self.get_context_data(form=form))


class ObjectActionView(ScopedMixin, TemplateView):
    """POST → action → message → safe `next`: a button on a page that changes one object.

    Declare `queryset` and `actions = {"verb": callable(request, obj) -> result}` (the URL's `action` picks one;
    unknown → 404) or a single `action`. The callable parses the POST and calls the app's `do_<verb>`. A refusal
    becomes an error message (404 for `NotFound`); success shows `success_message(obj, result)`. The object is
    looked up scoped, and the action re-checks inside its transaction."""

    http_method_names = ["post"]
    actions: dict = {}
    action = None

    def get_permission_required(self):
        if self.permission_required is not None:
            return self.permission_required
        return model_permission(self.queryset.model, "change")

    def get_object(self):
        return get_scoped_or_404(self.queryset, self.request.user, pk=self.kwargs["pk"])

    def get_action(self):
        name = self.kwargs.get("action")
        if name is None and type(self).action is not None:
            return type(self).action
        if name not in self.actions:
            raise Http404
        return self.actions[name]

    def success_message(self, obj, result) -> str:
        return gettext("Done.")

    def default_url(self, obj) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"

    def post(self, request, *args, **kwargs):
        run = self.get_action()
        obj = self.get_object()
        try:
            result = run(request, obj)
        except NotFound:
            raise Http404(_("Not found or outside your jurisdiction.")) from None
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.success_message(obj, result))
        return HttpResponseRedirect(safe_next(request, self.default_url(obj)))


# --- reveal and call: full numbers through logged actions --------------------------------------------------------

REVEAL_SECONDS = 300


def _reveal_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def reveal_grant(request, obj) -> bool:
    """Whether this session revealed `obj` in the last few minutes (the reveal was logged once, when it was
    asked for; a reload shows it again without a second row)."""
    granted = request.session.get("wangge_reveals", {}).get(_reveal_key(obj))
    return bool(granted and granted > timezone.now().timestamp())


def _set_grant(request, obj, on: bool) -> None:
    grants = {k: v for k, v in request.session.get("wangge_reveals", {}).items() if v > timezone.now().timestamp()}
    if on:
        grants[_reveal_key(obj)] = timezone.now().timestamp() + REVEAL_SECONDS
    else:
        grants.pop(_reveal_key(obj), None)
    request.session["wangge_reveals"] = grants


class RevealView(ObjectActionView):
    """POST (reason, note) → `core.actions.do_reveal` → back to the page, which then shows the full values for a
    few minutes (post-redirect-get: a reload logs nothing more). `?hide=1` hides them again. Declare `queryset`
    and `fields`."""

    fields: tuple[str, ...] = ("id_number", "phone")

    def get_permission_required(self):
        # Seeing the object is the page's permission; the reveal permission is checked by the action after the
        # scoped lookup, so an object outside the jurisdiction is a 404 for everyone and a refusal a 403.
        return self.permission_required or model_permission(self.queryset.model, "view")

    def post(self, request, *args, **kwargs):
        from .actions import do_reveal

        obj = self.get_object()
        if request.POST.get("hide"):
            _set_grant(request, obj, False)
            return HttpResponseRedirect(safe_next(request, self.default_url(obj)))
        try:
            do_reveal(request.user, obj, fields=self.fields, reason=request.POST.get("reason", ""),
                      note=request.POST.get("reason_note", ""))
        except NotFound:
            raise Http404(_("Not found or outside your jurisdiction.")) from None
        except NotPermitted as exc:
            raise PermissionDenied(exc.message) from None
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            _set_grant(request, obj, True)
        return HttpResponseRedirect(safe_next(request, self.default_url(obj)))


class _TelRedirect(HttpResponseRedirect):
    allowed_schemes = ["tel"]


class CallView(ObjectActionView):
    """POST (reason, note) → `core.actions.do_call` → the phone dials the full number, which the page never
    shows: a script asking for JSON gets `{"tel": …}` and opens `tel:`; without a script, a redirect to `tel:`.
    Declare `queryset` and `phone_field`."""

    phone_field = "phone"
    permission_required = "people.call_resident"

    def post(self, request, *args, **kwargs):
        from django.http import JsonResponse
        from django.utils.cache import add_never_cache_headers

        from .actions import do_call

        obj = self.get_object()
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            number = do_call(request.user, obj, phone_field=self.phone_field, reason=request.POST.get("reason", ""),
                             note=request.POST.get("reason_note", ""))
        except NotFound:
            raise Http404(_("Not found or outside your jurisdiction.")) from None
        except ActionError as exc:
            if wants_json:
                return JsonResponse({exc.field or "detail": [exc.message]}, status=exc.status_code)
            messages.error(request, exc.message)
            return HttpResponseRedirect(safe_next(request, self.default_url(obj)))
        response = JsonResponse({"tel": number}) if wants_json else _TelRedirect(f"tel:{number}")
        add_never_cache_headers(response)
        return response
