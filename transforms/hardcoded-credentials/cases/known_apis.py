"""Literals passed where a known API takes a secret, by position or keyword."""
import hmac

import jwt
from requests.auth import HTTPBasicAuth


# error
def issue(payload):
    return jwt.encode(payload, "secret", algorithm="HS256")


def verify(token):
    return jwt.decode(token, key="k3y-for-jwt-2024", algorithms=["HS256"])


def sign(message):
    return hmac.new(b"hmac-key-123", message, "sha256").hexdigest()


def auth():
    return HTTPBasicAuth("admin", "adm1n-pass")


# ok
def issue_with(payload, key):
    return jwt.encode(payload, key, algorithm="HS256")


def issue_from_env(payload):
    return jwt.encode(payload, os_key(), algorithm="HS256")


def user_only():
    return HTTPBasicAuth("admin", "")


def os_key():
    return "unused"
