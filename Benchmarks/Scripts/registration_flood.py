"""How `/health` and a signed-in page answer while registrations flood `care serve`.

Starts the release binary (--care, default .build/release/care) on a free loopback port with a temporary data folder,
the shipped Corpus/, bcrypt at its production cost and the production limits, trusting 127.0.0.1 as a proxy so that
each flooding request can name its own client in X-Forwarded-For. Then, for each scenario, 200 registration requests
are sent at once (200 threads) while one probe requests `/health` and another a signed-in page (`/account`, with an
admin's session) back to back; the probes' latencies (p50, p99, max) and the flood's answers by status are printed,
beside the same probes with no flood.

Scenarios: `one client` (every request from one address: the per-client limit answers 429) and `200 clients` (each
request from its own address: the password-hashing gate runs one hash per core, queues a few, and answers 503 with
Retry-After for the rest).

    swift build -c release --product care
    python3 Benchmarks/Scripts/registration_flood.py
"""

import argparse
import collections
import concurrent.futures
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_EMAIL = "admin@flood.test"
ADMIN_PASSWORD = "Flood-Admin-Passw0rd"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, data=None, headers=None, opener=None, timeout=60):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def probe(url, opener, stop, out):
    while not stop.is_set():
        started = time.perf_counter()
        status = request(url, opener=opener)
        out.append(((time.perf_counter() - started) * 1000, status))


def summary(latencies):
    values = sorted(ms for ms, _ in latencies)
    if not values:
        return "no answers"
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    bad = sum(1 for _, status in latencies if status != 200)
    return (f"{len(values)} requests, p50 {statistics.median(values):.1f} ms, p99 {p99:.1f} ms, "
            f"max {values[-1]:.1f} ms, non-200 {bad}")


def run(base, admin_opener, flood, label, distinct_clients):
    stop = threading.Event()
    health, page = [], []
    probes = [
        threading.Thread(target=probe, args=(base + "/health", None, stop, health)),
        threading.Thread(target=probe, args=(base + "/account", admin_opener, stop, page)),
    ]
    for thread in probes:
        thread.start()
    answers = collections.Counter()
    started = time.perf_counter()
    if flood:
        def register(i):
            body = json.dumps({"name": f"Flood {i}", "email": f"flood{label[0]}{i}@flood.test",
                               "password": "Flood-Passw0rd-1"}).encode()
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            if distinct_clients:
                headers["X-Forwarded-For"] = f"198.51.{i // 250}.{i % 250 + 1}"
            return request(base + "/api/v1/accounts", body, headers)
        with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
            for status in pool.map(register, range(200)):
                answers[status] += 1
    else:
        time.sleep(3)
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in probes:
        thread.join()
    print(f"{label}: flood answers {dict(sorted(answers.items())) or '-'} in {elapsed:.2f} s")
    print(f"  /health   {summary(health)}")
    print(f"  /account  {summary(page)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--care", default=os.path.join(ROOT, ".build", "release", "care"))
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="care-flood-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = dict(os.environ, CARE_ADMIN_PASSWORD=ADMIN_PASSWORD, CARE_ADMIN_EMAIL=ADMIN_EMAIL)
    server = subprocess.Popen(
        [args.care, "serve", "--data", data, "--port", str(port), "--log-level", "warning", "--trusted-proxy",
         "127.0.0.1", "--corpus", os.path.join(ROOT, "Corpus")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        for _ in range(240):
            try:
                if request(base + "/health") == 200:
                    break
            except OSError:
                time.sleep(0.5)
        jar = http.cookiejar.CookieJar()
        admin = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        status = request(base + "/api/v1/session", json.dumps({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).encode(),
                         {"Content-Type": "application/json"}, opener=admin)
        assert status == 200, status
        print(f"care serve {args.care}, {os.cpu_count()} cores, bcrypt cost 12")
        run(base, admin, False, "no flood", False)
        run(base, admin, True, "one client, 200 registrations", False)
        run(base, admin, True, "200 clients, one registration each", True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
