# Shared by the bench scripts (sourced, not run): logging, the work directory, processes started and
# stopped by PID, free loopback ports, resource sampling, wrk output parsing and machine info.
#
# Before sourcing, a script sets:
#   bench_tag   the prefix of its log lines (e.g. "bench")
#   keep        1 to keep $work at exit (BENCH_KEEP)
# After bench_init it has $work, and every PID it appends to "started" is stopped at exit.
# shellcheck shell=bash

log() { printf '[%s %s] %s\n' "$bench_tag" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

require_tools() { # $1 = package list that provides them, rest = commands
  local packages="$1" tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is not installed (Debian packages: $packages)"
  done
}

now() { echo "$EPOCHREALTIME"; }

machine_info() { # "2 CPUs, 6.18.0": what every report's header names
  echo "$(nproc) CPUs, $(uname -r)"
}

# --- processes: every one we start is recorded and stopped by PID at exit --------------------------

started=()
sampler_pid=""

descendants() { # PID and every descendant PID, parents first
  local pid="$1" child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    descendants "$child"
  done
}

stop_pids() { # stop the given processes and their descendants: TERM, then KILL after 5 s
  local tree=() pid i
  for pid in "$@"; do
    [[ -n "$pid" ]] && tree+=($(descendants "$pid"))
  done
  ((${#tree[@]})) || return 0
  kill -TERM "${tree[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    local alive=0
    for pid in "${tree[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  kill -KILL "${tree[@]}" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ((${#started[@]})) && stop_pids "${started[@]}" $sampler_pid
  if [[ "$keep" == 1 ]]; then log "configs and logs kept in $work"; else rm -rf "$work"; fi
  exit "$rc"
}

bench_init() { # $1 = work dir prefix: creates $work and stops what was started (by PID) at exit
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  chmod 755 "$work" # nginx workers run as nobody
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# --- ports: a free block in a high range -------------------------------------------------------------

port_free() { [[ -z "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]]; }

pick_ports() { # prints N free consecutive ports from 42000..59999
  local n="$1" attempt base p ok
  for ((attempt = 0; attempt < 50; attempt++)); do
    base=$((42000 + (RANDOM % 1800) * 10))
    ok=1
    for ((p = base; p < base + n; p++)); do port_free "$p" || { ok=0; break; }; done
    if ((ok)); then seq "$base" $((base + n - 1)); return 0; fi
  done
  return 1
}

pick_ports_or_die() { # $1 = N: sets the array "ports" to N free consecutive ports
  mapfile -t ports < <(pick_ports "$1") || die "no block of $1 free ports found in 42000..59999"
  ((${#ports[@]} == $1)) || die "no block of $1 free ports found in 42000..59999"
}

# --- nginx, the backend of every benchmark -----------------------------------------------------------

nginx_conf() { # $1 = prefix dir, $2 = workers, $3 = server blocks
  local dir="$1"
  mkdir -p "$dir"/tmp
  cat >"$dir"/nginx.conf <<NGINX
worker_processes $2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
$3
}
NGINX
}

# --- resources of a process tree ---------------------------------------------------------------------

rss_kib() { # summed VmRSS of a process tree, KiB
  local total=0 p v
  for p in $(descendants "$1"); do
    v=$(awk '/^VmRSS:/ { print $2 }' /proc/"$p"/status 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

clk_tck="$(getconf CLK_TCK)"
cpu_ticks() { # user + system CPU ticks of a process tree (its live members)
  local total=0 p v
  for p in $(descendants "$1"); do
    v=$(sed 's/^.*) //' /proc/"$p"/stat 2>/dev/null | awk '{ print $12 + $13 }' || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

sample_rss() { # $1 = pid, $2 = file: keeps the highest summed RSS seen until killed
  local peak=0 now_kib
  while :; do
    now_kib=$(rss_kib "$1")
    ((now_kib > peak)) && { peak=$now_kib; echo "$peak" >"$2"; }
    sleep 0.2
  done
}

start_rss_sampler() { # $1 = pid, $2 = file: samples in the background ($sampler_pid) from 0
  echo 0 >"$2"
  sample_rss "$1" "$2" &
  sampler_pid=$!
}

stop_rss_sampler() {
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}

# --- wrk output --------------------------------------------------------------------------------------

to_ms() { # wrk's "812.00us" / "1.23ms" / "2.01s" / "1.00m" -> milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0;
    else if (v ~ /m$/) printf "%.2f", v * 60000; else if (v ~ /s$/) printf "%.2f", v * 1000; else print "?" }'
}

wrk_rps() { # $1 = wrk output: requests/s, rounded
  awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$1"
}

wrk_percentile_ms() { # $1 = wrk --latency output, $2 = "50%" | "99%" …: that latency in ms
  to_ms "$(awk -v q="$2" '$1 == q { print $2 }' <<<"$1")"
}

wrk_errors() { # $1 = wrk output: non-2xx/3xx answers plus socket errors
  awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       END { print n + 0 }' <<<"$1"
}
