"""Fuzz the JSON API as each role: anonymous, customer, agent and admin (schemathesis, stateful phase included).

Starts `care serve` (binary from --care or $CARE_BIN) on a free loopback port with a temporary data folder and the
shipped Corpus/, makes one account per role (the customer registers and confirms through the link mailed to
<data>/outbox/, the agent sets a password through the invitation link), takes an API token for each, then runs
`st run` once per role against the server's own OpenAPI document with a fixed seed.

Fails (exit 1) on any 5xx, on any response that breaks the documented schema, when a role ran fewer than --cases
test cases, or when the server process is gone at the end. Prints one line per role: cases, failures, 5xx.
"""

import argparse
import email
import glob
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from email import policy
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_EMAIL = "admin@care-fuzz.test"
ADMIN_PASSWORD = "Fuzz-Admin-Passw0rd"
PASSWORD = "Fuzz-Passw0rd-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A tiny HTTP client with cookies (for the invitation page) and JSON helpers."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, method, path, body=None, headers=None, form=None):
        data = None
        headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, address, password):
        status, text = self.request("POST", "/api/v1/session", {"email": address, "password": password, "token": True})
        if status != 200:
            raise SystemExit(f"fuzz: signing in {address} answered {status}: {text[:200]}")
        return json.loads(text)["token"]


def mail_link(data, recipient, marker):
    """The newest link containing `marker` in a mail to `recipient` (.eml files of the file transport)."""
    pattern = re.compile(r"https?://\S*" + re.escape(marker) + r"\S*")
    deadline = time.time() + 60
    while time.time() < deadline:
        files = sorted(glob.glob(os.path.join(data, "outbox", "**", "*.eml"), recursive=True), key=os.path.getmtime)
        for path in reversed(files):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=policy.default)
            if recipient.lower() not in str(message.get("To", "")).lower():
                continue
            part = message.get_body(preferencelist=("plain", "html"))
            text = part.get_content() if part is not None else str(message.get_payload())
            found = pattern.findall(text)
            if found:
                return found[-1].rstrip(".,)>\"'")
        time.sleep(0.5)
    raise SystemExit(f"fuzz: no mail with {marker} for {recipient}")


def make_roles(client, care, data):
    """API tokens for the customer, the agent and the admin."""
    admin = client.token(ADMIN_EMAIL, ADMIN_PASSWORD)
    customer_email = "fuzz.customer@customer-fuzz.test"
    status, text = client.request(
        "POST", "/api/v1/accounts", {"name": "Fuzz Customer", "email": customer_email, "password": PASSWORD})
    if status != 201:
        raise SystemExit(f"fuzz: registration answered {status}: {text[:200]}")
    link = mail_link(data, customer_email, "token=")
    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    status, text = client.request("GET", "/api/v1/accounts/confirm?token=" + urllib.parse.quote(token))
    if status != 200:
        raise SystemExit(f"fuzz: confirmation answered {status}: {text[:200]}")
    customer = client.token(customer_email, PASSWORD)

    agent_email = "fuzz.agent@staff-fuzz.test"
    subprocess.run(
        [care, "agent", "create", "--data", data, "--email", agent_email, "--name", "Fuzz Agent", "--capacity", "1000"],
        check=True, stdout=subprocess.DEVNULL)
    link = mail_link(data, agent_email, "reset-password")
    page_client = Client(client.base)
    status, page = page_client.request("GET", urllib.parse.urlparse(link).path + "?" + urllib.parse.urlparse(link).query)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    if status != 200 or csrf is None:
        raise SystemExit(f"fuzz: the invitation page answered {status}")
    status, _ = page_client.request(
        "POST", "/reset-password",
        form={"token": token, "password": PASSWORD, "confirm": PASSWORD, "csrf": csrf.group(1)})
    if status >= 400:
        raise SystemExit(f"fuzz: setting the agent's password answered {status}")
    agent = client.token(agent_email, PASSWORD)
    # A ticket of the customer, assigned to the agent, so that the agent's and admin's id-taking operations can reach
    # real data as well as the links' generated ids.
    status, text = client.request(
        "POST", "/api/v1/tickets", {"subject": "Fuzz ticket", "description": "Seed ticket for the fuzzing run."},
        headers={"Authorization": "Bearer " + customer})
    ticket = json.loads(text)["id"]
    agents = json.loads(client.request("GET", "/api/v1/agents", headers={"Authorization": "Bearer " + admin})[1])
    agent_id = next(a["id"] for a in agents["agents"] if a["email"] == agent_email)
    client.request("POST", f"/api/v1/tickets/{ticket}/assign", {"agentId": agent_id},
                   headers={"Authorization": "Bearer " + admin})
    return {"anonymous": None, "customer": customer, "agent": agent, "admin": admin}


