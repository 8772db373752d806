"""JSON schemas for Open311 GeoReport v2 responses, written from the specification
(http://wiki.open311.org/GeoReport_v2): ids and codes are strings, datetimes carry an offset, status is open or
closed, errors are an array of {code, description}."""

W3C = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$"}
NULLABLE_W3C = {"anyOf": [W3C, {"type": "null"}]}

ERRORS = {"type": "array", "minItems": 1, "items": {
    "type": "object", "required": ["code", "description"],
    "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}}}}

DISCOVERY = {"type": "object", "required": ["changeset", "contact", "key_service", "endpoints"], "properties": {
    "changeset": W3C, "contact": {"type": "string"}, "key_service": {"type": "string"},
    "endpoints": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["specification", "url", "changeset", "type", "formats"],
        "properties": {"specification": {"type": "string"}, "url": {"type": "string"}, "changeset": W3C,
                       "type": {"enum": ["production", "test"]},
                       "formats": {"type": "array", "items": {"enum": ["text/xml", "application/json"]}}}}}}}

SERVICES = {"type": "array", "items": {
    "type": "object", "required": ["service_code", "service_name", "description", "metadata", "type", "keywords",
                                   "group"],
    "properties": {"service_code": {"type": "string"}, "service_name": {"type": "string"},
                   "description": {"type": "string"}, "metadata": {"type": "boolean"},
                   "type": {"enum": ["realtime", "batch", "blackbox"]}, "keywords": {"type": "string"},
                   "group": {"type": "string"}}}}

SERVICE_DEFINITION = {"type": "object", "required": ["service_code", "attributes"], "properties": {
    "service_code": {"type": "string"}, "attributes": {"type": "array"}}}

POST_RESPONSE = {"type": "array", "minItems": 1, "maxItems": 1, "items": {
    "type": "object", "anyOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
    "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"},
                   "service_notice": {"type": "string"}, "account_id": {"type": ["string", "null"]}}}}

REQUESTS = {"type": "array", "maxItems": 1000, "items": {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "service_name", "requested_datetime",
                 "expected_datetime"],
    "properties": {
        "service_request_id": {"type": "string"}, "status": {"enum": ["open", "closed"]},
        "status_notes": {"type": "string"}, "service_name": {"type": "string"}, "service_code": {"type": "string"},
        "description": {"type": "string"}, "agency_responsible": {"type": "string"},
        "service_notice": {"type": "string"}, "requested_datetime": W3C, "updated_datetime": NULLABLE_W3C,
        "expected_datetime": NULLABLE_W3C, "address": {"type": "string"}, "address_id": {"type": "string"},
        "zipcode": {"type": "string"}, "lat": {"type": ["number", "null"]}, "long": {"type": ["number", "null"]},
        "media_url": {"type": "string"}}}}

TOKENS = {"type": "array", "items": {"type": "object", "required": ["service_request_id", "token"],
                                     "properties": {"service_request_id": {"type": "string"},
                                                    "token": {"type": "string"}}}}
