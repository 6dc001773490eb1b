#!/usr/bin/env bash
# A three-manager Docker Swarm on this machine, running the real swarmedge stack (see lab/README.md).
#
# usage: lab/lab.sh up [--arrangement swarmedge|keepalived] [--recreate] [--no-stack] [--strict] [--build]
#        lab/lab.sh down
#        lab/lab.sh status [--json]
#        lab/lab.sh exec NODE CMD...          NODE: 1, 2, 3 or a node name
#        lab/lab.sh vip-holder                prints the node holding the VIP (exit 1: none)
#        lab/lab.sh arrangement swarmedge|keepalived   switch who holds the VIP, lab left up
#        lab/lab.sh image [--rebuild]         build (or find) the node image only
#        lab/lab.sh kill NODE | start NODE    docker kill a node; start it and wait until it is Ready
#        lab/lab.sh partition NODE | heal NODE   drop all traffic on a node's lab interface; undo
#
# Three node containers (each its own dockerd: docker-in-docker without --privileged) on their own
# bridge network with fixed addresses, one swarm of three managers (dispatcher heartbeat LAB_HEARTBEAT), the
# project's image loaded into every node, deploy/swarmedge-stack.yml + lab/stack.yml deployed as
# stack "swarmedge", and the floating IP held by the vip role (deploy/vip/stack.yml as stack "edge",
# lab/vip.yml values) or, with --arrangement keepalived, by keepalived in every node configured like
# the seed's keepalived.conf (lab/keepalived/keepalived.conf, placeholders filled).
#
# Env: LAB_NAME (swarmedge-lab), LAB_SUBNET (192.168.213: a /24 prefix), LAB_STACK_TIMEOUT (120 s),
#      LAB_HEARTBEAT (5s, Docker's default: see lab/README.md for why not 1s),
#      SWARMEDGE_IMAGE_TAG (the project version), JAVA_HOME.
# Traffic goes only to the lab's addresses and loopback.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

lab="${LAB_NAME:-swarmedge-lab}"
prefix="${LAB_SUBNET:-192.168.213}"
subnet="$prefix.0/24"
gateway="$prefix.1"
vip="$prefix.250"
vrid=51
nodes=("$lab-1" "$lab-2" "$lab-3")
ips=("$prefix.11" "$prefix.12" "$prefix.13")
stack_timeout="${LAB_STACK_TIMEOUT:-120}"
# The swarm's dispatcher heartbeat. 1s finds a dead node in ≈ 2 s, but when the Raft leader is lost
# the new leader marks every node "unknown" and expects it back within 6 heartbeats; here the agents
# needed ≈ 12 s to find it, so with 1s every node was declared down and every task of the swarm
# restarted (a 29 s outage). Docker's default 5s gives them 30 s.
heartbeat="${LAB_HEARTBEAT:-5s}"
label="io.swarmedge.lab=$lab"
version="${SWARMEDGE_IMAGE_TAG:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n1)}"
image="swarmedge:$version"
demo_host="whoami.localhost"
single_host="single.localhost"

t0=$SECONDS
say() { echo "lab: [$((SECONDS - t0))s] $*" >&2; }
die() { echo "lab: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

node_name() {
  case "$1" in
    1|2|3) echo "${nodes[$(($1 - 1))]}" ;;
    *) echo "$1" ;;
  esac
}
in_node() { local node="$1"; shift; docker exec "$node" "$@"; }
node_exists() { docker container inspect "$1" >/dev/null 2>&1; }
lab_containers() { docker ps -aq --filter "label=$label"; }

engine_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# --- up -----------------------------------------------------------------------------------------
check_subnet_free() {
  if docker network inspect "$lab" >/dev/null 2>&1; then
    die "network $lab exists: lab.sh down first"
  fi
  if ip -4 route show | grep -q "^$prefix\."; then
    die "$subnet is routed on this machine already ($(ip -4 route show | grep "^$prefix\." | head -n1)); set LAB_SUBNET to a free /24 prefix"
  fi
}

ensure_project_image() {
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    say "$image is missing: scripts/build-images.sh"
    "$root/scripts/build-images.sh" --quiet
  fi
}

