"""What makes cached pages go (beteiligung/page_cache.py): incident reports, their photos,
updates, supports and categories change the public list /meldungen/ (tag "reports")."""

from django.db.models.signals import post_delete, post_save

from beteiligung.page_cache import invalidate

REPORTS = "reports"


def _reports_changed(sender, **kwargs) -> None:
    invalidate(REPORTS)


def connect() -> None:
    from maps.models import Report, ReportCategory, ReportPhoto, ReportSupport, ReportUpdate

    for model in (Report, ReportCategory, ReportPhoto, ReportSupport, ReportUpdate):
        name = f"maps_page_cache_{model.__name__}"
        post_save.connect(_reports_changed, sender=model, dispatch_uid=name)
        post_delete.connect(_reports_changed, sender=model, dispatch_uid=f"{name}_del")
