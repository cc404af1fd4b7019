#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""The dashboard in a real browser (issue 15).

Makes a demo store (`assay demo --no-serve`), tokens for an admin, a vendor and an in-house
annotator, starts `assay serve` on it (stopped at exit), and drives Debian's chromium through
Selenium: signs in with the form, opens every page of the demo project and of the demo's
pairwise, rating, multi-label and text projects, checks that the figures
shown equal the API's JSON, that the browser logged no error and requested nothing from anywhere
but the server, that a vendor session gets 404 for the buyer's pages, and labels 20 items by
keyboard in the queue, after which the API must show a new `in-house` delivery of 20 labels whose
honeypots are scored. Screenshots of each page go to --screenshots.

    python3 scripts/browser_test.py --assay .build/release/assay --screenshots docs/screenshots
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from selenium.common.exceptions import TimeoutException

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, flush=True)
    return condition


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


class Server:
    """`assay serve` on a demo store, with tokens."""

    def __init__(self, assay, items):
        self.dir = tempfile.mkdtemp(prefix="assay-browser-")
        self.store = os.path.join(self.dir, "demo.db")
        self.assay = assay
        run([assay, "demo", "--no-serve", "--store", self.store, "--items", str(items)])
        self.tokens = {
            name: run([assay, "token", "create", "--role", role, "--store", self.store]).strip()
            for name, role in [("admin", "admin"), ("vendor", "vendor:Budget"), ("annotator", "annotator:alex")]
        }
        port_file = os.path.join(self.dir, "port")
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = subprocess.Popen(
            [assay, "serve", "--store", self.store, "--port", "0", "--port-file", port_file],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if self.process.poll() is not None:
                raise SystemExit("assay serve exited: " + open(self.log.name).read())
            time.sleep(0.05)
        self.base = "http://127.0.0.1:" + open(port_file).read().strip()

    def api(self, path, token="admin"):
        request = urllib.request.Request(self.base + path, headers={"Authorization": "Bearer " + self.tokens[token]})
        with urllib.request.urlopen(request) as r:
            body = r.read().decode()
        return [json.loads(line) for line in body.splitlines()] if "format=jsonl" in path else json.loads(body)

    def status(self, path, cookie):
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
              "--disable-background-networking", "--disable-component-update", "--no-first-run",
              "--disable-sync", "--disable-default-apps", "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Page:
    """Opens pages and checks the logs after each: no console error, no request elsewhere."""

    def __init__(self, driver, server, shots):
        self.driver = driver
        self.server = server
        self.shots = shots
        self.requests = 0

    def check_logs(self, what, status_expected=None):
        for entry in self.driver.get_log("browser"):
            # A page answered with an error status on purpose logs that status, and nothing else.
            expected = status_expected and f"status of {status_expected}" in entry["message"]
            check(expected or entry["level"] not in ("SEVERE", "ERROR"),
                  f"{what}: console {entry['level']}: {entry['message']}")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                self.requests += 1
                check(url.startswith(self.server.base + "/") or url.startswith("data:") or url == "about:blank",
                      f"{what}: a request left the server: {url}")

    def open(self, path, shot=None, full=True, status_expected=None):
        self.driver.get(self.server.base + path)
        self.check_logs(path, status_expected)
        if shot:
            self.screenshot(shot, full)
        return self.driver

    def screenshot(self, name, full=True):
        d = self.driver
        if full:
            height = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(1280, min(max(800, height + 150), 2400))
        d.save_screenshot(os.path.join(self.shots, name + ".png"))
        d.set_window_size(1280, 800)

    def weight(self, path):
        cookie = "assay_session=" + self.driver.get_cookie("assay_session")["value"]
        request = urllib.request.Request(self.server.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request) as r:
            return len(r.read())


def cells(driver, table_id):
    """Rows of a table as lists of cells (WebElements)."""
    rows = driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr")
    return [row.find_elements(By.TAG_NAME, "td") for row in rows]


def shown(cell):
    """(exact value, text shown) of the figure in a cell."""
    span = cell.find_element(By.CSS_SELECTOR, "[data-value]")
    return float(span.get_attribute("data-value")), span.text


def same_figure(cell, figure, digits, what):
    if figure is None:
        return check(cell.text.strip() == "—", f"{what}: shown {cell.text!r}, API has none")
    value, text = shown(cell)
    check(value == figure["value"], f"{what}: data-value {value} != API {figure['value']}")
    check(text == f"{figure['value']:.{digits}f}".replace("-", "−"), f"{what}: shows {text}, API {figure['value']}")
    span = cell.find_element(By.CSS_SELECTOR, "[data-value]")
    for end in ["low", "high"]:
        if figure[end] is not None:
            check(float(span.get_attribute("data-" + end)) == figure[end], f"{what}: {end} differs from the API")


def sign_in(page, token, expect_path):
    d = page.driver
    d.delete_all_cookies()
    page.open("/signin")
    d.find_element(By.ID, "token").send_keys(token)
    d.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
    # The click returns before the redirect has loaded: wait for the signed-in page.
    try:
        WebDriverWait(d, 10).until(lambda d: urllib.parse.urlparse(d.current_url).path == expect_path
                                   and d.execute_script("return document.readyState") == "complete")
    except TimeoutException:
        pass
    page.check_logs("sign-in")
    check(urllib.parse.urlparse(d.current_url).path == expect_path, f"signed in at {d.current_url}, expected {expect_path}")
    return "assay_session=" + d.get_cookie("assay_session")["value"]


def buyer_pages(page, server):
    d = page.driver
    scorecard = server.api("/v1/projects/demo/scorecard")
    agreement = server.api("/v1/projects/demo/agreement")
    # Projects overview.
    page.open("/projects", "overview", full=False)
    rows = cells(d, "projects")
    names = [r[0].text for r in rows]
    check(sorted(names) == sorted(["demo"] + list(TYPED)), f"the overview lists the demo projects: {names}")
    for r in rows:
        project = server.api("/v1/projects/" + r[0].text)
        check(shown(r[2])[0] == project["counts"]["labels"], f"overview labels of {r[0].text} equal the API's")
    # Project: vendors side by side, comparisons.
    page.open("/projects/demo", "project", full=False)
    page.screenshot("project-full")
    rows = cells(d, "vendors")
    check([r[0].text for r in rows] == [v["vendor"] for v in scorecard["vendors"]], "vendor rows follow the scorecard")
    for r, v in zip(rows, scorecard["vendors"]):
        same_figure(r[5], v["gold_accuracy"], 3, f"{v['vendor']} gold accuracy")
        same_figure(r[6], v["estimated_accuracy"], 3, f"{v['vendor']} estimated accuracy")
        same_figure(r[12], v["cost_per_correct_label"], 4, f"{v['vendor']} cost per correct label")
        check(shown(r[2])[0] == v["labels"], f"{v['vendor']} labels")
        check(shown(r[8])[0] == v["flagged_annotators"], f"{v['vendor']} flagged annotators")
    marks = d.find_elements(By.CSS_SELECTOR, "svg.chart[role=img] g.mark title")
    check(len(marks) >= 2 * len(scorecard["vendors"]), "the accuracy chart has a mark per vendor and series")
    pholm = sorted(float(s.get_attribute("data-value")) for s in d.find_elements(
        By.CSS_SELECTOR, "#comparisons tr td:nth-child(8) [data-value]"))
    check(pholm == sorted(c["p_holm"] for c in scorecard["comparisons"] if c["p_holm"] is not None),
          "Holm-corrected p-values equal the API's")
    # Vendors.
    for v in scorecard["vendors"]:
        page.open("/projects/demo/vendors/" + urllib.parse.quote(v["vendor"]),
                  "vendor-" + v["vendor"].lower() if v["vendor"] in ("Budget", "in-house") else None)
        tile = d.find_element(By.XPATH, "//div[@class='tile'][span='estimated accuracy']/b")
        check(float(tile.get_attribute("data-value")) == v["estimated_accuracy"]["value"],
              f"{v['vendor']} page: estimated accuracy tile")
        deliveries = cells(d, "deliveries")
        check(sum(shown(r[3])[0] for r in deliveries) == v["labels"], f"{v['vendor']}: delivery labels add up")
        check(len(d.find_elements(By.CSS_SELECTOR, "#annotators tbody tr")) == v["annotators"],
              f"{v['vendor']}: its annotators listed")
    # Annotators: sortable, flags, heatmap, histogram.
    page.open("/projects/demo/annotators", "annotators")
    rows = cells(d, "annotators")
    api_rows = scorecard["annotators"]
    check(len(rows) == min(1000, scorecard["annotators_total"]), "every annotator listed (up to 1,000)")
    for r, a in zip(rows[:10], api_rows[:10]):
        check(r[1].text == a["annotator"], f"annotator order: {r[1].text} vs {a['annotator']}")
        check(shown(r[6])[0] == a["estimated_accuracy"], f"{a['annotator']}: estimated accuracy")
        check([f.text for f in r[12].find_elements(By.CLASS_NAME, "flag")] == a["flags"],
              f"{a['annotator']}: flags with their sentences")
    header = d.find_elements(By.CSS_SELECTOR, "#annotators thead th")[6]
    header.click()
    values = [shown(r[6])[0] for r in cells(d, "annotators")]
    check(values == sorted(values), "clicking a header sorts the table")
    check(header.get_attribute("aria-sort") == "ascending", "the sorted header says so")
    check(len(d.find_elements(By.CSS_SELECTOR, "#confusion")) == 1, "a confusion heatmap")
    svgs = d.find_elements(By.CSS_SELECTOR, "svg.chart")
    check(all(s.get_attribute("role") == "img" and s.get_attribute("aria-label") for s in svgs),
          "every chart has role=img and a label")
    # Agreement.
    page.open("/projects/demo/agreement", "agreement")
    rows = cells(d, "agreement")
    for r, a in zip(rows, agreement["rows"]):
        check(r[0].text == a["metric"], "agreement rows follow the API")
        if a["value"] is not None:
            check(shown(r[2])[0] == a["value"], f"agreement {a['metric']}")
    # Review: the least confident item first.
    page.open("/projects/demo/review", "review")
    consensus = server.api("/v1/projects/demo/consensus?format=jsonl")
    least = min(c["confidence"] for c in consensus)
    first = cells(d, "review")[0]
    check(shown(first[2])[0] == least, "review starts with the least confident item")
    item = next(c for c in consensus if c["item"] == first[0].text)
    check(item["confidence"] == least and first[1].text == item["label"], "its consensus is the API's")
    check(len(first[4].find_elements(By.TAG_NAME, "li")) == item["labels"], "every label of the item is listed")
    # Gold.
    page.open("/projects/demo/gold", "gold")
    rows = cells(d, "gold-vendors")
    for r, v in zip(rows, scorecard["vendors"]):
        same_figure(r[3], v["gold_accuracy"], 3, f"gold page: {v['vendor']}")
    # Phone width: nothing wider than the screen but the scrolling tables.
    d.set_window_size(390, 844)
    page.open("/projects/demo")
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"the project page is {overflow}px wider than a phone")
    height = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(390, min(max(844, height + 150), 5000))
    d.save_screenshot(os.path.join(page.shots, "project-phone.png"))
    d.set_window_size(1280, 800)
    decisions_page(page, server)
    for path in ["/projects", "/projects/demo", "/projects/demo/annotators", "/projects/demo/review",
                 "/projects/demo/decisions"]:
        size = page.weight(path)
        print(f"page weight {path}: {size} bytes", flush=True)