start_node() {
  local i="$1" node="${nodes[$1]}" ip="${ips[$1]}" node_image="$2"
  docker volume create --label "$label" "$node-docker" >/dev/null
  # Not --privileged (fails on this VM: CAP_SYS_RESOURCE is outside the bounding set): every other
  # capability, no seccomp/AppArmor, writable /proc/sys; init.sh remounts /sys and the cgroups.
  docker run -d --name "$node" --hostname "$node" --label "$label" --label "io.swarmedge.lab.node=$((i + 1))" \
    --cap-add ALL --cap-drop SYS_RESOURCE \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
    --tmpfs /run:rw,exec,nosuid,size=64m --tmpfs /tmp:rw,exec,size=256m \
    --network "$lab" --ip "$ip" -v "$node-docker:/var/lib/docker" \
    "$node_image" >/dev/null
}

wait_dockerd() {
  local node="$1" deadline=$((SECONDS + 60))
  until in_node "$node" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; do
    if [[ "$(docker inspect --format '{{.State.Running}}' "$node" 2>/dev/null)" != true ]]; then
      docker logs --tail 20 "$node" >&2 || true
      die "node $node stopped while its dockerd started"
    fi
    ((SECONDS < deadline)) || { docker logs --tail 20 "$node" >&2; die "the dockerd of $node did not answer within 60 s"; }
    sleep 0.2
  done
}

form_swarm() {
  local i
  local first="${nodes[0]}"
  in_node "$first" docker swarm init --advertise-addr "${ips[0]}" --listen-addr "${ips[0]}:2377" \
    --dispatcher-heartbeat "$heartbeat" >/dev/null
  local token
  token="$(in_node "$first" docker swarm join-token -q manager)"
  local pids=()
  for i in 1 2; do
    in_node "${nodes[$i]}" docker swarm join --token "$token" --advertise-addr "${ips[$i]}" \
      --listen-addr "${ips[$i]}:2377" "${ips[0]}:2377" >/dev/null &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "a node could not join the swarm"; done
  local deadline=$((SECONDS + 60))
  until [[ "$(ready_managers)" == 3 ]]; do
    ((SECONDS < deadline)) || die "the swarm has $(ready_managers) ready managers after 60 s"
    sleep 0.2
  done
}

ready_managers() {
  in_node "${nodes[0]}" docker node ls --format '{{.Status}} {{.ManagerStatus}}' 2>/dev/null \
    | grep -cE '^Ready (Leader|Reachable)$' || true
}

load_images() {
  # No registry: every node gets the image from this machine's engine. Saved once, loaded in parallel.
  local archive pids=()
  archive="$(mktemp /tmp/swarmedge-lab-image.XXXXXX)"
  docker save -o "$archive" "$image" swarmedge:latest
  local node
  for node in "${nodes[@]}"; do
    docker exec -i "$node" docker load -q <"$archive" >/dev/null &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  rm -f "$archive"
  ((failed == 0)) || die "loading $image into a node failed"
}

copy_stack_files() {
  local node="${nodes[0]}" work
  work="$(mktemp -d /tmp/swarmedge-lab-files.XXXXXX)"
  cp "$root/deploy/swarmedge-stack.yml" "$here/stack.yml" "$work/"
  cp "$root/deploy/vip/stack.yml" "$work/vip-stack.yml"
  sed -e "s|@INTERFACE@|eth0|; s|@VRID@|$vrid|; s|@VIP@|$vip/24|" "$here/vip.yml" >"$work/vip.yml"
  in_node "$node" rm -rf /lab
  docker cp "$work" "$node:/lab"
  rm -rf "$work"
}

deploy_stack() {
  local node="${nodes[0]}"
  in_node "$node" docker network create --driver overlay --attachable web-servers >/dev/null
  in_node "$node" env SWARMEDGE_IMAGE="$image" docker stack deploy --resolve-image never \
    -c /lab/swarmedge-stack.yml -c /lab/stack.yml swarmedge >/dev/null
}

deploy_vip() {
  # deploy/vip/stack.yml as its README says, next to the lab's vip.yml (its config file).
  in_node "${nodes[0]}" sh -c 'cd /lab && docker stack deploy --resolve-image never -c vip-stack.yml edge' >/dev/null
}

remove_vip() {
  in_node "${nodes[0]}" docker stack rm edge >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 30))
  while [[ -n "$(in_node "${nodes[0]}" docker ps -q --filter label=com.docker.stack.namespace=edge 2>/dev/null)" ]] \
    || [[ -n "$(vip_holder)" ]]; do
    ((SECONDS < deadline)) || { say "WARNING: the vip stack did not go away within 30 s"; return; }
    sleep 0.2
  done
}

