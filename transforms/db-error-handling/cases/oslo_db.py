"""An oslo.db module: sessions raise `oslo_db.exception.DBError`, not SQLAlchemy's errors."""
from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
import sqlalchemy as sa

LOG = logging.getLogger(__name__)

context_manager = enginefacade.transaction_context()


def pick_context_manager_writer(f):
    def wrapper(context, *args, **kwargs):
        with context_manager.writer.using(context):
            return f(context, *args, **kwargs)
    return wrapper


# error


def purge_deleted(session):
    session.execute(sa.text("DELETE FROM instances WHERE deleted != 0"))
    session.flush()


# ok


@context_manager.writer
def instance_destroy(context, uuid):
    context.session.execute(sa.text("DELETE FROM instances WHERE uuid = :uuid"), {"uuid": uuid})


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
@pick_context_manager_writer
def instance_update(context, uuid, values):
    context.session.execute(sa.text("UPDATE instances SET host = :host"), values)


def instance_get(context, uuid):
    with context_manager.reader.using(context) as session:
        return session.execute(sa.text("SELECT * FROM instances")).fetchall()


def instance_create(context, values):
    try:
        context.session.execute(sa.text("INSERT INTO instances VALUES (:v)"), values)
    except db_exc.DBDuplicateEntry:
        raise ValueError("exists")
# scope: unhandled