def decisions_page(page, server):
    """The decisions page: the plan's figures and the latest delivery's acceptance equal the API's;
    every chart labelled; nothing wider than a phone."""
    d = page.driver
    plan = server.api("/v1/projects/demo/plan?budget=1000")
    page.open("/projects/demo/decisions", "decisions")
    tile = d.find_element(By.XPATH, "//div[@class='tile'][span='expected correct labels']/b")
    check(float(tile.get_attribute("data-value")) == plan["expected_correct"], "decisions: expected correct labels")
    rows = cells(d, "plan-vendors")
    check([r[0].text for r in rows] == [v["vendor"] for v in plan["vendors"]], "decisions: plan rows follow the API")
    for r, v in zip(rows, plan["vendors"]):
        check(shown(r[1])[0] == v["share"], f"decisions: {v['vendor']} share")
        check(shown(r[7])[0] == v["probability_best"], f"decisions: {v['vendor']} P(best)")
    latest = cells(d, "acceptance-deliveries")[0]
    judged = server.api("/v1/projects/demo/deliveries/" + urllib.parse.quote(latest[0].text)
                        + "/acceptance?aql=0.05&ltpd=0.2")
    check(shown(latest[7])[0] == judged["posterior"]["above_aql"] and latest[6].text == judged["decision"],
          f"decisions: {latest[0].text} judged as the API judges it")
    fraud = server.api("/v1/projects/demo/fraud")
    tile = d.find_element(By.XPATH, "//div[@class='tile'][span='annotator pairs tested']/b")
    check(float(tile.get_attribute("data-value")) == fraud["pairs_tested"], "decisions: pairs tested")
    svgs = d.find_elements(By.CSS_SELECTOR, "svg.chart")
    check(len(svgs) >= 4 and all(s.get_attribute("role") == "img" and s.get_attribute("aria-label") for s in svgs),
          "decisions: every chart has role=img and a label")
    d.set_window_size(390, 844)
    page.open("/projects/demo/decisions")
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"the decisions page is {overflow}px wider than a phone")
    d.set_window_size(1280, 800)


