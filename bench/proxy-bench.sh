#!/usr/bin/env bash
# Reverse-proxy benchmark on loopback: swarmedge against nginx, HAProxy and Caddy, all proxying to the
# same nginx backend, plus the backend served directly as a baseline. Every target is measured with wrk
# in the same run, alternating, BENCH_ROUNDS times. Prints requests/s, p50/p99 latency, errors, the
# peak RSS of the proxy's processes under load and how long each took from start to its first answer.
#
# Usage: bench/proxy-bench.sh            (see bench/README.md for the BENCH_* settings)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bench_tag=bench
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_WARMUP:-3s}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-64}"
rounds="${BENCH_ROUNDS:-2}"
start_timeout="${BENCH_START_TIMEOUT:-30}"
backend_workers="${BENCH_BACKEND_WORKERS:-1}"
proxy_workers="${BENCH_PROXY_WORKERS:-auto}"
targets="${BENCH_TARGETS:-direct nginx haproxy caddy swarmedge}"
swarmedge_cmd="${BENCH_SWARMEDGE:-$repo/swarmedge}"
swarmedge_jar="${SWARMEDGE_JAR:-$repo/cli/target/swarmedge.jar}"
results_tsv="${BENCH_RESULTS:-}"
keep="${BENCH_KEEP:-0}"

# The backend's answer: small, static, and recognisable so each proxy is checked before it is measured.
marker="swarmedge-bench-backend"

require_tools scripts/packages/bench.txt wrk curl ss awk
command -v nginx >/dev/null || die "nginx is not installed: it is the backend (scripts/packages/bench.txt)"

bench_init proxy-bench
pick_ports_or_die 5
backend_port="${ports[0]}"
declare -A port=([direct]="${ports[0]}" [nginx]="${ports[1]}" [haproxy]="${ports[2]}" [caddy]="${ports[3]}" [swarmedge]="${ports[4]}")
declare -A pid=() startup=() status=()

# --- configurations ------------------------------------------------------------------------------

nginx_conf "$work/backend" "$backend_workers" "
  server {
    listen 127.0.0.1:$backend_port;
    location / { default_type text/plain; return 200 '$marker\n'; }
  }"

nginx_conf "$work/nginx" "$proxy_workers" "
  upstream backend { server 127.0.0.1:$backend_port; keepalive 128; }
  server {
    listen 127.0.0.1:${port[nginx]};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"

mkdir -p "$work/haproxy"
cat >"$work/haproxy/haproxy.cfg" <<EOF
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend bench
  bind 127.0.0.1:${port[haproxy]}
  default_backend backend
backend backend
  server backend1 127.0.0.1:$backend_port
EOF

mkdir -p "$work/caddy"
cat >"$work/caddy/Caddyfile" <<EOF
{
	admin off
	auto_https off
	log {
		output discard
	}
}

http://127.0.0.1:${port[caddy]} {
	bind 127.0.0.1
	reverse_proxy 127.0.0.1:$backend_port {
		transport http {
			keepalive_idle_conns_per_host 128
		}
	}
}
EOF

mkdir -p "$work/swarmedge"
cat >"$work/swarmedge/dynamic.yml" <<EOF
http:
  routers:
    bench:
      rule: "PathPrefix(\`/\`)"
      service: backend
  services:
    backend:
      loadBalancer:
        servers:
          - url: "http://127.0.0.1:$backend_port"
EOF

# --- starting targets ----------------------------------------------------------------------------

wait_ready() { # $1 = name, $2 = pid: polls until the port answers with the backend's marker
  local name="$1" p="$2" t0="$3" deadline body
  deadline=$(awk -v t="$t0" -v s="$start_timeout" 'BEGIN { printf "%.3f", t + s }')
  while :; do
    if ! kill -0 "$p" 2>/dev/null; then status[$name]="exited at start"; return 1; fi
    body="$(curl -s --max-time 1 "http://127.0.0.1:${port[$name]}/" 2>/dev/null || true)"
    if [[ "$body" == *"$marker"* ]]; then
      startup[$name]=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
      return 0
    fi
    if awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n > d) }'; then
      status[$name]="no backend answer within ${start_timeout}s"
      return 1
    fi
    sleep 0.02
  done
}

launch() { # $1 = name, rest = command; records the PID and waits for the first proxied answer
  local name="$1" t0
  shift
  t0="$(now)"
  "$@" >"$work/$name.log" 2>&1 &
  pid[$name]=$!
  started+=("${pid[$name]}")
  if wait_ready "$name" "${pid[$name]}" "$t0"; then
    status[$name]=ok
    log "$name ready on 127.0.0.1:${port[$name]} in ${startup[$name]} s (pid ${pid[$name]})"
  else
    log "$name not available: ${status[$name]}; last lines of its log:"
    tail -n 5 "$work/$name.log" | sed 's/^/    /' >&2 || true
    stop_pids "${pid[$name]}"
    unset "pid[$name]"
  fi
}

