"""Requests per second, latency and server CPU per request of `care serve` on the shipped corpus.

Starts the release binary (--care, default .build/release/care) on a free loopback port with a fresh data folder (the
shipped Corpus/ loads on this first start), trusting 127.0.0.1 as a proxy, so that each request names its own client in
X-Forwarded-For and the per-client limits never answer instead of the route. Then, one route after the other, wrk runs
for --duration seconds with --threads threads and --connections connections (after a 2-second warm-up of the route),
and the script prints requests/s, p50 and p99 latency, and the server's CPU time (user + system, from /proc) divided by
the requests answered. For the suggestion routes it also prints the server's own time per suggestion (search,
re-ranking and highlights, without HTTP and JSON), p50 and p99, interpolated from the change of the
`care_suggestion_duration_seconds` histogram that `/metrics` shows during the run (buckets every 25–50 µs from 50 to
300 µs, then 400, 500, 750 µs, 1 ms, ...).

Routes:
- `health`: `GET /health`, the plain route (the ceiling to compare with);
- `suggestions`: `POST /api/v1/suggestions` with `{"text": …, "k": 5}`, the text one of 64 complaints of the corpus's
  tickets cut to their first 16 words, taken in turn (anonymous caller, as in the new-complaint form);
- `help`: `GET /help?q=…`, the help centre's search page, with the same 64 complaints' first 6 words;
- `typing`: as-you-type, `POST /api/v1/suggestions` with every prefix (from 3 characters) of the `Corpus/eval`
  complaints (subject, then description, cut to 200 characters), one keystroke per request: wrk runs --typists threads
  of one connection each (default 32), each thread one typist who types complaint after complaint as fast as the
  server answers, so the latency is per keystroke. Each typist keeps one client address, as a person at a browser
  does; the server runs with `--suggestion-burst 1000000`, so that the per-client suggestion limit never answers
  instead of the route;
- `tickets`: `POST /api/v1/tickets` with a bearer token, each request filing a new ticket (the same 64 complaints, a
  sequence number in the subject) as one of 16 confirmed customers registered through the API first (every write
  goes through the store: the ticket, its audit and change-log rows, the "ticket received" mail, the index catch-up).

`--tickets N` measures a larger store: the first start loads the corpus, the server stops, `care generate` adds N
synthetic tickets (over 365 days, with their solutions, verdicts and events), and the server starts again on that store.

`--database postgres://…` runs the server on that PostgreSQL database (it should be empty: the corpus loads into it)
instead of the data folder's SQLite file, so the two stores compare in one run of each:

    swift build -c release --product care
    python3 Benchmarks/Scripts/serve_bench.py                     # health, suggestions and help, 10 s each
    python3 Benchmarks/Scripts/serve_bench.py --routes health,suggestions,tickets --database postgres://care:…@127.0.0.1:5432/bench
    python3 Benchmarks/Scripts/serve_bench.py --routes suggestions --duration 20 --json
    python3 Benchmarks/Scripts/serve_bench.py --routes health,suggestions,help,typing --tickets 100000

wrk shares the machine's cores with the server, so compare routes of one run, not runs of different days.
"""

import argparse
import email
import email.policy
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

LUA_COMMON = r"""
local counter = 0
local created = 0
local items = {%s}
function setup(thread)
  created = created + 1
  thread:set("id", created)
end
function init(args)
  math.randomseed(os.time() + (id or 0))
  counter = math.random(0, 60000)
end
local function client()
  counter = counter + 1
  local n = counter %% 65536
  return string.format("10.%%d.%%d.%%d", (id or 0) %% 256, math.floor(n / 256), n %% 256)
end
"""

LUA_SUGGESTIONS = LUA_COMMON + r"""
function request()
  local ip = client()
  local body = items[counter %% #items + 1]
  return wrk.format("POST", "/api/v1/suggestions",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end
"""

LUA_HELP = LUA_COMMON + r"""
function request()
  local ip = client()
  return wrk.format("GET", "/help?q=" .. items[counter %% #items + 1], { ["X-Forwarded-For"] = ip })
end
"""

LUA_TICKETS = LUA_COMMON + r"""
local tokens = {%s}
function request()
  local ip = client()
  local body = string.format('{"subject": "Bench %%d-%%d %%s", "description": %%s}', id or 0, counter,
    "request", items[counter %% #items + 1])
  return wrk.format("POST", "/api/v1/tickets",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip,
      ["Authorization"] = "Bearer " .. tokens[counter %% #tokens + 1] }, body)
end
"""

