"""The participant page in a real browser: Playwright (from PyPI) drives Debian's chromium (through
`executable_path`, never a browser download of its own) against the web host on loopback, as a
desktop and as a phone (390x844, touch, device scale 3): join, the lobby, answering by tap and
changing the answer, the reveal, the next item, the end and the participant's own report, with
screenshots saved and the tap targets measured. Also: the page at 320 px wide and in dark mode,
nothing asked of any other server, no content-security-policy refusal, and a host that stops and
starts again with the page reconnecting by itself.

Without chromium the tests are skipped and say why (`.ci/run` installs it). The browser may
resolve no host but 127.0.0.1, so nothing leaves this computer. Set QUIZ_UPDATE_SCREENSHOTS=1 to
also write the README's phone screenshot (docs/screenshots/workshop-phone.png).
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from quiz.content.files import write_bytes
from quiz.content.pack_files import bundled_pack_files, load_pack
from quiz.core.packs import LoadedPack
from quiz.storage.store import Store
from quiz.workshop.addresses import free_port
from quiz.workshop.model import Workshop
from quiz.workshop.web_host import WebHost

LOOPBACK = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
# Bounded waits: each step takes well under a second; these only stop a broken run hanging.
STEP_MS = 10_000
MIN_TAP_PX = 48
MIN_GAP_PX = 8
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture
async def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("the real-browser tests need Debian's chromium, which is not installed here "
                    "(install it with 'apt-get install chromium'; .ci/run does so as root)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=path, headless=True,
            args=["--no-sandbox", "--disable-gpu",
                  # Any name but 127.0.0.1 fails to resolve: the page cannot reach anything else.
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


@pytest.fixture
def hosted(tmp_path: Path, mini: LoadedPack):
    store = Store(tmp_path / "data" / "quiz.sqlite3")
    workshop = Workshop.create(store, mini, code_rng=random.Random(5),
                               title="Evening workshop")
    host = WebHost(workshop, host=LOOPBACK, port=free_port(), log_path=tmp_path / "web.log")
    host.start()
    yield workshop, host
    host.stop()
    store.close()


def watch(page, origin: str) -> dict[str, list[str]]:
    """What the page asked for and what the browser complained about."""
    seen: dict[str, list[str]] = {"requests": [], "console": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: seen["console"].append(message.text)
            if message.type in ("error", "warning") else None)
    return seen


async def tap_targets(page) -> list[dict]:
    """Every control a finger may touch, with its box in CSS pixels."""
    return await page.evaluate("""() => Array.from(
        document.querySelectorAll('button, a.button, label.choice, input[type=text]'))
        .filter((element) => element.offsetParent !== null)
        .map((element) => { const box = element.getBoundingClientRect();
            return {what: element.textContent.trim() || element.id, top: box.top,
                    bottom: box.bottom, left: box.left, right: box.right,
                    width: box.width, height: box.height}; })""")


def check_tap_targets(targets: list[dict]) -> None:
    assert targets
    for target in targets:
        assert target["height"] >= MIN_TAP_PX and target["width"] >= MIN_TAP_PX, target
    for first in targets:  # no two targets touch: a fat finger hits one of them
        for second in targets:
            if first is second:
                continue
            apart_x = max(second["left"] - first["right"], first["left"] - second["right"])
            apart_y = max(second["top"] - first["bottom"], first["top"] - second["bottom"])
            assert max(apart_x, apart_y) >= MIN_GAP_PX, (first, second)


async def fits_without_zoom(page) -> None:
    sizes = await page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth, width: window.innerWidth,
        text: parseFloat(getComputedStyle(document.querySelector('main p, main label'))
                         .fontSize)})""")
    assert sizes["scroll"] <= sizes["width"], sizes  # nothing to scroll sideways
    assert sizes["text"] >= 16, sizes


async def wait_for_screen(page, key: str) -> None:
    await page.wait_for_selector(f'main[data-screen="{key}"]', timeout=STEP_MS)


async def announced(page, text: str) -> None:
    """`text` is in the live region screen readers read out."""
    await page.wait_for_selector(f"#announce:has-text({text!r})", state="attached",
                                 timeout=STEP_MS)


