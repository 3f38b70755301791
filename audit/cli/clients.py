"""`audit clients ...`: list, rename, change, merge, export, import or erase clients."""

from __future__ import annotations

import sys
from pathlib import Path

from audit.cli.common import (
    EXIT_OK,
    YES_HELP,
    Commands,
    Context,
    Problem,
    UsageError,
    audits,
    client_named,
    confirm,
    print_erasure,
    print_json,
)


def add_commands(commands: Commands) -> None:
    group = commands.group("clients", "list, change, merge, export, import or erase clients")
    group.add_bare("list", cmd_clients_list, "every client").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    rename = group.add("rename", cmd_clients_rename, "give a client another name")
    rename.add_argument("old", metavar="OLD", help="the client's name now")
    rename.add_argument("new", metavar="NEW", help="the name it should have")
    set_ = group.add("set", cmd_clients_set, "change a client's contact or sector")
    set_.add_argument("name", metavar="NAME", help="the client's name")
    set_.add_argument("--contact", metavar="TEXT", help="the new contact")
    set_.add_argument("--sector", metavar="TEXT", help="the new sector")
    merge = group.add(
        "merge", cmd_clients_merge, "move every audit of a duplicate client, then erase it"
    )
    merge.add_argument("duplicate", metavar="DUPLICATE", help="the client to merge and erase")
    merge.add_argument("into", metavar="INTO", help="the client that keeps the audits")
    merge.add_argument("--yes", action="store_true", help=YES_HELP)
    export = group.add(
        "export",
        cmd_clients_export,
        "write everything about one client (private notes included) as one JSON file",
    )
    export.add_argument("name", metavar="NAME", help="the client's name")
    export.add_argument(
        "-o",
        "--output",
        "--out",
        required=True,
        metavar="FILE",
        help="file to write (- for stdout)",
    )
    import_ = group.add("import", cmd_clients_import, "add a client from a `clients export` file")
    import_.add_argument("file", metavar="FILE", help="the export file")
    delete = group.add(
        "delete", cmd_clients_delete, "erase a client and every audit of theirs, every copy"
    )
    delete.add_argument("name", metavar="NAME", help="the client's name")
    delete.add_argument("--yes", action="store_true", help=YES_HELP)


def cmd_clients_list(ctx: Context) -> int:
    from audit.console import client_table

    clients = ctx.existing_store.clients()
    if ctx.args.json:
        rows = [
            {"id": c.id, "name": c.name, "sector": c.sector, "contact": c.contact} for c in clients
        ]
        print_json(rows)
    else:
        print(client_table(clients))
    return EXIT_OK


def cmd_clients_rename(ctx: Context) -> int:
    store = ctx.existing_store
    client = store.rename_client(client_named(store, ctx.args.old).id, ctx.args.new)
    print(f"renamed {ctx.args.old.strip()!r} to {client.name!r}")
    return EXIT_OK


def cmd_clients_set(ctx: Context) -> int:
    if ctx.args.contact is None and ctx.args.sector is None:
        raise UsageError("audit clients set: give --contact, --sector or both")
    store = ctx.existing_store
    client = client_named(store, ctx.args.name)
    client = store.update_client(client.id, sector=ctx.args.sector, contact=ctx.args.contact)
    print(f"{client.name!r}: sector {client.sector!r}, contact {client.contact!r}")
    return EXIT_OK


def cmd_clients_merge(ctx: Context) -> int:
    store = ctx.existing_store
    duplicate = client_named(store, ctx.args.duplicate)
    into = client_named(store, ctx.args.into)
    if duplicate.id == into.id:
        raise Problem(f"{ctx.args.duplicate!r} and {ctx.args.into!r} name the same client")
    count = len(store.audit_ids(duplicate.id))
    confirm(
        ctx,
        "clients merge",
        f"Move the {audits(count)} of {duplicate.name!r} to {into.name!r}, then erase "
        f"{duplicate.name!r} (its sector and contact too)?",
    )
    moved, erasure = store.merge_clients(duplicate.id, into.id)
    print(f"Moved {audits(moved)} of {duplicate.name!r} to {into.name!r}.")
    print_erasure(store, erasure)
    return EXIT_OK


def cmd_clients_delete(ctx: Context) -> int:
    store = ctx.existing_store
    client = client_named(store, ctx.args.name)
    count = len(store.audit_ids(client.id))
    confirm(
        ctx,
        "clients delete",
        f"Erase client {client.name!r} and their {audits(count)}, every answer, note and "
        "backup copy? This cannot be undone.",
    )
    print_erasure(store, store.delete_client(client.id))
    return EXIT_OK


def cmd_clients_export(ctx: Context) -> int:
    store = ctx.existing_store
    client = client_named(store, ctx.args.name)
    text, private = store.export_client(client.id)
    if ctx.args.output == "-":
        sys.stdout.write(text)
    else:
        from audit.storage.files import write_atomically

        # Kept private to the user (0600), like the store: it holds every note.
        write_atomically(Path(ctx.args.output), text)
    private_ones = (
        f", {private} private note{'s' * (private != 1)} included"
        if private
        else " (none of them private)"
    )
    where = "the export" if ctx.args.output == "-" else ctx.args.output
    print(
        f"audit: warning: {where} holds everything about {client.name!r}: every "
        f"answer and note{private_ones}; share it only with whom may read them",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_clients_import(ctx: Context) -> int:
    from audit.storage.transfer import read_export

    export = read_export(Path(ctx.args.file))
    client, renamed = ctx.store.import_client(export)
    print(f"Imported client {client.name!r} with {audits(len(export.audits))}.")
    for old, new in sorted(renamed.items()):
        print(f"  audit {old} is {new} here: this store already has an audit {old}")
    return EXIT_OK
