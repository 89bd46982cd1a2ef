"""Following, and turning what happened into e-mails, each person told once.

``collect`` asks every source what happened since the last scan and stores each thing once
(``Occurrence.key``). ``dispatch`` finds who follows it and, in one transaction per batch,
writes a ``Delivery`` per address (unique per address and occurrence) and queues the mails of
those who want them at once; a worker that dies mid-batch rolls back both, and the next run
does the batch again. Digests pick up the deliveries still waiting, also in the transaction
that queues the digest.
"""

import datetime
import functools
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alerts import sources
from alerts.models import (
    Delivery,
    FollowKind,
    Frequency,
    Occurrence,
    Subscription,
    unconfirmed_expiry,
)
from beteiligung.emails import RenderedEmail, queue_email, queue_messages, render_email

logger = logging.getLogger(__name__)

STAND_IN = "00000000-0000-4000-8000-00000000feed"  # replaced by each follower's token
KM_PER_DEGREE = 111.0
BATCH = 2000
DIGEST_CHUNK = 500


# --- Following -----------------------------------------------------------------------------


def follows_of(user) -> list[Subscription]:
    if not user.is_authenticated:
        return []
    return list(Subscription.objects.filter(user=user).select_related("procedure", "organisation"))


def is_following(user, target: str) -> bool:
    return user.is_authenticated and Subscription.objects.filter(user=user, target=target).exists()


def toggle_follow(user, subscription: Subscription) -> bool:
    """Follow with the account, or stop following if it already does; True when following."""
    existing = Subscription.objects.filter(user=user, target=subscription.target_key())
    if existing.exists():
        existing.delete()
        return False
    subscription.user = user
    subscription.email = ""
    subscription.confirmed_at = timezone.now()
    subscription.delete_after = None
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError:  # a second click that raced the first
        pass
    return True


@transaction.atomic
def follow_by_email(subscription: Subscription, email: str, language: str) -> Subscription:
    """Double opt-in: store the follow unconfirmed and send the confirmation link. Nothing
    else is sent until the link is confirmed; an unconfirmed follow expires."""
    email = email.strip()
    existing = Subscription.objects.filter(
        user__isnull=True, email__iexact=email, target=subscription.target_key()
    ).first()
    if existing is not None:
        subscription = existing
    else:
        subscription.user = None
        subscription.email = email
        subscription.delete_after = unconfirmed_expiry()
        subscription.save()
    if not subscription.is_confirmed:
        queue_email(
            "alerts/confirm",
            [email],
            {
                "subscription": subscription,
                "confirm_url": settings.SITE_URL
                + reverse("alerts:confirm", args=[subscription.token]),
                "days": settings.ALERTS_UNCONFIRMED_DAYS,
            },
            language=language,
        )
    return subscription


def unsubscribe(subscription: Subscription, everything: bool = False) -> int:
    """Stop this follow, or every follow of the same person (a digest's one-click link)."""
    if everything:
        queryset = Subscription.objects.of_recipient(subscription)
    else:
        queryset = Subscription.objects.filter(pk=subscription.pk)
    count = queryset.count()
    queryset.delete()
    return count


# --- Collecting what happened --------------------------------------------------------------


def all_sources() -> dict:
    from alerts.procedures import procedure_items

    return {"procedures": procedure_items, **sources.SOURCES}