async def test_a_phone_joins_from_the_qr_code_taps_changes_and_takes_the_report(
    browser, hosted, tmp_path: Path
):
    workshop, host = hosted
    code = workshop.info().code
    origin = f"http://{LOOPBACK}:{host.port}"
    context = await browser.new_context(**PHONE, accept_downloads=True)
    page = await context.new_page()
    seen = watch(page, origin)
    await page.goto(f"{origin}/?code={code}")  # what the dashboard's QR code opens
    assert await page.input_value("#code") == code
    assert await page.get_attribute("#code", "inputmode") == "numeric"
    check_tap_targets(await tap_targets(page))
    await fits_without_zoom(page)
    await page.tap("#name")
    await page.keyboard.type("Ana María")
    await page.tap("button[type=submit]")
    await wait_for_screen(page, "lobby")
    assert "Welcome, Ana María!" in await page.text_content("main")

    workshop.start()
    host.poke()
    await wait_for_screen(page, "question-0")
    await announced(page, "The facilitator moved on: Item 1 of 4. What kind of statement is "
                          "the highlighted claim?")
    assert await page.evaluate("document.activeElement.id") == "screen-title"
    targets = await tap_targets(page)
    assert len([t for t in targets if t["what"]]) >= 4
    check_tap_targets(targets)
    await fits_without_zoom(page)
    assert await page.locator("fieldset.choices input[type=radio]").count() == 4
    await page.tap("label.choice:has-text('Denial')")
    await page.wait_for_selector("#answer-status:has-text('Your answer: Denial')",
                                 timeout=STEP_MS)
    await page.tap("label.choice:has-text('State-media claim')")  # changed her mind
    await page.wait_for_selector("#answer-status:has-text('Your answer: State-media claim')",
                                 timeout=STEP_MS)
    ana = workshop.participants()[0].id
    answer = workshop.answer_of(ana, 0)
    assert answer.chosen == "state_media" and answer.changes == 1
    question = await page.screenshot(full_page=True)
    write_bytes(tmp_path / "phone-question.png", question)

    workshop.reveal()
    host.poke()
    await wait_for_screen(page, "reveal-0")
    await announced(page, "The facilitator revealed the answer to item 1 of 4: "
                          "State-media claim.")
    assert "✓ Correct" in await page.text_content(".verdict")
    assert await page.locator("meter").count() == 4
    write_bytes(tmp_path / "phone-reveal.png", await page.screenshot(full_page=True))

    workshop.next()
    host.poke()
    await wait_for_screen(page, "question-1")
    workshop.end()
    host.poke()
    await wait_for_screen(page, "ended")
    assert "Score report: Ana María" in await page.text_content("main")
    check_tap_targets(await tap_targets(page))
    async with page.expect_download(timeout=STEP_MS) as downloading:
        await page.tap("a.button")
    download = await downloading.value
    assert download.suggested_filename == f"workshop-{workshop.id}-ana-maria-report.html"
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert "Ana María" in saved.read_text(encoding="utf-8")

    assert seen["requests"] and all(url.startswith((origin, f"ws://{LOOPBACK}:{host.port}"))
                                    for url in seen["requests"]), seen["requests"]
    assert not [text for text in seen["console"] if "Content Security Policy" in text]
    await context.close()


async def test_on_a_desktop_the_keyboard_joins_and_answers(browser, hosted, tmp_path: Path):
    workshop, host = hosted
    code = workshop.info().code
    context = await browser.new_context(**DESKTOP)
    page = await context.new_page()
    await page.goto(f"http://{LOOPBACK}:{host.port}/")
    await page.fill("#name", "Bo")
    await page.press("#name", "Enter")  # enter in the name goes on to the code
    assert await page.evaluate("document.activeElement.id") == "code"
    await page.keyboard.type(code[:3] + " " + code[3:])
    await page.keyboard.press("Enter")
    await wait_for_screen(page, "lobby")
    workshop.start()
    host.poke()
    await wait_for_screen(page, "question-0")
    columns = await page.evaluate("""() => new Set(Array.from(
        document.querySelectorAll('label.choice'), (l) => l.getBoundingClientRect().left)).size""")
    assert columns == 2  # two answers a row on a wide screen
    await page.click("label.choice:has-text('Denial')")
    await page.wait_for_selector("#answer-status:has-text('Your answer: Denial')",
                                 timeout=STEP_MS)
    write_bytes(tmp_path / "desktop-question.png", await page.screenshot())
    assert workshop.answer_of(workshop.participants()[0].id, 0).chosen == "denial"
    await context.close()


