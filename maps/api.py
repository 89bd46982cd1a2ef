"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Every resource answers as ``.json`` and ``.xml``; errors come as the spec's list of
``{"code", "description"}`` (``<errors><error>`` in XML). django-ninja routes the requests
and publishes the OpenAPI schema at /open311/v2/openapi.json. The interactive docs page is
off: without "ninja" in INSTALLED_APPS it would load Swagger from a CDN.
"""

import datetime
import inspect
import json
import re
import uuid
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import NinjaAPI, Schema

from beteiligung.validators import (
    CONTROL_CHARACTERS,
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)
from maps import services
from maps.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ApiKey,
    Report,
    ReportCategory,
    ReportPhoto,
)

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311API(NinjaAPI):
    """The schema says what the views answer: JSON or XML by the path's format, the
    allowed values of ``fmt`` and ``status``, and the spec's error list for every error."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                describe_operation(operation)
        return schema


# ISO 8601 as the spec uses it: a day, optionally with time and offset.
DATE_PATTERN = (
    r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?$"
)
PARAMETER_SCHEMAS = {
    "fmt": {"type": "string", "enum": list(FORMATS)},
    "status": {"type": "string", "pattern": "^(open|closed)(,(open|closed))*$"},
    "page": {"type": "string", "pattern": "^[1-9][0-9]{0,5}$"},
    "page_size": {"type": "string", "pattern": "^[1-9][0-9]{0,2}$|^1000$"},
    "service_request_id": {"type": "string", "pattern": "^[0-9]{1,18}(,[0-9]{1,18})*$"},
    "start_date": {"type": "string", "pattern": DATE_PATTERN},
    "end_date": {"type": "string", "pattern": DATE_PATTERN},
}
ERRORS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}


# Text without control characters (check_text refuses them), as a JSON Schema pattern.
PLAIN_TEXT = "^[^" + CONTROL_CHARACTERS.pattern[1:-1] + "]*$"


def describe_operation(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        extra = PARAMETER_SCHEMAS.get(parameter["name"], {"pattern": PLAIN_TEXT})
        parameter["schema"] = {**parameter["schema"], **extra}
    body = operation.get("requestBody", {}).get("content", {})
    for content in body.values():
        for field in content.get("schema", {}).get("properties", {}).values():
            field.setdefault("pattern", PLAIN_TEXT)
    # django-ninja keys the responses by number; JSON (and OpenAPI) by text.
    responses = {str(status): value for status, value in operation.get("responses", {}).items()}
    operation["responses"] = responses
    for status in ("400", "404"):
        responses.setdefault(status, {"description": "Errors"})
    for status, response in responses.items():
        content = response.setdefault("content", {})
        json_schema = content.get("application/json", {}).get("schema")
        if status != "200" or json_schema is None:
            json_schema = ERRORS_SCHEMA
        content["application/json"] = {"schema": json_schema}
        content["text/xml"] = {"schema": {"type": "string"}}


api = Open311API(
    title="Open311 GeoReport v2",
    version="2",
    description="Incident reports of the Beteiligungsportal (Ereignismelder).",
    urls_namespace="open311",
    docs_url=None,
)

# Results per page (GeoReport's suggested maximum); ``page`` and ``page_size`` are our
# documented extension, with a Link header to the next page.
MAX_REQUESTS = 1000
MAX_ID_DIGITS = 18  # ids beyond the database's integer range cannot exist
# Dates outside these years are no dates of any report; far away from datetime's limits.
FIRST_YEAR, LAST_YEAR = 1900, 2999
DEFAULT_DAYS = 90


class Open311Error(Exception):
    def __init__(self, status: int, code: int | str, description: str) -> None:
        self.status, self.code, self.description = status, code, description


# Schemas document the responses in the OpenAPI schema; the views build them by hand
# because the same data must also come out as XML.
class ErrorOut(Schema):
    code: int
    description: str


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class AttributeValueOut(Schema):
    key: str
    name: str


class AttributeOut(Schema):
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str
    order: int
    description: str
    values: list[AttributeValueOut] = []


class ServiceDefinitionOut(Schema):
    service_code: str
    attributes: list[AttributeOut]


class RequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str
    address: str
    address_id: str
    zipcode: str
    lat: float | None
    long: float | None
    media_url: str


class CreatedOut(Schema):
    service_request_id: str
    token: str
    service_notice: str
    account_id: str


class TokenOut(Schema):
    service_request_id: str
    token: str


def iso(value: datetime.datetime | None, tz=None) -> str:
    if value is None:
        return ""
    return value.astimezone(tz or timezone.get_current_timezone()).isoformat(timespec="seconds")


# Characters XML 1.0 cannot carry at all; one stored in a report would make the whole
# document unreadable for every client.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
PHONE = re.compile(r"[0-9+()/. -]{3,40}")


def _xml_value(parent: ET.Element, key: str, value) -> None:
    element = ET.SubElement(parent, key)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, list):
        child_tag = {
            "values": "value",
            "attributes": "attribute",
            "formats": "format",
            "endpoints": "endpoint",
        }.get(key, "item")
        for item in value:
            _xml_value(element, child_tag, item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(element, k, v)
    elif value is not None:
        element.text = NOT_IN_XML.sub("", str(value))


def to_xml(root_tag: str, item_tag: str | None, data) -> bytes:
    root = ET.Element(root_tag)
    if item_tag is None:
        for key, value in data.items():
            _xml_value(root, key, value)
    else:
        for item in data:
            _xml_value(root, item_tag, item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, data, root_tag: str, item_tag: str | None, status: int = 200):
    if fmt == "xml":
        response = HttpResponse(
            to_xml(root_tag, item_tag, data), content_type=FORMATS["xml"], status=status
        )
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False), content_type=FORMATS["json"], status=status
        )
    # Public data: browser apps on other origins may read it (never with credentials).
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "Link, X-Total-Count"
    return response