def collect(now: datetime.datetime | None = None) -> list[Occurrence]:
    """Store what happened in the last ALERTS_LOOKBACK_HOURS; returns the new occurrences.

    The window overlaps earlier scans on purpose: a scan that was lost (a dead worker, a
    broker without acknowledgement) is made good by the next one, and the keys keep it once.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=settings.ALERTS_LOOKBACK_HOURS)
    items: list[sources.Item] = []
    for name, source in all_sources().items():
        try:
            items.extend(source(since, now))
        except Exception:  # one broken source must not stop everyone else's alerts
            logger.exception("Alert source %s failed", name)
    known = set(
        Occurrence.objects.filter(key__in=[item.key for item in items]).values_list(
            "key", flat=True
        )
    )
    created = []
    for item in items:
        if item.key in known:
            continue
        known.add(item.key)
        created.append(
            Occurrence(
                kind=item.kind,
                key=item.key,
                title=item.title[:300],
                text=item.text[:500],
                url=item.url,
                procedure_id=item.procedure_id,
                organisation_id=item.organisation_id,
                topics=item.topics,
                latitude=item.latitude,
                longitude=item.longitude,
                geometry=item.geometry,
                bbox=bbox_of(item),
                place=item.place[:500],
                happened_at=item.happened_at or now,
                for_followers_of_procedure=item.for_followers_of_procedure,
                for_followers_of_area=item.for_followers_of_area,
            )
        )
    Occurrence.objects.bulk_create(created, ignore_conflicts=True)
    return created


def bbox_of(item) -> list[float] | None:
    if item.geometry:
        from shapely.geometry import shape

        return list(shape(item.geometry).bounds)
    if item.latitude is not None:
        return [item.longitude, item.latitude, item.longitude, item.latitude]
    return None


# --- Who follows it ------------------------------------------------------------------------


def followers(occurrence: Occurrence) -> dict[str, tuple[int, str, str]]:
    """address → (subscription id, frequency, language), the most immediate follow winning."""
    matches = Q(pk__in=[])
    if occurrence.for_followers_of_procedure and occurrence.procedure_id:
        matches |= Q(kind=FollowKind.PROCEDURE, procedure_id=occurrence.procedure_id)
    if occurrence.organisation_id:
        matches |= Q(kind=FollowKind.ORGANISATION, organisation_id=occurrence.organisation_id)
    if occurrence.for_followers_of_area and occurrence.topics:
        matches |= Q(kind=FollowKind.TOPIC, topic__in=occurrence.topics)
    fields = ("pk", "user__email", "email", "frequency", "language")
    rows = list(Subscription.objects.active().filter(matches).values_list(*fields))
    if occurrence.for_followers_of_area:
        rows += area_followers(occurrence, fields)
    rank = {Frequency.IMMEDIATE: 0, Frequency.DAILY: 1, Frequency.WEEKLY: 2}
    chosen: dict[str, tuple[int, str, str]] = {}
    for pk, user_email, email, frequency, language in rows:
        address = (user_email or email).strip().lower()
        if not address:
            continue
        current = chosen.get(address)
        if current is None or rank[frequency] < rank[current[1]]:
            chosen[address] = (pk, frequency, language)
    return chosen


def area_followers(occurrence: Occurrence, fields: tuple) -> list[tuple]:
    """Follows of a circle that reaches the occurrence's point or area, and follows of a
    municipality by name that the occurrence's place names."""
    rows = []
    if occurrence.bbox:
        from shapely.geometry import Point, shape

        min_lon, min_lat, max_lon, max_lat = occurrence.bbox
        reach = settings.ALERTS_MAX_RADIUS_KM / KM_PER_DEGREE
        candidates = (
            Subscription.objects.active()
            .filter(kind=FollowKind.AREA, latitude__isnull=False)
            .filter(latitude__gte=min_lat - reach, latitude__lte=max_lat + reach)
            .filter(longitude__gte=min_lon - reach * 2, longitude__lte=max_lon + reach * 2)
            .values_list(*fields, "latitude", "longitude", "radius_km")
        )
        area = shape(occurrence.geometry) if occurrence.geometry else None
        for *row, latitude, longitude, radius in candidates:
            if area is not None:
                # Degrees to km: good enough at German latitudes for a yes/no at this scale.
                point = Point(float(longitude), float(latitude))
                inside = area.covers(point)
                near = inside or area.distance(point) * KM_PER_DEGREE * 0.66 <= radius
            else:
                from alerts.models import distance_km

                near = (
                    distance_km(
                        float(latitude),
                        float(longitude),
                        occurrence.latitude,
                        occurrence.longitude,
                    )
                    <= radius
                )
            if near:
                rows.append(tuple(row))
    if occurrence.place:
        place = occurrence.place.casefold()
        named = (
            Subscription.objects.active()
            .filter(kind=FollowKind.AREA, latitude__isnull=True)
            .exclude(place="")
            .values_list(*fields, "place")
        )
        rows += [tuple(row) for *row, name in named if name.casefold() in place]
    return rows


