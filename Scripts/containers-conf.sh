#!/usr/bin/env bash
# Writes a containers.conf for podman and buildah that fits hosts where the defaults do not (crun rejects mixed
# cgroup v1/v2 layouts; the default open-file limit may exceed the hard limit; no systemd journal) and prints its
# path, for CONTAINERS_CONF:   export CONTAINERS_CONF=$(Scripts/containers-conf.sh)
set -euo pipefail
path=${1:-${TMPDIR:-/tmp}/care-containers.conf}
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=1048576
nofile=$(( hard < 65536 ? hard : 65536 ))
cat > "$path" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
echo "$path"