TYPED = {"pairwise-demo": "pairwise", "rating-demo": "rating", "multilabel-demo": "multilabel", "text-demo": "text"}


def typed_pages(page, server):
    """Every page of the demo's pairwise, rating, multi-label and text projects; the figures shown
    equal GET /v1/projects/{p}/scorecard, which serves the type's report."""
    d = page.driver
    for name, kind in TYPED.items():
        report = server.api(f"/v1/projects/{name}/scorecard")
        check(report["type"] == kind, f"{name}: the scorecard route serves the {kind} report")
        page.open(f"/projects/{name}", f"project-{kind}")
        svgs = d.find_elements(By.CSS_SELECTOR, "svg.chart")
        check(svgs and all(s.get_attribute("role") == "img" and s.get_attribute("aria-label") for s in svgs),
              f"{name}: charts, each with role=img and a label")
        if kind == "pairwise":
            rows = cells(d, "leaderboard")
            check([r[1].text for r in rows] == [o["object"] for o in report["objects"]], "leaderboard order is the API's")
            for r, o in zip(rows, report["objects"]):
                same_figure(r[2], o["score"], 3, f"score of {o['object']}")
            rows = cells(d, "judges")
            check([r[0].text for r in rows] == [v["vendor"] for v in report["vendors"]], "judges are the API's vendors")
            for r, v in zip(rows, report["vendors"]):
                same_figure(r[3], v["agreement_with_consensus"], 3, f"{v['vendor']} agreement with the consensus")
                same_figure(r[4], v["position_bias"], 3, f"{v['vendor']} position bias")
                same_figure(r[5], v["reliability"], 3, f"{v['vendor']} reliability")
        elif kind == "rating":
            rows = cells(d, "vendors")
            check([r[0].text for r in rows] == [v["vendor"] for v in report["vendors"]], "rating vendors are the API's")
            for r, v in zip(rows, report["vendors"]):
                same_figure(r[4], v["severity"], 2, f"{v['vendor']} severity")
            marks = d.find_elements(By.CSS_SELECTOR, "svg.chart g.mark title")
            check(len(marks) >= len(report["vendors"]) + min(40, len(report["raters"])),
                  "a severity mark per vendor and rater")
        elif kind == "multilabel":
            rows = cells(d, "classes")
            check([r[0].text for r in rows] == [c["class"] for c in report["per_class"]], "classes are the API's")
            for r, c in zip(rows, report["per_class"]):
                check(shown(r[1])[0] == c["consensus_items"], f"{c['class']}: items in the consensus")
                same_figure(r[4], c["alpha"], 3, f"α of {c['class']}")
        else:
            rows = cells(d, "vendors")
            for r, v in zip(rows, report["vendors"]):
                check(shown(r[3])[0] == v["word_error_rate"], f"{v['vendor']} word error rate")
            tile = d.find_element(By.XPATH, "//div[@class='tile'][span='near-duplicate pairs']/b")
            check(float(tile.get_attribute("data-value")) == report["near_duplicates"]["pairs"], "near-duplicate pairs")
            consensus = server.api(f"/v1/projects/{name}/consensus?format=jsonl")
            least = min(consensus, key=lambda c: (c["confidence"], c["item"]))
            first = d.find_element(By.CSS_SELECTOR, ".answer")
            check(first.find_element(By.CSS_SELECTOR, ".consensus").text == least["text"].strip(),
                  "the least confident answer's consensus is the API's")
            check(len(first.find_elements(By.TAG_NAME, "li")) == least["answers"], "with every answer")
        agreement = server.api(f"/v1/projects/{name}/agreement")
        for suffix in ["/vendors/A", "/annotators", "/agreement", "/review", "/gold"]:
            shot = f"{suffix.strip('/').split('/')[0]}-{kind}" if (kind, suffix) in [
                ("rating", "/annotators"), ("text", "/review"), ("pairwise", "/annotators")] else None
            page.open(f"/projects/{name}{suffix}", shot)
            check(d.find_element(By.TAG_NAME, "h1").text != "Not Found", f"{name}{suffix} opens")
        page.open(f"/projects/{name}/agreement")
        rows = cells(d, "agreement")
        check(len(rows) == len(agreement["rows"]), f"{name}: every agreement row")
        for r, a in zip(rows, agreement["rows"]):
            if a["value"] is not None:
                check(shown(r[2])[0] == a["value"], f"{name}: agreement {a['metric']}")
    for name in TYPED:
        for suffix in ["", "/annotators", "/agreement"]:
            print(f"page weight /projects/{name}{suffix}: {page.weight(f'/projects/{name}{suffix}')} bytes", flush=True)


