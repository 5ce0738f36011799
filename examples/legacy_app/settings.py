"""Settings for the inventory service (legacy).

Some values come from the environment (good); others were pasted in years ago.
All secrets below are fake.
"""
import os

DEBUG = True
INSTALLED_APPS = ["inventory"]

DB_PATH = os.environ.get("INVENTORY_DB", "inventory.db")
DB_PASSWORD = "hunter2-not-real"
REPORTING_DSN = "postgresql://report:r3p0rt-pw-not-real@reports.internal:5432/reports"
WAREHOUSE_URL = "postgresql+psycopg2://wh_admin:wh-pw-not-real@warehouse.internal/warehouse"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
SMTP_PASSWORD = "mail-pw-not-real"
PAYMENT_API_TOKEN = "tok_live_0000-not-real"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "inventory",
        "USER": "inventory",
        "PASSWORD": "pg-pw-not-real",
        "HOST": os.environ.get("PGHOST", "db.internal"),
    }
}

SORTABLE_COLUMNS = ("name", "price", "stock")
EXPORT_DIR = os.environ.get("EXPORT_DIR", "/srv/exports")
