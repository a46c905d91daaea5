"""Issue 13 benchmark: keys and time to review a 20-item draft where the drafter was right on 14,
and the review screen's key-to-paint time beside a minimal Textual app's, in the same run.

The draft is `quiz draft` on the bundled article (20 sentences); the truth is the bundled,
labelled pack. Where the drafter agrees with the labels on more than 14 items, the benchmark
makes it wrong on some (a wrong answer, drafted by the drafter's own templates) until 6 are
wrong. The reviewer's keys are planned from the screen's own moves (the shortest way to each
true cue) and typed into the app running in a real pseudo-terminal (100x30), one key after the
previous one is painted. The selection keys are the screen's own bindings (ReviewScreen.BINDINGS),
so the same plan can be made for any version of the screen. Besides the wall-clock time from a
key to the next paint, the child reports the main thread's CPU time over the same interval,
which other processes on a busy machine do not inflate. Run on demand:
    .venv/bin/python benchmarks/bench_review.py
"""

from __future__ import annotations

import ast
import collections
import fcntl
import json
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZE = (100, 30)
EXPLANATION = "The words in the cue show who says so. Check it with an independent source."
KEYS = {"enter": b"\r", "home": b"\x1b[H", "end": b"\x1b[F", "left": b"\x1b[D",
        "right": b"\x1b[C", "shift+left": b"\x1b[1;2D", "shift+right": b"\x1b[1;2C",
        "ctrl+left": b"\x1b[1;5D", "ctrl+right": b"\x1b[1;5C", "tab": b"\t",
        "ctrl+shift+left": b"\x1b[1;6D", "ctrl+shift+right": b"\x1b[1;6C",
        "shift+home": b"\x1b[1;2H", "shift+end": b"\x1b[1;2F",
        "shift+tab": b"\x1b[Z", "ctrl+s": b"\x13"}
# What each of the screen's selection actions does to a Selection (quiz.content.review.words).
STEPS = {
    "word": lambda selection, likely, delta: selection.move(delta),
    "extend": lambda selection, likely, delta: selection.extend(delta),
    "clause": lambda selection, likely, delta, extend=False: selection.clause(delta,
                                                                             extend=extend),
    "phrase": lambda selection, likely, delta, extend=False: selection.phrase(delta,
                                                                             extend=extend),
    "clause_edge": lambda selection, likely, end: selection.clause_edge(bool(end)),
    "likely": lambda selection, likely, delta: selection.next_of(likely, delta),
    "edge": lambda selection, likely, end: selection.end() if end else selection.home(),
}


# -- the child: an app in the terminal, timing each key to the next paint ----------------------


def child(kind: str, pack: str, results: str) -> None:
    from textual import events
    from textual.app import App
    from textual.widgets import Static

    def report(**values) -> None:
        with open(results, "a", encoding="utf-8") as out:
            out.write(json.dumps(values) + "\n")

    class Timed:
        pressed_at: float | None = None
        cpu_at = 0.0
        ready = False

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None:
                return
            if not self.ready:
                self.ready = True
                report(event="ready")
            elif self.pressed_at is not None:
                report(event="painted", ms=(time.monotonic() - self.pressed_at) * 1000,
                       cpu=(time.thread_time() - self.cpu_at) * 1000)
                self.pressed_at = None

        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key) and self.pressed_at is None:
                self.pressed_at = event.time
                self.cpu_at = time.thread_time()  # the loop's thread: it paints too
            await super().on_event(event)

    if kind == "minimal":
        class Minimal(Timed, App[None]):
            BINDINGS = [("q", "quit", "Quit")]

            def compose(self):
                yield Static("0", id="count")

            def on_key(self, event: events.Key) -> None:
                widget = self.query_one("#count", Static)
                widget.update(str(int(str(widget.render())) + 1))

        Minimal().run()
        return

    from quiz.content.review.session import ReviewSession
    from quiz.ui.review.app import ReviewApp
    from textual.widgets import TextArea

    TextArea._toggle_cursor_blink_visible = lambda self: None  # a blink is not an answer
    session = ReviewSession.open(Path(pack))

    class Review(Timed, ReviewApp):
        pass

    Review(session).run()


# -- the parent: the draft, the plan, the terminal ------------------------------------------------