def run_role(base, role, token, args, reports):
    report = os.path.join(reports, f"{role}.ndjson")
    command = [
        "st", "run", base + "/api/v1/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--no-color",
        "--generation-database", "none", "--continue-on-failure",
        "--report", "ndjson", "--report-ndjson-path", report,
        "--suppress-health-check", "all",
    ]
    if token:
        command += ["-H", "Authorization: Bearer " + token]
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True)
    cases, failures, server_errors = count(report)
    print(f"fuzz {role}: {cases} cases, {failures} failing checks, {server_errors} responses 5xx, "
          f"exit {result.returncode}, {time.time() - started:.0f} s")
    if result.returncode != 0:
        print(result.stdout[-6000:])
    return cases, failures, server_errors, result.returncode


def count(report):
    """Test cases, failed checks and 5xx answers in a schemathesis ndjson report."""
    cases = failures = server_errors = 0
    if not os.path.exists(report):
        return 0, 0, 0
    with open(report) as handle:
        for line in handle:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            for name, body in event.items():
                if name != "ScenarioFinished" or not isinstance(body, dict):
                    continue
                recorder = body.get("recorder") or {}
                interactions = recorder.get("interactions") or {}
                cases += len(recorder.get("cases") or {})
                for interaction in interactions.values():
                    response = interaction.get("response") or {}
                    if int(response.get("status_code") or 0) >= 500:
                        server_errors += 1
                for checks in (recorder.get("checks") or {}).values():
                    for check in checks:
                        if str(check.get("status", "")).lower() == "failure":
                            failures += 1
    return cases, failures, server_errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--care", default=os.environ.get("CARE_BIN", os.path.join(ROOT, ".build", "debug", "care")))
    parser.add_argument("--cases", type=int, default=1000, help="fewest test cases each role must run")
    parser.add_argument("--max-examples", type=int, default=60, help="schemathesis examples per operation and phase")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="care-fuzz-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = dict(os.environ, CARE_ADMIN_PASSWORD=ADMIN_PASSWORD, CARE_ADMIN_EMAIL=ADMIN_EMAIL)
    log = open(os.path.join(data, "serve.log"), "w")
    server = subprocess.Popen(
        [args.care, "serve", "--data", data, "--port", str(port), "--log-level", "warning",
         "--corpus", os.path.join(ROOT, "Corpus"),
         # Generous limits, so that generated requests reach the handlers instead of the limiters (tested apart).
         "--abuse-burst", "100000", "--login-burst", "100000", "--suggestion-burst", "100000"],
        stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        client = Client(base)
        for _ in range(240):
            try:
                if client.request("GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        roles = make_roles(client, args.care, data)
        reports = os.path.join(data, "reports")
        os.makedirs(reports, exist_ok=True)
        failed = []
        for role, token in roles.items():
            cases, failures, server_errors, code = run_role(base, role, token, args, reports)
            if server_errors or failures or code != 0:
                failed.append(f"{role}: {failures} failing checks, {server_errors} 5xx, exit {code}")
            if cases < args.cases:
                failed.append(f"{role}: only {cases} cases (want at least {args.cases})")
        alive = server.poll() is None and client.request("GET", "/health")[0] == 200
        if not alive:
            failed.append("the server process is gone")
        print(f"fuzz: server {'still answering' if alive else 'GONE'} after all roles")
        if failed:
            print("fuzz FAILED: " + "; ".join(failed))
            with open(os.path.join(data, "serve.log")) as handle:
                print(handle.read()[-4000:])
            return 1
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
