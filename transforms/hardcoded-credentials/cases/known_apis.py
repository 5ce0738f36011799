"""Literals passed where a known API takes a secret, by position or keyword."""
import hmac

import jwt
import psycopg2
from requests.auth import HTTPBasicAuth

signing_const = "this-is-signing"
SECRET_KEY = "k3y-already-reported"
rebound = "first-value-1"
rebound = "second-value-2"
DB_PW = "pg-pw-2024"
GREETING = "Hello World"


# error
def issue(payload):
    return jwt.encode(payload, "secret", algorithm="HS256")


def verify(token):
    return jwt.decode(token, key="k3y-for-jwt-2024", algorithms=["HS256"])


def sign(message):
    return hmac.new(b"hmac-key-123", message, "sha256").hexdigest()


def auth():
    return HTTPBasicAuth("admin", "adm1n-pass")


def issue_with_constant(payload):
    # Reported at the argument; the fix reads the constant from the environment.
    return jwt.encode(payload, signing_const, algorithm="HS256")


def issue_with_local(payload):
    secret = "secret"
    return jwt.encode(payload, secret, algorithm="HS256")


def connect_db():
    # A secret-like keyword given a name bound once to a literal.
    return psycopg2.connect(host="db", password=DB_PW)


def issue_with_reported_name(payload):
    # `SECRET_KEY = "…"` is reported where it is assigned: once.
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")


# ok
def issue_with(payload, key):
    return jwt.encode(payload, key, algorithm="HS256")


def issue_from_env(payload):
    return jwt.encode(payload, os_key(), algorithm="HS256")


def issue_with_rebound_name(payload):
    # Two values for one name: which one reaches the call is not proven.
    return jwt.encode(payload, rebound, algorithm="HS256")


def issue_with_empty(payload):
    blank = ""
    return jwt.encode(payload, blank, algorithm="HS256")


def greet():
    return psycopg2.connect(host="db", password=GREETING)


def user_only():
    return HTTPBasicAuth("admin", "")


def os_key():
    return "unused"