def make_draft(folder: Path):
    """The 20-item draft with 6 wrong answers, and the truth (answer, cue) per item id."""
    from quiz.cli import main
    from quiz.content.pack_files import load_pack, resolve_pack
    from quiz.content.review.session import ReviewSession

    article = next((REPO / "seeds").glob("*.txt"))
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["draft", str(article), "--out", str(folder), "--title", "Review bench"]) == 0
    pack = next(folder.glob("*.yaml"))
    labelled = load_pack(resolve_pack("nk-victory-day-2023"), use_cache=False)
    by_claim = {item.claim: item for item in labelled.pack.items}
    session = ReviewSession.open(pack)
    truth, right, wrong = {}, [], []
    for entry in session.entries:
        claim = entry.text("claim")
        label = by_claim.get(claim) or next(
            (item for item in labelled.pack.items if item.claim in claim or claim in item.claim),
            None)
        if label is None:
            raise SystemExit(f"no label for {entry.id}")
        truth[entry.id] = (label.answer, label.cue)
        usable = label.cue and label.cue in entry.text("passage")
        (right if entry.fields["answer"] == label.answer else wrong).append((entry, usable))
    # Make the drafter wrong on items with a cue to pick until 6 are wrong.
    for entry, usable in [r for r in right if r[1]][::-1]:
        if len(wrong) >= 6:
            break
        answer = truth[entry.id][0]
        other = next(c for c in session.categories.ids if c != answer
                     and c not in (entry.fields.get("also_accept") or []))
        session.position = session.queue.index(entry.index)
        session.set_answer(other)
        wrong.append((entry, True))
        right.remove((entry, usable))
    session.save()
    return pack, truth, {e.id for e, _ in wrong}


def selection_moves() -> list[tuple[str, object, tuple]]:
    """(key, step, arguments) for each of the screen's keys that moves the word selection."""
    from quiz.ui.review.screen import ReviewScreen

    moves = []
    for binding in ReviewScreen.BINDINGS:
        name, _, arguments = binding.action.partition("(")
        if name in STEPS:
            inside = arguments.rstrip(")").strip()
            moves.append((binding.key, STEPS[name],
                          ast.literal_eval(f"({inside},)") if inside else ()))
    return moves


def start_selection(session, entry):
    """The selection the screen starts an item with (as the screen of issue 13 made it, for a
    session without ReviewSession.selection)."""
    from quiz.content.review.words import Selection, Span

    if hasattr(session, "selection"):
        return session.selection(entry)
    passage = entry.text("passage")
    claim = session.claim_span(entry)
    first = Selection.over(passage, claim).span if claim else None
    return Selection.over(passage, session.cue_span(entry)
                          or (first and Span(first.start, first.start + 1)))


def plan(pack: Path, truth: dict, wrong: set[str]) -> tuple[list[list[str]], list[str]]:
    """The keys for each item in review order, found with the screen's own moves."""
    from quiz.content.review.session import ReviewSession

    session = ReviewSession.open(pack)
    moves = selection_moves()
    steps, order = [], []
    while not session.done:
        entry = session.current
        order.append(entry.id)
        if entry.id not in wrong:
            steps.append(["enter"])
            session.accept()
            continue
        answer, cue = truth[entry.id]
        keys = [str(session.categories.ids.index(answer) + 1)]
        selection = start_selection(session, entry)
        cue_before = session.cue_span(entry)
        session.set_answer(answer)
        passage = entry.text("passage")
        moved = session.cue_span(entry)
        # As the screen does after a new answer: the selection starts again where the new cue
        # is (issue 13's screen: covers the new cue, if any).
        if hasattr(session, "selection"):
            if moved != cue_before:
                selection = session.selection(entry)
        elif moved is not None:
            selection = selection.covering(moved)
        if entry.text("cue") != cue:
            target = passage.index(cue)
            found, selection = shortest(selection, (target, target + len(cue)),
                                        session.likely_cues(entry), moves)
            keys += found + ["c"]
            session.set_cue(selection.span)
        keys += ["e", "TYPE", "ctrl+s", "enter"]
        session.set_texts({"explanation": EXPLANATION})
        session.accept()
        steps.append(keys)
    return steps, order