keepalived_conf() {
  # The seed's file with its placeholders filled; its `pidof traefik` check tracks our proxy.
  sed -e "s|INTERFACE_GOES HERE|eth0|; s|ID_GOES_HERE|$vrid|; s|PASS_GOES_HERE|swarmlab|; s|IP_GOES_HERE/MASK|$vip/24|" \
    -e 's|script "pidof traefik"|script "pgrep -f swarmedge.jar.proxy"|' "$here/keepalived/keepalived.conf"
}

start_keepalived() {
  local conf
  conf="$(keepalived_conf)"
  local node
  for node in "${nodes[@]}"; do
    [[ "$(docker inspect --format '{{.State.Running}}' "$node" 2>/dev/null)" == true ]] || continue
    printf '%s\n' "$conf" | docker exec -i "$node" sh -c 'mkdir -p /etc/keepalived && cat >/etc/keepalived/keepalived.conf'
    docker exec "$node" sh -c 'pidof keepalived >/dev/null || keepalived --use-file /etc/keepalived/keepalived.conf --vrrp --log-detail --pid /run/keepalived.pid --vrrp_pid /run/keepalived-vrrp.pid'
  done
}

stop_keepalived() {
  local node
  for node in "${nodes[@]}"; do
    docker exec "$node" sh -c 'p=$(cat /run/keepalived.pid 2>/dev/null) && kill "$p" 2>/dev/null; true' || true
  done
  local deadline=$((SECONDS + 15))
  while [[ -n "$(vip_holder)" ]]; do
    ((SECONDS < deadline)) || { say "WARNING: the VIP is still held 15 s after stopping keepalived"; return; }
    sleep 0.2
  done
}

set_arrangement() {
  case "$1" in
    swarmedge) deploy_vip ;;
    keepalived) start_keepalived ;;
    *) die "unknown arrangement '$1' (swarmedge or keepalived)" ;;
  esac
  # Kept in every node's filesystem (it survives a node's restart): `status`, `start` and the
  # harness read it back from any node that runs.
  local node
  for node in "${nodes[@]}"; do
    [[ "$(docker inspect --format '{{.State.Running}}' "$node" 2>/dev/null)" == true ]] || continue
    printf '%s\n' "$1" | docker exec -i "$node" sh -c 'cat >/etc/swarmedge-lab-arrangement'
  done
}

wait_vip_holder() {
  local deadline=$((SECONDS + $1))
  until [[ -n "$(vip_holder)" ]]; do
    ((SECONDS < deadline)) || { say "no node holds the VIP $vip after $1 s"; return 1; }
    sleep 0.2
  done
}

current_arrangement() {
  local node
  for node in "${nodes[@]}"; do
    in_node "$node" cat /etc/swarmedge-lab-arrangement 2>/dev/null && return 0
  done
  echo none
}

cmd_up() {
  local arrangement=swarmedge recreate=0 with_stack=1 strict=0 build=0
  while (($#)); do
    case "$1" in
      --arrangement) arrangement="${2:?--arrangement needs swarmedge or keepalived}"; shift ;;
      --arrangement=*) arrangement="${1#*=}" ;;
      --recreate) recreate=1 ;;
      --no-stack) with_stack=0 ;;
      --strict) strict=1 ;;
      --build) build=1 ;;
      *) die "up: unknown argument '$1'" ;;
    esac
    shift
  done
  [[ "$arrangement" == swarmedge || "$arrangement" == keepalived ]] || die "unknown arrangement '$arrangement'"
  engine_answers || die "the Docker engine does not answer: run scripts/setup.d/50-docker.sh"
  if [[ -n "$(lab_containers)" ]] || docker network inspect "$lab" >/dev/null 2>&1; then
    ((recreate)) || die "the lab is up already: lab.sh down (or up --recreate)"
    cmd_down
    t0=$SECONDS
  fi
  check_subnet_free
  local node_image
  node_image="$("$here/node/build.sh")"
  if ((build)); then
    say "scripts/build-images.sh (--build)"
    "$root/scripts/build-images.sh" --quiet
  elif ((with_stack)); then
    ensure_project_image
  fi
  say "network $lab ($subnet), nodes ${nodes[*]} from $node_image"
  docker network create --driver bridge --subnet "$subnet" --gateway "$gateway" --ip-range "$prefix.0/25" \
    --opt com.docker.network.bridge.name=br-selab --label "$label" "$lab" >/dev/null
  for i in 0 1 2; do start_node "$i" "$node_image"; done
  local node
  for node in "${nodes[@]}"; do wait_dockerd "$node"; done
  local loader=""
  if ((with_stack)); then
    # Loading the image takes longest: it runs while the swarm forms.
    load_images &
    loader=$!
  fi
  say "inner dockerds answer; forming the swarm"
  form_swarm
  say "swarm: 3 managers ready (dispatcher heartbeat $heartbeat)"
  ((with_stack)) || { say "done (no stack)"; return 0; }
  wait "$loader" || die "loading $image into the nodes failed"
  say "$image loaded into every node"
  copy_stack_files
  deploy_stack
  set_arrangement "$arrangement"
  say "stack swarmedge deployed, VIP by $arrangement; waiting for tasks (up to ${stack_timeout}s)"
  wait_stack "$stack_timeout" || true
  say "lab up"
  print_status text
  ((strict)) && ! stack_healthy && exit 3
  return 0
}

