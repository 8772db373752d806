"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for outside clients: a city app, a web form.

Mapping: service = leaf Category (service_code = category code); service request = WorkOrder
(service_request_id = order number); status is only open/closed (closed = answered directly or closed after
the callback), the detailed state goes into status_notes; expected_datetime = the deadline in force;
agency_responsible = the department. POST needs an `api_key` issued in the admin (ApiKey, per channel).
GET requests lists the requests submitted through Open311 (with an API key) only: phone and WeChat orders stay internal.
Every response exists as XML (required by the spec) and JSON carrying the same data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wangge.core import clock
from wangge.core.errors import ActionError

from . import actions
from .choices import Channel, State
from .models import ApiKey, Category, WorkOrder

MAX_RESULTS = 1000
MAX_RANGE_DAYS = 90
CLOSED_STATES = (State.ANSWERED, State.CLOSED)
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


# --- rendering -------------------------------------------------------------------------------------------------

def _xml_value(parent: ET.Element, key: str, value) -> None:
    child = ET.SubElement(parent, key)
    if isinstance(value, list):
        singular = {"endpoints": "endpoint", "formats": "format", "keywords": "keyword", "attributes": "attribute",
                    "values": "value"}.get(key, "item")
        for item in value:
            _xml_value(child, singular, item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    elif value is not None:
        child.text = str(value)


def render(data, fmt: str, root: str, item: str, status: int = 200) -> HttpResponse:
    """`data` (a list of dicts, or one dict) as JSON, or as XML <root><item>…</item></root>."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    element = ET.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        node = ET.SubElement(element, item) if isinstance(data, list) else element
        for key, value in entry.items():
            _xml_value(node, key, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def render_error(exc: Open311Error, fmt: str) -> HttpResponse:
    return render([{"code": exc.code, "description": exc.description}], fmt if fmt in ("json", "xml") else "xml",
                  "errors", "error", status=exc.code)


def handles_errors(view):
    def wrapped(request, *args, fmt="xml", **kwargs):
        try:
            if fmt not in ("json", "xml"):
                raise Open311Error(404, "format must be json or xml")
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return render_error(exc, fmt)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def w3(moment: datetime.datetime | None) -> str | None:
    """W3C datetime with the offset, e.g. 2021-08-02T09:00:00+08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def parse_w3(value: str, name: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C datetime such as 2021-08-01T00:00:00+08:00") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# --- data ----------------------------------------------------------------------------------------------------------

def services_queryset():
    return Category.objects.filter(active=True, parent__isnull=False).select_related("parent").order_by("code")


def service_dict(category: Category) -> dict:
    return {"service_code": category.code, "service_name": category.name,
            "description": category.description or f"{category.parent.name}：{category.name}",
            "metadata": False, "type": "realtime", "keywords": "疫情防控" if category.epidemic else "民生",
            "group": category.parent.name if category.parent else ""}


def request_dict(order: WorkOrder) -> dict:
    closed = order.state in CLOSED_STATES
    notes = order.get_state_display()
    if order.answer and order.state in (State.ANSWERED, State.REPLIED, State.PENDING_CALLBACK, State.CLOSED):
        notes = f"{notes}：{order.answer}"
    return {
        "service_request_id": order.number,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": order.category.name,
        "service_code": order.category.code,
        "description": order.content,
        "agency_responsible": order.department.name if order.department_id else "",
        "service_notice": "",
        "requested_datetime": w3(order.received_at),
        "updated_datetime": w3(order.updated),
        "expected_datetime": w3(order.due_at),
        "address": order.address,
        "address_id": order.region_code,
        "zipcode": "",
        "lat": float(order.latitude) if order.latitude is not None else None,
        "long": float(order.longitude) if order.longitude is not None else None,
        "media_url": "",
    }


def public_orders():
    """Orders outside clients submitted: public by the GeoReport spec, read as the system actor (restrict(None)
    would be nothing)."""
    from wangge.accounts.selectors import system_actor

    return WorkOrder.objects.restrict(system_actor()).filter(api_key__isnull=False).select_related(
        "category", "department")


# --- views ----------------------------------------------------------------------------------------------------------

@require_http_methods(["GET"])
@handles_errors
def discovery(request, fmt):
    """Where the endpoint is and which formats it speaks."""
    base = request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/")
    changeset = w3(Category.objects.order_by("-updated").values_list("updated", flat=True).first() or clock.now())
    data = {"changeset": changeset, "contact": "12345 政务服务便民热线", "key_service": "向 12345 热线中心申请 API key",
            "endpoints": [{"specification": SPEC_URL, "url": base, "changeset": changeset, "type": "production",
                           "formats": ["text/xml", "application/json"]}]}
    return render(data, fmt, "discovery", "discovery")


@require_http_methods(["GET"])
@handles_errors
def services(request, fmt):
    """The service list: one service per active leaf category."""
    return render([service_dict(c) for c in services_queryset()], fmt, "services", "service")


@require_http_methods(["GET"])
@handles_errors
def service_definition(request, code, fmt):
    """A service definition; our services take no extra attributes."""
    if not services_queryset().filter(code=code).exists():
        raise Open311Error(404, f"service_code {code} not found")
    return render({"service_code": code, "attributes": []}, fmt, "service_definition", "service_definition")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@handles_errors
def requests_view(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt)
    return list_requests(request, fmt)


def create_request(request, fmt):
    """POST a service request (form-encoded) with an api_key; answers its service_request_id and a token."""
    data = request.POST
    key = ApiKey.objects.filter(key=data.get("api_key", ""), active=True).first() if data.get("api_key") else None
    if key is None:
        raise Open311Error(403, "api_key is missing or not valid")
    code = data.get("service_code", "")
    category = services_queryset().filter(code=code).first()
    if category is None:
        raise Open311Error(400, f"service_code {code or '(missing)'} not found")
    lat, lon = _coordinate(data.get("lat"), "lat", 90), _coordinate(data.get("long"), "long", 180)
    address, address_id = data.get("address_string", "").strip(), data.get("address_id", "").strip()
    if (lat is None or lon is None) and not address and not address_id:
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    name = " ".join(part for part in (data.get("last_name", ""), data.get("first_name", "")) if part).strip()
    try:
        from wangge.accounts.selectors import system_actor

        order = actions.do_intake(system_actor(), content=data.get("description", ""), category=category,
                                  region=address_id or None, caller_name=name, caller_phone=data.get("phone", ""),
                                  channel=key.channel or Channel.OPEN311, address=address, latitude=lat,
                                  longitude=lon, api_key=key, note=f"Open311: {key.name}")
    except ActionError as exc:
        field = {"content": "description", "region": "address_id", "caller_phone": "phone"}.get(exc.field or "", "")
        raise Open311Error(400, f"{field}: {exc.message}" if field else exc.message) from None
    notice = f"已受理，编号 {order.number}，预计办结时间 {w3(order.due_at)}"
    return render([{"service_request_id": order.number, "token": order.open311_token or order.number,
                    "service_notice": notice, "account_id": None}], fmt, "service_requests", "request")


def _coordinate(value, name, bound):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise Open311Error(400, f"{name} must be a number") from None
    if not number.is_finite() or abs(number) > bound:
        raise Open311Error(400, f"{name} is out of range")
    return number.quantize(Decimal("0.000001"))


def list_requests(request, fmt):
    """GET requests with the spec's filters; by default the last 90 days and at most 1,000 requests."""
    params = request.GET
    qs = public_orders()
    ids = [v.strip() for v in params.get("service_request_id", "").split(",") if v.strip()]
    if ids:  # the spec: when ids are given, the other parameters are ignored
        return render([request_dict(o) for o in qs.filter(number__in=ids)[:MAX_RESULTS]], fmt, "service_requests",
                      "request")
    codes = [v.strip() for v in params.get("service_code", "").split(",") if v.strip()]
    if codes:
        qs = qs.filter(category__code__in=codes)
    now = clock.now()
    end = parse_w3(params["end_date"], "end_date") if params.get("end_date") else None
    start = parse_w3(params["start_date"], "start_date") if params.get("start_date") else None
    if start and end and end < start:
        raise Open311Error(400, "end_date must not be before start_date")
    if start and end and end - start > datetime.timedelta(days=MAX_RANGE_DAYS):
        raise Open311Error(400, f"the date range may not exceed {MAX_RANGE_DAYS} days")
    if start is None and end is None:
        start = now - datetime.timedelta(days=MAX_RANGE_DAYS)
    elif start is None:
        start = end - datetime.timedelta(days=MAX_RANGE_DAYS)
    elif end is None:
        end = start + datetime.timedelta(days=MAX_RANGE_DAYS)
    qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lte=end)
    statuses = {v.strip() for v in params.get("status", "").split(",") if v.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open and/or closed")
    if statuses == {"open"}:
        qs = qs.exclude(state__in=CLOSED_STATES)
    elif statuses == {"closed"}:
        qs = qs.filter(state__in=CLOSED_STATES)
    orders = qs.order_by("-received_at")[:MAX_RESULTS]
    return render([request_dict(o) for o in orders], fmt, "service_requests", "request")


@require_http_methods(["GET"])
@handles_errors
def request_detail(request, request_id, fmt):
    """One service request, still as an array."""
    order = public_orders().filter(number=request_id).first()
    if order is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return render([request_dict(order)], fmt, "service_requests", "request")


@require_http_methods(["GET"])
@handles_errors
def token(request, token, fmt):
    """The service_request_id behind a token returned by POST requests."""
    number = public_orders().filter(open311_token=token).values_list("number", flat=True).first()
    if number is None:
        raise Open311Error(404, f"token {token} not found")
    return render([{"service_request_id": number, "token": token}], fmt, "service_requests", "request")
