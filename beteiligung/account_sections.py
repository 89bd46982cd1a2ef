"""Feature apps add their part of the citizen account page (/konto/) here.

An app calls ``register`` in its ``AppConfig.ready`` with a template that is included on
the account page; the template gets ``request`` and ``user`` in its context.
"""

SECTIONS: list[str] = []


def register(template_name: str) -> None:
    if template_name not in SECTIONS:
        SECTIONS.append(template_name)