log "work dir $work; backend 127.0.0.1:$backend_port; rounds $rounds x $duration, wrk -t$threads -c$connections"
"$(command -v nginx)" -p "$work/backend" -c "$work/backend/nginx.conf" -e "$work/backend/error.log" -g 'daemon off;' \
  >"$work/direct.log" 2>&1 &
backend_pid=$!
started+=("$backend_pid")
t0="$(now)"
pid[direct]=$backend_pid
wait_ready direct "$backend_pid" "$t0" || die "backend nginx did not start: $(tail -n 3 "$work/direct.log")"
status[direct]=ok

for name in $targets; do
  case "$name" in
    direct) ;;
    nginx)
      launch nginx "$(command -v nginx)" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" \
        -g 'daemon off;' ;;
    haproxy)
      if command -v haproxy >/dev/null; then
        launch haproxy "$(command -v haproxy)" -db -f "$work/haproxy/haproxy.cfg"
      else status[haproxy]="haproxy not installed"; fi ;;
    caddy)
      if command -v caddy >/dev/null; then
        launch caddy env HOME="$work/caddy" XDG_DATA_HOME="$work/caddy/data" XDG_CONFIG_HOME="$work/caddy/config" \
          "$(command -v caddy)" run --config "$work/caddy/Caddyfile" --adapter caddyfile
      else status[caddy]="caddy not installed"; fi ;;
    swarmedge)
      if [[ ! -f "$swarmedge_jar" ]]; then
        status[swarmedge]="no $swarmedge_jar (build: ./mvnw -q -B package -DskipTests)"
      else
        # A private copy: a rebuild of cli/target during the run must not swap the jar under the JVM.
        cp "$swarmedge_jar" "$work/swarmedge/swarmedge.jar"
        launch swarmedge env SWARMEDGE_JAR="$work/swarmedge/swarmedge.jar" "$swarmedge_cmd" proxy \
          --entrypoints.web.address="127.0.0.1:${port[swarmedge]}" \
          --providers.file.filename="$work/swarmedge/dynamic.yml" ${BENCH_SWARMEDGE_ARGS:-}
      fi ;;
    *) die "unknown target $name (known: direct nginx haproxy caddy swarmedge)" ;;
  esac
done

# --- measuring ---------------------------------------------------------------------------------

declare -A rps_sum=() cpu_sum=() p50_sum=() p99_max=() rss_max=() err_sum=() runs=()
rows=()

measure() { # $1 = name, $2 = round label, $3 = duration; records one row unless warming up
  local name="$1" round="$2" dur="$3" out rssfile rps p50 p99 errs rss cpu0 cpu1 t0 t1 cpu
  rssfile="$work/$name.rss"
  start_rss_sampler "${pid[$name]}" "$rssfile"
  cpu0=$(cpu_ticks "${pid[$name]}")
  t0="$(now)"
  out="$(wrk -t"$threads" -c"$connections" -d"$dur" --latency "http://127.0.0.1:${port[$name]}/" 2>&1 || true)"
  t1="$(now)"
  cpu1=$(cpu_ticks "${pid[$name]}")
  stop_rss_sampler
  [[ "$round" == warmup ]] && return 0
  echo "$out" >"$work/$name.round$round.wrk"
  rps=$(wrk_rps "$out")
  p50=$(wrk_percentile_ms "$out" 50%)
  p99=$(wrk_percentile_ms "$out" 99%)
  errs=$(wrk_errors "$out")
  rss=$(($(cat "$rssfile") / 1024))
  rps=${rps:-0}
  # CPU the target used during the run, in % of one CPU: how much of the machine it needed for its req/s.
  cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$clk_tck" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / (t1 - t0) }')
  rows+=("$(printf '%-10s %5s %11s %9s %9s %8s %9s %6s' "$name" "$round" "$rps" "$p50" "$p99" "$errs" "$rss" "$cpu")")
  [[ -n "$results_tsv" ]] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$rps" "$p50" "$p99" "$errs" \
    "$rss" "$cpu" "${startup[$name]:-}" >>"$results_tsv"
  rps_sum[$name]=$(awk -v a="${rps_sum[$name]:-0}" -v b="$rps" 'BEGIN { print a + b }')
  cpu_sum[$name]=$(( ${cpu_sum[$name]:-0} + cpu ))
  p50_sum[$name]=$(awk -v a="${p50_sum[$name]:-0}" -v b="$p50" 'BEGIN { print a + b }')
  p99_max[$name]=$(awk -v a="${p99_max[$name]:-0}" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
  rss_max[$name]=$(( rss > ${rss_max[$name]:-0} ? rss : ${rss_max[$name]:-0} ))
  err_sum[$name]=$(( ${err_sum[$name]:-0} + errs ))
  runs[$name]=$(( ${runs[$name]:-0} + 1 ))
  log "$name round $round: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errs, peak RSS $rss MiB, CPU $cpu%"
}

available=()
for name in $targets; do [[ "${status[$name]:-}" == ok ]] && available+=("$name"); done

if [[ "$warmup" != 0 && "$warmup" != 0s ]]; then
  for name in "${available[@]}"; do
    log "$name: warm-up $warmup (not reported)"
    measure "$name" warmup "$warmup"
  done
fi
for ((round = 1; round <= rounds; round++)); do
  for name in "${available[@]}"; do
    measure "$name" "$round" "$duration"
  done
done

# --- report --------------------------------------------------------------------------------------

echo
echo "Proxy benchmark: $(machine_info), wrk -t$threads -c$connections -d$duration, $rounds rounds" \
  "alternating, backend nginx ($backend_workers worker) returning ${#marker}+1 bytes"
printf '%-10s %5s %11s %9s %9s %8s %9s %6s\n' target round "req/s" "p50 ms" "p99 ms" errors "RSS MiB" "CPU %"
printf '%s\n' "${rows[@]}"
echo
printf '%-10s %-32s %11s %9s %9s %8s %9s %7s %9s\n' target version "req/s avg" "p50 avg" "p99 max" errors "RSS max" "CPU avg" "start s"
version_of() {
  case "$1" in
    direct) echo "nginx $(nginx -v 2>&1 | sed 's|.*/||') (backend)" ;;
    nginx) echo "nginx $(nginx -v 2>&1 | sed 's|.*/||')" ;;
    haproxy) echo "haproxy $(haproxy -v 2>/dev/null | awk 'NR == 1 { print $3 }')" ;;
    caddy) echo "caddy $(caddy version 2>/dev/null | awk '{ print $1 }')" ;;
    swarmedge) echo "swarmedge $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" ;;
  esac
}
for name in $targets; do
  if [[ "${status[$name]:-}" != ok || -z "${runs[$name]:-}" ]]; then
    printf '%-10s %-32s %s\n' "$name" "$(version_of "$name")" "not available: ${status[$name]:-not measured}"
    continue
  fi
  printf '%-10s %-32s %11s %9s %9s %8s %9s %7s %9s\n' "$name" "$(version_of "$name")" \
    "$(awk -v s="${rps_sum[$name]}" -v n="${runs[$name]}" 'BEGIN { printf "%.0f", s / n }')" \
    "$(awk -v s="${p50_sum[$name]}" -v n="${runs[$name]}" 'BEGIN { printf "%.2f", s / n }')" \
    "${p99_max[$name]}" "${err_sum[$name]}" "${rss_max[$name]}" "$((cpu_sum[$name] / runs[$name]))" "${startup[$name]:-?}"
