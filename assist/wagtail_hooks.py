from wagtail import hooks

from assist.panels import suggestion_panel


@hooks.register("weighing_statement_panels")
def assist_suggestions(request, statement, segment=None) -> str:
    return suggestion_panel(request, statement, segment)
