from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from beteiligung import account_sections, privacy
        from cms import privacy as statement_privacy
        from cms.procedures import erase_statements_of_deleted_user

        account_sections.register("cms/account_section.html")
        account_sections.register("cms/agencies/account_section.html")
        privacy.register(
            "statements",
            _("Statements in participation procedures"),
            export=statement_privacy.export,
            erase=statement_privacy.erase,
        )
        from cms import agencies

        privacy.register(
            "agencies",
            _("Public agencies"),
            export=agencies.export_user_data,
            erase=agencies.erase_user_data,
        )
        pre_delete.connect(
            erase_statements_of_deleted_user,
            sender=get_user_model(),
            dispatch_uid="cms_erase_statements_of_deleted_user",
        )
        from cms.search import register as register_search

        register_search()

        from cms import page_cache

        page_cache.connect()