def labelled_cue_keys(moves) -> list[int]:
    """Keys to select the labelled cue of every item of the repository's labelled packs, from
    where the screen starts once the item has its labelled answer (its suggested cue, else the
    claim's first word): how cheap picking a cue is beyond the 20 items above."""
    from quiz.content.review.session import ReviewSession
    from quiz.content.review.words import Selection, Span

    counts = []
    packs = [REPO / "content" / "nk-victory-day-2023.yaml",
             *sorted((REPO / "tests" / "data" / "eval").glob("*.yaml"))]
    for path in packs:
        if "\nitems:" not in path.read_text(encoding="utf-8"):
            continue  # the drafter's rules files beside the evaluation packs
        session = ReviewSession.open(path)
        for entry in session.entries:
            passage, cue = entry.text("passage"), entry.text("cue")
            claim = session.claim_span(entry)
            if not cue or cue not in passage or claim is None:
                continue
            target = passage.find(cue, claim.start)
            if target < 0 or target + len(cue) > claim.end:
                target = passage.find(cue)
            base = (session.selection(entry) if hasattr(session, "selection")
                    else Selection.over(passage))
            if base.covering(Span(target, target + len(cue))).span != Span(target,
                                                                          target + len(cue)):
                continue  # a cue that is not whole words
            first = base.covering(claim).span
            start = (session.suggested_cue(entry, entry.fields["answer"])
                     or Span(first.start, first.start + 1))
            keys, _ = shortest(base.covering(start), (target, target + len(cue)),
                               session.likely_cues(entry), moves)
            counts.append(len(keys))
    return counts


def shortest(start, target: tuple[int, int], likely, moves):
    """The fewest moves from `start` to a selection of exactly `target` (breadth first), and
    that selection."""
    seen = {(start.anchor, start.head)}
    queue = collections.deque([(start, [])])
    while queue:
        selection, keys = queue.popleft()
        span = selection.span
        if span and (span.start, span.end) == target:
            return keys, selection
        for key, step, arguments in moves:
            moved = step(selection, likely, *arguments)
            if (moved.anchor, moved.head) not in seen:
                seen.add((moved.anchor, moved.head))
                queue.append((moved, keys + [key]))
    raise SystemExit(f"cue {target} cannot be selected")


