from wagtail import hooks


@hooks.register("after_create_page")
def grant_organisation_on_new_page(request, page) -> None:
    """A page that belongs to an organisation becomes editable by that organisation's staff."""
    organisation = getattr(page.specific, "organisation", None)
    if organisation is not None:
        organisation.grant_page(page)
