#!/bin/bash
# wrk on loopback against admin pages of `care serve`, with /health in the same run, on a fresh copy of a store.
# usage: Benchmarks/Scripts/wrk_admin_pages.sh BIN PORT STORE EMAIL PASSWORD
# STORE is a data folder (e.g. one filled by `care generate --tickets 1000000`) holding an admin EMAIL / PASSWORD.
set -eu
BIN=$1; PORT=$2; STORE=$3; export CARE_BENCH_EMAIL=$4 CARE_BENCH_PASSWORD=$5; D=/tmp/care-wrk-pages-$PORT
rm -rf $D; cp -r "$STORE" $D
$BIN serve --data $D --port $PORT > $D.log 2>&1 &
for i in $(seq 1 120); do curl -sf localhost:$PORT/health/ready >/dev/null && break; sleep 1; done
COOKIE=$(python3 - $PORT <<'PY'
import sys, re, urllib.request, urllib.parse, http.cookiejar
base = f"http://127.0.0.1:{sys.argv[1]}"
jar = http.cookiejar.CookieJar(); op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
csrf = re.search(r'name="csrf" value="([^"]+)"', op.open(base + "/login").read().decode()).group(1)
import os
op.open(base + "/login", urllib.parse.urlencode({"csrf": csrf, "next": "/", "email": os.environ["CARE_BENCH_EMAIL"], "password": os.environ["CARE_BENCH_PASSWORD"]}).encode())
print("; ".join(f"{c.name}={c.value}" for c in jar))
PY
)
for p in /health /admin/customers /admin/assignment; do
  d=10; c=4; [ $p = /health ] && c=32
  echo "$(basename $BIN) $p c=$c: $(wrk -t2 -c$c -d${d}s --latency -H "Cookie: $COOKIE" http://127.0.0.1:$PORT$p 2>&1 | grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' | tr -s ' ' | tr '\n' ' ')"
done
kill %1; wait || true; rm -rf $D $D.log
