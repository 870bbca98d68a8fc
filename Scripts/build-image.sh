#!/usr/bin/env bash
# Builds the `care` container image without a registry or a base image, from this machine's files: a release build
# with the Swift runtime linked in statically, then a root folder holding the binary, its SwiftPM resource bundles,
# every shared library `ldd` lists (at the same paths, the loader included), the NSS modules, CA certificates, time
# zones, an unprivileged user and a 1777 /tmp; `buildah from scratch` + `buildah copy` + `buildah config` +
# `buildah commit` make the image. It is equivalent to the Containerfile's (same user, ports, variables, volume,
# health check) but needs no `FROM` image. Then Scripts/smoke-image.sh runs it unless --no-smoke is given.
#
#   Scripts/build-image.sh [--tag care:latest] [--build-path .build] [--bin-path DIR] [--no-smoke]
#
# --bin-path takes `care` and its resource bundles from DIR (an existing build, e.g. .build/debug) instead of
# building.
#
# Needs: swift, buildah, podman, runc (apt-get install podman buildah runc), run as root. Podman and buildah use the
# settings of $CONTAINERS_CONF, written by Scripts/containers-conf.sh unless the variable is already set: runc,
# cgroupfs, a file events log, and open-file limits within this machine's hard limit.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=care:latest
build_path=.build
smoke=1
bin=
while [ $# -gt 0 ]; do
    case "$1" in
        --tag) tag=$2; shift 2 ;;
        --build-path) build_path=$2; shift 2 ;;
        --bin-path) bin=$2; shift 2 ;;
        --no-smoke) smoke=0; shift ;;
        *) echo "usage: $0 [--tag NAME:TAG] [--build-path DIR] [--bin-path DIR] [--no-smoke]" >&2; exit 2 ;;
    esac
done

for tool in swift buildah podman ldd strip; do
    command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install podman buildah runc)" >&2; exit 1; }
done

# Podman's and buildah's defaults do not fit every host (Scripts/containers-conf.sh).
if [ -z "${CONTAINERS_CONF:-}" ]; then
    CONTAINERS_CONF=$(Scripts/containers-conf.sh)
    export CONTAINERS_CONF
fi

started=$(date +%s)
if [ -z "$bin" ]; then
    echo "build-image: release build of care ($build_path)"
    swift build -c release --product care --static-swift-stdlib --build-path "$build_path"
    bin="$(swift build -c release --product care --static-swift-stdlib --build-path "$build_path" --show-bin-path)"
fi
[ -x "$bin/care" ] || { echo "build-image: no care binary in $bin" >&2; exit 1; }
built=$(date +%s)

root="$build_path/image-root"
rm -rf "$root"
mkdir -p "$root/app" "$root/tmp" "$root/etc/ssl/certs" "$root/usr/share"
chmod 1777 "$root/tmp"

# The binary and its resource bundles (templates, assets, OpenAPI document, shipped corpus), side by side.
cp "$bin/care" "$root/app/care"
strip "$root/app/care" 2>/dev/null || true
cp -R "$bin"/*.resources "$root/app/"

# Every shared library the binary loads, at the path the loader finds it at, then the loader itself; the NSS modules
# glibc opens at run time for users and host names (not in ldd's list).
copy_library() {
    local library=$1
    [ -e "$library" ] || return 0
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
}
while read -r library; do
    copy_library "$library"
done < <(ldd "$root/app/care" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }')
for library in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
    /lib/x86_64-linux-gnu/libresolv.so.2; do
    copy_library "$library"
done
# The loader is also reached through /lib64 on x86-64.
if [ -e /lib64/ld-linux-x86-64.so.2 ]; then copy_library /lib64/ld-linux-x86-64.so.2; fi

# An unprivileged user owning /data, name resolution from files then DNS, CA certificates and time zones.
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
care:x:10001:10001:Customer Care Registry:/data:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
care:x:10001:
nogroup:x:65534:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
if [ -d /usr/share/zoneinfo ]; then cp -R /usr/share/zoneinfo "$root/usr/share/zoneinfo"; fi

echo "build-image: making $tag with buildah"
# Docker's image format: OCI images have no HEALTHCHECK.
export BUILDAH_FORMAT=docker
container=$(buildah from scratch)
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
buildah copy --quiet "$container" "$root" / >/dev/null
# buildah copy makes root the owner of what it copies; the data folder belongs to the user the server runs as.
mkdir -p "$build_path/image-data"
buildah copy --quiet --chown 10001:10001 "$container" "$build_path/image-data" /data >/dev/null
buildah config \
    --user 10001:10001 \
    --port 8080 \
    --env CARE_HOST=0.0.0.0 \
    --env CARE_PORT=8080 \
    --env CARE_DATA=/data \
    --env CARE_LOG_LEVEL=info \
    --volume /data \
    --workingdir /data \
    --entrypoint '["/app/care"]' \
    --cmd serve \
    --healthcheck 'CMD /app/care health' \
    --healthcheck-interval 15s \
    --healthcheck-timeout 5s \
    --healthcheck-start-period 120s \
    --healthcheck-retries 3 \
    --label org.opencontainers.image.title="Customer Care Registry" \
    --label org.opencontainers.image.source=Containerfile \
    "$container"
buildah commit --quiet --format docker --rm "$container" "$tag" >/dev/null
trap - EXIT
finished=$(date +%s)

size=$(podman image inspect "$tag" --format '{{.Size}}')
echo "build-image: $tag is $(( size / 1000000 )) MB ($size bytes); release build $(( built - started )) s," \
    "image $(( finished - built )) s"

if [ "$smoke" = 1 ]; then
    Scripts/smoke-image.sh "$tag"
fi
