"""EdgeDB migrations in the official CLI's format (dbschema/migrations/NNNNN-<name>.edgeql).

    python -m app.backends.edgedb.migrations apply [DATABASE]   create DATABASE if missing and
                                                                apply the pending migrations
    python -m app.backends.edgedb.migrations create             write the migration from the
                                                                newest one to dbschema/*.esdl
    python -m app.backends.edgedb.migrations down N [DATABASE]  undo migration N and every later
                                                                one, keeping the rows

All talk to the server of EDGEDB_DSN. `create` and `down` work out schemas in a scratch
database, so the server can name a migration (the hash of its body) or describe the schema
before one without touching real data.
"""

import asyncio
import contextlib
import json
import re
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import edgedb

from app.backends.edgedb.connection import close, create_client
from app.settings import Settings, get_settings

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "dbschema"
MIGRATIONS_DIR = SCHEMA_DIR / "migrations"
MIGRATION_FILE = re.compile(r"(\d{5})(?:-[a-z0-9]+)?\.edgeql")
# The newest migration: the one no other migration names as its parent.
HEAD = "select (select schema::Migration filter not exists .<parents).name limit 1"
MIGRATION_NAME = re.compile(r"CREATE MIGRATION (m1[a-z0-9]+)", re.IGNORECASE)


def migration_files() -> list[Path]:
    files = [
        path for path in MIGRATIONS_DIR.glob("*.edgeql") if MIGRATION_FILE.fullmatch(path.name)
    ]
    return sorted(files, key=lambda path: path.name)


def migration_name(path: Path) -> str:
    found = MIGRATION_NAME.search(path.read_text())
    if found is None:
        raise SystemExit(f"{path}: not a CREATE MIGRATION file")
    return found.group(1)


async def _has_branches(admin: edgedb.AsyncIOClient) -> bool:
    """EdgeDB 5 and Gel call databases branches, and create them with other words."""
    major: int = await admin.query_required_single("select sys::get_version().major")
    return major >= 5


async def create_database(settings: Settings, database: str) -> None:
    # "edgedb" is the default database of EdgeDB 3 and 4; later servers map it to theirs.
    admin = create_client(settings, database="edgedb")
    try:
        exists = await admin.query_single(
            "select exists (select sys::Database filter .name = <str>$name)", name=database
        )
        if not exists:
            create = "create empty branch" if await _has_branches(admin) else "create database"
            await admin.execute(f"{create} `{database}`")
    finally:
        await close(admin)


async def drop_database(settings: Settings, database: str) -> None:
    admin = create_client(settings, database="edgedb")
    try:
        drop = "drop branch" if await _has_branches(admin) else "drop database"
        for attempt in range(40):
            try:
                await admin.execute(f"{drop} `{database}`")
                return
            except edgedb.errors.UnknownDatabaseError:
                return
            except edgedb.errors.ExecutionError as error:
                # The server lets go of its idle connections to a database a moment after
                # the last client leaves it.
                if "being accessed by other users" not in str(error) or attempt == 39:
                    raise
                await asyncio.sleep(0.25)
    finally:
        await close(admin)


async def applied_migrations(client: edgedb.AsyncIOClient) -> set[str]:
    names = await client.query("select schema::Migration.name")
    return set(names)


async def apply(settings: Settings, database: str) -> list[str]:
    await create_database(settings, database)
    client = create_client(settings, database=database)
    applied_now = []
    try:
        done = await applied_migrations(client)
        for path in migration_files():
            if migration_name(path) not in done:
                await client.execute(path.read_text())
                applied_now.append(path.name)
    finally:
        await close(client)
    return applied_now


def schema_text() -> str:
    return "\n".join(path.read_text() for path in sorted(SCHEMA_DIR.glob("*.esdl")))


class _Undo(Exception):
    pass


async def _server_name(client: edgedb.AsyncIOClient, body: str) -> str:
    """The name the server derives from a migration's body (it rolls the migration back)."""
    name = ""
    try:
        async for tx in client.transaction():
            async with tx:
                await tx.execute(f"CREATE MIGRATION {{\n{body}}};")
                name = await tx.query_required_single(HEAD)
                raise _Undo
    except _Undo:
        pass
    return name


