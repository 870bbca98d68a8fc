"""Throughput of one and of two `care serve` nodes on one PostgreSQL behind an nginx balancer, and how long a change
made through one node takes to be suggested by the other.

Starts two release servers (--care, default .build/release/care) on the PostgreSQL database --database (it should be
empty: the first node loads the shipped Corpus/ into it, the second starts on it with --no-corpus), each with a data
folder of its own and 127.0.0.1 trusted as a proxy. Then, for one node and for two, an nginx (Debian's, one worker
process) balances a loopback port round-robin over the nodes with keep-alive connections, passing the client's
X-Forwarded-For on, and wrk runs each route through it (routes as in serve_bench.py: `health`, `suggestions`,
`tickets`), after a warm-up; the plain route `health` is also measured straight on one node, without the balancer.

Propagation lag: a customer files a ticket through node A and the admin resolves it there with a new solution holding
a unique word; the script then asks node B for suggestions every 2 ms until that solution comes back, and reports the
time from A's answer to B's first hit (p50, p99), once with the servers idle and once while wrk sends suggestions to
both nodes.

    swift build -c release --product care
    apt-get install nginx-light      # or nginx
    python3 Benchmarks/Scripts/nodes_bench.py --database postgres://care:…@127.0.0.1:5432/nodes

On this 2-core machine the two nodes, nginx and wrk share the same cores: a second node cannot double the throughput
here; it shows what the balancer costs and that the nodes add no contention of their own.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_bench as sb  # noqa: E402

ADMIN_EMAIL = "admin@nodes.test"
ADMIN_PASSWORD = "Nodes-Bench-Admin-2026"

NGINX_CONF = """
user root;
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream care {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://care;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $http_x_forwarded_for;
    }}
  }}
}}
"""


def start_node(args, data, corpus):
    port = sb.free_port()
    env = dict(os.environ, CARE_ADMIN_PASSWORD=ADMIN_PASSWORD)
    command = [args.care, "serve", "--data", data, "--database", args.database, "--port", str(port),
               "--trusted-proxy", "127.0.0.1", "--log-level", "warning", "--abuse-burst", "1000000",
               "--admin-email", ADMIN_EMAIL]
    command += ["--corpus", os.path.join(sb.ROOT, "Corpus")] if corpus else ["--no-corpus"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=sb.ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            sys.exit("care serve did not start")
        time.sleep(0.3)


def start_nginx(work, ports):
    folder = tempfile.mkdtemp(prefix="nginx-", dir=work)
    port = sb.free_port()
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    path = os.path.join(folder, "nginx.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(NGINX_CONF.format(work=folder, servers=servers, port=port))
    process = subprocess.Popen(["nginx", "-c", path, "-p", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.1)
    sys.exit("nginx did not start: " + open(os.path.join(folder, "nginx-error.log")).read())


def bearer(base, email, password):
    status, text = sb.api(base, "POST", "/api/v1/session", {"email": email, "password": password, "token": True})
    if status != 200:
        sys.exit(f"sign-in answered {status}: {text[:200]}")
    return json.loads(text)["token"]


def lag_samples(a, b, customer, admin, count, tag):
    """Milliseconds from the resolve answer on node A to node B's first suggestion of the new solution."""
    samples = []
    for number in range(count):
        word = f"qw{tag}" + "".join("bcdfghjkmnprtvxz"[int(d)] for d in f"{number:04d}")
        status, text = sb.api(a, "POST", "/api/v1/tickets", {"subject": f"Gadget stops {word}", "description": "It stops."},
                              {"Authorization": f"Bearer {customer}", "X-Forwarded-For": "198.51.100.7"})
        ticket = json.loads(text)["id"]
        body = {"solution": {"title": f"Reset the {word} unit", "steps": [f"Hold the {word} button."]}}
        status, text = sb.api(a, "POST", f"/api/v1/tickets/{ticket}/resolve", body,
                              {"Authorization": f"Bearer {admin}", "X-Forwarded-For": "198.51.100.8"})
        if status != 200:
            sys.exit(f"resolve answered {status}: {text[:200]}")
        saved = time.perf_counter()
        while True:
            status, text = sb.api(b, "POST", "/api/v1/suggestions", {"text": f"the {word} unit", "k": 3},
                                  {"Authorization": f"Bearer {admin}", "X-Forwarded-For": "198.51.100.9"})
            if word in text:
                samples.append((time.perf_counter() - saved) * 1000)
                break
            if time.perf_counter() - saved > 30:
                sys.exit(f"node B never suggested {word}")
            time.sleep(0.002)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 1),
            "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 1), "samples": len(samples)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--care", default=os.path.join(sb.ROOT, ".build", "release", "care"))
    parser.add_argument("--database", required=True, help="an empty PostgreSQL database (postgres://…)")
    parser.add_argument("--routes", default="health,suggestions,tickets")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--lag-samples", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not shutil.which("nginx"):
        sys.exit("nginx is not installed (apt-get install nginx-light)")

    work = tempfile.mkdtemp(prefix="care-nodes-")
    processes = []
    try:
        data_a, data_b = os.path.join(work, "a"), os.path.join(work, "b")
        node_a, port_a = start_node(args, data_a, corpus=True)
        processes.append(node_a)
        node_b, port_b = start_node(args, data_b, corpus=False)
        processes.append(node_b)
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"

        texts = sb.complaints(64, 16)
        tokens = sb.customer_tokens(a, os.path.join(work, "*"), 16) if "tickets" in args.routes.split(",") else []
        if not tokens:
            tokens = sb.customer_tokens(a, os.path.join(work, "*"), 1)
        admin = bearer(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        scripts = {
            "tickets": sb.LUA_TICKETS % (", ".join(sb.lua_string(json.dumps(t)) for t in texts),
                                         ", ".join(sb.lua_string(t) for t in tokens)),
            "health": sb.LUA_HEALTH % "",
            "suggestions": sb.LUA_SUGGESTIONS % ", ".join(sb.lua_string(json.dumps({"text": t, "k": 5})) for t in texts),
        }
        paths = {}
        for route, script in scripts.items():
            paths[route] = os.path.join(work, route + ".lua")
            with open(paths[route], "w", encoding="utf-8") as f:
                f.write(script)

        def measure(base, route):
            sb.run_wrk(base, paths[route], args.threads, args.connections, 2)  # warm-up
            before = sb.cpu_seconds(node_a.pid) + sb.cpu_seconds(node_b.pid)
            figures = sb.parse_wrk(sb.run_wrk(base, paths[route], args.threads, args.connections, args.duration))
            figures["nodes_cpu_us_per_request"] = round(
                (sb.cpu_seconds(node_a.pid) + sb.cpu_seconds(node_b.pid) - before) / figures["requests"] * 1e6, 1)
            return figures

        results = {"plain health, node A direct": measure(a, "health")}
        for label, ports in (("1 node", [port_a]), ("2 nodes", [port_a, port_b])):
            nginx, base = start_nginx(work, ports)
            try:
                for route in args.routes.split(","):
                    results[f"{route}, {label} behind nginx"] = measure(base, route)
            finally:
                nginx.terminate()
                nginx.wait(timeout=10)

        lag = {"idle": lag_samples(a, b, tokens[0], admin, args.lag_samples, "i")}
        load = threading.Thread(target=lambda: sb.run_wrk(a, paths["suggestions"], 1, 16, 8))
        load_b = threading.Thread(target=lambda: sb.run_wrk(b, paths["suggestions"], 1, 16, 8))
        load.start()
        load_b.start()
        time.sleep(0.5)
        lag["under suggestion load"] = lag_samples(a, b, tokens[0], admin, min(args.lag_samples, 30), "l")
        load.join()
        load_b.join()

        print(f"care serve ×2 on PostgreSQL, nginx (1 worker) round-robin, wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s, load average {os.getloadavg()[0]:.1f}")
        print(f"{'route':<42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'node CPU µs/req':>16} {'non-2xx':>8}")
        for name, r in results.items():
            print(f"{name:<42} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                  f"{r['nodes_cpu_us_per_request']:>16.1f} {r['non_2xx']:>8}")
        for name, r in lag.items():
            print(f"propagation A → B, {name}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms ({r['samples']} solutions)")
        if args.json:
            print(json.dumps({"routes": results, "lag": lag}))
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
