from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import Service, Slot


class BookingForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        help_text=_("Only used if we must reach you at short notice."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I need a sign language interpreter."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class StaffBookingForm(forms.Form):
    """A clerk books for someone on the phone: no proof of work, confirmed at once."""

    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    slot = forms.ModelChoiceField(label=_("Time"), queryset=Slot.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Without an e-mail address no confirmation or reminder is sent."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    note = forms.CharField(
        label=_("Note (optional)"), max_length=1000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, office, slots, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = office.services.filter(active=True)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot.local_start():%d.%m.%Y %H:%M} ({slot.free})"
        )