# --- Telling them --------------------------------------------------------------------------


@functools.cache
def _pattern(name: str, arity: int) -> str:
    return reverse(name, args=[STAND_IN] + [0] * (arity - 1))


def url_for(name: str, token, *ids: int) -> str:
    """reverse() for thousands of links: the path is reversed once with a stand-in token."""
    path = _pattern(name, 1 + len(ids)).replace(STAND_IN, str(token))
    for value in ids:
        path = path.replace("/0/", f"/{value}/", 1)
    return settings.SITE_URL + path


def links_for(token: str) -> dict[str, str]:
    return {
        "unsubscribe_url": url_for("alerts:unsubscribe", token),
        "settings_url": url_for("alerts:manage", token),
    }


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the mail client POSTs to the URL, no login needed."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def render_alert(occurrence: Occurrence, language: str) -> RenderedEmail:
    """The alert with a stand-in token; each follower's copy gets their own (``personal``)."""
    context = {
        "occurrence": occurrence,
        "open_url": settings.SITE_URL + reverse("alerts:open", args=[STAND_IN, occurrence.pk]),
        **links_for(STAND_IN),
    }
    return render_email("alerts/alert", [], context, language or settings.LANGUAGE_CODE)


def personal(template: RenderedEmail, address: str, token: str) -> RenderedEmail:
    token = str(token)
    message = RenderedEmail(
        subject=template.subject,
        text=template.text.replace(STAND_IN, token),
        html=template.html.replace(STAND_IN, token),
        to=[address],
    )
    message.headers = unsubscribe_headers(url_for("alerts:unsubscribe", token))
    return message


def dispatch(occurrence: Occurrence, now: datetime.datetime | None = None) -> int:
    """Tell every follower once; returns how many mails were queued now."""
    now = now or timezone.now()
    chosen = followers(occurrence)
    tokens = dict(
        Subscription.objects.filter(pk__in=[v[0] for v in chosen.values()]).values_list(
            "pk", "token"
        )
    )
    addresses = sorted(chosen)
    templates: dict[str, RenderedEmail] = {}
    queued = 0
    for start in range(0, len(addresses), BATCH):
        batch = addresses[start : start + BATCH]
        try:
            with transaction.atomic():
                told = set(
                    Delivery.objects.filter(occurrence=occurrence, address__in=batch).values_list(
                        "address", flat=True
                    )
                )
                deliveries, messages = [], []
                for address in batch:
                    if address in told:
                        continue
                    pk, frequency, language = chosen[address]
                    immediate = frequency == Frequency.IMMEDIATE
                    deliveries.append(
                        Delivery(
                            occurrence=occurrence,
                            subscription_id=pk,
                            address=address,
                            created_at=now,
                            sent_at=now if immediate else None,
                        )
                    )
                    if immediate:
                        if language not in templates:
                            templates[language] = render_alert(occurrence, language)
                        messages.append(personal(templates[language], address, tokens[pk]))
                # A second worker on the same batch fails here and rolls back its mails.
                Delivery.objects.bulk_create(deliveries)
                queued += queue_messages(messages)
        except IntegrityError:
            logger.info("Alert %s: a batch was already delivered by another run", occurrence.pk)
    Occurrence.objects.filter(pk=occurrence.pk, dispatched_at=None).update(dispatched_at=now)
    return queued