def error_response(fmt: str, status: int, code, description: str) -> HttpResponse:
    return respond(
        fmt if fmt in FORMATS else "json",
        [{"code": code, "description": description}],
        "errors",
        "error",
        status,
    )


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Open311Error(404, 404, "Unknown format; use .json or .xml.")


def open311_view(root_tag: str, item_tag: str | None):
    """Turn a function that returns data into a .json/.xml response with spec errors."""

    def decorate(func):
        def wrapper(request: HttpRequest, fmt: str, *args, **kwargs):
            try:
                check_format(fmt)
                check_text(request)
                status, data = func(request, *args, **kwargs)
            except Open311Error as error:
                return error_response(fmt, error.status, error.code, error.description)
            except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent):
                # Reading request.POST failed: the body is broken, too big or has no boundary.
                return error_response(fmt, 400, 400, "The request body cannot be read.")
            response = respond(fmt, data, root_tag, item_tag, status)
            for name, value in getattr(request, "open311_headers", {}).items():
                response[name] = value
            return response

        # django-ninja reads the parameters from the signature: the view's own plus ``fmt``.
        signature = inspect.signature(func)
        params = list(signature.parameters.values())
        fmt_param = inspect.Parameter(
            "fmt", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str
        )
        wrapper.__signature__ = signature.replace(parameters=[params[0], fmt_param, *params[1:]])
        wrapper.__name__ = func.__name__
        wrapper.__doc__ = func.__doc__
        return wrapper

    return decorate


def check_text(request: HttpRequest) -> None:
    """Refuse control characters (a NUL byte, escapes) in any parameter or path value."""
    values = [*request.GET.values(), request.path]
    if request.method == "POST":
        values += [*request.POST.keys(), *request.POST.values()]
    if any(has_control_characters(value) for value in values):
        raise Open311Error(400, 400, str(CONTROL_CHARACTERS_MESSAGE))


def is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


