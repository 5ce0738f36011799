"""Stock sync with the warehouse database through SQLAlchemy Core `text()`."""
import os

try:
    from sqlalchemy import create_engine, text
except ImportError:  # the demo runs without SQLAlchemy
    create_engine = text = None

import settings

engine = None


def get_engine():
    global engine
    if engine is None:
        engine = create_engine("postgresql://wh_sync:sync-pw-not-real@warehouse.internal/warehouse")
    return engine


def stock_levels(region, sku_prefix=""):
    conn = get_engine().connect()
    result = conn.execute(
        text("SELECT sku, qty FROM stock WHERE region = '%s' AND sku LIKE '%s%%'" % (region, sku_prefix))
    )
    rows = result.fetchall()
    conn.close()
    return rows


def move_stock(sku, from_region, to_region, qty):
    with get_engine().begin() as conn:
        conn.execute(text(f"UPDATE stock SET qty = qty - {qty} WHERE sku = '{sku}' AND region = '{from_region}'"))
        conn.execute(text(f"UPDATE stock SET qty = qty + {qty} WHERE sku = '{sku}' AND region = '{to_region}'"))


def regions():
    """SQL and resources already fine: a bound parameter, a `with` block, the URL from the environment."""
    url = os.environ.get("WAREHOUSE_URL", settings.WAREHOUSE_URL)
    with create_engine(url).connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT DISTINCT region FROM stock WHERE qty > :min"), {"min": 0})]