def push(server, name, body):
    """PUT a CSV delivery as the vendor; the status."""
    request = urllib.request.Request(
        server.base + "/v1/projects/demo/deliveries/" + name, data=body.encode(), method="PUT",
        headers={"Authorization": "Bearer " + server.tokens["vendor"], "Content-Type": "text/csv"})
    try:
        with urllib.request.urlopen(request) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def vendor_session(page, server):
    d = page.driver
    check(push(server, "week5-draft.csv", "item,annotator,label\nitem1,budget-0,angry\nitem2,budget-0,positive\n"
               "item3,budget-1,happy\n") == 422, "an invalid delivery is refused")
    check(push(server, "week5.csv", "item,annotator,label\n" + "".join(
        f"item{i},budget-{i % 3},positive\n" for i in range(10))) == 201, "a valid delivery is stored")
    cookie = sign_in(page, server.tokens["vendor"], "/vendor")
    page.open("/vendor", "vendor-portal")
    text = d.find_element(By.TAG_NAME, "main").text
    check("Budget-week1.csv" in text and "Acme" not in text and "Crowd" not in text,
          "a vendor sees its own deliveries only")
    check("week5-draft.csv" in text and "line 2, label 'angry'" in text, "a refused delivery shows its row errors")
    for path in ["/projects", "/projects/demo", "/projects/demo/gold", "/projects/demo/vendors/Budget",
                 "/projects/demo/review", "/queue/demo"]:
        check(server.status(path, cookie) == 404, f"a vendor session opens {path}")
    page.open("/projects/demo", status_expected=404)
    check(d.find_element(By.TAG_NAME, "h1").text == "Not Found", "the browser shows 404 to the vendor")