def run_in_terminal(kind: str, pack: str, keys: list[bytes]
                    ) -> tuple[list[tuple[float, float]], float, int]:
    """Type `keys` into the app in a pty, each once the last one painted (or after 1 s): each
    key's (ms to the paint, main-thread CPU ms), the time it all took, keys never painted."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    results = tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False).name
    env = {**os.environ, "TERM": "xterm-256color", "QUIZ_CACHE_DIR": tempfile.mkdtemp(),
           "QUIZ_DATA_DIR": tempfile.mkdtemp()}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, __file__, "--child", kind, pack, results],
                               stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True)
    os.close(slave)

    seen: list[dict] = []
    offset = 0

    def events() -> list[dict]:
        # Only what the child added since the last look, and only whole lines: the parent
        # polls every 5 ms and must not take the CPU the child is being timed on.
        nonlocal offset
        with open(results, "rb") as source:
            source.seek(offset)
            data = source.read()
        whole = data[:data.rfind(b"\n") + 1]
        offset += len(whole)
        seen.extend(json.loads(line) for line in whole.splitlines())
        return seen

    def drain(until: float, stop) -> None:
        while time.time() < until and not stop():
            ready, _, _ = select.select([master], [], [], 0.005)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    return

    drain(time.time() + 60, lambda: any(e["event"] == "ready" for e in events()))
    started = time.monotonic()
    unpainted = 0
    for key in keys:
        before = sum(e["event"] == "painted" for e in events())
        os.write(master, key)
        drain(time.time() + 1.0, lambda: sum(e["event"] == "painted" for e in events()) > before)
        if sum(e["event"] == "painted" for e in events()) == before:
            unpainted += 1
        drain(time.time() + 0.03, lambda: False)  # let a save thread finish, as a person would
    elapsed = time.monotonic() - started
    os.write(master, b"\x11")  # ctrl+q
    drain(time.time() + 3, lambda: process.poll() is not None)
    if process.poll() is None:
        process.kill()
    process.wait()
    os.close(master)
    latencies = [(e["ms"], e["cpu"]) for e in events() if e["event"] == "painted"]
    os.unlink(results)
    return latencies, elapsed, unpainted


def main() -> None:
    from quiz.content.checks import check_pack

    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-review-"))
    pack, truth, wrong = make_draft(folder)
    steps, order = plan(pack, truth, wrong)
    pack = next(folder.glob("*.yaml"))
    # plan() reviewed a copy in memory only; the file is still the draft.
    flat: list[bytes] = []
    kinds: list[str] = []
    for keys in steps:
        for key in keys:
            if key == "TYPE":
                flat += [c.encode() for c in EXPLANATION]
                kinds += ["typed"] * len(EXPLANATION)
            else:
                flat.append(KEYS.get(key, key.encode()))
                kinds.append("command")
    labelled = labelled_cue_keys(selection_moves())
    latencies, elapsed, unpainted = run_in_terminal("review", str(pack), flat)
    baseline, _, _ = run_in_terminal("minimal", str(pack), [b"k"] * 40)

    loaded, problems = check_pack(pack)
    assert loaded is not None, problems
    matched = sum(1 for item in loaded.pack.items if item.answer == truth[item.id][0])
    cues = sum(1 for item in loaded.pack.items if item.id in wrong
               and item.cue == truth[item.id][1])
    drafts = sum(item.draft for item in loaded.pack.items)
    right_keys = [len(k) for k, i in zip(steps, order) if i not in wrong]
    wrong_keys = [len([x for x in k if x != "TYPE"]) for k, i in zip(steps, order) if i in wrong]
    baseline = [ms for ms, _ in baseline]
    command_ms = [ms for (ms, _), kind in zip(latencies, kinds) if kind == "command"]
    command_cpu = [cpu for (_, cpu), kind in zip(latencies, kinds) if kind == "command"]
    typed_ms = [ms for (ms, _), kind in zip(latencies, kinds) if kind == "typed"]
    rows = [
        ("items (drafter right / wrong)", f"{len(right_keys)} / {len(wrong_keys)}", ""),
        ("keys per right item, max", f"{max(right_keys)}", "target <= 1"),
        ("keys per wrong item, max (median)",
         f"{max(wrong_keys)} ({statistics.median(wrong_keys):g})", "target <= 8"),
        ("  plus characters typed per wrong item", f"{len(EXPLANATION)}", "a one-line edit"),
        ("keys in all", f"{sum(right_keys) + sum(wrong_keys)}", ""),
        (f"keys to select a labelled cue ({len(labelled)} in the labelled packs), "
         "mean / p90 / max",
         f"{statistics.mean(labelled):.2f} / {statistics.quantiles(labelled, n=10)[-1]:g} / "
         f"{max(labelled)}", "then c"),
        ("answers as labelled after review", f"{matched} of {len(loaded.pack.items)}",
         f"{drafts} still drafts"),
        ("wrong items' cues as labelled", f"{cues} of {len(wrong_keys)}", ""),
        ("key -> paint, minimal Textual app, median", f"{statistics.median(baseline):.1f} ms",
         "baseline"),
        ("key -> paint, review screen, median", f"{statistics.median(command_ms):.1f} ms",
         "target <= 16 ms"),
        ("key -> paint, review screen, p90 / max",
         f"{statistics.quantiles(command_ms, n=10)[-1]:.1f} / {max(command_ms):.1f} ms", ""),
        ("key -> paint, review screen, main-thread CPU, median / p90",
         f"{statistics.median(command_cpu):.1f} / "
         f"{statistics.quantiles(command_cpu, n=10)[-1]:.1f} ms", "not slowed by other processes"),
        ("key -> paint, typing in the editor, median", f"{statistics.median(typed_ms):.1f} ms",
         ""),
        ("whole review, keys sent as each paints", f"{elapsed:.1f} s",
         f"{unpainted} key(s) changed nothing on screen"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>14}  note")
    print("-" * (width + 40))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")
    per_key = collections.defaultdict(list)
    for (ms, cpu), key in zip(latencies, [k for keys in steps for k in keys for _ in
                                          (range(len(EXPLANATION)) if k == "TYPE" else [0])]):
        if key != "TYPE":
            per_key[key].append((ms, cpu))
    print("per key, median ms to the paint / of it main-thread CPU (count): " + ", ".join(
        f"{k} {statistics.median(m for m, _ in v):.0f}/{statistics.median(c for _, c in v):.0f}"
        f" ({len(v)})" for k, v in sorted(per_key.items(), key=lambda kv: -len(kv[1]))))
    for keys, item in zip(steps, order):
        if item in wrong:
            print(f"  {item}: {' '.join(k for k in keys)}")
    print(f"\n{len(latencies)} keys painted; {SIZE[0]}x{SIZE[1]} pseudo-terminal; Python "
          f"{sys.version.split()[0]}; wrong items: {', '.join(sorted(wrong))}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(REPO))
        child(*sys.argv[2:5])
    else:
        main()
