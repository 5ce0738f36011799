import os

import psycopg2

# error

DB_PASSWORD = "hunter2-not-real"
API_TOKEN: str = "tok_9f8e7d6c5b4a"
DATABASE_URL = "postgresql://app:s3cr3t-pw@db.internal:5432/app"


class Client:
    def __init__(self):
        self.db_pass = 'letmein-42'
        self.headers = {"Authorization": "Bearer x", "api_key": "ak_live_1234567"}


def connect():
    return psycopg2.connect(host="db", user="app", password="pg-pass-123")


def login(user, password="admin123"):
    if password == "s3cret-admin":
        return True
    return user


# ok

EMPTY_PASSWORD = ""
PASSWORD_FIELD = "password"
PASSWORD_MIN_LENGTH = "8"
TOKEN_TYPE = "bearer"
SECRET_KEY = os.environ["SECRET_KEY"]
DB_PASSWORD_TEMPLATE = "${DB_PASSWORD}"
password_prompt = "Enter your password:"
LOCAL_URL = "sqlite:///app.db"
placeholder = {"password": "<password>"}


def from_config(config):
    return psycopg2.connect(password=config.db_password)