def deliver(page, body, what):
    """Enter at the end of a round: the page must come back saying it was delivered."""
    d = page.driver
    check(d.find_element(By.ID, "q-done").is_displayed(), f"{what}: the round ends with the deliver step")
    body.send_keys(Keys.ENTER)
    try:
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "delivered"))
    except TimeoutException:
        pass
    page.check_logs(what)
    check(d.find_elements(By.ID, "delivered"), f"{what}: the page says the round was delivered")


def queue(page, server):
    d = page.driver
    before = server.api("/v1/projects/demo/deliveries?limit=1000")["items"]
    sign_in(page, server.tokens["annotator"], "/queue")
    page.open("/queue/demo")
    keywords = {
        "1": ["stopped working", "refund", "never answered", "Cheap materials", "Returned", "disappointed"],
        "2": ["as promised", "nothing more", "have not used", "Average", "three colours", "Too early"],
        "3": ["Love", "Best", "excellent", "delighted", "Worth every", "Five stars"],
    }

    def visible_text():
        return next(a.text for a in d.find_elements(By.CSS_SELECTOR, "#q-items article") if a.is_displayed())

    def key_for(text):
        return next((k for k, words in keywords.items() if any(w in text for w in words)), "2")

    body = d.find_element(By.TAG_NAME, "body")
    n = len(d.find_elements(By.CSS_SELECTOR, "#q-items article"))
    check(n == 20, f"a round of 20 items, got {n}")
    page.screenshot("queue", full=False)
    print(f"page weight /queue/demo (a round of {n} items, its script included): {len(d.page_source.encode())} bytes",
          flush=True)
    body.send_keys("?")
    check(d.find_element(By.ID, "q-help").is_displayed(), "? shows the keys")
    body.send_keys("?")
    # A wrong key, then undo, then the right one.
    first = visible_text()
    body.send_keys("3" if key_for(first) != "3" else "1")
    body.send_keys("u")
    check(visible_text() == first, "u brings the item back")
    for j in range(n):
        body.send_keys(key_for(visible_text()))
    deliver(page, body, "queue")
    page.screenshot("queue-delivered", full=False)
    after = server.api("/v1/projects/demo/deliveries?limit=1000")["items"]
    new = [r for r in after if r["id"] not in {b["id"] for b in before}]
    check(len(new) == 1 and new[0]["vendor"] == "in-house" and new[0]["labels"] == 20,
          f"one new in-house delivery of 20 labels: {new}")
    scorecard = server.api("/v1/projects/demo/scorecard")
    house = next((v for v in scorecard["vendors"] if v["vendor"] == "in-house"), None)
    check(house is not None and house["labels"] == 20, "in-house is scored beside the vendors")
    check(house is not None and house["gold_labels"] >= 1 and house["gold_accuracy"] is not None,
          f"its honeypots are scored: {house and house['gold_labels']} gold labels")
    return house


