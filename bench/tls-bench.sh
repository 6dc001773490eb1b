#!/usr/bin/env bash
# TLS handshake benchmark on loopback: swarmedge against nginx and HAProxy, each terminating TLS with the
# same certificate (an EC P-256 one, then an RSA-2048 one) in front of the same nginx backend.
# Per target and key it measures, with h2load over HTTP/1.1:
#   full     handshakes/s when every request is a new client with no session (batches of h2load -n C -c C)
#   CPU      the target's CPU ms per full handshake (user+system of its processes; unaffected by other load)
#   resumed  handshakes/s when every request is a new connection resuming the client's session
#            (h2load -H 'Connection: close': the server closes, h2load reconnects with its session)
#   p50/p99  full-handshake latency of an idle server (sequential curl, time_appconnect - time_connect)
#   RSS      peak resident memory of the target's processes during the load
# Prints a side-by-side table. A target that does not serve TLS gets a "not available" row; the script
# still succeeds.
#
# Usage: bench/tls-bench.sh            (see bench/README.md for the BENCH_* settings)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bench_tag=tls-bench
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

duration="${BENCH_DURATION:-10}"       # seconds per measurement
connections="${BENCH_CONNECTIONS:-32}" # h2load -c of the resumption runs
full_batch="${BENCH_FULL_BATCH:-100}"  # fresh clients per h2load run of the full-handshake measurement
warmup_handshakes="${BENCH_WARMUP_HANDSHAKES:-3000}" # unmeasured full handshakes first (JIT of a JVM target)
latency_samples="${BENCH_LATENCY_SAMPLES:-100}"
start_timeout="${BENCH_START_TIMEOUT:-30}"
targets="${BENCH_TARGETS:-nginx haproxy swarmedge}"
keys="${BENCH_KEYS:-ec256 rsa2048}"
swarmedge_cmd="${BENCH_SWARMEDGE:-$repo/swarmedge}"
swarmedge_jar="${SWARMEDGE_JAR:-$repo/cli/target/swarmedge.jar}"
keep="${BENCH_KEEP:-0}"
name="bench.swarmedge.test" # the certificate's name, sent as SNI by every client
marker="swarmedge-tls-bench-backend"

require_tools scripts/packages/tls.txt h2load curl openssl ss awk
command -v nginx >/dev/null || die "nginx is not installed: it is the backend (scripts/packages/tls.txt)"
[[ "$duration" =~ ^[0-9]+$ && "$duration" -ge 1 && "$duration" -le 600 ]] || die "BENCH_DURATION: whole seconds, 1-600"

bench_init tls-bench

pick_ports_or_die 4
backend_port="${ports[0]}"
declare -A port=([nginx]="${ports[1]}" [haproxy]="${ports[2]}" [swarmedge]="${ports[3]}")

# --- certificates: one test CA per key type, one server certificate for $name -------------------

make_pki() { # $1 = key label (ec256 | rsa2048): writes $work/pki/$1/{ca.pem,cert.pem,key.pem,chain.pem,combined.pem}
  local k="$1" d="$work/pki/$1" algo=()
  mkdir -p "$d"
  case "$k" in
    ec256) algo=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
    rsa2048) algo=(-newkey rsa:2048) ;;
    *) die "unknown key type $k (known: ec256 rsa2048)" ;;
  esac
  openssl req -x509 "${algo[@]}" -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 30 \
    -subj "/CN=swarmedge tls-bench CA $k" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req "${algo[@]}" -nodes -keyout "$d/key.pem" -out "$d/cert.csr" -subj "/CN=$name" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$name" >"$d/ext.cnf"
  openssl x509 -req -in "$d/cert.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/ext.cnf" -out "$d/cert.pem" 2>/dev/null
  cat "$d/cert.pem" "$d/ca.pem" >"$d/chain.pem"
  cat "$d/chain.pem" "$d/key.pem" >"$d/combined.pem" # HAProxy's crt: chain and key in one file
}

# TLS 1.2 suites per key type: the seed's ECDHE-RSA AEAD suites for RSA, their ECDSA twins for EC.
openssl_ciphers() {
  case "$1" in
    rsa2048) echo "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305" ;;
    ec256) echo "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305" ;;
  esac
}
go_ciphers() {
  case "$1" in
    rsa2048) printf '%s\n' TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 \
      TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ;;
    ec256) printf '%s\n' TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 \
      TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ;;
  esac
}

