#!/bin/sh
# Entrypoint of a lab node (run as `tini -g -- /usr/local/sbin/lab-node-init`): makes the
# container fit for a nested dockerd without --privileged (see ../../README.md, "How a node runs"),
# then becomes dockerd. Every step is idempotent: a node restarted with `docker start` runs it again.
set -eu

# Docker mounts /sys and the cgroup hierarchies read-only in an unprivileged container; the nested
# dockerd must create cgroups and write sysfs (bridges, veths): remount them read-write.
mount -o remount,bind,rw /sys 2>/dev/null || mount -o remount,rw /sys
if [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ]; then
  # cgroup v1: the tmpfs and every hierarchy under it
  mount -o remount,bind,rw /sys/fs/cgroup
  for hierarchy in /sys/fs/cgroup/*; do
    if mountpoint -q "$hierarchy" && [ ! -L "$hierarchy" ]; then
      mount -o remount,bind,rw "$hierarchy"
    fi
  done
else
  mount -o remount,bind,rw /sys/fs/cgroup
fi

# The host's kernel may lack the legacy iptables tables; nft is what bookworm uses anyway.
update-alternatives --quiet --set iptables /usr/sbin/iptables-nft
update-alternatives --quiet --set ip6tables /usr/sbin/ip6tables-nft

# Mounts made by the nested containerd (overlay2, the swarm's network namespaces) must propagate.
mount --make-rshared /

# keepalived (the seed's arrangement) binds the virtual address before it owns it.
sysctl -q -w net.ipv4.ip_nonlocal_bind=1 net.ipv6.ip_nonlocal_bind=1 2>/dev/null || true

# /run is a tmpfs, but a node killed while dockerd wrote /var/lib/docker may leave these behind.
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid /run/keepalived.pid

exec dockerd --host unix:///var/run/docker.sock --log-level warn ${LAB_DOCKERD_OPTS:-}
