"""The `quiz workshop` command: which action runs (room, host, report, list, simulate), its
options turned into workshops (quiz.workshop) and apps (quiz.ui.workshop), its output and errors.

Every bad option or setting is one line, "PROG: error: ...", and exit code 2; a damaged progress
file moved aside, or a stored row left out because a value in it is damaged, is one "note:" line
on standard error. The apps hold no command line: each action checks its options here before a
screen or a server starts, and says where the workshop's report is once the app has closed.
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
from quiz.core.wording import counted
from quiz.core.workshop_records import Audience, Pace
from quiz.storage.database import StoreError
from quiz.storage.store import Store
from quiz.workshop.addresses import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    HostingError,
    bind_warning,
    check_port,
)
from quiz.workshop.model import Workshop
from quiz.workshop.plan import (
    DEFAULT_MAX_PARTICIPANTS,
    MAX_PARTICIPANTS_LIMIT,
    UnknownWorkshop,
    WorkshopError,
    clean_display_name,
    format_code,
)
from quiz.workshop.queries import (
    find_workshop_id,
    latest_unfinished,
    list_workshops,
    load_workshop_pack,
    read_record,
)
from quiz.workshop.simulator import simulate_workshop

PROG = "quiz workshop"
ROOM_PROG = "quiz workshop room"
HOST_PROG = "quiz workshop host"


def run(args: argparse.Namespace) -> int:
    """`quiz workshop room|host|report|list|simulate`; returns the exit code."""
    action = getattr(args, "workshop_command", None)
    if action == "room":
        return run_room(args)
    if action == "host":
        return run_host(args)
    handlers = {"report": _run_report, "list": _run_list, "simulate": _run_simulate}
    if action not in handlers:
        return usage_error(PROG, "choose one of: room, host, report, list, simulate")
    try:
        store = open_store(args, PROG)
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
        store = open_store(args, ROOM_PROG)
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


def open_store(args: argparse.Namespace, prog: str) -> Store:
    """The store of --data-dir; a damaged file moved aside is said in one note line (as the
    learner commands say it), so a report that then finds no workshops is not a mystery."""
    store = Store.open(getattr(args, "data_dir", None))
    if store.notice:
        print(f"{prog}: note: {store.notice}", file=sys.stderr)
    return store


def run_host(args: argparse.Namespace) -> int:
    """`quiz workshop host`: check the options (pack, address, port) before anything starts,
    continue the last unfinished workshop (asked, or --continue) or create one, serve it from
    this process (quiz.workshop.web_host), print the join URL and code, run the dashboard, and
    stop serving when it closes."""
    # only here: Textual and the web server (aiohttp) load only for host
    from quiz.ui.workshop.dashboard_app import DashboardApp
    from quiz.workshop.web_host import WebHost

    host = getattr(args, "host", None) or DEFAULT_HOST
    port = getattr(args, "port", None) or DEFAULT_PORT
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
        store = open_store(args, HOST_PROG)
    except StoreError as error:
        return usage_error(HOST_PROG, str(error))
    with store:
        try:
            workshop = continued_workshop(store, getattr(args, "resume", None))
            created = workshop is None
            if workshop is None:
                workshop = Workshop.create(
                    store, pack, facilitator=facilitator,
                    audience=Audience.PARTICIPANTS,
                    pace=Pace(getattr(args, "pace", "facilitator")),
                    check=getattr(args, "check", False), seed=getattr(args, "seed", None),
                    max_participants=most,
                )
        except (WorkshopError, UnknownWorkshop) as error:
            return usage_error(HOST_PROG, str(error))
        info = workshop.info()
        web = WebHost(workshop, host=host, port=port)
        try:
            web.start()
        except HostingError as error:
            if created:
                workshop.end()  # it never ran
            return usage_error(HOST_PROG, str(error))
        try:
            warning = bind_warning(host)
            if warning:
                print(warning, file=sys.stderr)
            print(f"Workshop {workshop.id}: participants open {web.url} and join with the code "
                  f"{format_code(info.code)}")
            app = DashboardApp(workshop, join_url=web.url,
                               countdown=getattr(args, "countdown", None), host=web,
                               server_problem=web.problem, notice=warning,
                               hide_counts=getattr(args, "hide_counts", False))
            app.run()
        finally:
            web.stop()
        number = workshop.id
    if app.paused:
        print(f"Workshop {number} is paused, its answers kept: 'quiz workshop host' continues "
              f"it with the same code, {format_code(info.code)}.")
    else:
        print_where_report_is(number)
    return app.return_code or 0


def continued_workshop(store: Store, resume: str | None) -> Workshop | None:
    """The last unfinished hosted workshop, when the facilitator continues it (--continue, or
    yes to the question); None for a new one (--new, or no: the unfinished one is then ended,
    so its report is complete). WorkshopError when it cannot be opened."""
    unfinished = latest_unfinished(store)
    if unfinished is None:
        return None
    workshop = Workshop.open(store, unfinished.id)
    where = ("in the lobby" if unfinished.state.value == "lobby"
             else f"on item {unfinished.position + 1}")
    people = len(workshop.participants())
    described = (f"Workshop {unfinished.id} ({visible(unfinished.title)}, code "
                 f"{format_code(unfinished.code)}, {where}, {unfinished.pace.value} pace, "
                 f"{people} participant{'s' if people != 1 else ''}) was not finished")
    if resume is None:
        try:
            typed = input(f"{described}. Continue it? [Y/n] ").strip().lower()
        except EOFError:
            typed = "n"
        resume = "new" if typed in ("n", "no") else "continue"
    if resume == "new":
        workshop.end()
        print(f"{described}: it is ended now, its answers kept (quiz workshop report "
              f"{unfinished.id}).")
        return None
    workshop.rekey_names()
    print(f"Continuing workshop {unfinished.id}: pages that were open reconnect by themselves "
          "and land where they were.")
    return workshop


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


def _say_skipped(lines) -> None:
    for line in lines:
        print(f"{PROG}: note: {line}", file=sys.stderr)


def _run_list(args: argparse.Namespace, store: Store) -> int:
    skipped: list[str] = []
    workshops = list_workshops(store, skipped)
    _say_skipped(skipped)
    if not workshops:
        print("No workshops yet: run 'quiz workshop room', or 'quiz workshop simulate "
              "--participants 20' to preview a report.")
        return 0
    print(f"{'id':>4}  {'code':<7}  {'created':<16}  {'state':<8}  {'who':<17}  title")
    for w in workshops:
        who = (counted(w.participants, "participant") if w.audience is Audience.PARTICIPANTS
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
    _say_skipped(record.skipped)
    pack = load_workshop_pack(store, workshop_id)
    report = build_group_report(record, pack, anonymize=getattr(args, "anonymize", False))
    text = render_group(report, args.format)
    out = getattr(args, "out", None)
    if out:
        try:
            write_rendered(text, Path(out), args.format)
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
