"""The `quiz workshop` command: which action runs (room, host, join, report, list, simulate), its
options turned into workshops (quiz.workshop) and apps (quiz.ui.workshop), its output and errors.

Every bad option or setting is one line, "PROG: error: ...", and exit code 2. The apps hold no
command line: each action checks its options here before a screen or a server starts, and says
where the workshop's report is once the app has closed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quiz.commands.common import PACK_PROBLEMS_EXIT, load_pack_or_explain, usage_error
from quiz.content.pack_files import load_pack, resolve_pack
from quiz.content.problems import PackError
from quiz.core.packs import LoadedPack
from quiz.core.text import visible
from quiz.core.workshop_records import Audience, Pace
from quiz.storage.database import StoreError
from quiz.storage.store import Store
from quiz.workshop.addresses import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    HostingError,
    bind_warning,
    check_port,
    join_url,
)
from quiz.workshop.follow import PUSH_ENVIRONMENT
from quiz.workshop.model import Workshop
from quiz.workshop.plan import (
    DEFAULT_MAX_PARTICIPANTS,
    MAX_PARTICIPANTS_LIMIT,
    UnknownWorkshop,
    WorkshopError,
    clean_display_name,
    format_code,
)
from quiz.workshop.queries import find_workshop_id, list_workshops, load_workshop_pack, read_record
from quiz.workshop.simulator import simulate_workshop

PROG = "quiz workshop"
ROOM_PROG = "quiz workshop room"
HOST_PROG = "quiz workshop host"
JOIN_PROG = "quiz workshop join"


def run(args: argparse.Namespace) -> int:
    """`quiz workshop room|host|join|report|list|simulate`; returns the exit code."""
    action = getattr(args, "workshop_command", None)
    if action == "room":
        return run_room(args)
    if action == "host":
        return run_host(args)
    if action == "join":
        return run_join(args)
    handlers = {"report": _run_report, "list": _run_list, "simulate": _run_simulate}
    if action not in handlers:
        return usage_error(PROG, "choose one of: room, host, join, report, list, simulate")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return usage_error(PROG, str(error))
    try:
        return handlers[action](args, store)
    except (UnknownWorkshop, WorkshopError) as error:
        return usage_error(PROG, str(error))
    except StoreError as error:
        return usage_error(PROG, str(error))
    finally:
        store.close()


# --- the apps: room, host, join --------------------------------------------------------------


def run_room(args: argparse.Namespace) -> int:
    """`quiz workshop room`: create a room workshop from the options and run it."""
    # only here: Textual loads only for the actions that show an app
    from quiz.ui.workshop.room_app import RoomApp

    chosen = facilitator_and_pack(args, ROOM_PROG)
    if isinstance(chosen, int):
        return chosen
    facilitator, pack = chosen
    reason = no_screen_reason()
    if reason:
        return usage_error(ROOM_PROG, "room mode needs a terminal to show on the projector, "
                                      f"and {reason}")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return usage_error(ROOM_PROG, str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.ROOM, check=getattr(args, "check", False),
                seed=getattr(args, "seed", None), room_size=getattr(args, "room_size", None),
            )
        except WorkshopError as error:
            return usage_error(ROOM_PROG, str(error))
        app = RoomApp(workshop, countdown=getattr(args, "countdown", None))
        app.run()
        number = workshop.id
    print_where_report_is(number)
    return app.return_code or 0


def run_host(args: argparse.Namespace) -> int:
    """`quiz workshop host`: check the options (pack, address, port) before anything starts,
    create the workshop, start the web server in a child process, print the join URL and code,
    run the dashboard, and stop the server and every participant app when it closes."""
    # only here: Textual, and the server's plumbing (http.client, subprocess), load only for host
    from quiz.ui.workshop.dashboard_app import DashboardApp
    from quiz.workshop.server import (
        SPARE_SESSIONS,
        ServerProcess,
        participant_command,
        server_log_path,
    )

    host = getattr(args, "host", None) or DEFAULT_HOST
    port = getattr(args, "port", None) or DEFAULT_PORT
    data = getattr(args, "data_dir", None)
    most = getattr(args, "max_participants", None) or DEFAULT_MAX_PARTICIPANTS
    if not 1 <= most <= MAX_PARTICIPANTS_LIMIT:
        return usage_error(HOST_PROG, f"argument --max: at most {MAX_PARTICIPANTS_LIMIT} "
                      f"participants (got {most})")
    chosen = facilitator_and_pack(args, HOST_PROG)
    if isinstance(chosen, int):
        return chosen
    facilitator, pack = chosen
    try:
        check_port(host, port)
    except HostingError as error:
        return usage_error(HOST_PROG, str(error))
    reason = no_screen_reason()
    if reason:
        return usage_error(HOST_PROG, f"the facilitator's dashboard needs a terminal, and {reason}")
    try:
        store = Store.open(data)
    except StoreError as error:
        return usage_error(HOST_PROG, str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.PARTICIPANTS, pace=Pace(getattr(args, "pace", "facilitator")),
                check=getattr(args, "check", False), seed=getattr(args, "seed", None),
                max_participants=most,
            )
        except WorkshopError as error:
            return usage_error(HOST_PROG, str(error))
        info = workshop.info()
        assert store.path is not None
        command = participant_command(workshop.id, store.path.parent)
        server = ServerProcess.start(
            command, host=host, port=port, log_path=server_log_path(workshop.id),
            sessions=info.max_participants + SPARE_SESSIONS,
            workshop=(store.path, workshop.id))
        try:
            try:
                server.wait_ready()
            except HostingError as error:
                workshop.end()
                return usage_error(HOST_PROG, str(error))
            url = join_url(host, port)
            warning = bind_warning(host)
            if warning:
                print(warning, file=sys.stderr)
            print(f"Workshop {workshop.id}: participants open {url} and join with the code "
                  f"{format_code(info.code)}")
            app = DashboardApp(workshop, join_url=url, countdown=getattr(args, "countdown", None),
                               server_problem=server.problem, notice=warning)
            app.run()
        finally:
            server.stop()
        number = workshop.id
    print_where_report_is(number)
    return app.return_code or 0


def run_join(args: argparse.Namespace) -> int:
    """`quiz workshop join SESSION`: the participant app for workshop SESSION (id or code), opened
    from the store the host serves it from. Started by the host's server, the app is told of
    changes through its input; run in a terminal, it follows the store itself."""
    # only here: Textual loads only for the actions that show an app
    from quiz.ui.workshop.participant_app import ParticipantApp

    if not os.environ.get("TEXTUAL_DRIVER"):
        for stream in (sys.stdin, sys.stdout):
            if stream is None or not stream.isatty():
                return usage_error(JOIN_PROG, "the participant app needs a terminal (or a "
                                   "browser, through 'quiz workshop host'), and input or output "
                                   "is redirected")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return usage_error(JOIN_PROG, str(error))
    with store:
        try:
            workshop = Workshop.open(store, args.session)
        except (UnknownWorkshop, WorkshopError) as error:
            return usage_error(JOIN_PROG, str(error).strip("'\""))
        pushed = os.environ.get(PUSH_ENVIRONMENT) == "1"
        ParticipantApp(workshop, follow=not pushed).run()
    return 0


def facilitator_and_pack(args: argparse.Namespace, prog: str) -> tuple[str, LoadedPack] | int:
    """The checked --facilitator name and the loaded --pack, or the exit code of why not."""
    data = getattr(args, "data_dir", None)
    try:
        facilitator = clean_display_name(getattr(args, "facilitator", None) or "Facilitator")
    except WorkshopError as error:
        return usage_error(prog, f"argument --facilitator: {error}")
    try:
        pack_path = resolve_pack(getattr(args, "pack", None), Path(data) if data else None)
    except LookupError as error:
        return usage_error(prog, f"argument --pack: {error}")
    pack = load_pack_or_explain(pack_path, prog=prog, verb="use")
    if pack is None:
        return PACK_PROBLEMS_EXIT
    return facilitator, pack


def no_screen_reason() -> str | None:
    """Why this process cannot show a full-screen app, or None when it can."""
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return "input or output is redirected"
        except (AttributeError, ValueError):
            return "input or output is redirected"
    if os.environ.get("TERM") == "dumb":
        return "this terminal is a dumb terminal (TERM=dumb)"
    return None


def print_where_report_is(workshop_id: int) -> None:
    print(f"Workshop {workshop_id} is saved. Its report: quiz workshop report {workshop_id} "
          f"--format html --out workshop-{workshop_id}.html")


# --- the store's workshops: list, report, simulate -------------------------------------------


def _run_list(args: argparse.Namespace, store: Store) -> int:
    workshops = list_workshops(store)
    if not workshops:
        print("No workshops yet: run 'quiz workshop room', or 'quiz workshop simulate "
              "--participants 20' to preview a report.")
        return 0
    print(f"{'id':>4}  {'code':<7}  {'created':<16}  {'state':<8}  {'who':<17}  title")
    for w in workshops:
        who = (f"{w.participants} participants" if w.audience is Audience.PARTICIPANTS
               else "room tallies")
        print(f"{w.id:>4}  {format_code(w.code):<7}  {w.created_at[:16].replace('T', ' '):<16}  "
              f"{w.state.value:<8}  {who:<17}  {visible(w.title)} ({visible(w.pack_id)}, "
              f"{w.steps} items, {w.responses} responses)")
    return 0


def _run_report(args: argparse.Namespace, store: Store) -> int:
    # only here: the report modules load only for the report
    from quiz.reports.formats import write_rendered
    from quiz.reports.group import build_group_report, render_group

    workshop_id = find_workshop_id(store, getattr(args, "session", None))
    record = read_record(store, workshop_id)
    pack = load_workshop_pack(store, workshop_id)
    report = build_group_report(record, pack, anonymize=getattr(args, "anonymize", False))
    text = render_group(report, args.format)
    out = getattr(args, "out", None)
    if out:
        try:
            write_rendered(text, Path(out))
        except OSError as error:
            return usage_error(PROG, f"argument --out: cannot write {out}: "
                                     f"{error.strerror or error}")
        print(f"Wrote the {args.format} report of workshop {workshop_id} to {out}",
              file=sys.stderr)
        return 0
    sys.stdout.write(text)
    return 0


def _run_simulate(args: argparse.Namespace, store: Store) -> int:
    try:
        pack = load_pack(resolve_pack(getattr(args, "pack", None),
                                      Path(args.data_dir) if getattr(args, "data_dir", None)
                                      else None))
    except LookupError as error:
        return usage_error(PROG, f"argument --pack: {error}")
    except PackError as error:
        return usage_error(PROG, f"argument --pack: the pack has problems: {error}")
    workshop = simulate_workshop(store, pack, participants=args.participants, seed=args.seed,
                                 items=args.items, check=getattr(args, "check", False))
    info = workshop.info()
    print(f"Simulated workshop {info.id} ({format_code(info.code)}): {args.participants} "
          f"readers, {len(workshop.steps())} items. See it with 'quiz workshop report "
          f"{info.id} --format text'.")
    return 0
