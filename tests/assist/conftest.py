from tests.cms.conftest import _fresh_rate_limit, _media, procedure  # noqa: F401

# Two concerns in the senders' own words (wind turbines too close, lorries through the
# village) and one unrelated request.
OWN_WORDS = [
    "Die Windräder stehen zu dicht an den Häusern, Lärm und Schattenwurf machen krank.",
    "Der Abstand der Windräder zu den Häusern ist zu gering, Schattenwurf und Lärm.",
    "Windräder so nah an Häusern: Lärm in der Nacht und Schattenwurf am Nachmittag.",
    "Die Ortsdurchfahrt braucht eine Umgehungsstraße für den Lkw-Verkehr.",
    "Der Lkw-Verkehr in der Ortsdurchfahrt ist unerträglich, wir brauchen eine Umgehung.",
    "Bitte die Planunterlagen in Papierform zusenden.",
]
