"""The graph page in a real browser: Playwright driving Debian's headless chromium.

Skipped when /usr/bin/chromium is missing, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph import analysis, viz

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
PROBE = FIXTURES / "probe" / "xss-probe.json"
ARTIFACTS = Path(__file__).parents[1] / "build" / "test-artifacts"
FIRST = "https://w3id.org/kamervragen-kg/id/doc/000_f6bdf192e8c7e34f/toezegging/0"


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from a file, with every non-file request aborted and recorded."""

    def __init__(self, browser, path: Path):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgReady === true", timeout=20_000)

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def eval(self, script: str):
        return self.page.evaluate(script)

    def hover(self, node_id: str) -> str:
        """Move the mouse onto a node and return the text of the tooltip that appears."""
        self.eval(f"network.focus({json.dumps(node_id)}, {{scale: 1.5, animation: false}})")
        self.page.wait_for_timeout(50)
        x, y = self.eval(
            f"""(() => {{
                const id = {json.dumps(node_id)};
                const p = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.getElementById('mynetwork').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }})()"""
        )
        self.page.mouse.move(x - 30, y - 30)
        self.page.mouse.move(x, y, steps=5)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return analysis.load_records(FIXTURES)


@pytest.fixture(scope="module")
def seed_page(records, tmp_path_factory) -> Path:
    return viz.write_page(records, tmp_path_factory.mktemp("page") / "graph.html")


@pytest.fixture()
def visit(browser, seed_page):
    v = Visit(browser, seed_page)
    yield v
    v.close()


def test_browser_page_loads_offline_without_console_errors(visit, records):
    G = analysis.record_graph(records)
    counts = visit.eval("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [len(G), G.number_of_edges()]
    assert visit.eval("[kgPage.nodeCount(), kgPage.edgeCount()]") == counts
    assert visit.errors == []
    assert visit.outside == []
    legend = visit.page.locator("#kg-types label").all_inner_texts()
    assert any("toezegging" in text for text in legend) and len(legend) == 11
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "graph.png"))


def test_browser_hovering_a_commitment_shows_its_sentence(visit):
    text = visit.hover(FIRST)
    assert (
        "In januari 2025 vindt een ambtelijk werkbezoek aan de gemeente Groningen plaats." in text
    )
    assert "termijn: 2025-01" in text
    assert "toezegging" in text


def test_browser_hovering_an_actor_shows_its_identifier(visit):
    text = visit.hover(
        "https://w3id.org/kamervragen-kg/id/actor/minister-van-justitie-en-veiligheid"
    )
    assert "Minister van Justitie en Veiligheid" in text
    assert "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058" in text


def test_browser_clicking_an_actor_opens_details_with_a_link(visit):
    node = "https://w3id.org/kamervragen-kg/id/actor/minister-van-justitie-en-veiligheid"
    visit.hover(node)
    box = visit.page.locator("#mynetwork").bounding_box()
    assert box is not None
    visit.page.mouse.down()
    visit.page.mouse.up()
    link = visit.page.locator("#kg-details a")
    link.wait_for(state="visible", timeout=5_000)
    assert (
        link.get_attribute("href") == "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058"
    )
    assert visit.outside == []


def test_browser_search_and_type_filter_change_the_visible_nodes(visit):
    total = visit.eval("kgPage.visibleNodeCount()")
    visit.page.fill("#kg-search", "VNG")
    visit.page.wait_for_function(f"kgPage.visibleNodeCount() < {total}")
    found = visit.eval("network.getSelectedNodes()")
    assert "https://w3id.org/kamervragen-kg/id/actor/vereniging-van-nederlandse-gemeenten" in found
    assert "VNG" in visit.page.locator("#kg-search").input_value()
    visit.page.fill("#kg-search", "")
    visit.page.wait_for_function(f"kgPage.visibleNodeCount() === {total}")
    organisations = visit.eval("nodes.get().filter(n => n.kgType === 'organisation').length")
    visit.page.locator("#kg-types input[data-type=organisation]").uncheck()
    assert visit.eval("kgPage.visibleNodeCount()") == total - organisations
    assert visit.eval("kgPage.visibleEdgeCount()") < visit.eval("kgPage.edgeCount()")
    visit.page.click("#kg-all")
    assert visit.eval("kgPage.visibleNodeCount()") == total


def test_browser_action_line_filter_keeps_what_serves_the_line(visit):
    visit.page.select_option("#kg-line", "Actielijn 4")
    ids = set(visit.eval("network.body.data.nodes.getIds()"))
    assert "https://w3id.org/kamervragen-kg/id/programme/actielijn-4" in ids
    assert "https://w3id.org/kamervragen-kg/id/actor/ketenregisseur" in ids
    assert (
        "https://w3id.org/kamervragen-kg/id/actor/vereniging-van-nederlandse-gemeenten" not in ids
    )
    assert visit.page.locator("#kg-count").inner_text().startswith(f"{len(ids)} van ")


def test_browser_xss_probe_does_not_execute(browser, tmp_path):
    probe = json.loads(PROBE.read_text(encoding="utf-8"))
    path = viz.write_page(
        [probe], tmp_path / "probe.html", title="<img src=x onerror=window.__xss=99>"
    )
    visit = Visit(browser, path)
    try:
        commitment = probe["commitments"][0]["id"]
        actor = probe["actors"][0]["id"]
        text = visit.hover(commitment)
        assert "</script><script>window.__xss=5</script>" in text  # shown as text
        assert "<img src=x onerror=window.__xss=6>" in text
        assert "onerror" in visit.hover(actor)
        visit.page.mouse.down()
        visit.page.mouse.up()
        visit.page.locator("#kg-details").wait_for(state="visible", timeout=5_000)
        hrefs = visit.page.locator("#kg-details a").evaluate_all("a => a.map(x => x.href)")
        assert hrefs == ["https://www.wikidata.org/wiki/Q1"]  # javascript: stays plain text
        visit.page.fill("#kg-search", "script")
        visit.page.wait_for_function("network.getSelectedNodes().length > 0")  # search ran
        assert visit.eval("typeof window.__xss") == "undefined"
        assert visit.dialogs == []
        assert visit.eval("document.querySelectorAll('img, svg, iframe').length") == 0
        scripts = path.read_text(encoding="utf-8").count("<script")
        assert visit.eval("document.querySelectorAll('script').length") <= scripts  # none added
        assert visit.errors == [] and visit.outside == []
    finally:
        visit.close()