# --- status -------------------------------------------------------------------------------------
# "name desired running" per service of the lab's stacks.
service_lines() {
  in_node "${nodes[0]}" docker service ls --format '{{.Name}} {{.Mode}} {{.Replicas}}' 2>/dev/null \
    | awk '{split($3, r, "/"); print $1, r[2], r[1]}'
}

services_running() { service_lines | awk '$2 == "" || $2 != $3 {bad++} END {exit bad ? 1 : 0}'; }

# Services whose tasks keep failing (3 or more failed tasks): waiting longer will not help.
crash_looping() {
  while read -r name desired running; do
    [[ -n "$name" && "$desired" != "$running" ]] || continue
    local failures
    failures="$(in_node "${nodes[0]}" docker service ps "$name" --filter desired-state=shutdown \
      --format '{{.Error}}' 2>/dev/null | grep -c . || true)"
    ((failures >= 3)) && echo "$name"
  done < <(service_lines)
}

wait_stack() {
  local deadline=$((SECONDS + $1)) waiting reported=""
  while true; do
    waiting="$(service_lines | awk '$2 == "" || $2 != $3 {print $1}' | sort)"
    [[ -z "$waiting" && -n "$(service_lines)" ]] && break
    if [[ "$waiting" != "$reported" ]]; then
      say "waiting for: $(echo $waiting)"
      reported="$waiting"
    fi
    if [[ -n "$waiting" && "$waiting" == "$(crash_looping | sort)" ]]; then
      say "not running, tasks failing again and again: $(echo $waiting)"
      return 1
    fi
    ((SECONDS < deadline)) || { say "not every service runs after $1 s: $(echo $waiting)"; return 1; }
    sleep 0.5
  done
  # The proxy needs a moment after its task starts to route the demo; wait for it briefly.
  deadline=$((SECONDS + 30))
  until proxy_routes "${ips[0]}" "$demo_host" && [[ -n "$(vip_holder)" ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Why a service does not run: its newest task error and the last line its tasks logged.
service_problem() {
  local error logline
  error="$(in_node "${nodes[0]}" docker service ps "$1" --no-trunc --format '{{.Error}}' 2>/dev/null | grep -m1 . || true)"
  logline="$(in_node "${nodes[0]}" docker service logs --raw --tail 20 "$1" 2>&1 \
    | grep -m1 -iE 'error|unknown|exception|fail|denied|refused' | cut -c1-200 || true)"
  echo "${error:-no task error}${logline:+; last log line: $logline}"
}

vip_holder() {
  local node
  for node in "${nodes[@]}"; do
    if docker exec "$node" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $vip/"; then
      echo "$node"
    fi
  done
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Host: $2" "http://$1/" 2>/dev/null || true
}
proxy_routes() { [[ "$(http_status "$1" "$2")" == 200 ]]; }
proxy_pings() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$1:8080/ping" 2>/dev/null)" == 200 ]]; }

stack_healthy() {
  services_running || return 1
  for ip in "${ips[@]}"; do proxy_routes "$ip" "$demo_host" || return 1; done
  [[ "$(vip_holder | wc -l)" == 1 ]] && proxy_routes "$vip" "$demo_host"
}

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

