"""Open311 GeoReport v2: JSON validated against schemas from the spec, XML carrying the same data, errors."""

import datetime
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from wangge.hotline.models import ApiKey, WorkOrder

from . import open311_schemas as S

BASE = "/open311/v2/"


@pytest.fixture
def key(catalogue):
    return ApiKey.objects.create(name="城市App", channel="app")


def post(client, key_value, **extra):
    data = {"api_key": key_value, "service_code": "EP02", "description": "核酸检测点排队太长",
            "address_string": "大石村", "address_id": "320684102001001", "lat": "31.9", "long": "121.2",
            "first_name": "明", "last_name": "王", "phone": "13900002222", **extra}
    return client.post(BASE + "requests.json", data)


def xml_to_py(element):
    """Turn our XML back into the JSON shape (lists for repeated children) to compare the data."""
    children = list(element)
    if element.tag in ("endpoints", "formats", "attributes"):
        return [xml_to_py(c) for c in children]
    if not children:
        return element.text
    return {c.tag: xml_to_py(c) for c in children}


def normalise(value):
    """JSON values as the strings XML carries."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value in (None, "") else str(value)


def same_data(client, path, schema):
    js = client.get(BASE + path + ".json")
    assert js.status_code == 200, js.content
    data = js.json()
    jsonschema.validate(data, schema)
    xml = client.get(BASE + path + ".xml")
    assert xml["Content-Type"].startswith("text/xml")
    root = ET.fromstring(xml.content)
    parsed = [xml_to_py(child) for child in root] if isinstance(data, list) else xml_to_py(root)
    assert normalise(parsed) == normalise(data)
    return data


def test_discovery_and_services(client, catalogue):
    same_data(client, "discovery", S.DISCOVERY)
    services = same_data(client, "services", S.SERVICES)
    assert {"EP01", "EP02", "EP03", "EP04", "EP05", "EP06"} <= {s["service_code"] for s in services}
    same_data(client, "services/EP02", S.SERVICE_DEFINITION)


def test_post_then_get_request_and_token(client, key):
    response = post(client, key.key)
    assert response.status_code == 200, response.content
    body = response.json()
    jsonschema.validate(body, S.POST_RESPONSE)
    number = body[0]["service_request_id"]
    order = WorkOrder.objects.get(number=number)
    assert order.channel == "app" and order.region_code == "320684102001001" and order.api_key == key
    one = same_data(client, f"requests/{number}", S.REQUESTS)
    assert len(one) == 1 and one[0]["status"] == "open"
    assert one[0]["expected_datetime"].endswith("+08:00")
    tokens = same_data(client, f"tokens/{body[0]['token']}", S.TOKENS)
    assert tokens[0]["service_request_id"] == number
    listed = same_data(client, "requests", S.REQUESTS)  # default: the last 90 days
    assert [r["service_request_id"] for r in listed] == [number]
    assert client.get(BASE + "requests.json?status=closed").json() == []
    assert len(client.get(BASE + "requests.json?service_code=EP02,EP01&status=open").json()) == 1
    assert client.get(BASE + f"requests.json?service_request_id={number}").json()[0]["service_request_id"] == number


def test_phone_orders_are_not_public(client, make_order):
    make_order()
    assert client.get(BASE + "requests.json").json() == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_have_the_spec_body(client, key, fmt):
    def check(response, code):
        assert response.status_code == code
        if fmt == "json":
            jsonschema.validate(response.json(), S.ERRORS)
            assert response.json()[0]["code"] == code
        else:
            root = ET.fromstring(response.content)
            assert root.tag == "errors" and root.find("error/code").text == str(code)

    check(client.post(BASE + f"requests.{fmt}", {"service_code": "EP02", "description": "x", "lat": "1",
                                                   "long": "1"}), 403)
    check(client.post(BASE + f"requests.{fmt}", {"api_key": "wrong", "service_code": "EP02"}), 403)
    check(client.post(BASE + f"requests.{fmt}", {"api_key": key.key, "service_code": "NOPE", "lat": "1",
                                                   "long": "1", "description": "x"}), 400)
    check(client.post(BASE + f"requests.{fmt}", {"api_key": key.key, "service_code": "EP02", "description": "x"}),
          400)  # no location
    check(client.post(BASE + f"requests.{fmt}", {"api_key": key.key, "service_code": "EP02", "lat": "1",
                                                   "long": "1", "description": ""}), 400)
    check(client.get(BASE + f"requests.{fmt}?start_date=2021-01-01T00:00:00%2B08:00"
                            "&end_date=2021-06-01T00:00:00%2B08:00"), 400)
    check(client.get(BASE + f"requests.{fmt}?start_date=yesterday"), 400)
    check(client.get(BASE + f"requests.{fmt}?status=pending"), 400)
    check(client.get(BASE + f"requests/12345-20210101-000001.{fmt}"), 404)
    check(client.get(BASE + f"services/NOPE.{fmt}"), 404)
    check(client.get(BASE + f"tokens/nope.{fmt}"), 404)
    assert not WorkOrder.objects.exists()


def test_date_filters(client, key):
    post(client, key.key)
    now = datetime.datetime.now(datetime.UTC)
    later = (now + datetime.timedelta(days=1)).isoformat(timespec="seconds").replace("+00:00", "Z")
    earlier = (now - datetime.timedelta(days=1)).isoformat(timespec="seconds").replace("+00:00", "Z")
    assert len(client.get(BASE + f"requests.json?start_date={earlier}&end_date={later}").json()) == 1
    assert client.get(BASE + f"requests.json?start_date={later}").json() == []