# --- configurations ------------------------------------------------------------------------------

configure() { # $1 = key label: writes every target's configuration for that certificate
  local k="$1" d="$work/pki/$1"
  nginx_conf "$work/$k/nginx" auto "
  upstream backend { server 127.0.0.1:$backend_port; keepalive 128; }
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_ciphers $(openssl_ciphers "$k");
  ssl_session_cache shared:SSL:10m;
  server {
    listen 127.0.0.1:${port[nginx]} ssl default_server;
    ssl_reject_handshake on;
  }
  server {
    listen 127.0.0.1:${port[nginx]} ssl;
    server_name $name;
    ssl_certificate $d/chain.pem;
    ssl_certificate_key $d/key.pem;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"

  mkdir -p "$work/$k/haproxy"
  cat >"$work/$k/haproxy/haproxy.cfg" <<EOF
global
  maxconn 4096
  ssl-default-bind-options ssl-min-ver TLSv1.2
  ssl-default-bind-ciphers $(openssl_ciphers "$k")
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend bench
  bind 127.0.0.1:${port[haproxy]} ssl crt $d/combined.pem strict-sni
  default_backend backend
backend backend
  server backend1 127.0.0.1:$backend_port
EOF

  mkdir -p "$work/$k/swarmedge"
  {
    cat <<EOF
tls:
  options:
    default:
      minVersion: VersionTLS12
      sniStrict: true
      cipherSuites:
EOF
    go_ciphers "$k" | sed 's/^/        - /'
    cat <<EOF
  certificates:
    - certFile: $d/chain.pem
      keyFile: $d/key.pem
http:
  routers:
    bench:
      rule: "Host(\`$name\`)"
      entryPoints: [websecure]
      service: backend
      tls: {}
  services:
    backend:
      loadBalancer:
        servers:
          - url: "http://127.0.0.1:$backend_port"
EOF
  } >"$work/$k/swarmedge/dynamic.yml"
}

# --- starting targets ----------------------------------------------------------------------------

declare -A pid=() status=() startup=()

https_get() { # $1 = target, $2 = key: the body of https://$name/ through the target, or nothing
  curl -s --max-time 2 --cacert "$work/pki/$2/ca.pem" --resolve "$name:${port[$1]}:127.0.0.1" \
    "https://$name:${port[$1]}/" 2>/dev/null || true
}

wait_ready() { # $1 = target, $2 = key, $3 = pid, $4 = start time: polls until the backend answers over TLS
  local t="$1" k="$2" p="$3" t0="$4" deadline body
  deadline=$(awk -v t="$t0" -v s="$start_timeout" 'BEGIN { printf "%.3f", t + s }')
  while :; do
    if ! kill -0 "$p" 2>/dev/null; then status[$t]="exited at start"; return 1; fi
    body="$(https_get "$t" "$k")"
    if [[ "$body" == *"$marker"* ]]; then
      startup[$t]=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
      return 0
    fi
    if awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n > d) }'; then
      # Say why: a listener that answers plain HTTP has no TLS termination.
      if [[ -n "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$t]}/" 2>/dev/null \
        | grep -v '^000$' || true)" ]]; then
        status[$t]="answers plain HTTP, no TLS handshake within ${start_timeout}s"
      else
        status[$t]="no TLS answer within ${start_timeout}s"
      fi
      return 1
    fi
    sleep 0.05
  done
}

launch() { # $1 = target, $2 = key, rest = command
  local t="$1" k="$2" t0
  shift 2
  t0="$(now)"
  "$@" >"$work/$k/$t.log" 2>&1 &
  pid[$t]=$!
  started+=("${pid[$t]}")
  if wait_ready "$t" "$k" "${pid[$t]}" "$t0"; then
    status[$t]=ok
    log "$t ($k) ready on 127.0.0.1:${port[$t]} in ${startup[$t]} s (pid ${pid[$t]})"
  else
    log "$t ($k) not available: ${status[$t]}; last lines of its log:"
    tail -n 5 "$work/$k/$t.log" | sed 's/^/    /' >&2 || true
    stop_pids "${pid[$t]}"
    unset "pid[$t]"
  fi
}