def service_data(category: ReportCategory) -> dict:
    return {
        "service_code": category.service_code,
        "service_name": category.name,
        "description": category.guidance,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def attribute_data(attribute: dict, order: int) -> dict:
    return {
        "variable": bool(attribute.get("variable", True)),
        "code": str(attribute["code"]),
        "datatype": attribute.get("datatype", "string"),
        "required": bool(attribute.get("required", False)),
        "datatype_description": attribute.get("datatype_description", ""),
        "order": attribute.get("order", order),
        "description": attribute.get("description", ""),
        "values": [
            {"key": str(v["key"]), "name": str(v["name"])} for v in attribute.get("values", [])
        ],
    }


@api.get("/discovery.{fmt}", response={200: dict}, summary="Discovery")
@open311_view("discovery", None)
def discovery(request: HttpRequest):
    base = settings.SITE_URL + "/open311/v2/"
    return 200, {
        "changeset": "2026-01-01T00:00:00+01:00",
        "contact": settings.MAPS_OPEN311_CONTACT,
        "key_service": settings.SITE_URL + "/admin/",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+01:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
        # An extension of GeoReport v2: requests.{fmt} answers in pages.
        "pagination": {
            "parameters": "page (from 1), page_size (1 to 1000, default 1000)",
            "headers": "Link (rel=next) while more pages follow; X-Total-Count",
        },
    }


@api.get("/services.{fmt}", response={200: list[ServiceOut]}, summary="List services")
@open311_view("services", "service")
def service_list(request: HttpRequest, jurisdiction_id: str = ""):
    return 200, [service_data(c) for c in ReportCategory.objects.filter(active=True)]


@api.get(
    "/services/{service_code}.{fmt}",
    response={200: ServiceDefinitionOut, 404: list[ErrorOut]},
    summary="Service definition",
)
@open311_view("service_definition", None)
def service_definition(request: HttpRequest, service_code: str, jurisdiction_id: str = ""):
    category = ReportCategory.objects.filter(service_code=service_code, active=True).first()
    if category is None:
        raise Open311Error(404, 404, f"Service {service_code} not found.")
    attributes = [attribute_data(a, i + 1) for i, a in enumerate(category.attributes)]
    return 200, {"service_code": category.service_code, "attributes": attributes}


def parse_when(value: str, name: str) -> datetime.datetime:
    try:
        when = parse_datetime(value)
        if when is None and (day := parse_date(value)):
            when = datetime.datetime.combine(day, datetime.time())
    except ValueError:  # well formed, but no date: 2026-13-45
        when = None
    if when is None or not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise Open311Error(400, 400, f"{name} is not a valid ISO 8601 date.")
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


def request_rows(reports) -> list[dict]:
    first_photo = ReportPhoto.objects.filter(report=OuterRef("pk")).exclude(image="").order_by("pk")
    rows = reports.annotate(photo=Subquery(first_photo.values("image")[:1])).values_list(
        "pk",
        "status",
        "status_note",
        "category__name",
        "category__service_code",
        "description",
        "category__organisation__name",
        "created_at",
        "updated_at",
        "address",
        "lat",
        "lon",
        "photo",
        "media_url",
    )
    media = settings.SITE_URL + settings.MEDIA_URL
    open_values = {str(s) for s in OPEN_STATUSES}
    tz = timezone.get_current_timezone()  # once, not per row: 1000 rows add up
    return [
        {
            "service_request_id": str(pk),
            "status": "open" if status in open_values else "closed",
            "status_notes": note,
            "service_name": name,
            "service_code": code,
            "description": description,
            "agency_responsible": agency,
            "service_notice": "",
            "requested_datetime": iso(created, tz),
            "updated_datetime": iso(updated, tz),
            "expected_datetime": "",
            "address": address,
            "address_id": "",
            "zipcode": "",
            "lat": float(lat) if lat is not None else None,
            "long": float(lon) if lon is not None else None,
            "media_url": media + photo if photo else media_url,
        }
        for (
            pk,
            status,
            note,
            name,
            code,
            description,
            agency,
            created,
            updated,
            address,
            lat,
            lon,
            photo,
            media_url,
        ) in rows
    ]


@api.get(
    "/requests.{fmt}",
    response={200: list[RequestOut], 400: list[ErrorOut]},
    summary="Query service requests",
)
@open311_view("service_requests", "request")
def request_list(
    request: HttpRequest,
    service_request_id: str = "",
    service_code: str = "",
    start_date: str = "",
    end_date: str = "",
    status: str = "",
    jurisdiction_id: str = "",
    page: str = "",
    page_size: str = "",
):
    """Newest first, in pages of at most 1000; without dates the last 90 days (as the spec
    suggests). The Link header names the next page while there is one."""
    reports = Report.objects.public().order_by("-created_at", "-pk")
    if service_request_id:
        ids = [i.strip() for i in service_request_id.split(",")]
        if not all(is_id(i) for i in ids):
            raise Open311Error(400, 400, "service_request_id must be numbers.")
        return 200, request_rows(reports.filter(pk__in=ids))
    if service_code:
        reports = reports.filter(category__service_code__in=service_code.split(","))
    if status:
        wanted = {s.strip() for s in status.split(",")}
        if not wanted <= {"open", "closed"}:
            raise Open311Error(400, 400, "status must be open or closed.")
        statuses = (OPEN_STATUSES if "open" in wanted else []) + (
            CLOSED_STATUSES if "closed" in wanted else []
        )
        reports = reports.filter(status__in=statuses)
    end = parse_when(end_date, "end_date") if end_date else None
    start = parse_when(start_date, "start_date") if start_date else None
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start:
        reports = reports.filter(created_at__gte=start)
    if end:
        reports = reports.filter(created_at__lte=end)
    number = parse_page_number(page, "page", 10**6) if page else 1
    size = parse_page_number(page_size, "page_size", MAX_REQUESTS) if page_size else MAX_REQUESTS
    total = reports.count()
    offset = (number - 1) * size
    request.open311_headers = {"X-Total-Count": str(total)}
    if offset + size < total:
        query = request.GET.copy()
        query["page"] = str(number + 1)
        query["page_size"] = str(size)
        next_url = f"{settings.SITE_URL}{request.path}?{query.urlencode()}"
        request.open311_headers["Link"] = f'<{next_url}>; rel="next"'
    return 200, request_rows(reports[offset : offset + size])


def parse_page_number(value: str, name: str, largest: int) -> int:
    if not (value.isascii() and value.isdigit() and 1 <= int(value[:8]) <= largest):
        raise Open311Error(400, 400, f"{name} must be a whole number from 1 to {largest}.")
    return int(value)


def check_attributes(category: ReportCategory, attributes: dict) -> None:
    """Values as the service definition describes them: required, list keys, numbers."""
    defined = {str(a["code"]): a for a in category.attributes}
    for code in attributes:
        if code not in defined:
            raise Open311Error(400, 400, f"attribute[{code}] is not an attribute of this service.")
    for code, attribute in defined.items():
        value = attributes.get(code)
        values = value if isinstance(value, list) else [value] if value else []
        if not values:
            if attribute.get("required"):
                raise Open311Error(400, 400, f"attribute[{code}] is required.")
            continue
        datatype = attribute.get("datatype", "string")
        keys = {str(v["key"]) for v in attribute.get("values", [])}
        if datatype in ("singlevaluelist", "multivaluelist") and not set(values) <= keys:
            raise Open311Error(400, 400, f"attribute[{code}] must be one of: {', '.join(keys)}.")
        if datatype != "multivaluelist" and len(values) > 1:
            raise Open311Error(400, 400, f"attribute[{code}] takes one value.")
        if datatype == "number" and not re.fullmatch(r"-?\d{1,15}([.,]\d{1,15})?", values[0]):
            raise Open311Error(400, 400, f"attribute[{code}] must be a number.")
        if datatype == "datetime":
            parse_when(values[0], f"attribute[{code}]")
        if any(len(v) > 2000 for v in values):
            raise Open311Error(400, 400, f"attribute[{code}] is too long.")


def parse_coordinate(value: str, name: str, limit: int) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise Open311Error(400, 400, f"{name} is not a number.") from None
    if not number.is_finite():  # NaN cannot be compared, Infinity is no coordinate
        raise Open311Error(400, 400, f"{name} is not a number.")
    if not -limit <= number <= limit:
        raise Open311Error(400, 400, f"{name} is out of range.")
    return number


@api.post(
    "/requests.{fmt}",
    response={200: list[CreatedOut], 400: list[ErrorOut], 403: list[ErrorOut]},
    summary="Create a service request (form-encoded, api_key required)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["api_key", "service_code"],
                        "properties": {
                            name: {"type": "string"}
                            for name in [
                                "api_key",
                                "service_code",
                                "lat",
                                "long",
                                "address_string",
                                "description",
                                "email",
                                "first_name",
                                "last_name",
                                "phone",
                                "media_url",
                                "attribute[code]",
                            ]
                        },
                    }
                }
            }
        }
    },
)
@open311_view("service_requests", "request")
def request_create(request: HttpRequest):
    data = request.POST
    api_key = ApiKey.authenticate(data.get("api_key") or request.GET.get("api_key", ""))
    if api_key is None:
        raise Open311Error(403, 403, "A valid api_key is required.")
    category = ReportCategory.objects.filter(
        service_code=data.get("service_code", ""), active=True
    ).first()
    if category is None:
        raise Open311Error(400, 400, "service_code is missing or unknown.")
    lat = parse_coordinate(data.get("lat", ""), "lat", 90)
    lon = parse_coordinate(data.get("long", ""), "long", 180)
    address = data.get("address_string", "").strip()[:300]
    if (lat is None or lon is None) and not address:
        raise Open311Error(400, 400, "lat and long, or address_string, are required.")
    attributes = {
        key[len("attribute[") : -1]: data.getlist(key)
        for key in data
        if key.startswith("attribute[") and key.endswith("]")
    }
    attributes = {k: v[0] if len(v) == 1 else v for k, v in attributes.items()}
    check_attributes(category, attributes)
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, 400, "email is not an e-mail address.") from None
    phone = data.get("phone", "").strip()
    if phone and not PHONE.fullmatch(phone):
        raise Open311Error(400, 400, "phone is not a telephone number.")
    media_url = data.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["https", "http"])(media_url)
        except ValidationError:
            raise Open311Error(400, 400, "media_url is not an http(s) address.") from None
        if len(media_url) > 500:
            raise Open311Error(400, 400, "media_url is too long.")
    name = " ".join(filter(None, [data.get("first_name", ""), data.get("last_name", "")]))
    report = services.report_create(
        category=category,
        description=data.get("description", "").strip()[:5000],
        lat=lat if lon is not None else None,
        lon=lon if lat is not None else None,
        address=address,
        reporter_name=name[:200],
        reporter_email=email[:254],
        reporter_phone=phone,
        media_url=media_url,
        attributes=attributes,
        source=f"open311:{api_key.pk}",
        trusted=True,
    )
    return 200, [
        {
            "service_request_id": str(report.pk),
            "token": str(report.api_token),
            "service_notice": "",
            "account_id": "",
        }
    ]


@api.get(
    "/requests/{service_request_id}.{fmt}",
    response={200: list[RequestOut], 404: list[ErrorOut]},
    summary="One service request",
)
@open311_view("service_requests", "request")
def request_detail(request: HttpRequest, service_request_id: str, jurisdiction_id: str = ""):
    if not is_id(service_request_id):
        raise Open311Error(404, 404, "Service request not found.")
    rows = request_rows(Report.objects.public().filter(pk=service_request_id))
    if not rows:
        raise Open311Error(404, 404, "Service request not found.")
    return 200, rows


@api.get(
    "/tokens/{token}.{fmt}",
    response={200: list[TokenOut], 404: list[ErrorOut]},
    summary="Service request id for a token",
)
@open311_view("service_requests", "request")
def token_detail(request: HttpRequest, token: str, jurisdiction_id: str = ""):
    report = Report.objects.filter(api_token=token).first() if _is_uuid(token) else None
    if report is None:
        raise Open311Error(404, 404, "Token not found.")
    # Until a report is published its id is not public yet; the spec allows an empty id.
    request_id = str(report.pk) if report.is_public else ""
    return 200, [{"service_request_id": request_id, "token": token}]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
