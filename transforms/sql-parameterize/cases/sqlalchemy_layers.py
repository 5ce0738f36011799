from sqlalchemy import Column, Integer, String, create_engine, func, or_, select, text
from sqlalchemy.orm import Session, declarative_base, sessionmaker

Base = declarative_base()
engine = create_engine("postgresql://app@db/app")
SessionLocal = sessionmaker(bind=engine)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    email = Column(String)


# error


def raw_on_session(name):
    session = SessionLocal()
    try:
        return session.execute("SELECT id FROM users WHERE name = '" + name + "'").all()
    finally:
        session.close()


def text_concatenated(session, email):
    return session.execute(text("SELECT id FROM users WHERE email = '%s'" % email)).all()


def time_literal(session, name):
    # A `:` that is not a parameter would read as one inside text(): reported, not rewritten.
    return session.execute("SELECT id FROM log WHERE at > '10:30' AND who = '" + name + "'").all()


# ok


def orm_queries(session: Session, term, email, limit):
    users = session.query(User).filter(User.name.like("%" + term + "%")).all()
    exact = session.query(User).filter_by(email=email).first()
    either = session.execute(
        select(User).where(or_(User.name == term, User.email.ilike(term + "%"))).limit(limit)
    ).scalars()
    count = session.query(func.count(User.id)).filter(User.name.contains(term)).scalar()
    return users, exact, list(either), count


def bound_text(session, name):
    return session.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name}).all()


def bindparams(session, name):
    return session.execute(text("SELECT id FROM users WHERE name = :name").bindparams(name=name)).all()
