"""What makes cached pages go (beteiligung/page_cache.py): publishing anything, the footer,
organisations, documents and images, statements, and the procedures' phase times."""

import datetime

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from beteiligung.models import Organisation
from beteiligung.page_cache import (
    earliest_after,
    invalidate,
    invalidate_page,
    register_boundary,
)


def _any_page_changed(sender, **kwargs) -> None:
    # Menus, listings, the home page and the footer all show other pages: a publication
    # anywhere makes every cached page a miss. Publishing is rare; comments are not.
    invalidate("pages")


def _footer_changed(sender, created: bool = False, **kwargs) -> None:
    # Wagtail creates the empty settings row on its first read (also the admin's edit form
    # does so before anything is saved); that row shows nothing new.
    if not created:
        invalidate("pages")


def _live_page_saved(sender, instance, **kwargs) -> None:
    # A live page saved without Wagtail's publish signal (code, imports, seeding) still
    # changes what the listings show; drafts leave the live pages as they are.
    if isinstance(instance, Page) and instance.live:
        invalidate("pages")


def _statement_changed(sender, instance, **kwargs) -> None:
    invalidate_page(instance.procedure_id)


def next_phase_change(now: datetime.datetime) -> list[QuerySet]:
    from cms.procedures import Phase

    phases = Phase.objects.filter(page__live=True)
    return [earliest_after(phases, "start", now), earliest_after(phases, "end", now)]


def connect() -> None:
    from cms.models import FooterSettings
    from cms.procedures import Statement

    uid = "cms_page_cache"
    page_published.connect(_any_page_changed, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(_any_page_changed, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(_any_page_changed, dispatch_uid=f"{uid}_moved")
    post_delete.connect(_any_page_changed, sender=Page, dispatch_uid=f"{uid}_deleted")
    post_save.connect(_live_page_saved, dispatch_uid=f"{uid}_live_page_saved")
    post_save.connect(_footer_changed, sender=FooterSettings, dispatch_uid=f"{uid}_footer")
    post_delete.connect(_any_page_changed, sender=FooterSettings, dispatch_uid=f"{uid}_footer_del")
    for model in (Organisation, get_document_model(), get_image_model()):
        post_save.connect(_any_page_changed, sender=model, dispatch_uid=f"{uid}_{model.__name__}")
        post_delete.connect(
            _any_page_changed, sender=model, dispatch_uid=f"{uid}_{model.__name__}_del"
        )
    from cms.report import ReportFile

    # The published result links the anonymised report once the queue has built it.
    post_save.connect(_statement_changed, sender=ReportFile, dispatch_uid=f"{uid}_report")
    post_save.connect(_statement_changed, sender=Statement, dispatch_uid=f"{uid}_statement")
    post_delete.connect(_statement_changed, sender=Statement, dispatch_uid=f"{uid}_statement_del")
    register_boundary(next_phase_change)