def pairwise_queue(page, server):
    """Labels 20 pairs of pairwise-demo by ←/→/↓ as the in-house annotator: the better answer by its
    wording (the demo writes clear, partly correct and off-topic answers), ↓ when they read alike;
    then the API must show one new in-house delivery of 20 labels, and the in-house judge's votes on
    the round's honeypots (gold pairs of the round's batch) checked in the pairwise scorecard."""
    d = page.driver
    name = "pairwise-demo"
    before = server.api(f"/v1/projects/{name}/deliveries?limit=1000")["items"]
    sign_in(page, server.tokens["annotator"], "/queue")
    check(d.find_elements(By.CSS_SELECTOR, f"a[href='/queue/{name}']"), "the queue home lists the pairwise project")
    page.open(f"/queue/{name}")
    n = len(d.find_elements(By.CSS_SELECTOR, "#q-items article"))
    check(n == 20, f"a round of 20 pairs, got {n}")
    print(f"page weight /queue/{name} (a round of {n} pairs, its script included): "
          f"{len(d.page_source.encode())} bytes", flush=True)
    tiers = ["A clear", "A partly", "An off-topic"]

    def sides():
        article = next(a for a in d.find_elements(By.CSS_SELECTOR, "#q-items article") if a.is_displayed())
        return [s.text for s in article.find_elements(By.CSS_SELECTOR, ".q-side .q-text")]

    def key_for(texts):
        rank = [next((k for k, t in enumerate(tiers) if t in text), 3) for text in texts]
        if len(rank) != 2 or rank[0] == rank[1]:
            return Keys.ARROW_DOWN
        return Keys.ARROW_LEFT if rank[0] < rank[1] else Keys.ARROW_RIGHT

    body = d.find_element(By.TAG_NAME, "body")
    first = sides()
    check(len(first) == 2 and all(first), f"two answers side by side: {first}")
    page.screenshot("queue-pairwise", full=False)
    # Phone width: the answers stack, nothing wider than the screen.
    d.set_window_size(390, 844)
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"the pairwise queue is {overflow}px wider than a phone")
    boxes = [s.rect for s in d.find_elements(By.CSS_SELECTOR, "#q-items article:not([hidden]) .q-side")]
    check(len(boxes) == 2 and boxes[1]["y"] > boxes[0]["y"], "the two answers stack at phone width")
    d.save_screenshot(os.path.join(page.shots, "queue-pairwise-phone.png"))
    d.set_window_size(1280, 800)
    # A wrong key, then undo, then the right one.
    wrong = Keys.ARROW_RIGHT if key_for(first) != Keys.ARROW_RIGHT else Keys.ARROW_LEFT
    body.send_keys(wrong)
    body.send_keys("u")
    check(sides() == first, "u brings the pair back")
    pressed = {Keys.ARROW_LEFT: 0, Keys.ARROW_RIGHT: 0, Keys.ARROW_DOWN: 0}
    for _ in range(n):
        k = key_for(sides())
        pressed[k] += 1
        body.send_keys(k)
    print(f"pressed ← {pressed[Keys.ARROW_LEFT]}, → {pressed[Keys.ARROW_RIGHT]}, ↓ {pressed[Keys.ARROW_DOWN]}", flush=True)
    deliver(page, body, "pairwise queue")
    after = server.api(f"/v1/projects/{name}/deliveries?limit=1000")["items"]
    new = [r for r in after if r["id"] not in {b["id"] for b in before}]
    check(len(new) == 1 and new[0]["vendor"] == "in-house" and new[0]["labels"] == 20,
          f"one new in-house pairwise delivery of 20 labels: {new}")
    # The round's honeypots: gold pairs among the batch recorded for it.
    gold = {g["item"] for g in server.api(f"/v1/projects/{name}/gold?limit=1000")["items"]}
    batch = max(server.api(f"/v1/projects/{name}/batches?limit=1000")["items"], key=lambda b: b["id"])
    content = server.api(f"/v1/projects/{name}/batches/{batch['id']}")["content"]
    honeypots = [r[0] for r in content["rows"] if r[0] in gold]
    check(batch["vendor"] == "in-house" and len(honeypots) >= 1, f"the round held honeypots: {honeypots}")
    report = server.api(f"/v1/projects/{name}/scorecard")
    house = next((v for v in report["vendors"] if v["vendor"] == "in-house"), None)
    check(house is not None and house["labels"] == 20, "in-house is judged beside the other vendors")
    check(house is not None and house["gold"] is not None and house["gold"]["labels"] == len(honeypots),
          f"its honeypots are scored: {house and house['gold']}, {len(honeypots)} in the round")
    sign_in(page, server.tokens["admin"], "/projects")
    page.open(f"/projects/{name}")
    d.execute_script("document.getElementById('judges').scrollIntoView()")
    page.screenshot("judges-pairwise-with-in-house", full=False)
    rows = cells(d, "judges")
    check("in-house" in [r[0].text for r in rows], "the judges table lists in-house")
    overflow = d.execute_script(
        "var t=document.getElementById('judges');return t.parentElement.scrollWidth-t.parentElement.clientWidth")
    check(overflow <= 1, f"the judges table fits 1280 px (overflows by {overflow}px)")
    return house


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assay", default=".build/release/assay")
    parser.add_argument("--screenshots", default="docs/screenshots")
    parser.add_argument("--items", type=int, default=3000)
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    start = time.time()
    server = Server(os.path.abspath(args.assay), args.items)
    driver = None
    try:
        driver = browser()
        page = Page(driver, server, args.screenshots)
        page.open("/signin", "signin", full=False)
        sign_in(page, server.tokens["admin"], "/projects")
        queue_done = None
        buyer_pages(page, server)
        typed_pages(page, server)
        vendor_session(page, server)
        queue_done = queue(page, server)
        pairwise_done = pairwise_queue(page, server)
        # The new in-house delivery on its vendor page, as the buyer sees it.
        sign_in(page, server.tokens["admin"], "/projects")
        page.open("/projects/demo", "project-with-in-house", full=False)
        page.open("/projects/demo/vendors/in-house", "vendor-in-house")
        check(len(cells(driver, "deliveries")) == 1, "the in-house vendor page lists its delivery")
        print(f"{page.requests} requests, all to {server.base}; in-house gold labels "
              f"{queue_done and queue_done['gold_labels']}, pairwise {pairwise_done and pairwise_done['gold']}",
              flush=True)
    finally:
        if driver:
            driver.quit()
        server.stop()
    print(f"browser test: {len(FAILURES)} failures, {time.time() - start:.1f} s", flush=True)
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
