"""Issue 13 benchmark: keys and time to review a 20-item draft where the drafter was right on 14,
and the review screen's key-to-paint time, beside the same review on a baseline tree (main, by
default) and a minimal Textual app, all in the same run.

The draft is `quiz draft` on the bundled article (20 sentences); the truth is the bundled,
labelled pack. Where the drafter agrees with the labels on more than 14 items, the benchmark
makes it wrong on some (a wrong answer, drafted by the drafter's own templates) until 6 are
wrong. The reviewer's keys are planned from each tree's own screen (ReviewScreen.BINDINGS, the
shortest way to each true cue) and typed into the app running in a real pseudo-terminal
(100x30). Keys are counted as a person presses them: typing the new one-line explanation is one
edit. Each key is timed from the key event to the next paint, as bench_startup.py times a key
(and a key follows the last one's paint by 250 ms, as there, where a person reads the screen;
typed characters by 30 ms). The child also reports the main thread's CPU time over the same
interval, which other processes on a busy machine do not inflate. Run on demand:
    .venv/bin/python benchmarks/bench_review.py [--baseline main | --baseline-tree PATH]
"""

from __future__ import annotations

import argparse
import ast
import collections
import fcntl
import json
import os
import select
import shutil
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
PACE = {"command": 0.25, "typed": 0.03}  # s from a key's paint to the next key
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
    """The app `kind` in this terminal (the quiz package is the measured tree's: see
    __main__), reporting each key's time to the next paint to `results`."""
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


def run_in_terminal(kind: str, pack: str, keys: list[bytes], paces: list[float], tree: Path
                    ) -> tuple[list[tuple[float, float]], float, int]:
    """Type `keys` into the app in a pty, each `paces` seconds after the last one painted (or
    after 1 s): each key's (ms to the paint, main-thread CPU ms), the time it all took, keys
    never painted."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    results = tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False).name
    env = {**os.environ, "TERM": "xterm-256color", "QUIZ_CACHE_DIR": tempfile.mkdtemp(),
           "QUIZ_DATA_DIR": tempfile.mkdtemp()}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, __file__, "--child", str(tree), kind, pack,
                                results],
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
    for key, pace in zip(keys, paces, strict=True):
        before = sum(e["event"] == "painted" for e in events())
        os.write(master, key)
        drain(time.time() + 1.0, lambda: sum(e["event"] == "painted" for e in events()) > before)
        if sum(e["event"] == "painted" for e in events()) == before:
            unpainted += 1
        drain(time.time() + pace, lambda: False)  # a person reads the screen (or types on)
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


def measure(tree: Path) -> dict:
    """Review the 20-item draft with `tree`'s quiz package (first on sys.path): the keys
    planned, the answers and cues saved, each key's time to the paint."""
    import quiz
    from quiz.content.checks import check_pack

    if not Path(quiz.__file__).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"measuring {tree} but quiz is imported from {quiz.__file__}")

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
    latencies, elapsed, unpainted = run_in_terminal(
        "review", str(pack), flat, [PACE[kind] for kind in kinds], tree)
    loaded, problems = check_pack(pack)
    assert loaded is not None, problems
    items = loaded.pack.items
    per_key = collections.defaultdict(list)
    pressed = [k for keys in steps for k in keys
               for _ in (range(len(EXPLANATION)) if k == "TYPE" else [0])]
    for (ms, cpu), key in zip(latencies, pressed):
        if key != "TYPE":
            per_key[key].append((ms, cpu))
    return {
        "right_keys": [len(k) for k, i in zip(steps, order) if i not in wrong],
        # Typing the explanation is one edit (the TYPE step), whatever its length.
        "wrong_keys": {i: k for k, i in zip(steps, order) if i in wrong},
        "labelled": labelled,
        "matched": sum(1 for item in items if item.answer == truth[item.id][0]),
        "cues": sum(1 for item in items if item.id in wrong and item.cue == truth[item.id][1]),
        "drafts": sum(item.draft for item in items),
        "items": len(items),
        "command": [lc for lc, kind in zip(latencies, kinds) if kind == "command"],
        "typed": [ms for (ms, _), kind in zip(latencies, kinds) if kind == "typed"],
        "per_key": {k: [statistics.median(m for m, _ in v), statistics.median(c for _, c in v),
                        len(v)] for k, v in per_key.items()},
        "elapsed": elapsed,
        "unpainted": unpainted,
    }


