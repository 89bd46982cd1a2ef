"""The survey form: Wagtail's FormBuilder with our question types, conditions and sections."""

import datetime
from decimal import Decimal

from django import forms
from django.core import validators
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from surveys.models import OTHER, QuestionType

REQUIRED = {"required": _("Please answer this question.")}


def raw_values(data, name: str) -> list[str]:
    """The submitted strings of a field, whether data is a QueryDict or a plain dict."""
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def visible_names(questions, data) -> set[str]:
    """Questions shown for these answers: a condition holds when the earlier question is
    shown itself and one of its answers equals the expected value."""
    visible: set[str] = set()
    for question in questions:
        condition = question.condition_name()
        if not condition or (
            condition in visible and question.condition_value in raw_values(data, condition)
        ):
            visible.add(question.clean_name)
    return visible


class MatrixWidget(forms.MultiWidget):
    template_name = "surveys/widgets/matrix.html"

    def __init__(self, items: list[str], choices: list[tuple[int, str]]) -> None:
        self.items = items
        self.columns = [label for _value, label in choices]
        super().__init__([forms.RadioSelect(choices=choices) for _item in items])

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get(item) for item in self.items]
        return [None] * len(self.items)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["rows"] = list(
            zip(self.items, context["widget"]["subwidgets"], strict=True)
        )
        context["widget"]["columns"] = self.columns
        return context


class MatrixField(forms.MultiValueField):
    def __init__(self, items: list[str], choices: list[tuple[int, str]], **options) -> None:
        self.items = items
        required = options.get("required", True)
        fields = [
            forms.TypedChoiceField(choices=choices, coerce=int, required=required)
            for _item in items
        ]
        options["widget"] = MatrixWidget(items, choices)
        options["error_messages"] = {
            **REQUIRED,
            "incomplete": _("Please rate every line."),
        }
        super().__init__(fields, require_all_fields=False, **options)

    def compress(self, data_list):
        return {
            item: value
            for item, value in zip(self.items, data_list or [], strict=False)
            if value != ""
        }


class RankingWidget(forms.MultiWidget):
    template_name = "surveys/widgets/ranking.html"

    def __init__(self, options: list[str]) -> None:
        self.options = options
        choices = [("", _("– please choose –"))] + [(o, o) for o in options]
        super().__init__([forms.Select(choices=choices) for _option in options])

    def decompress(self, value):
        value = list(value or [])
        return value + [None] * (len(self.options) - len(value))


class RankingField(forms.MultiValueField):
    def __init__(self, options: list[str], **options_) -> None:
        self.options = options
        fields = [
            forms.ChoiceField(choices=[(o, o) for o in options], required=False) for _o in options
        ]
        options_["widget"] = RankingWidget(options)
        options_["error_messages"] = REQUIRED
        super().__init__(fields, require_all_fields=False, **options_)

    def compress(self, data_list):
        ranked = [value for value in data_list or [] if value]
        if not ranked:
            return []
        if len(set(ranked)) != len(ranked):
            raise forms.ValidationError(_("Each option may only be given one place."))
        if len(ranked) != len(self.options):
            raise forms.ValidationError(_("Please give every option a place."))
        return ranked


