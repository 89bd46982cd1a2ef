from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import COMMENT_MAX_LENGTH, Comment, FlagReason, ModerationAction


class HoneypotMixin(forms.Form):
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


def normalise_newlines(value: str) -> str:
    # Browsers send CRLF; count a line break as one character, as the live counter does.
    return value.replace("\r\n", "\n") if value else value


class CommentTextField(forms.CharField):
    def to_python(self, value) -> str:
        return normalise_newlines(super().to_python(value))


class CommentForm(HoneypotMixin):
    text = CommentTextField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6, "data-max-length": COMMENT_MAX_LENGTH}),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Plain text; web addresses become links. At most %(max)d characters.")
        % {"max": COMMENT_MAX_LENGTH},
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Your comment has %(show_value)d characters; at most %(limit_value)d are "
                "allowed. Please shorten it."
            ),
        },
    )
    official = forms.BooleanField(
        label=_("Post as official answer of the organisation"), required=False
    )
    contact_consent = forms.BooleanField(
        label=_("The staff of this procedure may write to me about it (optional)."),
        required=False,
    )
    field_order = ["text", "official", "contact_consent", "website"]
    max_length = COMMENT_MAX_LENGTH

    def __init__(self, *args, official_allowed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength attribute: the browser would cut pasted text silently; the counter
        # and the server tell the writer instead.
        self.fields["text"].widget.attrs.pop("maxlength", None)
        if not official_allowed:
            del self.fields["official"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write your comment."))
        return text

    def remaining(self) -> int:
        value = normalise_newlines(self["text"].value() or "")
        return COMMENT_MAX_LENGTH - len(value)

    def too_many(self) -> int:
        return max(0, -self.remaining())


class EditForm(CommentForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, official_allowed=False, **kwargs)


class FlagForm(HoneypotMixin):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    explanation = forms.CharField(
        label=_("Explanation (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )


class BulkModerationForm(forms.Form):
    ACTIONS = [
        (ModerationAction.APPROVE, _("Approve")),
        (ModerationAction.HIDE, _("Hide")),
        (ModerationAction.RESTORE, _("Restore")),
    ]
    selected = forms.ModelMultipleChoiceField(
        queryset=Comment.objects.select_related("organisation"),
        error_messages={"required": _("Please select at least one comment.")},
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason (shown to the author when hiding)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == ModerationAction.HIDE and not data.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason for hiding."))
        return data
