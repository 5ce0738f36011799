"""Exercise the legacy app against a fresh sqlite3 database.

Run it before and after `remedy fix` (with `DB_PASSWORD` etc. set if you
applied the unsafe credential fixes): the output must be the same, except
where the weakness was (the apostrophe in "O'Brien's jam" works after the fix,
and the injection payload matches nothing).
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the example folder clean (no __pycache__)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dao  # noqa: E402
import import_products  # noqa: E402
import pg_audit  # noqa: E402,F401  (importable without psycopg2)
import reports  # noqa: E402
import web  # noqa: E402


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
    dao.add_user(conn, "bob", "bob@example.org", "viewer")
    dao.add_user(conn, "carol", "carol@example.com", "viewer")
    dao.restock(conn, 2, 5)
    dao.set_price(conn, 1, 0.55)
    order = dao.place_order(conn, 1, 3, "bob")
    results = {
        "apple": dao.product_by_name(conn, "apple"),
        "by_id": dao.product_by_id(conn, 2),
        "injection": dao.product_by_name(conn, "x' OR '1'='1"),
        "search": dao.search_products(conn, "a", max_price=1, in_stock=True),
        "search_percent": dao.search_products(conn, "100%"),
        "sorted": dao.products_sorted(conn, "price"),
        "admins": dao.users_with_role(conn, "admin"),
        "users": dao.list_users(conn, role="viewer", email_domain="example.com"),
        "users_newest": dao.list_users(conn, newest_first=True, limit=2),
        "order": order,
        "orders": dao.orders_for(conn, "bob"),
        "product_count": dao.count_rows(conn, "products"),
        "web_product": web.product(conn, web.Request(args={"id": "1"})),
        "web_sorted": web.products(conn, web.Request(args={"sort": "stock"})),
        "web_login": web.login(web.Request(form={"user": "alice", "password": "wrong"})),
    }
    conn.close()
    out = os.path.join(folder, "products.csv")
    results["exported"] = reports.export_products(db_path, out)
    results["export"] = reports.read_export(out)
    results["low_stock"] = reports.low_stock(db_path, 5)
    more = os.path.join(folder, "more.csv")
    with open(more, "w") as f:
        f.write("name,price,stock\nplum,0.4,12\nfig,1.1,3\n")
    results["imported"] = import_products.import_rows(db_path, more)
    summary = os.path.join(folder, "summary.json")
    reports.write_summary(summary, {"products": results["exported"] + results["imported"]})
    results["summary"] = reports.load_thresholds(summary)
    print(json.dumps(results, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