start_target() { # $1 = target, $2 = key
  local t="$1" k="$2"
  case "$t" in
    nginx)
      launch nginx "$k" "$(command -v nginx)" -p "$work/$k/nginx" -c "$work/$k/nginx/nginx.conf" \
        -e "$work/$k/nginx/error.log" -g 'daemon off;' ;;
    haproxy)
      if command -v haproxy >/dev/null; then
        launch haproxy "$k" "$(command -v haproxy)" -db -f "$work/$k/haproxy/haproxy.cfg"
      else status[haproxy]="haproxy not installed"; fi ;;
    swarmedge)
      if [[ ! -f "$swarmedge_jar" ]]; then
        status[swarmedge]="no $swarmedge_jar (build: ./mvnw -q -B package -DskipTests)"
      else
        # A private copy: a rebuild of cli/target during the run must not swap the jar under the JVM.
        [[ -f "$work/swarmedge.jar" ]] || cp "$swarmedge_jar" "$work/swarmedge.jar"
        launch swarmedge "$k" env SWARMEDGE_JAR="$work/swarmedge.jar" "$swarmedge_cmd" proxy \
          --entrypoints.websecure.address="127.0.0.1:${port[swarmedge]}" \
          --providers.file.filename="$work/$k/swarmedge/dynamic.yml" ${BENCH_SWARMEDGE_ARGS:-}
      fi ;;
    *) die "unknown target $t (known: nginx haproxy swarmedge)" ;;
  esac
}

# --- measuring ---------------------------------------------------------------------------------

h2load_ms() { # h2load's "finished in 1.23s" / "495.60ms" -> milliseconds
  awk '/^finished in/ { v = $3; sub(/,$/, "", v)
    if (v ~ /ms$/) printf "%.3f", v + 0; else if (v ~ /us$/) printf "%.3f", v / 1000; else printf "%.3f", v * 1000 }'
}

h2load_ok() { # succeeded requests from h2load's "requests:" line
  awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^succeeded/) { print $i; exit } }'
}

full_handshakes() { # $1 = target, $2 = key: "rate errors cpu": handshakes/s of fresh clients (each one request,
  # one full handshake), failed requests, and the target's CPU ms per handshake
  local t="$1" k="$2" end out ok ms total_ok=0 total_ms=0 errors=0 cpu0 cpu1
  # Unreported handshakes first, the same number for every target: lazy initialisation, and for the JVM
  # the JIT (C2 still spends ~1 CPU ms per handshake compiling after 1500 of them, ~0.3 after 4500).
  local warm
  for ((warm = 0; warm < warmup_handshakes; warm += full_batch)); do
    timeout 60 h2load --h1 -n "$full_batch" -c "$full_batch" -m 1 --connect-to="127.0.0.1:${port[$t]}" \
      "https://$name:${port[$t]}/" >/dev/null 2>&1 || true
  done
  end=$(awk -v n="$(now)" -v d="$duration" 'BEGIN { printf "%.3f", n + d }')
  cpu0=$(cpu_ticks "${pid[$t]}")
  while awk -v n="$(now)" -v e="$end" 'BEGIN { exit !(n < e) }'; do
    out="$(timeout 60 h2load --h1 -n "$full_batch" -c "$full_batch" -m 1 --connect-to="127.0.0.1:${port[$t]}" \
      "https://$name:${port[$t]}/" 2>&1 || true)"
    echo "$out" >>"$work/$k/$t.full.h2load"
    ok=$(h2load_ok <<<"$out")
    ms=$(h2load_ms <<<"$out")
    [[ -n "$ok" && -n "$ms" ]] || { errors=$((errors + 1)); continue; }
    total_ok=$((total_ok + ok))
    errors=$((errors + full_batch - ok))
    total_ms=$(awk -v a="$total_ms" -v b="$ms" 'BEGIN { print a + b }')
  done
  cpu1=$(cpu_ticks "${pid[$t]}")
  # CPU time the target spent per full handshake (and its one proxied request): unlike the rate, it
  # does not depend on how much of the machine other processes take meanwhile
  awk -v n="$total_ok" -v ms="$total_ms" -v e="$errors" -v c=$((cpu1 - cpu0)) -v hz="$clk_tck" \
    'BEGIN { printf "%.0f %d %s\n", (ms > 0 ? n * 1000 / ms : 0), e, (n > 0 ? sprintf("%.2f", c * 1000 / hz / n) : "?") }'
}

