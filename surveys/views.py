"""Answering a survey section by section, the results page and the staff exports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.fields.json import KT
from django.db.models.functions import Length
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beteiligung.exports import XLSX_TYPE
from beteiligung.identity import meets_trust_level, trust_level_requirement
from beteiligung.ratelimit import over_limit
from beteiligung.roles import staff_view
from cms.report import ReportFileStatus
from surveys import exports
from surveys.models import (
    PARTICIPATION_COOKIE,
    PARTICIPATION_SALT,
    TEXT_TYPES,
    SurveyExportFile,
    SurveyPage,
    answered_in_browser,
)
from surveys.results import cached_summary, filter_choices, parse_filter


def rate_limit() -> int:
    # 30 responses per address and hour: a busy office yes, a script no.
    return settings.SURVEYS_RATE_LIMIT


def rate_limited(request: HttpRequest) -> bool:
    return over_limit(request, "surveys:responses", rate_limit())


def session_key(page: SurveyPage) -> str:
    return f"survey-{page.pk}"


def blocker(page: SurveyPage, request: HttpRequest) -> str:
    """Why this visitor cannot answer now, or "" when they can."""
    if not page.is_open():
        return "closed" if page.is_closed() else "not_open"
    if not page.is_anonymous() and not request.user.is_authenticated:
        return "login"
    if page.has_answered(request):
        return "answered"
    if not meets_trust_level(request, page.min_trust_level):
        return "trust_level"
    return ""


def posted_names(post, field_names) -> set[str]:
    """POST keys of these fields; matrix and ranking post name_0, name_1, …"""
    names = set()
    for key in post:
        base, _sep, suffix = key.rpartition("_")
        if key in field_names or (base in field_names and suffix.isdigit()):
            names.add(key)
    return names


def store_section(answers: dict, post, field_names) -> None:
    """Replace this section's answers in the session copy (an unticked box posts nothing)."""
    for key in list(answers):
        base, _sep, suffix = key.rpartition("_")
        if key in field_names or (base in field_names and suffix.isdigit()):
            del answers[key]
    for key in posted_names(post, field_names):
        answers[key] = post.getlist(key)


