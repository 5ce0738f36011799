from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)
Registry = scoped_session(sessionmaker(bind=engine))
db = SQLAlchemy()


class User(db.Model):
    pass


class Admin(User):
    pass


# error


def by_name(name):
    session = SessionLocal()
    return session.query(User).filter("name = '%s'" % name).all()


def by_city_and_age(city, age):
    session = SessionLocal()
    query = session.query(User)
    query = query.filter("city = '{}'".format(city))
    query = query.filter(f"age > {age}")
    return query.all()


def same_value_twice(name):
    # Each criterion gets its own bind name: no two may share one.
    return Registry.query(User).filter("name = '%s'" % name).filter("nick = '%s'" % name).all()


def flask_model(name):
    return User.query.filter("name = '" + name + "'").first()


def flask_subclass(name, limit):
    return Admin.query.having("count(*) > %d and name = '%s'" % (limit, name)).all()


def flask_session(name):
    return db.session.query(User).filter(f"name = '{name}'").all()


def sorted_by(column):
    # A column name: reported, never bound.
    session = SessionLocal()
    return session.query(User).order_by("%s desc" % column).all()


def grouped(column):
    return Registry.query(User).group_by(column + ", id").all()


def in_a_loop(filters):
    # Each pass would bind the same name: reported, not rewritten.
    session = SessionLocal()
    query = session.query(User)
    for name, value in filters.items():
        if hasattr(User, name):
            query = query.filter("%s = '%s'" % (name, value))
    return query.all()


def column_in_criterion(column, value):
    session = SessionLocal()
    return session.query(User).filter("%s = '%s'" % (column, value)).all()


# ok


def column_criteria(name):
    session = SessionLocal()
    return session.query(User).filter(User.name == name).order_by(User.id).all()


def constant_criterion():
    session = SessionLocal()
    return session.query(User).filter("active = %d" % 1).all()


def not_a_query(things, name):
    # Nothing says `things` is a SQLAlchemy query.
    return things.filter("name = '%s'" % name)


def unknown_session(session, name):
    # A parameter that nothing traces to a SQLAlchemy session.
    return session.query(User).filter("name = '%s'" % name).all()


def bound_already(name):
    session = SessionLocal()
    return session.query(User).filter(User.name.like(name + "%")).all()


def rebound_from_nothing(name, limit):
    # Nothing binds `query` before: its own re-binding proves nothing.
    query = query.filter("name = '{}'".format(name)).limit(limit)
    return query