LUA_TYPING = r"""
local items = {%s}
local created = 0
function setup(thread)
  created = created + 1
  thread:set("id", created)
end
function init(args)
  typist = id or 1
  item = (typist * 7) %% #items + 1
  position = 2
  keystrokes = 0
end
-- Each typist is one client with one address, as a person at a browser is (the server runs with a suggestion burst no
-- typist reaches, see start()).
local function address()
  return string.format("10.%%d.%%d.1", 100 + typist %% 100, math.floor(typist / 100) %% 256)
end
function request()
  local text = items[item]
  position = position + 1
  if position > #text then
    item = item %% #items + 1
    position = 3
    text = items[item]
  end
  local body = string.format('{"text": "%%s", "k": 5}', text:sub(1, position))
  return wrk.format("POST", "/api/v1/suggestions",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address() }, body)
end
"""

LUA_HEALTH = LUA_COMMON + r"""
function request()
  return wrk.format("GET", "/health", { ["X-Forwarded-For"] = client() })
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def complaints(count, words):
    out = []
    with open(os.path.join(ROOT, "Corpus", "tickets.jsonl"), encoding="utf-8") as f:
        for line in f:
            ticket = json.loads(line)
            text = (ticket["subject"] + ". " + ticket["description"]).split()
            if len(text) >= words:
                out.append(" ".join(text[:words]))
            if len(out) == count:
                break
    return out


def typed_complaints():
    """The `Corpus/eval` complaints as a customer types them: subject, then description, ASCII letters, digits and
    plain punctuation only (so that a byte prefix is a character prefix and nothing needs escaping in JSON), at most
    200 characters."""
    out = []
    with open(os.path.join(ROOT, "Corpus", "eval", "complaints.jsonl"), encoding="utf-8") as f:
        for line in f:
            complaint = json.loads(line)
            text = complaint["subject"] + ". " + complaint["description"]
            text = re.sub(r"[^A-Za-z0-9 .,;:!?'()-]", " ", text)
            out.append(re.sub(r" +", " ", text).strip()[:200])
    return out


def lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def parse_wrk(output):
    def duration(text):
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = duration(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = duration(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests": requests, "rps": rate, "p50_ms": p50, "p99_ms": p99,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


PASSWORD = "Bench-Passw0rd-2026"


def api(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def confirmation_token(data, recipient):
    """The token of the newest confirmation mail to `recipient` (.eml files of the file transport)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(data, "outbox", "**", "*.eml"), recursive=True), reverse=True):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if recipient not in str(message.get("To", "")).lower():
                continue
            found = re.findall(r"token=([A-Za-z0-9_\-]+)", message.as_string())
            if found:
                return found[-1]
        time.sleep(0.3)
    sys.exit(f"no confirmation mail for {recipient}")


def customer_tokens(base, data, count):
    """Registers and confirms `count` customers through the API and signs each in for a bearer token."""
    tokens = []
    for number in range(count):
        address = f"bench{number}.{int(time.time())}@customer.test"
        headers = {"X-Forwarded-For": f"192.0.2.{number + 1}"}
        status, text = api(base, "POST", "/api/v1/accounts",
                           {"name": f"Bench {number}", "email": address, "password": PASSWORD}, headers)
        if status != 201:
            sys.exit(f"registration answered {status}: {text[:200]}")
        token = confirmation_token(data, address)
        status, text = api(base, "GET", "/api/v1/accounts/confirm?token=" + urllib.parse.quote(token), None, headers)
        if status != 200:
            sys.exit(f"confirmation answered {status}: {text[:200]}")
        status, text = api(base, "POST", "/api/v1/session", {"email": address, "password": PASSWORD, "token": True},
                           headers)
        if status != 200:
            sys.exit(f"sign-in answered {status}: {text[:200]}")
        tokens.append(json.loads(text)["token"])
    return tokens


def suggestion_buckets(base):
    """The server's histogram of suggestion times (`care_suggestion_duration_seconds`, read from /metrics on loopback):
    cumulative counts by upper bound in seconds."""
    with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
        text = response.read().decode()
    buckets = {}
    for m in re.finditer(r'^care_suggestion_duration_seconds_bucket\{le="([^"]+)"\} (\d+)', text, re.M):
        buckets[float("inf") if m.group(1) == "+Inf" else float(m.group(1))] = int(m.group(2))
    return buckets