def serve_survey(page: SurveyPage, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    context["blocker"] = blocker(page, request)
    if context["blocker"] == "trust_level":
        context["trust_required"] = trust_level_requirement(
            request, page.min_trust_level, _("this survey")
        )
    if context["blocker"]:
        return TemplateResponse(request, page.get_template(request), context)

    sections = page.sections()
    last = len(sections) - 1
    stored = request.session.get(session_key(page), {"data": {}, "section": 0})
    answers = stored["data"]
    index = min(stored.get("section", 0), last)
    form_kwargs = {"page": page, "user": request.user}
    status = 200

    if request.method == "POST":
        try:
            index = max(0, min(int(request.POST.get("abschnitt", index)), last))
        except ValueError:
            index = 0
        field_names = set(page.get_form(section=index, **form_kwargs).fields)
        store_section(answers, request.POST, field_names)
        data = MultiValueDict(answers)
        form = page.get_form(data, section=index, **form_kwargs)
        if request.POST.get("aktion") == "zurueck":
            index = max(index - 1, 0)
            form = page.get_form(data, section=index, **form_kwargs)
            form.suppress_errors()
        elif form.is_valid() and index < last:
            index += 1
            form = page.get_form(data, section=index, **form_kwargs)
            form.suppress_errors()
        elif form.is_valid():
            full = page.get_form(data, **form_kwargs)
            if not full.is_valid():
                # An earlier section no longer validates (e.g. a forged section): go there.
                index = first_section_with_errors(page, full.errors, form_kwargs)
                form = page.get_form(data, section=index, **form_kwargs)
                form.is_valid()
            elif rate_limited(request):
                form.add_error(None, _("Too many responses from your connection. Try again later."))
                status = 429
            else:
                submission = page.process_form_submission(full, user=request.user)
                request.session.pop(session_key(page), None)
                response = page.render_landing_page(request, submission)
                if page.is_anonymous() and page.one_response:
                    remember_in_browser(request, response, page)
                return response
        request.session[session_key(page)] = {"data": answers, "section": index}
    elif answers:
        form = page.get_form(MultiValueDict(answers), section=index, **form_kwargs)
        form.suppress_errors()
    else:
        form = page.get_form(section=index, **form_kwargs)

    context.update(
        form=form,
        section=sections[index],
        section_index=index,
        section_number=index + 1,
        section_count=last + 1,
        is_last=index == last,
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def first_section_with_errors(page, errors, form_kwargs) -> int:
    for index in range(len(page.sections())):
        if set(page.get_form(section=index, **form_kwargs).fields) & set(errors):
            return index
    return 0


def remember_in_browser(request, response, page) -> None:
    answered = answered_in_browser(request) | {page.pk}
    response.set_signed_cookie(
        PARTICIPATION_COOKIE,
        ",".join(str(pk) for pk in sorted(answered)),
        salt=PARTICIPATION_SALT,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def get_survey(request: HttpRequest, page_id: int) -> SurveyPage:
    page = get_object_or_404(SurveyPage.objects.select_related("organisation"), pk=page_id)
    if not page.live and not page.is_staff(request.user):
        raise Http404
    return page


def require_staff(page: SurveyPage, user) -> None:
    if not page.is_staff(user):
        raise PermissionDenied


def results(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_survey(request, page_id)
    if not page.can_see_results(request.user):
        raise PermissionDenied
    questions = page.questions()
    filter_by = parse_filter(request.GET.get("filter", ""), questions)
    summary = cached_summary(page, questions, filter_by)
    is_staff = page.is_staff(request.user)
    export_files = []
    if is_staff:
        export_files = list(page.export_files.all()[:5])
    return render(
        request,
        "surveys/results.html",
        {
            "page": page,
            "summary": summary,
            "filter_groups": filter_choices(questions),
            "filter_value": request.GET.get("filter", "") if filter_by else "",
            "is_staff": is_staff,
            "export_files": export_files,
            "export_pending": any(f.status == ReportFileStatus.PENDING for f in export_files),
            "text_types": TEXT_TYPES,
        },
    )


@staff_view
def text_answers(request: HttpRequest, page_id: int, name: str) -> HttpResponse:
    page = get_survey(request, page_id)
    require_staff(page, request.user)
    question = next(
        (q for q in page.questions() if q.clean_name == name and q.field_type in TEXT_TYPES), None
    )
    if question is None:
        raise Http404
    answers = (
        page.get_submissions()
        .annotate(answer=KT(f"form_data__{name}"))
        # Length, because a key transform compares with "" as JSON, which SQLite rejects.
        .annotate(length=Length("answer"))
        .filter(length__gt=0)
        .order_by("submit_time", "pk")
        .values_list("submit_time", "answer")
    )
    paginator = Paginator(answers, 25)
    return render(
        request,
        "surveys/text_answers.html",
        {
            "page": page,
            "question": question,
            "answers": paginator.get_page(request.GET.get("seite")),
        },
    )


@staff_view
def export_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_survey(request, page_id)
    require_staff(page, request.user)
    response = HttpResponse("\ufeff" + exports.to_csv(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.slug)}.csv"'
    return response


@staff_view
def export_xlsx(request: HttpRequest, page_id: int) -> HttpResponse:
    """The XLSX at once for smaller surveys; above ``SURVEY_EXPORT_INLINE_MAX`` responses
    (10,000 take about 10 s of CPU) the queue builds it and the results page links it."""
    page = get_survey(request, page_id)
    require_staff(page, request.user)
    if page.get_submissions().count() > settings.SURVEY_EXPORT_INLINE_MAX:
        with transaction.atomic():
            export = SurveyExportFile.request(page, request.user)
        if export.status == ReportFileStatus.READY:
            # Built already for exactly these responses: no need to wait again.
            return export_file_response(page, export)
        messages.info(
            request,
            _(
                "The export is being prepared … It appears below “Export” on this page "
                "when it is ready."
            ),
        )
        return redirect(reverse("surveys:results", args=[page.pk]) + "#export")
    response = HttpResponse(exports.to_xlsx(page), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.slug)}.xlsx"'
    return response


@staff_view
def export_file(request: HttpRequest, page_id: int, file_id: int) -> FileResponse:
    """A file built by the queue, behind the same permission check as the export itself."""
    page = get_survey(request, page_id)
    require_staff(page, request.user)
    export = get_object_or_404(page.export_files, pk=file_id, status=ReportFileStatus.READY)
    return export_file_response(page, export)


def export_file_response(page: SurveyPage, export: SurveyExportFile) -> FileResponse:
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(page.slug)}.xlsx",
        content_type=XLSX_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