def measured(tree: Path) -> dict:
    """measure(tree) in a process of its own, where `tree`'s quiz package is the one imported."""
    out = subprocess.run([sys.executable, __file__, "--measure", str(tree)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def exported(ref: str) -> Path:
    """The files of git `ref` in a new temporary folder (no worktree, nothing in .git)."""
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-review-base-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git ref to compare with (main)")
    parser.add_argument("--baseline-tree", type=Path, help="a checkout to compare with instead")
    args = parser.parse_args()
    base_tree = args.baseline_tree or exported(args.baseline)
    base_name = str(args.baseline_tree or args.baseline)
    try:
        base = measured(base_tree)
        this = measured(REPO)
    finally:
        if args.baseline_tree is None:
            shutil.rmtree(base_tree, ignore_errors=True)
    minimal, _, _ = run_in_terminal("minimal", "-", [b"k"] * 40, [PACE["command"]] * 40, REPO)

    def wrong_keys(result: dict) -> list[int]:
        return [len(keys) for keys in result["wrong_keys"].values()]

    def row(name: str, value, note: str = "") -> tuple[str, str, str, str]:
        return (name, value(base), value(this), note)

    def ms(values: list[float], how) -> str:
        return f"{how(values):.1f} ms"

    rows = [
        row("items (drafter right / wrong)",
            lambda r: f"{len(r['right_keys'])} / {len(r['wrong_keys'])}"),
        row("keys per right item, max", lambda r: f"{max(r['right_keys'])}", "target <= 1"),
        row("keys per wrong item, max (median)",
            lambda r: f"{max(wrong_keys(r))} ({statistics.median(wrong_keys(r)):g})",
            "target <= 8; typing the explanation is 1"),
        row("  characters typed per wrong item", lambda r: f"{len(EXPLANATION)}",
            "a one-line explanation"),
        row("keys in all", lambda r: f"{sum(r['right_keys']) + sum(wrong_keys(r))}"),
        row("keys to select a labelled cue, mean / p90 / max",
            lambda r: f"{statistics.mean(r['labelled']):.2f} / {p90(r['labelled']):g} / "
                      f"{max(r['labelled'])}", f"then c; {len(this['labelled'])} cues"),
        row("answers as labelled after review", lambda r: f"{r['matched']} of {r['items']}",
            "and drafts left: " + " / ".join(str(r["drafts"]) for r in (base, this))),
        row("wrong items' cues as labelled", lambda r: f"{r['cues']} of {len(r['wrong_keys'])}"),
        ("key -> paint, minimal Textual app, median", ms([m for m, _ in minimal],
                                                         statistics.median), "", "baseline app"),
        row("key -> paint, review screen, median",
            lambda r: ms([m for m, _ in r["command"]], statistics.median), "target < 16 ms"),
        row("key -> paint, review screen, p90",
            lambda r: ms([m for m, _ in r["command"]], p90)),
        row("key -> paint, review screen, max",
            lambda r: ms([m for m, _ in r["command"]], max)),
        row("  of it main-thread CPU, median / p90",
            lambda r: f"{statistics.median(c for _, c in r['command']):.1f} / "
                      f"{p90([c for _, c in r['command']]):.1f} ms",
            "not slowed by other processes"),
        row("key -> paint, typing in the editor, median",
            lambda r: ms(r["typed"], statistics.median)),
        row("whole review, keys paced as a person", lambda r: f"{r['elapsed']:.1f} s",
            "keys that changed nothing: " + " / ".join(str(r["unpainted"])
                                                       for r in (base, this))),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'baseline':>15}  {'this tree':>15}  note")
    print(f"{'':<{width}}  {base_name[-15:]:>15}  {REPO.name[-15:]:>15}")
    print("-" * (width + 60))
    for name, before, after, note in rows:
        print(f"{name:<{width}}  {before:>15}  {after:>15}  {note}")
    for name, result in (("baseline", base), ("this tree", this)):
        print(f"\n{name}: per key, median ms to the paint / of it main-thread CPU (count): "
              + ", ".join(f"{k} {m:.0f}/{c:.0f} ({n})" for k, (m, c, n)
                          in sorted(result["per_key"].items(), key=lambda kv: -kv[1][2])))
        for item, keys in result["wrong_keys"].items():
            print(f"  {item}: {' '.join('(type)' if k == 'TYPE' else k for k in keys)}")
    print(f"\n{SIZE[0]}x{SIZE[1]} pseudo-terminal; Python {sys.version.split()[0]}; "
          f"{len(this['command'])} command keys and {len(this['typed'])} typed characters each")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, sys.argv[2])
        child(*sys.argv[3:6])
    elif len(sys.argv) > 1 and sys.argv[1] == "--measure":
        sys.path.insert(0, sys.argv[2])
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        main()
