from django.urls import path

from cms import agency_views, report, statements, views
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
    # Public agencies (Träger öffentlicher Belange): their workspace on the portal.
    path("konto/traeger/", agency_views.workspace, name="agency_workspace"),
    path("konto/traeger/einladung/<token:token>/", agency_views.accept, name="agency_accept"),
    path(
        "konto/traeger/kollegium/<token:token>/",
        agency_views.accept_colleague,
        name="agency_colleague_accept",
    ),
    path(
        "konto/traeger/<id:agency_id>/kollegium/einladen/",
        agency_views.colleague_invite,
        name="agency_colleague_invite",
    ),
    path(
        "konto/traeger/verfahren/<id:invitation_id>/",
        agency_views.procedure,
        name="agency_procedure",
    ),
    path(
        "konto/traeger/verfahren/<id:invitation_id>/neu/",
        agency_views.draft_new,
        name="agency_draft_new",
    ),
    path(
        "konto/traeger/stellungnahme/<id:pk>/",
        agency_views.statement,
        name="agency_statement",
    ),
    path(
        "konto/traeger/stellungnahme/<id:pk>/freigeben/",
        agency_views.release_statement,
        name="agency_release",
    ),
]
