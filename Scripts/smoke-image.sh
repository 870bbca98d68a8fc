#!/usr/bin/env bash
# Smoke test of a `care` container image (Scripts/build-image.sh, or the Containerfile's): runs it on a free loopback
# port with a fresh data folder and a read-only root file system, waits for /health/ready, runs the image's health
# check, registers a customer through the JSON API, confirms the address with the link the server wrote into
# /data/outbox, signs in, asks POST /api/v1/suggestions and requires at least one suggestion; then stops the
# container. Prints the image's size and the time from `podman run` to ready.
#
#   Scripts/smoke-image.sh [care:latest]
#
# Needs podman, curl and python3; podman uses $CONTAINERS_CONF, or the settings of Scripts/containers-conf.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CONTAINERS_CONF:-}" ]; then
    CONTAINERS_CONF=$(Scripts/containers-conf.sh)
    export CONTAINERS_CONF
fi

image=${1:-care:latest}
name="care-smoke-$$"
data=$(mktemp -d /tmp/care-smoke.XXXXXX)
podman_log=$(mktemp /tmp/care-smoke-podman.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password='Smoke-Test-Passw0rd'

cleanup() {
    podman rm --force --time 10 "$name" >/dev/null 2>&1 || true
    rm -rf "$data" "$podman_log"
}
trap cleanup EXIT
fail() {
    echo "smoke-image: $*" >&2
    cat "$podman_log" >&2
    podman logs "$name" 2>&1 | tail -n 40 >&2 || true
    exit 1
}

# The container's user (10001) owns the data folder, as in the image.
chown 10001:10001 "$data"
started=$(date +%s.%N)
# As the Kubernetes Deployment runs it: read-only root file system (podman mounts a tmpfs on /tmp), no capabilities,
# no privilege escalation. The image's health check runs once by hand below: no timer (podman's timers need systemd).
podman run --detach --name "$name" \
    --read-only --cap-drop ALL --security-opt no-new-privileges \
    --health-interval disable \
    --publish "127.0.0.1:$port:8080" \
    --volume "$data:/data" \
    --env CARE_ADMIN_PASSWORD="$password" \
    --env CARE_BASE_URL="$base" \
    "$image" >/dev/null 2>"$podman_log"

ready=
for _ in $(seq 1 600); do
    if curl --silent --fail --max-time 2 "$base/health/ready" >/dev/null 2>&1; then
        ready=$(date +%s.%N)
        break
    fi
    [ "$(podman inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || fail "the container stopped"
    sleep 0.2
done
[ -n "$ready" ] || fail "no 200 from /health/ready within 120 s"
seconds_to_ready=$(python3 -c "print(f'{$ready - $started:.1f}')")
curl --silent --fail "$base/health/live" | grep -qx ok || fail "/health/live is not ok"
# The image's HEALTHCHECK (care health) when the image has one.
if [ "$(podman inspect --format '{{if .Config.Healthcheck}}yes{{end}}' "$name" 2>/dev/null)" = yes ]; then
    podman healthcheck run "$name" >/dev/null || fail "the image's health check failed"
fi

# Register a customer, confirm the address with the mailed link (the file transport writes it to /data/outbox).
email=smoke.customer@example.com
status=$(curl --silent --output /dev/null --write-out '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"name\": \"Smoke Customer\", \"email\": \"$email\", \"password\": \"$password\"}" "$base/api/v1/accounts")
[ "$status" = 201 ] || fail "registration answered $status"
token=
for _ in $(seq 1 100); do
    token=$(python3 - "$data/outbox" <<'PY' 2>/dev/null || true
import email, glob, os, re, sys, urllib.parse
from email import policy
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.eml"), recursive=True):
    with open(path, "rb") as handle:
        part = email.message_from_binary_file(handle, policy=policy.default).get_body(preferencelist=("plain", "html"))
    for link in re.findall(r"https?://\S*token=\S*", part.get_content() if part is not None else ""):
        print(urllib.parse.quote(urllib.parse.parse_qs(urllib.parse.urlparse(link.rstrip(".,)>\"'")).query)["token"][0]))
        raise SystemExit
PY
)
    [ -n "$token" ] && break
    sleep 0.2
done
[ -n "$token" ] || fail "no confirmation mail in /data/outbox"
status=$(curl --silent --output /dev/null --write-out '%{http_code}' "$base/api/v1/accounts/confirm?token=$token")
[ "$status" = 200 ] || fail "confirmation answered $status"
bearer=$(curl --silent --fail -H 'Content-Type: application/json' \
    -d "{\"email\": \"$email\", \"password\": \"$password\", \"token\": true}" "$base/api/v1/session" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || fail "signing in failed"

# A suggestion from the shipped corpus, for the signed-in customer.
answer=$(curl --silent --fail -H 'Content-Type: application/json' -H "Authorization: Bearer $bearer" \
    -d '{"text": "my payout has not arrived in my bank account"}' "$base/api/v1/suggestions") ||
    fail "POST /api/v1/suggestions failed"
count=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)["suggestions"]))' <<< "$answer")
[ "$count" -ge 1 ] || fail "no suggestion for a payout complaint"
title=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["suggestions"][0]["solution"]["title"])' <<< "$answer")

podman stop --time 20 "$name" >/dev/null 2>>"$podman_log"
size=$(podman image inspect "$image" --format '{{.Size}}')
echo "smoke-image: $image ($(( size / 1000000 )) MB) ready in ${seconds_to_ready} s; $count suggestions, first: $title"
