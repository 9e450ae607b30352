"""Tortoise configuration, for the app and for the aerich command line."""

from typing import Any

from pymysql.constants import CLIENT

from app.settings import Settings, get_settings

MODELS = ["app.backends.mysql.models", "aerich.models"]


def tortoise_config(settings: Settings, database: str | None = None) -> dict[str, Any]:
    return {
        "connections": {
            "default": {
                "engine": "tortoise.backends.mysql",
                "credentials": {
                    "host": settings.mysql_host,
                    "port": settings.mysql_port,
                    "user": settings.mysql_user,
                    "password": settings.mysql_password,
                    "database": database or settings.mysql_db,
                    "minsize": 1,
                    "maxsize": settings.mysql_pool_size,
                    "charset": "utf8mb4",
                    # A server that does not answer the connection is an outage within this.
                    "connect_timeout": settings.database_deadline_seconds,
                    # UPDATE reports the rows it matched, so a no-op change is not "not found".
                    "client_flag": CLIENT.FOUND_ROWS,
                    # Writers lock the meeting row first; without gap locks they cannot
                    # deadlock across meetings. A meeting's state is read as one JSON
                    # document, which may be longer than GROUP_CONCAT's default 1 MB.
                    "init_command": "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;"
                    " SET SESSION group_concat_max_len = 268435456",
                },
            }
        },
        "apps": {"models": {"models": MODELS, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


TORTOISE_ORM = tortoise_config(get_settings())
