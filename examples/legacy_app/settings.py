"""Settings for the inventory service (legacy)."""
import os

DEBUG = True
INSTALLED_APPS = ["inventory"]

DB_PATH = os.environ.get("INVENTORY_DB", "inventory.db")
DB_PASSWORD = "hunter2-not-real"
REPORTING_DSN = "postgresql://report:r3p0rt-pw-not-real@reports.internal:5432/reports"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SORTABLE_COLUMNS = ("name", "price", "stock")
