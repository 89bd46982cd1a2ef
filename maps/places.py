"""Named places we hold ourselves, for naming a report's spot without a third-party geocoder:
the centres of Wiesbaden's districts (Ortsbezirke), where the demo and the first users are.
A report more than ``MAX_DISTANCE_M`` from every centre stays unnamed (its coordinates show)."""

MAX_DISTANCE_M = 2500

# (name, latitude, longitude): approximate centres, good enough for "near …".
DISTRICTS = [
    ("Wiesbaden-Mitte", 50.0826, 8.2400),
    ("Wiesbaden-Nordost", 50.0960, 8.2550),
    ("Wiesbaden-Südost", 50.0700, 8.2600),
    ("Rheingauviertel/Hollerborn", 50.0760, 8.2250),
    ("Westend/Bleichstraße", 50.0800, 8.2300),
    ("Klarenthal", 50.0880, 8.1950),
    ("Biebrich", 50.0420, 8.2350),
    ("Schierstein", 50.0420, 8.1950),
    ("Dotzheim", 50.0780, 8.1900),
    ("Frauenstein", 50.0600, 8.1550),
    ("Sonnenberg", 50.1050, 8.2700),
    ("Rambach", 50.1160, 8.2850),
    ("Bierstadt", 50.0880, 8.2900),
    ("Erbenheim", 50.0560, 8.2950),
    ("Igstadt", 50.0790, 8.3200),
    ("Kloppenheim", 50.0700, 8.3300),
    ("Heßloch", 50.0890, 8.3250),
    ("Nordenstadt", 50.0590, 8.3400),
    ("Delkenheim", 50.0450, 8.3750),
    ("Naurod", 50.1300, 8.2900),
    ("Auringen", 50.1150, 8.3200),
    ("Medenbach", 50.1150, 8.3500),
    ("Breckenheim", 50.0800, 8.3650),
    ("Mainz-Kastel", 50.0080, 8.2800),
    ("Mainz-Kostheim", 49.9990, 8.3050),
    ("Mainz-Amöneburg", 50.0250, 8.2600),
]
