#!/usr/bin/env bash
# Docker HEALTHCHECK for every swarmedge role. Finds the role (the subcommand after the jar on
# the java command line of this container) and asks that role's own health endpoint:
#   proxy         http://127.0.0.1:8080/ping          (Traefik's --ping on the "traefik" entrypoint)
#                 (without --ping: a TCP connect to the first --entrypoints.*.address port)
#   socket-proxy  http://127.0.0.1:<--listen or $SWARMEDGE_LISTEN port, 2375>/_ping
#   whoami        http://127.0.0.1:<--port, 80>/health
#   vip           the process is alive (its own checks decide whether it holds the address)
#   anything else healthy while the process runs
# SWARMEDGE_HEALTH_URL overrides the URL for any role.
set -u

role="" args=()
for cmdline in /proc/[0-9]*/cmdline; do
  mapfile -d '' -t argv <"$cmdline" 2>/dev/null || continue
  for i in "${!argv[@]}"; do
    if [[ "${argv[$i]}" == *swarmedge.jar && "${argv[$((i - 1))]:-}" == "-jar" ]]; then
      args=("${argv[@]:$((i + 1))}")
      break 2
    fi
  done
done
((${#args[@]})) || { echo "no swarmedge process in this container"; exit 1; }
for a in "${args[@]}"; do [[ "$a" != -* ]] && { role="$a"; break; }; done

# The value of an option given as "--name value" or "--name=value".
option() {
  local name="$1" i
  for i in "${!args[@]}"; do
    case "${args[$i]}" in
      "$name") echo "${args[$((i + 1))]:-}"; return ;;
      "$name"=*) echo "${args[$i]#*=}"; return ;;
    esac
  done
}
# The port of "host:port", ":port" or "port".
port_of() { local v="${1##*:}"; [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"; }

# Whether /ping is on: a --ping flag (bare, =true or a ping.* key), the environment, or a config
# file (which cannot be read from here: assume it enables ping, as deploy/ does).
ping_enabled() {
  local a
  for a in "${args[@]}"; do
    case "$a" in
      --ping|--ping=true|--ping.*|--configfile|--configfile=*) return 0 ;;
    esac
  done
  env | grep -qiE '^(TRAEFIK|SWARMEDGE)_PING(=true|_)' && return 0
  return 1
}
# The port of the first --entrypoints.<name>.address=[host]:port flag.
first_entrypoint_port() {
  local a
  for a in "${args[@]}"; do
    [[ "$a" =~ ^--entrypoints\.[^.]+\.address=(.*)$ ]] && { port_of "${BASH_REMATCH[1]%%/*}"; return; }
  done
}

url="${SWARMEDGE_HEALTH_URL:-}"
if [[ -z "$url" ]]; then
  case "$role" in
    proxy) if ping_enabled; then
             url="http://127.0.0.1:8080/ping"
           else
             # Traefik's image has no healthcheck, so compose files written for it (the seed's)
             # rarely enable --ping: then healthy means the first entrypoint accepts connections.
             p="$(first_entrypoint_port)"
             [[ -n "$p" ]] || { echo "proxy running (no ping, no entrypoint port found)"; exit 0; }
             exec 3<>"/dev/tcp/127.0.0.1/$p" || { echo "proxy does not accept connections on :$p"; exit 1; }
             echo "proxy accepts connections on :$p (enable --ping for a real health check)"; exit 0
           fi ;;
    socket-proxy) listen="$(option --listen)"
                  p="$(port_of "${listen:-${SWARMEDGE_LISTEN:-}}" || true)"
                  url="http://127.0.0.1:${p:-2375}/_ping" ;;
    whoami) p="$(port_of "$(option --port)" || true)"; url="http://127.0.0.1:${p:-80}/health" ;;
    *) echo "role '${role:-?}' running"; exit 0 ;;
  esac
fi
exec curl -fsS -o /dev/null --max-time 2 "$url"