resumed_handshakes() { # $1 = target, $2 = key: handshakes/s when each request is a new connection resuming
  # Batches of C clients making 50 requests each with Connection: close: the server closes after every
  # answer and h2load reconnects resuming its session, so 49 of a client's 50 handshakes are resumptions.
  # (Batches rather than -D: h2load 1.52 hangs at the end of a -D run that reconnects.)
  local t="$1" k="$2" end out ok ms total_ok=0 total_ms=0 errors=0 per_batch=$((connections * 50))
  end=$(awk -v n="$(now)" -v d="$duration" 'BEGIN { printf "%.3f", n + d }')
  while awk -v n="$(now)" -v e="$end" 'BEGIN { exit !(n < e) }'; do
    out="$(timeout 120 h2load --h1 -n "$per_batch" -c "$connections" -m 1 -H 'Connection: close' \
      --connect-to="127.0.0.1:${port[$t]}" "https://$name:${port[$t]}/" 2>&1 || true)"
    echo "$out" >>"$work/$k/$t.resumed.h2load"
    ok=$(h2load_ok <<<"$out")
    ms=$(h2load_ms <<<"$out")
    [[ -n "$ok" && -n "$ms" ]] || { errors=$((errors + 1)); continue; }
    total_ok=$((total_ok + ok))
    errors=$((errors + per_batch - ok))
    total_ms=$(awk -v a="$total_ms" -v b="$ms" 'BEGIN { print a + b }')
  done
  awk -v n="$total_ok" -v ms="$total_ms" -v e="$errors" 'BEGIN { printf "%.0f %d\n", (ms > 0 ? n * 1000 / ms : 0), e }'
}

resumes() { # $1 = target, $2 = key, $3 = -tls1_3 | -tls1_2: "yes" when a second connection resumes the first's session
  local t="$1" k="$2" proto="$3" sess="$work/$k/$t$3.session" req out
  printf -v req 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$name" # not $(...): it drops the final CRLF
  # Input held open for a second so s_client reads the answer and the TLS 1.3 tickets before it closes.
  (printf '%s' "$req"; sleep 1) | timeout 5 openssl s_client "$proto" -connect "127.0.0.1:${port[$t]}" \
    -servername "$name" -CAfile "$work/pki/$k/ca.pem" -sess_out "$sess" >/dev/null 2>&1 || true
  [[ -s "$sess" ]] || { echo "no"; return 0; } # no session (for TLS 1.3: no ticket) to resume
  out="$( (printf '%s' "$req"; sleep 1) | timeout 5 openssl s_client "$proto" -connect "127.0.0.1:${port[$t]}" \
    -servername "$name" -CAfile "$work/pki/$k/ca.pem" -sess_in "$sess" 2>/dev/null || true)"
  if grep -q '^Reused,' <<<"$out"; then echo "yes"; else echo "no"; fi
}

handshake_latency() { # $1 = target, $2 = key: "p50 p99" of idle full-handshake times, ms (sequential curl)
  local t="$1" k="$2" i
  for ((i = 0; i < latency_samples; i++)); do
    curl -s -o /dev/null --max-time 5 --cacert "$work/pki/$k/ca.pem" --resolve "$name:${port[$t]}:127.0.0.1" \
      -w '%{time_connect} %{time_appconnect}\n' "https://$name:${port[$t]}/" 2>/dev/null || true
  done | awk '$2 > 0 { print ($2 - $1) * 1000 }' | sort -n | awk '
    { v[NR] = $1 }
    END { if (NR == 0) { print "? ?"; exit }
          p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]
          printf "%.2f %.2f\n", p50, p99 }'
}

tls_version() { # $1 = target, $2 = key: protocol and cipher curl negotiates
  curl -sv -o /dev/null --max-time 5 --cacert "$work/pki/$2/ca.pem" --resolve "$name:${port[$1]}:127.0.0.1" \
    "https://$name:${port[$1]}/" 2>&1 | awk '/SSL connection using/ { print $5 "/" $7; exit }'
}

