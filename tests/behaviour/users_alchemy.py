"""A legacy SQLAlchemy 1.x data-access layer: raw SQL strings built by hand."""
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker


def make_engine(url):
    return create_engine(url)


def by_name(engine, name):
    with engine.connect() as connection:
        return connection.execute("SELECT id, name FROM users WHERE name = '" + name + "'").fetchall()


def by_city(engine, city):
    return engine.execute("SELECT id FROM users WHERE city = '%s' ORDER BY id" % city).fetchall()


def search(engine, term):
    with engine.connect() as connection:
        return connection.execute(f"SELECT id FROM users WHERE name LIKE '%{term}%' ORDER BY id").fetchall()


def rename(engine, user_id, name):
    Session = sessionmaker(bind=engine)
    session = Session()
    session.execute("UPDATE users SET name = '{}' WHERE id = {}".format(name, user_id))
    session.commit()
    session.close()
    with engine.connect() as connection:
        return connection.execute("SELECT id, name FROM users ORDER BY id").fetchall()
