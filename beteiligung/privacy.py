"""What the portal knows about a citizen: download it, or delete the account.

Each app registers two functions in its ``AppConfig.ready``:

- ``export(user) -> dict``: the app's personal data of the user, JSON-serialisable;
- ``erase(user) -> None``: remove personal data and detach public contributions from the
  account, so that public debate stays readable but no longer names the person.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


@dataclass
class DataSource:
    label: str
    export: Callable
    erase: Callable


SOURCES: dict[str, DataSource] = {}


def register(key: str, label: str, *, export: Callable, erase: Callable) -> None:
    SOURCES[key] = DataSource(label=label, export=export, erase=erase)


def export_user_data(user) -> dict:
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
        },
        "exported_at": timezone.now().isoformat(),
    }
    for key, source in sorted(SOURCES.items()):
        data[key] = {"label": str(source.label), "records": source.export(user)}
    return data


@transaction.atomic
def delete_account(user) -> None:
    """Anonymise what the user contributed, then delete the account itself."""
    for source in SOURCES.values():
        source.erase(user)
    user.delete()


# --- Display layer: the "Meine Daten" page -------------------------------------------------
# The export above is what the JSON download holds and stays as it is; what follows only
# turns its keys into labels and its ISO times into dates a person reads.

# The services in the order a citizen meets them; sources not named here follow at the end.
SECTION_ORDER = [
    "statements",
    "dialogues",
    "map_feedback",
    "surveys",
    "events",
    "appointments",
    "reports",
]

# Labels of the fields the apps export. The keys are the JSON keys of the download.
FIELD_LABELS = {
    "accessibility_needs": _("Accessibility needs"),
    # identity: linked sign-in services and login records
    "attributes": _("Details sent by the sign-in service"),
    "linked_since": _("Linked since"),
    "logged_in_at": _("Logged in on"),
    "provider": _("Sign-in service"),
    "trust_level": _("Trust level"),
    "uid": _("Identifier at the sign-in service"),
    "agency": _("Agency"),
    "answers": _("Answers"),
    "attachments": _("Attachments"),
    "category": _("Category"),
    "comment": _("Comment no."),
    "created_at": _("Written on"),
    "date_joined": _("Registered since"),
    "description": _("Description"),
    "display_name": _("Display name"),
    "edited_at": _("Edited on"),
    "email": _("E-mail"),
    "email_addresses": _("E-mail addresses"),
    "event": _("Event"),
    "explanation": _("Explanation"),
    "id": _("Report no."),
    "last_login": _("Last login"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "name": _("Name"),
    "note": _("Note"),
    "office": _("Office"),
    "official_answers": _("Notify on official answers"),
    "page": _("Page"),
    "persons": _("Persons"),
    "personal_data_deleted_after": _("Personal data deleted after"),
    "phone": _("Phone"),
    "place": _("Place"),
    "postal_address": _("Postal address"),
    "primary": _("Primary address"),
    "procedure": _("Procedure"),
    "reason": _("Reason"),
    "reference": _("Reference number"),
    "registered_at": _("Registered on"),
    "replies": _("Notify on replies"),
    "reporter_email": _("E-mail"),
    "reporter_name": _("Name"),
    "reporter_phone": _("Phone"),
    "response": _("Response"),
    "result": _("Result"),
    "section": _("Section of the plan"),
    "service": _("Service"),
    "start": _("Begins"),
    "status": _("Status"),
    "submitted_as": _("Submitted as"),
    "submitted_at": _("Submitted on"),
    "survey": _("Survey"),
    "text": _("Text"),
    "type": _("Kind"),
    "url": _("Address"),
    "verified": _("Confirmed"),
}

# The field that names a record in its heading, per source.
TITLE_FIELDS = ["procedure", "event", "service", "survey", "page", "category", "email"]

# Dialogues export several kinds of record in one list.
RECORD_KINDS = {
    "comment": _("Comment"),
    "support": _("Support given"),
    "report": _("Report of a comment"),
    "follow": _("Following"),
    # identity: BundID/OIDC (beteiligung/identity.py)
    "linked_identity": _("Linked sign-in service"),
    "login": _("Login"),
}

# Long lists are folded away behind a summary with their count.
FOLD_AFTER = 3

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Field:
    label: str
    value: object  # a display string, or a list of Field lists for nested records
    nested: bool = False


@dataclass
class Record:
    title: str
    fields: list[Field]


@dataclass
class Section:
    key: str
    label: str
    records: list[Record]

    @property
    def folded(self) -> bool:
        return len(self.records) > FOLD_AFTER


def german_datetime(moment: datetime.datetime) -> str:
    """'1. Dezember 2026, 14:30 Uhr' in German, in the portal's time zone."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return _("%(date)s, %(time)s") % {
        "date": formats.date_format(moment, "DATE_FORMAT"),
        "time": formats.time_format(moment, "TIME_FORMAT"),
    }


def display_value(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            return german_datetime(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(display_value(item) for item in value)
    return str(value)


def present_fields(record: dict) -> list[Field]:
    fields = []
    for key, value in record.items():
        label = str(FIELD_LABELS.get(key, key))
        if key == "type" and value in RECORD_KINDS:
            fields.append(Field(label, str(RECORD_KINDS[value])))
        elif isinstance(value, dict):
            # Survey answers: the keys are the survey's own field names.
            fields.append(
                Field(label, [Field(k, display_value(v)) for k, v in value.items()], True)
            )
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested = [Field(str(i), present_fields(v), True) for i, v in enumerate(value, 1)]
            fields.append(Field(label, nested, True))
        else:
            fields.append(Field(label, display_value(value)))
    return fields


def record_title(record: dict, fallback: str) -> str:
    kind = RECORD_KINDS.get(record.get("type"))
    for key in TITLE_FIELDS:
        if record.get(key):
            return f"{kind}: {record[key]}" if kind else str(record[key])
    return str(kind or fallback)


def present_user_data(data: dict) -> list[Section]:
    """The sections of the "Meine Daten" page, account first, then each service."""
    account = data["account"]
    sections = [
        Section("account", str(_("Account")), [Record(str(_("Account")), present_fields(account))])
    ]
    keys = [k for k in SECTION_ORDER if k in SOURCES] + sorted(set(SOURCES) - set(SECTION_ORDER))
    for key in keys:
        part = data[key]
        records = [
            Record(record_title(r, f"{part['label']} {i}"), present_fields(r))
            for i, r in enumerate(part["records"], 1)
        ]
        sections.append(Section(key, part["label"], records))
    return sections