async def test_the_page_reads_at_320_pixels_and_follows_the_systems_dark_setting(
    browser, hosted
):
    workshop, host = hosted
    workshop.join("Cy", workshop.info().code)
    backgrounds = []
    for scheme in ("light", "dark"):
        context = await browser.new_context(viewport={"width": 320, "height": 640},
                                            color_scheme=scheme, is_mobile=True, has_touch=True)
        page = await context.new_page()
        await page.goto(f"http://{LOOPBACK}:{host.port}/")
        await fits_without_zoom(page)
        check_tap_targets(await tap_targets(page))
        backgrounds.append(await page.evaluate("getComputedStyle(document.body).backgroundColor"))
        assert await page.get_attribute("#name", "autocomplete") == "nickname"
        assert await page.locator("label[for=name]").count() == 1
        assert await page.locator("[aria-live=polite]").count() == 1
        await context.close()
    assert backgrounds[0] != backgrounds[1]


async def test_a_host_that_stops_and_starts_again_finds_the_page_where_it_was(
    browser, hosted, tmp_path: Path
):
    workshop, host = hosted
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    await page.goto(f"http://{LOOPBACK}:{host.port}/?code={workshop.info().code}")
    await page.fill("#name", "Di")
    await page.tap("button[type=submit]")
    await wait_for_screen(page, "lobby")
    workshop.start()
    host.poke()
    await wait_for_screen(page, "question-0")
    await page.tap("label.choice:has-text('Denial')")
    await page.wait_for_selector("#answer-status:has-text('Your answer: Denial')",
                                 timeout=STEP_MS)

    host.stop()  # the host's laptop restarts the program
    await page.wait_for_selector("#connection:has-text('Connection to the workshop lost')",
                                 timeout=STEP_MS)
    workshop.reveal()
    again = WebHost(workshop, host=LOOPBACK, port=host.port, log_path=tmp_path / "web2.log")
    started = time.monotonic()
    again.start()
    try:
        await wait_for_screen(page, "reveal-0")  # reconnected by itself, with its secret
        assert time.monotonic() - started < 12
        assert "you chose Denial" in await page.text_content(".verdict")
        assert await page.is_hidden("#connection")
    finally:
        again.stop()
    await context.close()


async def test_the_readme_pictures_a_phone_in_a_workshop_on_the_bundled_pack(
    browser, tmp_path: Path
):
    """The README's phone screenshots, taken on the article the project ships (written to
    docs/screenshots/ with QUIZ_UPDATE_SCREENSHOTS=1), checked like any other page."""
    files = bundled_pack_files()
    if not files:
        pytest.skip("no bundled pack to picture")
    pack = load_pack(files[0])
    from quiz.workshop.plan import article_order

    ordered = article_order(pack)
    first = next(n for n, item in enumerate(ordered) if item.claim != item.passage.strip())
    store = Store(tmp_path / "readme" / "quiz.sqlite3")
    workshop = Workshop.create(store, pack, items=ordered[first:first + 8],
                               code_rng=random.Random(5), title="Evening workshop")
    host = WebHost(workshop, host=LOOPBACK, port=free_port(), log_path=tmp_path / "readme.log")
    host.start()
    try:
        code = workshop.info().code
        others = [workshop.join(name, code).id for name in ("Ana", "Bo", "Chen", "Dara")]
        context = await browser.new_context(**PHONE)
        page = await context.new_page()
        await page.goto(f"http://{LOOPBACK}:{host.port}/?code={code}")
        await page.fill("#name", "Sam")
        await page.tap("button[type=submit]")
        await wait_for_screen(page, "lobby")
        workshop.start()
        host.poke()
        await wait_for_screen(page, "question-0")
        item = workshop.item(0)
        for person, choice in zip(others, [item.answer, item.answer, "denial", item.answer]):
            workshop.answer(person, choice)
        label = pack.category(item.answer).label
        await page.tap(f"label.choice:has-text({label!r})")
        await page.wait_for_selector(f"#answer-status:has-text({label!r})", timeout=STEP_MS)
        check_tap_targets(await tap_targets(page))
        await fits_without_zoom(page)
        question = await page.screenshot(full_page=True, scale="css")
        workshop.reveal()
        host.poke()
        await wait_for_screen(page, "reveal-0")
        await fits_without_zoom(page)
        reveal = await page.screenshot(full_page=True, scale="css")
        for name, shot in (("workshop-phone.png", question), ("workshop-phone-reveal.png", reveal)):
            assert shot.startswith(b"\x89PNG") and len(shot) > 10_000
            write_bytes(tmp_path / name, shot)
            if os.environ.get("QUIZ_UPDATE_SCREENSHOTS") == "1":
                write_bytes(SCREENSHOTS / name, shot)
        await context.close()
    finally:
        host.stop()
        store.close()
