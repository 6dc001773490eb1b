#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine. Idempotent: installs only
# what is missing, starts nothing that is already running and stops nothing it did not start.
# Each part of the project lists its Debian packages in scripts/packages/<part>.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done < <(cat "$here"/packages/*.txt | sed 's/#.*//; s/[[:space:]]//g' | sort -u)
if ((${#need[@]})); then
  echo "setup-machine: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Parts that need services (dockerd, ...) start them from their own scripts, listed here in order.
for hook in "$here"/setup.d/*.sh; do
  [[ -e "$hook" ]] || continue
  echo "setup-machine: $(basename "$hook")"
  bash "$hook"
done
