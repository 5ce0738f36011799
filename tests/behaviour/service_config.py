"""Legacy service configuration with credentials in the source."""
import hashlib

DB_PASSWORD = "hunter2-not-real"
API_TOKEN = "tok_9f8e7d6c5b4a-not-real"
DATABASE_URL = "postgresql://app:s3cr3t-pw-not-real@db.internal:5432/app"
PG_PW = "pw-through-name-not-real"


def connection_settings(user="app"):
    return {"user": user, "password": DB_PASSWORD, "url": DATABASE_URL}


def sign(payload):
    return hashlib.sha256((API_TOKEN + payload).encode()).hexdigest()


def login(user, password):
    return hashlib.sha256((user + password).encode()).hexdigest()[:8]


if __name__ == "__main__":
    import json

    print(json.dumps({"settings": connection_settings(), "signature": sign("hello"), "login": login("app", password=PG_PW)}, sort_keys=True))
