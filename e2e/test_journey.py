"""Browser journey through Customer Care Registry (pytest + selenium, headless Chromium).

Starts `care serve` (binary from $CARE_BIN, default .build/debug/care) on a free loopback port with a temporary
data folder and the shipped Corpus/, then walks one complaint from registration to resolution:

register -> confirm (link from the outbox) -> sign in -> type a complaint and see a suggestion -> submit ->
admin creates an agent and assigns the ticket -> agent sets a password from the invitation link, replies and
resolves with a stored solution -> the customer sees "Resolved" and the solution.

Screenshots of every page go to ci-artifacts/screenshots/ (laptop width, and a few at 375 px).

Mail links are read from the outbox: the mail worker's default writes one .eml file per mail into <data>/outbox/;
until that exists, the link is read from the outboxMail table of <data>/care.sqlite.
"""

import email
import glob
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
from email import policy

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENSHOTS = os.path.join(ROOT, "ci-artifacts", "screenshots")
ADMIN_EMAIL = "admin@care-e2e.test"
ADMIN_PASSWORD = os.environ.get("CARE_ADMIN_PASSWORD") or "E2e-Admin-Passw0rd"
CUSTOMER = {"name": "Mia Customer", "email": "mia@customer-e2e.test", "password": "Mia-Passw0rd-2026"}
AGENT = {"name": "Sam Agent", "email": "sam@staff-e2e.test", "password": "Sam-Passw0rd-2026"}
LAPTOP = (1366, 900)
PHONE = (375, 812)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    binary = os.environ.get("CARE_BIN", os.path.join(ROOT, ".build", "debug", "care"))
    if not os.path.exists(binary):
        pytest.fail(f"care binary not found at {binary}; build it or set CARE_BIN")
    data = tempfile.mkdtemp(prefix="care-e2e-")
    env = dict(os.environ, CARE_ADMIN_PASSWORD=ADMIN_PASSWORD, CARE_ADMIN_EMAIL=ADMIN_EMAIL)
    # The port is free when chosen, but the server binds it only after loading the corpus and building its index;
    # other suites pick ports meanwhile. A port taken in between is tried again with another one.
    for attempt in range(4):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(os.path.join(data, "server.log"), "w")
        process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", data, "--base-url", base],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            if process.poll() is not None:
                log.flush()
                output = open(os.path.join(data, "server.log")).read()
                if "Address already in use" in output and attempt < 3:
                    break
                raise RuntimeError("care serve exited early:\n" + output)
            try:
                if urllib.request.urlopen(base + "/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("care serve did not answer /health")
        if process.poll() is None:
            break
    yield {"base": base, "data": data, "process": process}
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    # A graceful shutdown saves the index snapshot.
    # (the folder is `index`, or `index-postgres-…` when the server runs on PostgreSQL)
    assert glob.glob(os.path.join(data, "index*", "manifest")), "no index snapshot after SIGTERM"
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument(f"--window-size={LAPTOP[0]},{LAPTOP[1]}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def mail_link(server, recipient, marker):
    """The newest link containing `marker` mailed to `recipient`: .eml files first, then the database."""
    start = time.time()
    deadline = start + 30
    pattern = re.compile(r"https?://\S*" + re.escape(marker) + r"\S*")
    while time.time() < deadline:
        files = sorted(glob.glob(os.path.join(server["data"], "outbox", "**", "*.eml"), recursive=True), key=os.path.getmtime)
        for path in reversed(files):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=policy.default)
            if recipient.lower() not in str(message.get("To", "")).lower():
                continue
            part = message.get_body(preferencelist=("plain", "html"))
            text = part.get_content() if part is not None else message.get_payload()
            found = pattern.findall(text)
            if found:
                print(f"mail link for {recipient} read from {os.path.basename(path)}")
                return found[-1].rstrip(".,)>\"'")
        database = os.path.join(server["data"], "care.sqlite")
        # The worker polls every few seconds: give the .eml file time to appear before reading the table.
        if time.time() > start + 8 and os.path.exists(database):
            connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            try:
                rows = connection.execute(
                    "SELECT payload, body FROM outboxMail WHERE recipient = ? ORDER BY id DESC", (recipient.lower(),)
                ).fetchall()
            finally:
                connection.close()
            for payload, body in rows:
                path = json.loads(payload).get("path", "")
                if marker in path:
                    print(f"mail link for {recipient} read from the outboxMail table")
                    return server["base"] + path
                found = pattern.findall(body)
                if found:
                    return found[-1]
        time.sleep(0.5)
    raise AssertionError(f"no mail with {marker} for {recipient}")


class Journey:
    def __init__(self, browser, server):
        self.browser = browser
        self.base = server["base"]
        self.server = server
        self.wait = WebDriverWait(browser, 20)
        os.makedirs(SCREENSHOTS, exist_ok=True)

    def open(self, path):
        self.browser.get(self.base + path)

    def shot(self, name, phone=False):
        if phone:
            self.browser.set_window_size(*PHONE)
        height = self.browser.execute_script("return Math.max(document.body.scrollHeight, 600)")
        width = PHONE[0] if phone else LAPTOP[0]
        self.browser.set_window_size(width, min(height + 120, 4000))
        self.browser.save_screenshot(os.path.join(SCREENSHOTS, f"{name}{'-375' if phone else ''}.png"))
        self.browser.set_window_size(*LAPTOP)

    def fits(self, *paths):
        """Each page fits the laptop and the phone width: nothing makes the page itself scroll sideways."""
        try:
            for width, height in (LAPTOP, PHONE):
                self.browser.set_window_size(width, height)
                for path in paths:
                    self.open(path)
                    scroll, inner = self.browser.execute_script(
                        "return [document.documentElement.scrollWidth, window.innerWidth]")
                    assert scroll <= inner, f"{path} scrolls sideways at {width} px ({scroll} > {inner})"
        finally:
            self.browser.set_window_size(*LAPTOP)

    def fill(self, field_id, value):
        element = self.browser.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)

    def submit(self, form_css="form.form"):
        self.browser.find_element(By.CSS_SELECTOR, form_css + " button[type=submit]").click()

    def text(self):
        return self.browser.find_element(By.TAG_NAME, "body").text

    def sign_in(self, email_address, password):
        self.open("/login")
        self.fill("email", email_address)
        self.fill("password", password)
        self.submit()
        self.wait.until(lambda d: "/login" not in d.current_url)

    def sign_out(self):
        self.browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Sign in")))