print_status() {
  local format="$1" i
  if [[ -z "$(lab_containers)" ]]; then
    [[ "$format" == json ]] && echo '{"up": false}' || echo "lab $lab: down"
    return 0
  fi
  local holders managers arrangement
  holders="$(vip_holder | paste -sd, -)"
  managers="$(ready_managers)"
  arrangement="$(current_arrangement)"
  if [[ "$format" == json ]]; then
    printf '{"up": true, "name": %s, "subnet": %s, "vip": %s, "vipHolders": [%s], "arrangement": %s, "readyManagers": %s,\n' \
      "$(json_string "$lab")" "$(json_string "$subnet")" "$(json_string "$vip")" \
      "$(vip_holder | while read -r h; do json_string "$h"; echo; done | paste -sd, -)" \
      "$(json_string "$arrangement")" "${managers:-0}"
    printf ' "nodes": ['
    local first=1
    for i in 0 1 2; do
      ((first)) || printf ', '
      first=0
      local state
      state="$(docker inspect --format '{{.State.Status}}' "${nodes[$i]}" 2>/dev/null || echo missing)"
      printf '{"name": %s, "ip": %s, "container": %s, "proxyPing": %s, "proxyRoutesDemo": %s}' \
        "$(json_string "${nodes[$i]}")" "$(json_string "${ips[$i]}")" "$(json_string "$state")" \
        "$(proxy_pings "${ips[$i]}" && echo true || echo false)" \
        "$(proxy_routes "${ips[$i]}" "$demo_host" && echo true || echo false)"
    done
    printf '],\n "services": ['
    first=1
    while read -r name desired running; do
      [[ -n "$name" ]] || continue
      ((first)) || printf ', '
      first=0
      printf '{"name": %s, "desired": %s, "running": %s}' "$(json_string "$name")" "${desired:-0}" "${running:-0}"
    done < <(service_lines)
    printf '],\n "vipRoutesDemo": %s, "healthy": %s}\n' \
      "$(proxy_routes "$vip" "$demo_host" && echo true || echo false)" \
      "$(stack_healthy && echo true || echo false)"
    return 0
  fi
  echo "lab $lab: nodes on $subnet (bridge br-selab), arrangement: $arrangement"
  echo "  swarm: ${managers:-0}/3 managers ready"
  for i in 0 1 2; do
    printf '  %-16s %-15s container %-8s proxy /ping %-4s whoami via proxy %s\n' "${nodes[$i]}" "${ips[$i]}" \
      "$(docker inspect --format '{{.State.Status}}' "${nodes[$i]}" 2>/dev/null || echo missing)" \
      "$(proxy_pings "${ips[$i]}" && echo ok || echo no)" \
      "$(http_status "${ips[$i]}" "$demo_host")"
  done
  echo "  services (desired/running):"
  while read -r name desired running; do
    [[ -n "$name" ]] || continue
    local mark=ok
    [[ "$desired" == "$running" ]] || mark="NOT RUNNING: $(service_problem "$name")"
    printf '    %-24s %s/%s %s\n' "$name" "${desired:-?}" "${running:-?}" "$mark"
  done < <(service_lines)
  if [[ -z "$holders" ]]; then
    echo "  VIP $vip: held by no node (NOT HEALTHY: the $arrangement arrangement does not hold it yet)"
  else
    echo "  VIP $vip: held by $holders; whoami through the VIP: HTTP $(http_status "$vip" "$demo_host")"
  fi
  if stack_healthy; then
    echo "  healthy: every service runs, every node's proxy routes the demo, the VIP answers"
  else
    echo "  NOT HEALTHY yet: see the lines above (services not running, proxies not routing, no VIP)"
  fi
  echo "reach it from this machine:"
  echo "  curl -H 'Host: $demo_host' http://$vip/        (demo, 2 replicas; or http://${ips[0]}/ for one node)"
  echo "  curl -H 'Host: $single_host' http://$vip/      (single-replica demo)"
  echo "  swarmedge downtime http://$vip/ --host-header $demo_host"
  echo "  lab/lab.sh exec 1 docker node ls"
}

# --- node kill / start ---------------------------------------------------------------------------
# The swarm's view of a node, asked from another node that runs: "ready reachable" when it is
# back as a node and as a raft member; "down unreachable", "ready unreachable", ...
swarm_state_of() {
  local node="$1" other
  for other in "${nodes[@]}"; do
    [[ "$other" != "$node" && "$(docker inspect --format '{{.State.Running}}' "$other" 2>/dev/null)" == true ]] || continue
    in_node "$other" docker node inspect --format '{{.Status.State}} {{.ManagerStatus.Reachability}}' "$node" \
      2>/dev/null && return 0
  done
  echo unknown
}

