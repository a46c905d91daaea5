"""The `quiz workshop` command: which action runs (room, host, join, report, list, simulate), its
options turned into calls on quiz.workshop.model, and its output and one-line errors.

The workshop itself (quiz.workshop.model) stays plain Python with no command line in it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.core.packs import PackError, load_pack, resolve_pack
from quiz.core.workshop_records import Audience
from quiz.storage.store import Store, StoreError
from quiz.workshop.plan import UnknownWorkshop, WorkshopError, format_code
from quiz.workshop.queries import find_workshop_id, list_workshops, load_workshop_pack, read_record
from quiz.workshop.simulator import simulate_workshop

PROG = "quiz workshop"


def run(args: argparse.Namespace) -> int:
    """`quiz workshop room|host|join|report|list|simulate`; returns the exit code."""
    action = getattr(args, "workshop_command", None)
    if action == "room":
        from quiz.ui.workshop.room_app import run_room

        return run_room(args)
    if action == "host":
        from quiz.ui.workshop.dashboard_app import run_host

        return run_host(args)
    if action == "join":
        from quiz.ui.workshop.participant_app import run_join

        return run_join(args)
    handlers = {"report": _run_report, "list": _run_list, "simulate": _run_simulate}
    if action not in handlers:
        return _usage("choose one of: room, host, join, report, list, simulate")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return _usage(str(error))
    try:
        return handlers[action](args, store)
    except (UnknownWorkshop, WorkshopError) as error:
        return _usage(str(error))
    except StoreError as error:
        return _usage(str(error))
    finally:
        store.close()


def _usage(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _run_list(args: argparse.Namespace, store: Store) -> int:
    workshops = list_workshops(store)
    if not workshops:
        print("No workshops yet: run 'quiz workshop room', or 'quiz workshop simulate "
              "--participants 20' to preview a report.")
        return 0
    from quiz.core.text import visible

    print(f"{'id':>4}  {'code':<7}  {'created':<16}  {'state':<8}  {'who':<17}  title")
    for w in workshops:
        who = (f"{w.participants} participants" if w.audience is Audience.PARTICIPANTS
               else "room tallies")
        print(f"{w.id:>4}  {format_code(w.code):<7}  {w.created_at[:16].replace('T', ' '):<16}  "
              f"{w.state.value:<8}  {who:<17}  {visible(w.title)} ({visible(w.pack_id)}, "
              f"{w.steps} items, {w.responses} responses)")
    return 0


def _run_report(args: argparse.Namespace, store: Store) -> int:
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
            return _usage(f"argument --out: cannot write {out}: {error.strerror or error}")
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
        return _usage(f"argument --pack: {error}")
    except PackError as error:
        return _usage(f"argument --pack: the pack has problems: {error}")
    workshop = simulate_workshop(store, pack, participants=args.participants, seed=args.seed,
                                 items=args.items, check=getattr(args, "check", False))
    info = workshop.info()
    print(f"Simulated workshop {info.id} ({format_code(info.code)}): {args.participants} "
          f"readers, {len(workshop.steps())} items. See it with 'quiz workshop report "
          f"{info.id} --format text'.")
    return 0