def test_complaint_journey(browser, server):
    j = Journey(browser, server)

    # Help centre, as anyone sees it.
    j.open("/")
    assert "How can we help?" in j.text()
    j.shot("01-help-centre")
    j.shot("01-help-centre", phone=True)
    j.fill("q", "payout")
    j.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#help-suggestions li")))
    j.shot("02-help-suggestions")
    j.open("/help?q=payout+delayed")
    j.shot("03-help-results")

    # Register and confirm.
    j.open("/register")
    j.shot("04-register")
    j.fill("name", CUSTOMER["name"])
    j.fill("email", CUSTOMER["email"])
    j.fill("password", CUSTOMER["password"])
    j.submit()
    j.wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Check your inbox"))
    j.shot("05-check-inbox")
    browser.get(mail_link(server, CUSTOMER["email"], "/confirm?token="))
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "confirmed"))
    j.shot("06-confirmed-login")
    j.shot("06-confirmed-login", phone=True)

    # Sign in, type a complaint, see a suggestion, send it.
    j.sign_in(CUSTOMER["email"], CUSTOMER["password"])
    j.open("/tickets/new")
    j.fill("subject", "My payout has not arrived")
    j.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#complaint-suggestions details.suggestion")))
    first = browser.find_element(By.CSS_SELECTOR, "#complaint-suggestions details.suggestion summary")
    first.click()
    assert browser.find_element(By.CSS_SELECTOR, "#complaint-suggestions details[open] button").text == "This solved my problem"
    j.fill("description", "The payout from last week is still not in my bank account. The HF Pay dashboard says it was sent.")
    Select(browser.find_element(By.ID, "categoryId")).select_by_value("shop-payments")
    time.sleep(0.6)
    j.shot("07-new-complaint-with-suggestions")
    j.shot("07-new-complaint-with-suggestions", phone=True)
    # On a phone the page is one column: the suggestions come between the fields and the send button, where the
    # customer typing sees them; on the laptop they are beside the form again, and the button back in it.
    top = ("var q = function (css) { return document.querySelector(css).getBoundingClientRect().top; };"
           "return [q('#description'), q('#complaint-suggestions'), q('button[type=submit][form=complaint-form], #complaint-form button[type=submit]')];")
    browser.set_window_size(*PHONE)
    time.sleep(0.4)
    description_top, suggestions_top, button_top = browser.execute_script(top)
    assert description_top < suggestions_top < button_top, (description_top, suggestions_top, button_top)
    browser.set_window_size(*LAPTOP)
    time.sleep(0.4)
    assert browser.find_elements(By.CSS_SELECTOR, "#complaint-form button[type=submit]")
    assert browser.find_elements(By.CSS_SELECTOR, "aside #complaint-suggestions")
    j.submit("#complaint-form")
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "We received your request"))
    ticket_url = browser.current_url
    ticket_id = ticket_url.rstrip("/").split("/")[-1]
    j.shot("08-ticket-new")
    j.open("/tickets")
    j.shot("09-my-requests")
    # Writing about the same thing again: the form points to the request already open, without blocking a new one.
    j.open("/tickets/new")
    j.fill("subject", "My payout has not arrived")
    j.fill("description", "The payout from last week is still not in my bank account.")
    j.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#open-duplicates a")))
    link = browser.find_element(By.CSS_SELECTOR, "#open-duplicates a")
    assert link.get_attribute("href").endswith(f"/tickets/{ticket_id}#reply"), link.get_attribute("href")
    assert "already have an open request" in browser.find_element(By.ID, "open-duplicates").text
    j.shot("09b-new-request-looks-like-an-open-one")
    j.shot("09b-new-request-looks-like-an-open-one", phone=True)
    j.sign_out()

    # Admin: create the agent, assign the ticket.
    j.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    j.open("/admin/agents")
    j.fill("name", AGENT["name"])
    j.fill("email", AGENT["email"])
    j.fill("capacity", "8")
    for checkbox in browser.find_elements(By.CSS_SELECTOR, "input[name=skills]")[:2]:
        checkbox.click()
    j.submit("aside form.form")
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "was created"))
    j.shot("10-admin-agents")
    j.open("/admin/assignment")
    select = Select(browser.find_element(By.ID, f"agent-{ticket_id}"))
    select.select_by_visible_text(next(o.text for o in select.options if o.text.startswith(AGENT["name"])))
    browser.find_element(By.CSS_SELECTOR, f"#agent-{ticket_id} ~ button").click()
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), AGENT["name"]))
    j.shot("11-admin-assignment")
    j.open("/agent?view=all")
    j.shot("12-queue-admin")
    # The admin console fits a laptop and a phone: the agents table, the assignment and the ticket with its actions.
    j.fits("/admin/agents", "/admin/assignment", "/admin/customers", "/admin/mail", "/agent?view=all",
           f"/agent/tickets/{ticket_id}")
    j.sign_out()

    # Agent: set the password from the invitation, reply, resolve with a stored solution.
    browser.get(mail_link(server, AGENT["email"], "/reset-password?token="))
    j.fill("password", AGENT["password"])
    j.fill("confirm", AGENT["password"])
    j.shot("13-reset-password")
    j.submit()
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "password is set"))
    j.sign_in(AGENT["email"], AGENT["password"])
    j.open("/agent?view=mine")
    assert "My payout has not arrived" in j.text()
    j.shot("14-agent-queue")
    j.shot("14-agent-queue", phone=True)
    j.fits("/agent?view=mine", f"/agent/tickets/{ticket_id}", "/agent/solutions")
    j.open(f"/agent/tickets/{ticket_id}")
    j.fill("body", "Thanks Mia, payouts can take up to three working days. Here is what to check.")
    browser.find_element(By.CSS_SELECTOR, "form.reply button[type=submit]").click()
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "Reply sent"))
    summary = browser.find_element(By.CSS_SELECTOR, "aside details.suggestion summary")
    solution_title = summary.find_element(By.CSS_SELECTOR, ".s-title").text
    summary.click()
    j.shot("15-agent-ticket")
    # On a phone the page is one column: the stored solutions come right after the conversation, before the form
    # for a new solution.
    browser.set_window_size(*PHONE)
    time.sleep(0.3)
    conversation, stored, new_form = browser.execute_script(
        "var q = function (css) { return document.querySelector(css).getBoundingClientRect().top; };"
        "return [q('form.reply'), q('.stored-solutions'), q('.resolve-new')];")
    assert conversation < stored < new_form, (conversation, stored, new_form)
    j.shot("15-agent-ticket", phone=True)
    browser.set_window_size(*LAPTOP)
    time.sleep(0.3)
    # "Use this solution" opens the resolution form with the stored text, to adapt to this customer before sending.
    browser.find_element(By.CSS_SELECTOR, "aside details[open] a.reuse").click()
    box = j.wait.until(EC.visibility_of_element_located((By.ID, "reuse-text")))
    assert solution_title in box.get_attribute("value")
    box.send_keys(Keys.CONTROL, Keys.HOME)
    box.send_keys("Hello Mia, here is what sorts this out.\n\n")
    j.shot("16-agent-adapts-solution")
    j.submit("#reuse form")
    j.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash"), "Resolved with"))
    j.shot("16-agent-resolved")
    j.open("/agent/solutions?q=payout")
    j.shot("17-solutions-library")
    j.sign_out()

    # Customer: sees the resolution and the solution.
    j.sign_in(CUSTOMER["email"], CUSTOMER["password"])
    browser.get(ticket_url)
    text = j.text()
    assert "Resolved" in text
    assert solution_title in text
    assert "Hello Mia, here is what sorts this out." in text
    assert "Did this solve it?" in text
    j.shot("18-customer-resolved")
    j.shot("18-customer-resolved", phone=True)
    j.sign_out()

    # Admin: the reports show the day's ticket, with SVG charts and CSV downloads.
    j.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    j.open("/admin/reports")
    j.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#volume svg[role=img]")))
    assert int(browser.find_element(By.ID, "total-opened").text) >= 1
    assert browser.find_element(By.CSS_SELECTOR, "a[href^='/admin/reports/volume.csv']").text == "CSV"
    j.shot("19-admin-reports")
    j.shot("19-admin-reports", phone=True)
