"""Schema chores the migration tests run in a process of their own (Tortoise keeps global state).

python -m tests.mysql_schema_tool models DB      create DB's tables straight from the models
python -m tests.mysql_schema_tool pending DB     print the migration aerich would write (or nothing)
python -m tests.mysql_schema_tool downgrade DB N undo migration N and every later one, newest first
"""

import asyncio
import shutil
import sys
import tempfile

from aerich.migrate import Migrate
from tortoise import Tortoise

from app.backends.mysql.config import tortoise_config
from app.backends.mysql.migrate import MIGRATIONS, create_database, migration_command
from app.settings import get_settings


async def models(database: str) -> None:
    settings = get_settings()
    create_database(settings, database)
    await Tortoise.init(config=tortoise_config(settings, database))
    try:
        await Tortoise.generate_schemas(safe=False)
    finally:
        await Tortoise.close_connections()


async def pending(database: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(MIGRATIONS, scratch, dirs_exist_ok=True)
        command = migration_command(get_settings(), database)
        command.location = scratch
        async with command:
            await command.init()
            print(await command.migrate("pending", no_input=True), end="")


async def downgrade(database: str, number: str) -> None:
    async with migration_command(get_settings(), database) as command:
        await command.init()
        # aerich undoes "N and later" oldest first; a later migration may need an earlier one.
        while (applied := await Migrate.get_last_version()) is not None and int(
            applied.version.split("_")[0]
        ) >= int(number):
            print(await command.downgrade(version=-1, delete=False))


if __name__ == "__main__":
    action, database = sys.argv[1], sys.argv[2]
    if action == "downgrade":
        asyncio.run(downgrade(database, sys.argv[3]))
    else:
        asyncio.run({"models": models, "pending": pending}[action](database))
