#!/usr/bin/env python3
"""Time an admin page of a running `care serve`: signs in through the login form, then requests PATH N times and
prints the page's size and each request's seconds (wall clock on this side of loopback).

    python3 Benchmarks/Scripts/admin_page_time.py http://127.0.0.1:8080 /admin/assignment 5 \
        --email admin@example.com --password-file pw.txt
"""
import argparse
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("path")
    ap.add_argument("count", type=int, nargs="?", default=5)
    ap.add_argument("--email", required=True)
    ap.add_argument("--password-file", required=True, help="a file whose first line is the password")
    args = ap.parse_args()
    password = open(args.password_file).readline().rstrip("\n")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(args.base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = {"csrf": csrf, "next": "/", "email": args.email, "password": password}
    try:
        signed_in = opener.open(args.base + "/login", urllib.parse.urlencode(form).encode()).read().decode()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"sign-in refused (HTTP {error.code}): check --email and --password-file")
    if 'action="/login"' in signed_in:
        raise SystemExit("sign-in refused: check --email and --password-file")
    times = []
    for _ in range(max(1, args.count)):
        start = time.time()
        body = opener.open(args.base + args.path).read()
        times.append(time.time() - start)
    print(args.path, "bytes", len(body), "seconds", " ".join(f"{t:.3f}" for t in times))


if __name__ == "__main__":
    main()
