from django.urls import path

from cms import report, statements, views
from cms.feeds import ProcedureFeed

app_name = "cms"

urlpatterns = [
    path("mitmachen/", views.overview, name="overview"),
    path("verfahren/feed.atom", ProcedureFeed(), name="procedure_feed"),
    path(
        "stellungnahmen/<uuid:token>/pruefen/",
        statements.statement_review,
        name="statement_review",
    ),
    path(
        "stellungnahmen/<uuid:token>/eingang/",
        statements.statement_receipt,
        name="statement_receipt",
    ),
    path(
        "verfahren/abwaegungsbericht/<id:page_id>.pdf",
        report.public_report,
        name="public_report",
    ),
]
