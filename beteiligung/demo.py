"""Demo organisations and people. Passwords are for the local demo only."""

import functools

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher, make_password

from beteiligung.models import Organisation, User
from beteiligung.roles import Role
from beteiligung.search import seed_demo_synonyms

DEMO_PASSWORD = "demo-beteiligung-2026"  # noqa: S105 (local demo only)
ADMIN_EMAIL = "admin@beteiligung.example"

ORGANISATIONS = [
    {
        "name": "Regierungspräsidium Darmstadt",
        "short_name": "RP Darmstadt",
        "slug": "rp-darmstadt",
        "email": "beteiligung@rpda.example",
        "phone": "06151 12-0",
        "address": "Luisenplatz 2\n64283 Darmstadt",
    },
    {
        "name": "Landeshauptstadt Wiesbaden",
        "short_name": "Wiesbaden",
        "slug": "wiesbaden",
        "email": "buergerbeteiligung@wiesbaden.example",
        "phone": "0611 31-0",
        "address": "Schloßplatz 6\n65183 Wiesbaden",
    },
    {
        "name": "Landkreis Marburg-Biedenkopf",
        "short_name": "Marburg-Biedenkopf",
        "slug": "marburg-biedenkopf",
        "email": "service@marburg-biedenkopf.example",
        "phone": "06421 405-0",
        "address": "Im Lichtenholz 60\n35043 Marburg",
    },
]

# One staff member per organisation and role: e.g. redaktion@rp-darmstadt.example
ROLE_MAILBOX = {
    Role.EDITOR: "redaktion",
    Role.MODERATOR: "moderation",
    Role.PLANNER: "planung",
    Role.CLERK: "termine",
    Role.INCIDENT_HANDLER: "meldungen",
}


@functools.cache
def demo_password_hash(hasher: str) -> str:
    """Hashed once for all demo accounts (per hasher): their password is the same and
    published, and hashing it for each of the 30 accounts took 10 of the demo's 30 seconds."""
    return make_password(DEMO_PASSWORD, hasher=hasher)


def person(email: str, display_name: str = "", **extra) -> User:
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "display_name": display_name, **extra}
    )
    if created:
        user.password = demo_password_hash(get_hasher().algorithm)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(stdout) -> None:
    person(ADMIN_EMAIL, "Portal-Administration", is_staff=True, is_superuser=True)
    for data in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
        organisation.ensure_roles()
        for role, mailbox in ROLE_MAILBOX.items():
            staff = person(
                f"{mailbox}@{organisation.slug}.example",
                f"{organisation.short_name} ({role.label})",
            )
            organisation.add_member(staff, role)
    person("buergerin@example.org", "Anna Becker")
    person("buerger@example.org", "Jonas Weber")
    seed_demo_synonyms(stdout)
    stdout.write(f"Organisations: {Organisation.objects.count()}, users: {User.objects.count()}")
