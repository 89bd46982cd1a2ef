"""Path converters shared by every app's URLs."""


class IdConverter:
    """A database id: like Django's ``int``, but at most 18 digits.

    ``<int:…>`` matches any number of digits, and an id beyond the database's integer
    range makes the query fail (OverflowError on SQLite, an out-of-range error on
    PostgreSQL): a 500 instead of a 404. 18 digits stay below 2**63 on every database.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class TokenConverter:
    """A secret from an e-mailed link: URL-safe base64 and signed values (``:`` and ``.``).

    Anything else (a NUL byte, quotes, spaces) is no token of ours; refusing it here with a
    404 keeps it away from the database, where PostgreSQL would reject a NUL byte with an
    error instead of "not found".
    """

    regex = "[-A-Za-z0-9_:.]{1,300}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
