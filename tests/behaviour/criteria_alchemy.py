"""A legacy SQLAlchemy (< 1.3) data-access layer that filters with string
criteria built from its arguments. SQLAlchemy 1.3 and later refuse such
strings; 1.2 and earlier run them as `text()`, injectable."""
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import sessionmaker

Base = declarative_base()
Session = sessionmaker()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    city = Column(String)


def make_engine(url):
    return create_engine(url)


def by_name(engine, name):
    session = Session(bind=engine)
    users = session.query(User).filter("name = '%s'" % name).order_by(User.id).all()
    return [(u.id, u.name) for u in users]


def in_city_named(engine, city, name):
    session = Session(bind=engine)
    query = session.query(User)
    query = query.filter("city = '{}'".format(city))
    query = query.filter(f"name = '{name}'")
    return [(u.id, u.name) for u in query.all()]


def named_not_in(engine, name, city):
    session = Session(bind=engine)
    users = session.query(User).filter("name = '%s'" % name).filter("city <> '%s'" % city).all()
    return [(u.id, u.name) for u in users]


def above(engine, floor):
    session = Session(bind=engine)
    users = session.query(User).filter("id > " + floor).order_by(User.id).all()
    return [(u.id, u.name) for u in users]
