#!/usr/bin/env bash
# Docker for swarmedge on a fresh Debian machine. Idempotent:
#  - installs Debian's docker.io when dockerd is missing,
#  - starts dockerd in the background when the engine does not answer (no systemd needed),
#    logging to $SWARMEDGE_DOCKERD_LOG, and waits for its socket (bounded),
#  - initialises a single-node swarm when the engine is in none.
# It stops nothing: a dockerd that already runs (systemd or not) is used as it is.
# Usable on its own (`bash scripts/setup.d/50-docker.sh`) and from scripts/setup-machine.sh.
set -euo pipefail

sock="${SWARMEDGE_DOCKER_SOCKET:-/var/run/docker.sock}"
log="${SWARMEDGE_DOCKERD_LOG:-/var/log/swarmedge-dockerd.log}"
start_timeout="${SWARMEDGE_DOCKERD_TIMEOUT:-60}"

say() { echo "docker-setup: $*"; }
die() { echo "docker-setup: ERROR: $*" >&2; exit 1; }

engine_answers() { timeout 10 docker -H "unix://$sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# 1. The engine and its client.
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  [[ $EUID -eq 0 ]] || die "docker.io is not installed and installing it needs root"
  say "installing docker.io from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

# 2. A running dockerd.
if engine_answers; then
  say "dockerd answers on $sock ($(docker -H "unix://$sock" version --format '{{.Server.Version}}'))"
else
  [[ $EUID -eq 0 ]] || die "dockerd is not running and starting it needs root"
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    say "starting docker through systemd"
    systemctl start docker || die "systemctl start docker failed: see journalctl -u docker"
  else
    # A pid file left by a dockerd that died would make the new one refuse to start, but only
    # remove it when no such process is alive: never take over a running daemon.
    for pidfile in /var/run/docker.pid /run/docker/containerd/containerd.pid; do
      if [[ -f "$pidfile" ]] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
        rm -f "$pidfile"
      fi
    done
    if [[ -f /var/run/docker.pid ]]; then
      die "dockerd (pid $(cat /var/run/docker.pid)) runs but does not answer on $sock: see $log"
    fi
    say "starting dockerd in the background (log: $log)"
    mkdir -p "$(dirname "$log")"
    # setsid + nohup: the daemon outlives this script and the shell that ran it.
    setsid nohup dockerd -H "unix://$sock" >>"$log" 2>&1 </dev/null &
    pid=$!
    deadline=$((SECONDS + start_timeout))
    until engine_answers; do
      if ! kill -0 "$pid" 2>/dev/null; then
        tail -n 20 "$log" >&2 || true
        die "dockerd exited during start-up: see $log"
      fi
      if ((SECONDS >= deadline)); then
        tail -n 20 "$log" >&2 || true
        die "dockerd (pid $pid) did not answer on $sock within ${start_timeout}s: see $log"
      fi
      sleep 0.5
    done
    say "dockerd started (pid $pid) and answers on $sock"
  fi
fi

# 3. A swarm. A single-node swarm advertised on loopback survives the machine's address changing
# (a restored snapshot, DHCP); overlay networks and tasks.<svc> DNS work on it. To add nodes
# later, set SWARMEDGE_SWARM_ADDR to an address the other nodes reach before the first run.
state="$(docker -H "unix://$sock" info --format '{{.Swarm.LocalNodeState}}')"
case "$state" in
  active)
    say "swarm active (node $(docker -H "unix://$sock" info --format '{{.Swarm.NodeID}}'))" ;;
  inactive)
    addr="${SWARMEDGE_SWARM_ADDR:-127.0.0.1}"
    say "initialising a single-node swarm on $addr"
    docker -H "unix://$sock" swarm init --advertise-addr "$addr" >/dev/null \
      || die "docker swarm init --advertise-addr $addr failed"
    say "swarm active" ;;
  pending|locked|error)
    die "the engine's swarm is '$state': fix it by hand (docker swarm leave --force, or unlock)" ;;
  *)
    die "unexpected swarm state '$state'" ;;
esac
