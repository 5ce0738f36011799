import psycopg2
import sqlalchemy

# error
DB_PASSWORD = "hunter2hunter2"
api_key: str = 'AKIA2E0A8F3B244C9986'
SECRET_KEY = "django-insecure-0123456789abcdef"
dbToken = "ghp_abcdefghijklmnop"


class Client:
    def __init__(self):
        self.db_pass = "p4ssw0rd!"
        self.settings = {}
        self.settings["private_key"] = "-----BEGIN-KEY-----"


def connect(host, password="admin123"):
    return psycopg2.connect(host=host, user="app", password="s3cr3t-value")


CONFIG = {
    "user": "app",
    "password": "dict-secret-1",
}

DATABASE_URL = "postgresql://app:pgpass123@db.internal:5432/app"
engine = sqlalchemy.create_engine('mysql+pymysql://root:rootpw99@localhost/shop')
BROKER_URL = """redis://:redispw1@cache:6379/0?opts={x}"""
# Formatted with `%`: the percent-encoded password would be read as
# conversions (`%40`), so no fix.
MIRROR_URL = "https://mirror:m1rr0r-pw@%s/simple" % "pypi.internal"
# A lookup's fallback is evaluated on every call: reading the environment
# there would fail every deployment that sets the option (lemur), so no fix.
SETTINGS_URL = settings.get("SQLALCHEMY_DATABASE_URI", "postgresql://lemur:l3mur-pw@localhost:5432/lemur")


def login(password):
    if password == "letmein-now":
        return True
    return False



class FlaskConfig:
    SECRET_KEY = b'_5#y2L"F4Q8z\n\xec]/'
