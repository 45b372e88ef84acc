#!/usr/bin/env bash
# The main job, as far as the project has come: capture a live BGP session between real
# BIRD 2 and GoBGP daemons in network namespaces, then decode every message of both
# directions with our own `bgp-wire decode` into JSON. Fresh Debian 12, as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

bash scripts/setup-debian.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nx run @baremetal-lb/bgp-wire:build --output-style=static >/dev/null

out=$(mktemp -d /tmp/blb-demo.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "== capturing a live BIRD 2 <-> GoBGP session in network namespaces (about 20 s)"
bash tools/lab/capture-vectors.sh --scenario bird-gobgp --out "$out"

status=0
for f in "$out"/*.hex; do
  echo
  echo "== $(basename "$f" .hex): $(grep -c '^[0-9a-f]' "$f") messages, decoded by bgp-wire"
  npx bgp-wire decode < "$f" || status=$?
done
exit "$status"
