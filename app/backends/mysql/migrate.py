"""Creates the MySQL database if it is missing and applies the aerich migrations.

python -m app.backends.mysql.migrate [database]
"""

import asyncio
import sys
from pathlib import Path

import pymysql
from aerich import Command

from app.backends.mysql.config import tortoise_config
from app.settings import Settings, get_settings

MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


def server_connection(settings: Settings) -> "pymysql.Connection[pymysql.cursors.Cursor]":
    return pymysql.connect(
        host=settings.mysql_host,
        port=settings.mysql_port,
        user=settings.mysql_user,
        password=settings.mysql_password,
        autocommit=True,
    )


def create_database(settings: Settings, database: str) -> None:
    with server_connection(settings) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"CREATE DATABASE IF NOT EXISTS `{database}`"
            " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )


def migration_command(settings: Settings, database: str) -> Command:
    return Command(tortoise_config(settings, database), app="models", location=str(MIGRATIONS))


async def upgrade(settings: Settings, database: str) -> list[str]:
    create_database(settings, database)
    async with migration_command(settings, database) as command:
        await command.init()
        return await command.upgrade()


def main() -> None:
    settings = get_settings()
    database = sys.argv[1] if len(sys.argv) > 1 else settings.mysql_db
    applied = asyncio.run(upgrade(settings, database))
    print(f"mysql: {database} is migrated ({len(applied)} migration(s) applied now)")


if __name__ == "__main__":
    main()
