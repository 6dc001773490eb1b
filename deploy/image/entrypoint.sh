#!/bin/sh
# The image's entrypoint. Drop-in compatibility with the images swarmedge replaces, so their
# compose files work by changing only the image:
#   - no arguments (Tecnativa's docker-socket-proxy is configured by environment only) → socket-proxy
#   - only Traefik-style flags (`--entrypoints.web.address=:80 ...`, as in Traefik's image) → proxy
#   - anything else is a swarmedge command line (`proxy ...`, `vip ...`, `whoami ...`, `--help`).
case "${1:-}" in
  "") set -- socket-proxy ;;
  -h|--help|-V|--version) ;;
  -*) set -- proxy "$@" ;;
esac
exec /usr/local/bin/swarmedge "$@"