@contextlib.asynccontextmanager
async def _scratch(settings: Settings, files: list[Path]) -> AsyncIterator[edgedb.AsyncIOClient]:
    """A client of a scratch database that `files` have migrated, dropped afterwards."""
    scratch = f"meetifyr_migration_{uuid.uuid4().hex[:8]}"
    await create_database(settings, scratch)
    client = create_client(settings, database=scratch)
    try:
        for path in files:
            await client.execute(path.read_text())
        yield client
    finally:
        await close(client)
        await drop_database(settings, scratch)


async def create(settings: Settings) -> Path | None:
    """Writes the next migration file, or returns None when the schema has not changed."""
    async with _scratch(settings, migration_files()) as client:
        parent = await client.query_single(HEAD)
        async for tx in client.transaction():
            async with tx:
                await tx.execute(f"START MIGRATION TO {{ {schema_text()} }};")
                await tx.execute("POPULATE MIGRATION;")
                [described] = json.loads(await tx.query_json("DESCRIBE CURRENT MIGRATION AS JSON;"))
                statements: list[str] = described["confirmed"]
                await tx.execute("ABORT MIGRATION;")
        if not statements:
            return None
        body = "".join(
            "".join(f"  {line}\n" for line in statement.splitlines()) for statement in statements
        )
        name = await _server_name(client, body)
        text = f"CREATE MIGRATION {name}\n    ONTO {parent or 'initial'}\n{{\n{body}}};\n"
        await client.execute(text)  # the server accepts the file exactly as written
        path = MIGRATIONS_DIR / f"{len(migration_files()) + 1:05d}-{name}.edgeql"
        MIGRATIONS_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path


async def _schema_after(settings: Settings, files: list[Path]) -> str:
    """The SDL of the schema that `files` build, worked out in a scratch database."""
    async with _scratch(settings, files) as client:
        sdl: str = await client.query_required_single("describe schema as sdl")
        return sdl


async def down(settings: Settings, database: str, number: int) -> list[str]:
    """Undoes migration `number` and every later one applied to `database`; answers the names
    of the files undone. EdgeDB has no down migrations, so, in one transaction, the database
    migrates to the schema the earlier files build (the server works out the change; rows stay,
    what the undone migrations added goes), then its history is rewritten to exactly those
    files, so that `apply` can take it up again."""
    files = migration_files()
    kept, undone = files[: number - 1], files[number - 1 :]
    target = await _schema_after(settings, kept)
    client = create_client(settings, database=database)
    try:
        applied = await applied_migrations(client)
        undone = [path for path in undone if migration_name(path) in applied]
        if not undone:
            return []
        async for tx in client.transaction():
            async with tx:
                await tx.execute(f"START MIGRATION TO {{ {target} }};")
                await tx.execute("POPULATE MIGRATION;")
                await tx.execute("COMMIT MIGRATION;")
                await tx.execute("START MIGRATION REWRITE;")
                for path in kept:
                    await tx.execute(path.read_text())
                await tx.execute("COMMIT MIGRATION REWRITE;")
    finally:
        await close(client)
    return [path.name for path in undone]


def main() -> None:
    settings = get_settings()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "apply":
        database = sys.argv[2] if len(sys.argv) > 2 else settings.edgedb_database
        applied = asyncio.run(apply(settings, database))
        print(f"edgedb: {database} is migrated ({len(applied)} migration(s) applied now)")
    elif command == "down" and len(sys.argv) > 2 and sys.argv[2].isdigit():
        database = sys.argv[3] if len(sys.argv) > 3 else settings.edgedb_database
        undone = asyncio.run(down(settings, database, int(sys.argv[2])))
        print(f"edgedb: {database}: undid {', '.join(undone) or 'nothing'}")
    elif command == "create":
        path = asyncio.run(create(settings))
        print(f"edgedb: wrote {path}" if path else "edgedb: the schema has not changed")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