cmd_start() {
  local node="$1"
  docker start "$node" >/dev/null
  wait_dockerd "$node"
  local deadline=$((SECONDS + 30)) restarted=0
  until [[ "$(swarm_state_of "$node")" == "ready reachable" ]]; do
    if ((SECONDS >= deadline)); then
      # Rarely, after quick kill/start cycles, a node stays Down though its dockerd is fine (LAB.md).
      ((restarted)) && die "$node is not Ready in the swarm 30 s after a restart"
      say "$node not Ready after 30 s: docker restart"
      docker restart "$node" >/dev/null
      wait_dockerd "$node"
      restarted=1
      deadline=$((SECONDS + 30))
    fi
    sleep 0.2
  done
  say "$node is Ready in the swarm and a reachable manager"
  # keepalived was started by `docker exec`, not by the node's init: start it again (the vip role
  # is a swarm task and comes back by itself).
  if [[ "$(current_arrangement)" == keepalived ]]; then
    start_keepalived
    say "keepalived running again in $node"
  fi
}

# --- partition / heal ----------------------------------------------------------------------------
# Cuts a node off the lab network: nftables in the node's own network namespace drops everything in
# and out of its lab interface (swarm, overlay, VRRP, clients). `heal` removes the table.
cmd_partition() {
  docker exec -i "$1" nft -f - <<'NFT'
table inet lab_partition {
  chain input { type filter hook input priority -300; policy accept; iifname "eth0" drop; }
  chain forward { type filter hook forward priority -300; policy accept; iifname "eth0" drop; oifname "eth0" drop; }
  chain output { type filter hook output priority -300; policy accept; oifname "eth0" drop; }
}
NFT
  say "$1 partitioned (all traffic on its eth0 dropped)"
}

cmd_heal() {
  in_node "$1" nft delete table inet lab_partition 2>/dev/null || true
  say "$1 healed"
}

# --- down ---------------------------------------------------------------------------------------
cmd_down() {
  local containers
  containers="$(lab_containers)"
  if [[ -n "$containers" ]]; then
    # In parallel: each node takes a few seconds to kill and unmount its nested containers.
    local pids=()
    for container in $containers; do
      docker rm -f -v "$container" >/dev/null &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    say "node containers removed"
  fi
  local volumes
  volumes="$(docker volume ls -q --filter "label=$label")"
  if [[ -n "$volumes" ]]; then
    # Each holds a node's images and containers: deleting them is most of the teardown's time.
    local pids=()
    for volume in $volumes; do
      docker volume rm -f "$volume" >/dev/null &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
  fi
  docker network rm "$lab" >/dev/null 2>&1 || true
  say "lab down: containers, volumes and network removed (the node image is kept as a cache: docker rmi \$(docker images -q swarmedge-lab-node))"
}

# --- main ---------------------------------------------------------------------------------------
command="${1:-}"
(($#)) && shift
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  status)
    if [[ "${1:-}" == --json ]]; then print_status json; else print_status text; fi ;;
  exec)
    (($# >= 2)) || die "usage: lab.sh exec NODE CMD..."
    node="$(node_name "$1")"; shift
    node_exists "$node" || die "no node $node (is the lab up?)"
    if [[ -t 0 && -t 1 ]]; then exec docker exec -it "$node" "$@"; else exec docker exec -i "$node" "$@"; fi ;;
  vip-holder)
    holder="$(vip_holder)"
    [[ -n "$holder" ]] || { echo "lab: no node holds $vip" >&2; exit 1; }
    echo "$holder" ;;
  arrangement)
    target="${1:?usage: lab.sh arrangement swarmedge|keepalived}"
    [[ -n "$(lab_containers)" ]] || die "the lab is down"
    case "$(current_arrangement)" in
      swarmedge) remove_vip ;;
      keepalived) stop_keepalived ;;
    esac
    set_arrangement "$target"
    wait_vip_holder 30 && say "arrangement: $target, VIP $vip on $(vip_holder | paste -sd, -)" ;;
  image) "$here/node/build.sh" "$@" ;;
  kill)
    node="$(node_name "${1:?usage: lab.sh kill NODE}")"
    node_exists "$node" || die "no node $node"
    docker kill "$node" >/dev/null
    say "$node killed (docker kill: like a power loss)" ;;
  partition|heal)
    node="$(node_name "${1:?usage: lab.sh $command NODE}")"
    node_exists "$node" || die "no node $node"
    "cmd_$command" "$node" ;;
  start)
    node="$(node_name "${1:?usage: lab.sh start NODE}")"
    node_exists "$node" || die "no node $node"
    cmd_start "$node" ;;
  -h|--help|help|"") usage ;;
  *) usage >&2; exit 2 ;;
esac