class SurveyForm(BaseForm):
    """A form over some questions of a survey; answers of other sections count for
    conditions, because the data holds every answer given so far."""

    questions: list = []
    all_questions: list = []
    honeypot = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else {}
        self.visible = visible_names(self.all_questions, data)
        for question in self.questions:
            if question.clean_name not in self.visible:
                # Hidden questions are never required; their answers are dropped in clean().
                for name in self.names_of(question):
                    field = self.fields[name]
                    field.required = False
                    for sub in getattr(field, "fields", []):
                        sub.required = False

    def names_of(self, question) -> list[str]:
        names = [question.clean_name]
        if question.has_other():
            names.append(question.other_name())
        return names

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.clean_name not in self.visible:
                for name in self.names_of(question):
                    cleaned.pop(name, None)
                    self._errors.pop(name, None)
                continue
            if question.has_other():
                value = cleaned.get(question.clean_name)
                chosen = OTHER in value if isinstance(value, list) else value == OTHER
                if chosen and not cleaned.get(question.other_name()):
                    self.add_error(question.other_name(), _("Please say what you mean by other."))
                elif not chosen:
                    cleaned[question.other_name()] = ""
        return cleaned

    def suppress_errors(self) -> None:
        """Show a bound form without errors: used when a citizen returns to a section."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def question_rows(self) -> list[dict]:
        by_name = {q.clean_name: q for q in self.all_questions}
        rows = []
        for question in self.questions:
            depends_on = by_name.get(question.condition_name())
            rows.append(
                {
                    "question": question,
                    "field": self[question.clean_name],
                    "other": self[question.other_name()] if question.has_other() else None,
                    "depends_on": depends_on,
                    "hidden": question.clean_name not in self.visible,
                }
            )
        return rows

    def answers(self) -> dict:
        """cleaned_data as JSON values: numbers as numbers, dates as ISO strings."""
        result = {}
        for question in self.questions:
            for name in self.names_of(question):
                if name not in self.cleaned_data:
                    continue
                value = self.cleaned_data[name]
                if isinstance(value, Decimal):
                    value = int(value) if value == value.to_integral_value() else float(value)
                elif isinstance(value, datetime.date):
                    value = value.isoformat()
                result[name] = value
        return result


class SurveyFormBuilder(FormBuilder):
    def __init__(self, fields, all_questions=None, honeypot: bool = True) -> None:
        super().__init__(fields)
        self.all_questions = list(all_questions if all_questions is not None else fields)
        self.honeypot = honeypot

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = REQUIRED
        options.pop("initial", None)
        return options

    def choices_of(self, field) -> list[tuple[str, str]]:
        choices = [(o, o) for o in field.options()]
        if field.allow_other:
            choices.append((OTHER, str(_("Other (please specify)"))))
        return choices

    def create_singleline_field(self, field, options):
        return forms.CharField(max_length=255, **options)

    def create_multiline_field(self, field, options):
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **options)

    def create_radio_field(self, field, options):
        return forms.ChoiceField(
            choices=self.choices_of(field), widget=forms.RadioSelect, **options
        )

    def create_dropdown_field(self, field, options):
        choices = [("", _("– please choose –"))] + self.choices_of(field)
        return forms.ChoiceField(choices=choices, **options)

    def create_checkboxes_field(self, field, options):
        limits = []
        if field.min_selections:
            limits.append(
                validators.MinLengthValidator(
                    field.min_selections,
                    message=_("Please choose at least %(limit_value)d options."),
                )
            )
        if field.max_selections:
            limits.append(
                validators.MaxLengthValidator(
                    field.max_selections,
                    message=_("Please choose at most %(limit_value)d options."),
                )
            )
        return forms.MultipleChoiceField(
            choices=self.choices_of(field),
            widget=forms.CheckboxSelectMultiple,
            validators=limits,
            **options,
        )

    def create_number_field(self, field, options):
        low, high = field.bounds()
        messages = {**options.pop("error_messages"), "invalid": _("Please enter a number.")}
        if low is not None and high is not None:
            between = _("Please enter a number between %(low)s and %(high)s.") % {
                "low": f"{low.normalize():f}",
                "high": f"{high.normalize():f}",
            }
            messages.update(min_value=between, max_value=between)
        return forms.DecimalField(
            min_value=low,
            max_value=high,
            localize=True,
            error_messages=messages,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **options,
        )

    def create_date_field(self, field, options):
        messages = {**options.pop("error_messages"), "invalid": _("Please enter a valid date.")}
        return forms.DateField(
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages=messages,
            **options,
        )

    def scale_choices(self, field) -> list[tuple[int, str]]:
        values = field.scale_values()
        labels = {values[0]: field.scale_min_label, values[-1]: field.scale_max_label}
        return [(v, f"{v} ({labels[v]})" if labels.get(v) else str(v)) for v in values]

    def create_scale_field(self, field, options):
        return forms.TypedChoiceField(
            choices=self.scale_choices(field), coerce=int, widget=forms.RadioSelect, **options
        )

    def create_matrix_field(self, field, options):
        options.pop("error_messages")
        return MatrixField(field.matrix_items(), self.scale_choices(field), **options)

    def create_ranking_field(self, field, options):
        options.pop("error_messages")
        return RankingField(field.options(), **options)

    @property
    def formfields(self):
        formfields = super().formfields
        for field in self.fields:
            if field.has_other():
                formfields[field.other_name()] = forms.CharField(
                    label=_("Other: please specify (%(question)s)") % {"question": field.label},
                    max_length=255,
                    required=False,
                )
        if self.honeypot:
            formfields["website"] = forms.CharField(
                required=False, label=_("Leave this field empty")
            )
        return formfields

    def get_form_class(self):
        attrs = {
            **self.formfields,
            "questions": list(self.fields),
            "all_questions": self.all_questions,
        }
        return type("SurveyForm", (SurveyForm,), attrs)


QUESTION_TYPES_WITH_OPTIONS = {
    QuestionType.RADIO,
    QuestionType.DROPDOWN,
    QuestionType.CHECKBOXES,
    QuestionType.RANKING,
}