def collect_and_dispatch(now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    collect(now)
    counts = {"occurrences": 0, "mails": 0}
    for occurrence in Occurrence.objects.filter(dispatched_at=None):
        counts["occurrences"] += 1
        counts["mails"] += dispatch(occurrence, now)
    return counts


def send_digests(frequency: str, now: datetime.datetime | None = None) -> int:
    """One mail per address with everything that waited for its daily or weekly digest.

    Addresses go in chunks, each in one transaction that locks the waiting deliveries,
    queues the digests and marks the deliveries sent: two runs never both send one."""
    now = now or timezone.now()
    waiting = list(
        Delivery.objects.filter(sent_at=None, subscription__frequency=frequency)
        .values_list("address", flat=True)
        .distinct()
        .order_by("address")
    )
    sent = 0
    for start in range(0, len(waiting), DIGEST_CHUNK):
        chunk = waiting[start : start + DIGEST_CHUNK]
        with transaction.atomic():
            rows = list(
                Delivery.objects.select_for_update()
                .filter(address__in=chunk, sent_at=None, subscription__frequency=frequency)
                .select_related("occurrence", "subscription")
                .order_by("address", "occurrence__happened_at", "pk")
            )
            by_address: dict[str, list[Delivery]] = {}
            for delivery in rows:
                by_address.setdefault(delivery.address, []).append(delivery)
            messages = [
                digest_for(address, found, frequency) for address, found in by_address.items()
            ]
            queue_messages(messages)
            Delivery.objects.filter(pk__in=[d.pk for d in rows]).update(sent_at=now)
            sent += len(messages)
    return sent


def digest_for(address: str, deliveries: list[Delivery], frequency: str) -> RenderedEmail:
    subscription = deliveries[0].subscription
    token = str(subscription.token)
    context = {
        "items": [
            {
                "occurrence": d.occurrence,
                "open_url": url_for("alerts:open", d.subscription.token, d.occurrence_id),
            }
            for d in deliveries
        ],
        "frequency": frequency,
        **links_for(token),
        "unsubscribe_all_url": url_for("alerts:unsubscribe", token) + "?alle=1",
    }
    message = render_email("alerts/digest", [address], context, subscription.language or None)
    message.headers = unsubscribe_headers(context["unsubscribe_all_url"])
    return message


# --- Housekeeping --------------------------------------------------------------------------


def erase_expired(today: datetime.date | None = None) -> dict[str, int]:
    """Follows without an account that were never confirmed, or not opened for a year; and
    occurrences (with their deliveries, which hold addresses) after ALERTS_KEEP_DAYS."""
    today = today or timezone.localdate()
    follows, _detail = Subscription.objects.filter(
        user__isnull=True, delete_after__lt=today
    ).delete()
    cutoff = timezone.now() - datetime.timedelta(days=settings.ALERTS_KEEP_DAYS)
    old, _detail = Occurrence.objects.filter(happened_at__lt=cutoff).delete()
    return {"follows": follows, "occurrences": old}


# --- Messages to participants --------------------------------------------------------------


def participants(procedure) -> list[sources.Participant]:
    """Everyone who took part in the procedure and agreed to be contacted, once each."""
    from alerts.procedures import statement_participants

    found: dict[str, sources.Participant] = {}
    providers = {"statements": statement_participants, **sources.PARTICIPANTS}
    for provider in providers.values():
        for person in provider(procedure):
            address = person.email.strip().lower()
            if address and address not in found:
                found[address] = person
    return sorted(found.values(), key=lambda p: p.email.lower())


def render_participant_message(procedure, subject: str, text: str, language: str = "de"):
    return render_email(
        "alerts/participants",
        [],
        {"procedure": procedure, "subject": subject, "message": text},
        language,
    )


@transaction.atomic
def message_participants(procedure, subject: str, text: str) -> int:
    """One mail per person, so that nobody sees the others' addresses."""
    people = participants(procedure)
    templates: dict[str, RenderedEmail] = {}
    messages = []
    for person in people:
        language = person.language or settings.LANGUAGE_CODE
        if language not in templates:
            templates[language] = render_participant_message(procedure, subject, text, language)
        template = templates[language]
        messages.append(
            RenderedEmail(template.subject, template.text, template.html, [person.email])
        )
    return queue_messages(messages)