done

# The issue's targets for swarmedge, judged on this run's averages.
if [[ -n "${runs[swarmedge]:-}" ]]; then
  echo
  echo "swarmedge against issue 2's targets (this run):"
  avg() { awk -v s="${rps_sum[$1]}" -v n="${runs[$1]}" 'BEGIN { print s / n }'; }
  verdict() { awk -v c="$1" 'BEGIN { print (c ? "met" : "NOT met") }'; }
  se_rps=$(avg swarmedge)
  for peer in haproxy nginx; do
    [[ -n "${runs[$peer]:-}" ]] || continue
    peer_rps=$(avg "$peer")
    printf '  req/s >= %-8s %9.0f vs %9.0f (x%.2f)  %s\n' "$peer" "$se_rps" "$peer_rps" \
      "$(awk -v a="$se_rps" -v b="$peer_rps" 'BEGIN { print a / b }')" "$(verdict "$(awk -v a="$se_rps" -v b="$peer_rps" 'BEGIN { print (a >= b) }')")"
    printf '  p99 <= 1.25 x %-7s %6s ms vs %6s ms  %s\n' "$peer" "${p99_max[swarmedge]}" "${p99_max[$peer]}" \
      "$(verdict "$(awk -v a="${p99_max[swarmedge]}" -v b="${p99_max[$peer]}" 'BEGIN { print (a <= 1.25 * b) }')")"
  done
  if [[ -n "${runs[caddy]:-}" ]]; then
    caddy_rps=$(avg caddy)
    printf '  req/s >= 3 x caddy   %9.0f vs %9.0f (x%.2f)  %s\n' "$se_rps" "$caddy_rps" \
      "$(awk -v a="$se_rps" -v b="$caddy_rps" 'BEGIN { print a / b }')" "$(verdict "$(awk -v a="$se_rps" -v b="$caddy_rps" 'BEGIN { print (a >= 3 * b) }')")"
  fi
  printf '  peak RSS <= 256 MiB  %s MiB  %s\n' "${rss_max[swarmedge]}" "$(verdict "$((rss_max[swarmedge] <= 256))")"
  printf '  first answer <= 1.5 s  %s s  %s\n' "${startup[swarmedge]}" \
    "$(verdict "$(awk -v a="${startup[swarmedge]}" 'BEGIN { print (a <= 1.5) }')")"
  if ((err_sum[swarmedge] > 0)); then echo "  errors: ${err_sum[swarmedge]} non-2xx or socket errors (see wrk output)"; fi
fi
