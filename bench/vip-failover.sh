#!/usr/bin/env bash
# Failover benchmark for `swarmedge vip` against keepalived at equal settings.
#
# Two nodes (network namespaces on a bridge) run the same daemon and configuration; a client
# namespace keeps opening TCP connections to the virtual IP (a listener in each node answers
# with its name). Each round kills the master (link cut + SIGKILL, like a node losing power)
# and records the time until the VIP answers TCP again from the new master; the killed node is
# then restarted as a backup. Prints median, p90 and max per scenario, side by side.
#
# usage: bench/vip-failover.sh [ROUNDS (default 20)] [SCENARIO-FILTER]
# needs: root, iproute2, nftables, keepalived (scripts/packages/vip.txt), Java 25.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-20}"
filter="${2:-}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ $(id -u) == 0 ]] || { echo "vip-failover: needs root (network namespaces, raw sockets)" >&2; exit 1; }
command -v keepalived >/dev/null || { echo "vip-failover: keepalived is missing (apt-get install keepalived)" >&2; exit 1; }

cd "$here"
./mvnw -q -B -pl vip test-compile >&2
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -pl vip dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
classpath="vip/target/test-classes:vip/target/classes:$(cat "$cp_file")"

echo "vip-failover: $rounds failovers per scenario on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m \
  -Dbench.dir="$here/vip/target/vip-bench" \
  -cp "$classpath" io.swarmedge.vip.lab.FailoverBench "$rounds" "$filter"
