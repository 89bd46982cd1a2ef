"""The printable receipt (Eingangsbestätigung) for a statement staff entered from a letter
or minutes whose sender gave no e-mail address: it goes back by post."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from beteiligung.roles import staff_view
from cms.weighing import weighable_procedure


@staff_view
def entered_receipt(request: HttpRequest, page_id: int, statement_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    statement = get_object_or_404(
        procedure.statements.submitted().filter(entered_by__isnull=False), pk=statement_id
    )
    return render(
        request,
        "cms/admin/entered_receipt.html",
        {
            "procedure": procedure,
            "statement": statement,
            "attachments": statement.attachments.all(),
            "page_title": gettext("Receipt %(reference)s") % {"reference": statement.reference},
        },
    )