rows=()
measure() { # $1 = target, $2 = key: one table row
  local t="$1" k="$2" rssfile full resumed lat proto reuse
  rssfile="$work/$k/$t.rss"
  start_rss_sampler "${pid[$t]}" "$rssfile"
  log "$t ($k): full handshakes for ${duration}s (batches of $full_batch new clients)"
  read -r full full_err full_cpu < <(full_handshakes "$t" "$k")
  log "$t ($k): resumed handshakes for ${duration}s ($connections clients x 50 requests, Connection: close)"
  read -r resumed resumed_err < <(resumed_handshakes "$t" "$k")
  stop_rss_sampler
  log "$t ($k): $latency_samples idle handshakes with curl"
  read -r p50 p99 < <(handshake_latency "$t" "$k")
  reuse="$(resumes "$t" "$k" -tls1_3)/$(resumes "$t" "$k" -tls1_2)"
  proto="$(tls_version "$t" "$k")"
  rows+=("$(printf '%-8s %-10s %-34s %9s %11s %12s %7s %8s %8s %8s %9s' "$k" "$t" "${proto:-?}" "$full" \
    "$full_cpu" "$resumed" "$reuse" "$p50" "$p99" "$((full_err + resumed_err))" "$(($(cat "$rssfile") / 1024))")")
  log "$t ($k): full $full/s ($full_cpu CPU ms each), resumed $resumed/s (resumes: $reuse), idle p50 $p50 ms p99 $p99 ms," \
    "errors $((full_err + resumed_err)), peak RSS $(($(cat "$rssfile") / 1024)) MiB"
}

# --- run -----------------------------------------------------------------------------------------

log "work dir $work; backend 127.0.0.1:$backend_port; ${duration}s per measurement, h2load -c $connections"
nginx_conf "$work/backend" 1 "
  server {
    listen 127.0.0.1:$backend_port;
    location / { default_type text/plain; return 200 '$marker\n'; }
  }"
"$(command -v nginx)" -p "$work/backend" -c "$work/backend/nginx.conf" -e "$work/backend/error.log" -g 'daemon off;' \
  >"$work/backend.log" 2>&1 &
backend_pid=$!
started+=("$backend_pid")
for ((i = 0; i < 100; i++)); do
  [[ "$(curl -s --max-time 1 "http://127.0.0.1:$backend_port/" || true)" == *"$marker"* ]] && break
  kill -0 "$backend_pid" 2>/dev/null || die "backend nginx did not start: $(tail -n 3 "$work/backend.log")"
  sleep 0.1
done

declare -A unavailable=()
for k in $keys; do
  make_pki "$k"
  configure "$k"
  for t in $targets; do
    status[$t]=""
    start_target "$t" "$k"
    if [[ "${status[$t]}" == ok ]]; then
      measure "$t" "$k"
      stop_pids "${pid[$t]}"
      unset "pid[$t]"
    else
      unavailable[$k.$t]="${status[$t]}"
      rows+=("$(printf '%-8s %-10s not available: %s' "$k" "$t" "${status[$t]}")")
    fi
  done
done

# --- report --------------------------------------------------------------------------------------

version_of() {
  case "$1" in
    nginx) echo "nginx $(nginx -v 2>&1 | sed 's|.*/||')" ;;
    haproxy) echo "haproxy $(haproxy -v 2>/dev/null | awk 'NR == 1 { print $3 }')" ;;
    swarmedge) echo "swarmedge $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" ;;
  esac
}

echo
echo "TLS handshake benchmark: $(machine_info), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(openssl version | awk '{ print $1, $2 }'), ${duration}s per measurement"
for t in $targets; do echo "  $t: $(version_of "$t")"; done
echo "  full: batches of $full_batch fresh h2load clients, one request each (a full handshake per request); CPU ms/full:"
echo "  the target's user+system CPU time per full handshake and its request (independent of other load); resumed:"
echo "  $connections clients x 50 requests, Connection: close, h2load reconnecting with its session (49 of 50 resumed"
echo "  when the target resumes; resumes: s_client -sess_out/-sess_in with TLS 1.3 / TLS 1.2); p50/p99: $latency_samples sequential curl handshakes, idle target"
printf '%-8s %-10s %-34s %9s %11s %12s %7s %8s %8s %8s %9s\n' key target "protocol/cipher (curl)" "full hs/s" \
  "CPU ms/full" "resumed hs/s" "resumes" "p50 ms" "p99 ms" errors "RSS MiB"
printf '%-8s %-10s %-34s %9s %11s %12s %7s\n' "" "" "" "" "" "" "1.3/1.2"
printf '%s\n' "${rows[@]}"