def histogram_quantile(before, after, q):
    """The q-quantile in µs of the suggestions answered between two readings of `suggestion_buckets`, interpolated
    linearly inside its bucket (as Prometheus's histogram_quantile does); None when there were none."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0) for b in bounds]
    total = counts[-1] if counts else 0
    if total == 0:
        return None
    rank = q * total
    lower, below = 0.0, 0
    for bound, cumulative in zip(bounds, counts):
        if cumulative >= rank:
            if bound == float("inf"):
                return lower * 1e6
            inside = cumulative - below
            return (lower + (bound - lower) * ((rank - below) / inside if inside else 1)) * 1e6
        lower, below = bound, cumulative
    return None


def run_wrk(url, script, threads, connections, duration):
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script, url],
        capture_output=True, text=True, check=True)
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--care", default=os.path.join(ROOT, ".build", "release", "care"))
    parser.add_argument("--routes", default="health,suggestions,help")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--data", help="data folder to use (default: a fresh temporary one, deleted at the end)")
    parser.add_argument("--database", help="run on this PostgreSQL database (postgres://…) instead of <data>/care.sqlite")
    parser.add_argument("--tickets", type=int, default=0,
                        help="add this many synthetic tickets (care generate) after the corpus loads")
    parser.add_argument("--typists", type=int, default=32, help="concurrent typists of the typing route")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    parser.add_argument("--serve-arg", action="append", default=[],
                        help="one more argument for care serve, repeatable (e.g. --serve-arg=--no-meaning)")
    args = parser.parse_args()

    data = args.data or tempfile.mkdtemp(prefix="care-bench-")
    work = tempfile.mkdtemp(prefix="care-bench-lua-")
    port = free_port()
    store = ["--database", args.database] if args.database else []
    base = f"http://127.0.0.1:{port}"

    def start():
        server = subprocess.Popen(
            [args.care, "serve", "--data", data, "--port", str(port), "--corpus", os.path.join(ROOT, "Corpus"),
             "--trusted-proxy", "127.0.0.1", "--log-level", "warning", "--abuse-burst", "1000000",
             "--suggestion-burst", "1000000"]
            + store + args.serve_arg,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.time() + 1800
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as response:
                    if response.status == 200:
                        return server
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                server.kill()
                sys.exit("care serve did not start")
            time.sleep(0.5)

    def stop(server):
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    server = start()
    try:
        if args.tickets > 0:
            stop(server)
            started = time.time()
            subprocess.run([args.care, "generate", "--data", data, "--tickets", str(args.tickets), "--days", "365"]
                           + store, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            print(f"generated {args.tickets} tickets in {time.time() - started:.0f} s", flush=True)
            started = time.time()
            server = start()
            print(f"care serve ready on them in {time.time() - started:.1f} s", flush=True)

        texts = complaints(64, 16)
        bodies = ", ".join(lua_string(json.dumps({"text": t, "k": 5})) for t in texts)
        queries = ", ".join(lua_string(urllib.parse.quote(" ".join(t.split()[:6]))) for t in texts)
        tokens = customer_tokens(base, data, 16) if "tickets" in args.routes.split(",") else []
        scripts = {
            "tickets": LUA_TICKETS % (", ".join(lua_string(json.dumps(t)) for t in texts),
                                      ", ".join(lua_string(t) for t in tokens)),
            "health": LUA_HEALTH % "",
            "suggestions": LUA_SUGGESTIONS % bodies,
            "help": LUA_HELP % queries,
            "typing": LUA_TYPING % ", ".join(lua_string(t) for t in typed_complaints()),
        }
        results = {}
        for route in args.routes.split(","):
            path = os.path.join(work, route + ".lua")
            with open(path, "w", encoding="utf-8") as f:
                f.write(scripts[route])
            threads, connections = (args.typists, args.typists) if route == "typing" else (args.threads, args.connections)
            run_wrk(base, path, threads, connections, 2)  # warm-up
            before = cpu_seconds(server.pid)
            histogram = suggestion_buckets(base)
            figures = parse_wrk(run_wrk(base, path, threads, connections, args.duration))
            cpu = cpu_seconds(server.pid) - before
            if route in ("suggestions", "typing"):
                after = suggestion_buckets(base)
                for q, name in ((0.5, "server_p50_us"), (0.99, "server_p99_us")):
                    value = histogram_quantile(histogram, after, q)
                    figures[name] = None if value is None else round(value)
            figures["server_cpu_s"] = round(cpu, 2)
            figures["cpu_us_per_request"] = round(cpu / figures["requests"] * 1e6, 1)
            results[route] = figures

        kind = "PostgreSQL" if args.database else "SQLite"
        size = f" + {args.tickets} generated tickets" if args.tickets else ""
        print(f"care serve on {kind} (corpus{size}), wrk -t{args.threads} -c{args.connections} -d{args.duration}s, load average "
              f"{os.getloadavg()[0]:.1f}")
        if "typing" in results:
            print(f"(typing: wrk -t{args.typists} -c{args.typists}, one typist per connection)")
        print("(suggestion p50/p99 µs: the server's own time per suggestion, from care_suggestion_duration_seconds)")
        print(f"{'route':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU µs/req':>11} {'non-2xx':>8} "
              f"{'sugg. p50 µs':>13} {'sugg. p99 µs':>13}")
        for route, r in results.items():
            own = "".join(f" {'' if r.get(k) is None else r[k]:>13}" for k in ("server_p50_us", "server_p99_us"))
            print(f"{route:<12} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                  f"{r['cpu_us_per_request']:>11.1f} {r['non_2xx']:>8}{own}")
        if args.json:
            print(json.dumps(results))
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
