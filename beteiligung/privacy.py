"""What the portal knows about a citizen: download it, or delete the account.

Each app registers two functions in its ``AppConfig.ready``:

- ``export(user) -> dict``: the app's personal data of the user, JSON-serialisable;
- ``erase(user) -> None``: remove personal data and detach public contributions from the
  account, so that public debate stays readable but no longer names the person.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


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
