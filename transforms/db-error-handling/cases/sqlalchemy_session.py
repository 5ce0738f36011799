import logging

from sqlalchemy.orm import Session

_LOGGER = logging.getLogger(__name__)

# error


def save(session, user):
    session.add(user)
    session.flush()
    session.commit()
# scope: unhandled
