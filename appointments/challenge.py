"""A proof-of-work challenge in the ALTCHA format, served and checked by us alone.

The server picks a secret number, publishes SHA-256(salt + number) and an HMAC signature;
the browser (static/appointments/altcha.js) tries numbers until the hash matches, which
costs a script a little CPU per attempt and a person nothing: no puzzle, nothing to see.
A solved challenge is accepted once and only until it expires.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.core.cache import cache

ALGORITHM = "SHA-256"


def max_number() -> int:
    # Around 0.1–0.5 s in a browser on average; tests shrink it.
    return settings.APPOINTMENTS_POW_MAX_NUMBER


def _sign(text: str) -> str:
    key = (settings.SECRET_KEY + ":appointments-pow").encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def create_challenge(lifetime: int = 1800) -> dict:
    expires = int(time.time()) + lifetime
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    number = secrets.randbelow(max_number() + 1)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": max_number(),
        "salt": salt,
        "signature": _sign(challenge),
    }


def solve(challenge: dict) -> str:
    """What the browser does; used by tests and the benchmark."""
    for number in range(challenge["maxnumber"] + 1):
        digest = hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest()
        if digest == challenge["challenge"]:
            payload = {**challenge, "number": number}
            payload.pop("maxnumber")
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("unsolvable challenge")


def verify(payload: str) -> bool:
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
        salt, number = str(data["salt"]), int(data["number"])
        challenge, signature = str(data["challenge"]), str(data["signature"])
    except (ValueError, KeyError, TypeError):
        return False
    if data.get("algorithm") != ALGORITHM:
        return False
    expires = salt.partition("?expires=")[2]
    if not expires.isdigit() or int(expires) < time.time():
        return False
    if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() != challenge:
        return False
    if not hmac.compare_digest(_sign(challenge), signature):
        return False
    # Single use: a solved challenge cannot be replayed for a second reservation.
    return cache.add(f"appointments:pow:{challenge}", 1, timeout=1900)
