"""`quiz draft` measured against its targets, beside the drafter of a baseline commit measured in
the same run: accuracy on the labelled packs, the low-confidence tag, and drafting time.

Run: .venv/bin/python benchmarks/bench_draft.py [--baseline 9776df8] [--mb 1.0] [--splitters]
--splitters also compares sentence splitters (quiz's, the baseline's, and pysbd, blingfire and
syntok when installed: pip install pysbd blingfire syntok numpy) on pySBD's English golden
rules and on the labelled wire copy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz.content.sentences import is_date_line  # noqa: E402  (after the path is set)

LABELLED = {
    "tune (11 wire articles)": sorted((ROOT / "tests/data/drafter/tune").glob("*.yaml")),
    "extra (4 newspaper articles)": sorted((ROOT / "tests/data/drafter/extra").glob("*.yaml")),
    "newspaper (6, held out)": sorted(
        (ROOT / "tests/data/drafter/newspaper").glob("*.yaml")),
    **{f"{name} (6, held out)": sorted((ROOT / "tests/data/drafter" / name).glob("*.yaml"))
       for name in sorted(p.name for p in (ROOT / "tests/data/drafter").glob("wire*"))},
    "first eval packs (3)": sorted((ROOT / "tests/data/eval").glob("*.yaml")),
    "bundled pack": [ROOT / "content" / "nk-victory-day-2023.yaml"],
}
TIMEOUT = 120  # seconds for one measurement in a child process; the baseline can hang

# Runs inside a child process with one implementation on sys.path: the baseline and the
# current drafter are both imported as `quiz`, so they cannot share a process.
WORKER = textwrap.dedent('''
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    task = json.loads(sys.argv[2])
    started = time.perf_counter()
    from quiz import locations
    from quiz.content.drafter.draft import draft_article
    from quiz.content.drafter.rules import load_rules
    from quiz.content.format import TaxonomyModel
    from quiz.content.yamlsafe import load_located, read_text
    imported = time.perf_counter()
    rules = load_rules(use_user_file=False)
    loaded = time.perf_counter()
    categories = TaxonomyModel.model_validate(
        load_located(read_text(locations.default_taxonomy_path())).data).categories
    out = {"import": imported - started, "rules": loaded - imported}
    if task["kind"] == "answers":
        answers = []
        for article in task["articles"]:
            text = open(article, encoding="utf-8").read()
            for d in draft_article(text, rules, categories):
                answers.append([article, d.sentence.start, d.sentence.end, d.answer,
                                d.confidence, d.confidence < rules.low_confidence])
        out["answers"] = answers
    else:
        text = open(task["article"], encoding="utf-8").read()
        first = time.perf_counter()
        count = len(draft_article(text, rules, categories))
        out["first"] = time.perf_counter() - first
        again = time.perf_counter()
        draft_article(text, rules, categories)
        out["again"] = time.perf_counter() - again
        out["sentences"] = count
    print(json.dumps(out))
''')


def baseline_tree(commit: str, folder: Path) -> Path:
    """The package as it was at `commit`, unpacked beside its content and seeds."""
    archive = folder / "baseline.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "-C", str(ROOT), "archive", commit, "quiz", "content", "seeds"],
                       stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "tree", filter="data")
    return folder / "tree"


def in_child(tree: Path, task: dict) -> dict | None:
    try:
        done = subprocess.run([sys.executable, "-c", WORKER, str(tree), json.dumps(task)],
                              capture_output=True, text=True, timeout=TIMEOUT, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"bench_draft: the child failed:\n{error.stderr}") from None
    return json.loads(done.stdout.splitlines()[-1])


# --- accuracy -----------------------------------------------------------------------------------


def labelled_items(packs: list[Path]) -> list[dict]:
    """Each item's claim position in its article, accepted answers and whether its cue is
    signalled (the current lexicon's definition, used for both drafters)."""
    from quiz.content.drafter.evaluate import is_signalled
    from quiz.content.drafter.rules import load_rules
    from quiz.content.drafter.speakers import learned_outlets

    rules = load_rules(use_user_file=False)
    items = []
    for pack in packs:
        data = yaml.safe_load(pack.read_text(encoding="utf-8"))
        article = (pack.parent / data["article"]).resolve()
        text = article.read_text(encoding="utf-8")
        learned = learned_outlets(text, rules)
        for item in data["items"]:
            at = text.find(item["passage"]) + item["passage"].find(item["claim"])
            items.append({"article": str(article), "at": at, "answer": item["answer"],
                          "accepted": [item["answer"], *item.get("also_accept", [])],
                          "signalled": is_signalled(item.get("cue", ""), rules, [learned])})
    return items


def scores(items: list[dict], answers: list[list]) -> dict:
    by_article: dict[str, list] = {}
    for article, start, end, answer, confidence, low in answers:
        by_article.setdefault(article, []).append((start, end, answer, confidence, low))
    rows = []
    for item in items:
        match = next((a for a in by_article.get(item["article"], [])
                      if a[0] <= item["at"] < a[1]), None)
        drafted, low = (match[2], match[4]) if match else ("", True)
        rows.append((drafted == item["answer"], drafted in item["accepted"], item["signalled"],
                     low))
    wrong = [r for r in rows if not r[1]]
    right = [r for r in rows if r[1]]
    signalled = [r for r in rows if r[2]]
    return {
        "items": len(rows),
        "exact": sum(r[0] for r in rows) / len(rows),
        "accepted": sum(r[1] for r in rows) / len(rows),
        "signalled": sum(r[1] for r in signalled) / (len(signalled) or 1),
        "caught": f"{sum(r[3] for r in wrong)}/{len(wrong)}",
        "flagged": sum(r[3] for r in right) / (len(right) or 1),
    }


def print_accuracy(trees: dict[str, Path]) -> None:
    print("accuracy on the labelled packs (targets: signalled >= 95%, exact >= 80%, "
          "accepted >= 95%;")
    print("low-confidence catches >= 80% of wrong answers, flags <= 25% of right ones)")
    print(f"{'set':<30} {'drafter':<9} {'items':>5} {'exact':>7} {'accepted':>9} "
          f"{'signalled':>10} {'low: caught':>12} {'right flagged':>14}")
    for name, packs in LABELLED.items():
        items = labelled_items(packs)
        articles = sorted({i["article"] for i in items})
        for label, tree in trees.items():
            result = in_child(tree, {"kind": "answers", "articles": articles})
            if result is None:
                print(f"{name:<30} {label:<9} timed out")
                continue
            s = scores(items, result["answers"])
            print(f"{name:<30} {label:<9} {s['items']:>5} {s['exact']:>7.1%} "
                  f"{s['accepted']:>9.1%} {s['signalled']:>10.1%} {s['caught']:>12} "
                  f"{s['flagged']:>14.1%}")


# --- time ---------------------------------------------------------------------------------------


def wire_paragraphs() -> list[str]:
    paragraphs = []
    for packs in LABELLED.values():
        for pack in packs:
            data = yaml.safe_load(pack.read_text(encoding="utf-8"))
            text = (pack.parent / data["article"]).read_text(encoding="utf-8")
            paragraphs += [line for line in text.splitlines()
                           if line.strip() and not is_date_line(line)]
    return paragraphs


def article_of(megabytes: float, single_line: bool = False) -> str:
    paragraphs, lines, size = wire_paragraphs(), [], 0
    target = int(megabytes * 1_048_576)
    while size < target:
        for paragraph in paragraphs:
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
            if size >= target:
                break
    return (" " if single_line else "\n").join(lines) + "\n"


def print_times(trees: dict[str, Path], folder: Path, megabytes: float) -> None:
    from quiz.content.sentences import split_sentences

    lines = []
    for paragraph in wire_paragraphs():
        lines.append(paragraph)
        if len(split_sentences("\n".join(lines))) >= 30:
            break
    short = folder / "thirty.txt"
    short.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = [("30-sentence article (target < 0.5 s)", short)]
    for label, size, single in ((f"{megabytes:g} MB article (target < 5 s)", megabytes, False),
                                ("5 MB on one line (target < 10 s)", 5.0, True)):
        path = folder / f"{size}-{single}.txt"
        path.write_text(article_of(size, single), encoding="utf-8")
        cases.append((label, path))
    print(f"drafting time, seconds (child processes, each timed out after {TIMEOUT} s); "
          "'first' includes compiling the rules' patterns")
    print(f"{'article':<38} {'drafter':<9} {'sentences':>9} {'import':>7} {'rules':>7} "
          f"{'first':>7} {'again':>7}")
    for label, path in cases:
        for name, tree in trees.items():
            result = in_child(tree, {"kind": "time", "article": str(path)})
            if result is None:
                print(f"{label:<38} {name:<9} {'> ' + str(TIMEOUT) + ' s: stopped':>39}")
                continue
            print(f"{label:<38} {name:<9} {result['sentences']:>9} {result['import']:>7.2f} "
                  f"{result['rules']:>7.2f} {result['first']:>7.2f} {result['again']:>7.2f}")


# --- sentence splitters ---------------------------------------------------------------------------

GOLDEN = ROOT / "tests/data/drafter/sentences/golden_rules_en.yaml"
Spans = list[tuple[int, int]]


def _trimmed(text: str, spans) -> Spans:
    found = []
    for start, end in spans:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        found.append((start + lead, start + len(piece.rstrip())))
    return [(a, b) for a, b in found if b > a]


def splitters(baseline: Path) -> dict[str, object]:
    """name -> function(paragraph) -> (spans, whether each span's own text is the slice)."""
    from quiz.content.sentences import split_paragraph

    found: dict[str, object] = {
        "quiz (current)": lambda text: ([(s.start, s.end) for s in split_paragraph(text)], True),
    }
    import importlib.util

    spec = importlib.util.spec_from_file_location("baseline_sentences",
                                                  baseline / "quiz/content/sentences.py")
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old  # its dataclasses look their module up
    spec.loader.exec_module(old)
    found["quiz (baseline)"] = lambda text: ([(s.start, s.end) for s in old.split_paragraph(text)],
                                             True)
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

        def with_pysbd(text: str):
            spans = segmenter.segment(text)
            exact = all(text[s.start:s.end] == s.sent for s in spans)
            return _trimmed(text, [(s.start, s.end) for s in spans]), exact

        found["pysbd " + getattr(pysbd, "__version__", "")] = with_pysbd
    except ImportError:
        print("pysbd not installed: skipped (pip install pysbd)")
    try:
        import blingfire

        def with_blingfire(text: str):
            joined, offsets = blingfire.text_to_sentences_and_offsets(text)
            exact = [text[a:b] for a, b in offsets] == joined.split("\n") if joined else True
            return _trimmed(text, offsets), exact

        found["blingfire"] = with_blingfire
    except ImportError:
        print("blingfire not installed: skipped (pip install blingfire numpy)")
    try:
        from syntok import segmenter as syntok_segmenter

        def with_syntok(text: str):
            spans, exact = [], True
            for paragraph in syntok_segmenter.analyze(text):
                for sentence in paragraph:
                    start = sentence[0].offset
                    end = sentence[-1].offset + len(sentence[-1].value)
                    spans.append((start, end))
                    exact &= all(text[t.offset:t.offset + len(t.value)] == t.value
                                 for t in sentence)
            return _trimmed(text, spans), exact

        found["syntok"] = with_syntok
    except ImportError:
        print("syntok not installed: skipped (pip install syntok)")
    return found


def golden_score(split) -> tuple[int, int]:
    rules = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["rules"]
    right = 0
    for rule in rules:
        spans, _ = split(rule["text"])
        right += [rule["text"][a:b] for a, b in spans] == rule["sentences"]
    return right, len(rules)


def _quoted(paragraph: str, at: int) -> bool:
    """Whether offset `at` lies inside a quotation that closes later in the paragraph."""
    opened = None
    for index, char in enumerate(paragraph):
        if char in "“\"" and opened is None:
            opened = index
        elif char in "”\"" and opened is not None:
            if opened < at < index:
                return True
            opened = None
    return False


def wire_gold() -> list[tuple[str, set[int], set[int]]]:
    """(paragraph, every labelled sentence end, the ends outside closed quotations) for each
    paragraph of the labelled articles: the claims are the grammatical sentences; quiz keeps
    a closed quotation in one sentence, so its inner full stops are not boundaries there."""
    rows = []
    # Only the sets whose claims are whole sentences (the first eval packs and the bundled
    # pack ask about parts of sentences too).
    for packs in list(LABELLED.values())[:2]:
        for pack in packs:
            data = yaml.safe_load(pack.read_text(encoding="utf-8"))
            text = (pack.parent / data["article"]).read_text(encoding="utf-8")
            ends = set()
            for item in data["items"]:
                at = text.find(item["passage"]) + item["passage"].find(item["claim"])
                ends.add(at + len(item["claim"].rstrip()))
            for skipped in data.get("skipped") or []:
                at = text.find(skipped["sentence"])
                ends.add(at + len(skipped["sentence"]))
            offset = 0
            for line in text.split("\n"):
                if line.strip() and not is_date_line(line):
                    mine = {e - offset for e in ends if offset < e <= offset + len(line)}
                    outside = {e for e in mine if not _quoted(line, e - 1)}
                    rows.append((line, mine, outside))
                offset += len(line) + 1
    return rows


def wire_score(split, rows) -> tuple[float, float, float, bool]:
    found = grammatical = convention = 0
    hit_all = hit_convention = 0
    exact = True
    for paragraph, ends, outside in rows:
        spans, own_text = split(paragraph)
        exact &= own_text
        predicted = {b for _, b in spans}
        found += len(predicted)
        grammatical += len(ends)
        convention += len(outside)
        hit_all += len(predicted & ends)
        hit_convention += len(predicted & outside)
    precision = hit_convention / found if found else 0.0
    return (hit_all / grammatical, hit_convention / convention, precision, exact)


def compare_splitters(baseline: Path) -> None:
    import time

    rows = wire_gold()
    one_mb = article_of(1.0).split("\n")
    long_line = article_of(0.2, single_line=True)
    print("sentence splitters: pySBD's 48 English golden rules (whole rule right); the labelled")
    print("wire and newspaper copy (tune and extra: recall of the claims' sentence ends, of those")
    print("outside closed quotations, and precision against the latter); whether each")
    print("sentence's text is exactly its slice of the source; time")
    print(f"{'splitter':<18} {'golden':>8} {'recall':>7} {'recall*':>8} {'precision*':>11} "
          f"{'offsets':>8} {'1 MB s':>7} {'200 KB line s':>14}")
    for name, split in splitters(baseline).items():
        golden = golden_score(split)
        recall, recall_convention, precision, exact = wire_score(split, rows)
        started = time.perf_counter()
        for paragraph in one_mb:
            if paragraph:
                split(paragraph)
        one = time.perf_counter() - started
        if name == "quiz (baseline)":
            line = "quadratic: skipped"  # minutes (see tests/test_sentences_linear.py)
        else:
            started = time.perf_counter()
            split(long_line)
            line = f"{time.perf_counter() - started:.2f}"
        print(f"{name:<18} {golden[0]:>4}/{golden[1]:<3} {recall:>7.1%} {recall_convention:>8.1%} "
              f"{precision:>11.1%} {'exact' if exact else 'NOT':>8} {one:>7.2f} {line:>14}")
    print("* outside closed quotations: the convention quiz's passages follow")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="9776df8", help="git commit to compare with")
    parser.add_argument("--mb", type=float, default=1.0, help="article size in MB (1.0)")
    parser.add_argument("--splitters", action="store_true", help="compare sentence splitters")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        trees = {"current": ROOT, "baseline": baseline_tree(args.baseline, folder)}
        print(f"baseline: commit {args.baseline}\n")
        print_accuracy(trees)
        print()
        print_times(trees, folder, args.mb)
        if args.splitters:
            print()
            compare_splitters(trees["baseline"])


if __name__ == "__main__":
    main()
