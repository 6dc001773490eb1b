#!/usr/bin/env bash
# Docker HEALTHCHECK for every swarmedge role. Finds the role (the subcommand after the jar on
# the java command line of this container) and asks that role's own health endpoint:
#   proxy         http://127.0.0.1:8080/ping          (Traefik's --ping on the "traefik" entrypoint)
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

url="${SWARMEDGE_HEALTH_URL:-}"
if [[ -z "$url" ]]; then
  case "$role" in
    proxy) url="http://127.0.0.1:8080/ping" ;;
    socket-proxy) listen="$(option --listen)"
                  p="$(port_of "${listen:-${SWARMEDGE_LISTEN:-}}" || true)"
                  url="http://127.0.0.1:${p:-2375}/_ping" ;;
    whoami) p="$(port_of "$(option --port)" || true)"; url="http://127.0.0.1:${p:-80}/health" ;;
    *) echo "role '${role:-?}' running"; exit 0 ;;
  esac
fi
exec curl -fsS -o /dev/null --max-time 2 "$url"
