from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BeteiligungConfig(AppConfig):
    name = "beteiligung"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from django import forms
        from django.urls import register_converter

        from beteiligung.converters import IdConverter, TokenConverter
        from beteiligung.signals import sync_schedules
        from beteiligung.validators import validate_no_control_characters

        # Every text field of every form (ours, allauth's, the survey form builder's and
        # the admin's) refuses control characters with one German message: they are never
        # typed, and PostgreSQL cannot store a NUL byte. Fields with their own default
        # validators (EmailField, URLField, …) refuse them through those already.
        if validate_no_control_characters not in forms.CharField.default_validators:
            forms.CharField.default_validators = [
                *forms.CharField.default_validators,
                validate_no_control_characters,
            ]

        # Before any URLconf is imported: the apps' URLs use <id:…> and <token:…>.
        register_converter(IdConverter, "id")
        register_converter(TokenConverter, "token")

        post_migrate.connect(sync_schedules, sender=self)

        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.signals import social_account_added

        from beteiligung import identity, privacy

        user_logged_in.connect(identity.on_user_logged_in, dispatch_uid="identity_login")
        social_account_added.connect(
            identity.on_social_account_added, dispatch_uid="identity_linked"
        )
        privacy.register(
            "identity",
            _("Sign-in with identity services"),
            export=identity.export_identities,
            erase=identity.erase_identities,
        )
