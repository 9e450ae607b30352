"""The MySQL connection the stores share (Tortoise's "default"), and what its driver errors
mean: a deadlock to run again, or a server that cannot answer now."""

import pymysql
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import DBConnectionError, OperationalError

DEADLOCK_ERRORS = {1205, 1213}  # lock wait timeout, deadlock: the transaction is retried


def connection() -> BaseDBAsyncClient:
    db: BaseDBAsyncClient = connections.get("default")
    return db


def mysql_code(error: BaseException) -> int | None:
    """The client or server error code behind a driver error, or the one Tortoise wraps."""
    cause = error.args[0] if isinstance(error, OperationalError) and error.args else error
    if isinstance(cause, pymysql.MySQLError) and cause.args and isinstance(cause.args[0], int):
        return cause.args[0]
    return None


def is_deadlock(error: OperationalError) -> bool:
    return mysql_code(error) in DEADLOCK_ERRORS


# Client and server codes for a server that is not there: cannot connect, gone away, lost
# during a query, shutting down, connection killed.
OUTAGE_ERRORS = {2003, 2006, 2013, 2055, 1053, 1927}


def is_outage(error: BaseException) -> bool:
    if isinstance(error, DBConnectionError | ConnectionError | pymysql.err.InterfaceError):
        return True
    return mysql_code(error) in OUTAGE_ERRORS
