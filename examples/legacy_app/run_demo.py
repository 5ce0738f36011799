"""Exercise the legacy app against a fresh sqlite3 database.

Run it before and after `remedy fix` (with `DB_PASSWORD` etc. set if you
applied the unsafe credential fixes): the output must be the same.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dao  # noqa: E402
import reports  # noqa: E402


def main():
    folder = tempfile.mkdtemp()
    db_path = os.path.join(folder, "inventory.db")
    conn = dao.connect(db_path)
    dao.create_schema(conn)
    for name, price, stock in [("apple", 0.5, 10), ("pear", 0.75, 0), ("O'Brien's jam", 3.2, 4), ("100% juice", 2.0, 7)]:
        try:
            dao.add_product(conn, name, price, stock)
        except Exception as error:  # the legacy code cannot store an apostrophe
            print("add_product failed:", type(error).__name__)
    dao.add_user(conn, "alice", "alice@example.com", "admin")
    dao.restock(conn, 2, 5)
    results = {
        "apple": dao.product_by_name(conn, "apple"),
        "injection": dao.product_by_name(conn, "x' OR '1'='1"),
        "search": dao.search_products(conn, "a", max_price=1, in_stock=True),
        "sorted": dao.products_sorted(conn, "price"),
        "admins": dao.users_with_role(conn, "admin"),
    }
    conn.close()
    out = os.path.join(folder, "products.csv")
    results["exported"] = reports.export_products(db_path, out)
    results["export"] = reports.read_export(out)
    print(json.dumps(results, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
