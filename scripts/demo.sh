#!/usr/bin/env bash
# The main job, as far as the project has come (fresh Debian 12, as root):
# 0. the controller against our API stand-in: MetalLB's CRDs and a pool applied with kubectl,
#    a Service of type LoadBalancer gets its EXTERNAL-IP, the webhook refuses a bad pool, and
#    a restart keeps the IP without a write;
# 1. our `bgp-wire speak` announces routes to a real BIRD 2 router in a namespace lab and we
#    print what BIRD learned, through a SIGHUP reload and the SIGTERM drain;
# 2. a live BGP session between real BIRD 2 and GoBGP daemons is captured on the wire and
#    every message of both directions is decoded by our `bgp-wire decode` into JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

bash scripts/setup-debian.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nx run-many -t build -p @baremetal-lb/bgp-wire @baremetal-lb/controller @baremetal-lb/apiserver-standin --output-style=static >/dev/null

echo "== 0. baremetal-lb-controller: a Service gets its IP from a MetalLB pool"
bash tools/lab/demo-controller.sh
echo
echo "== 1. bgp-wire speak -> BIRD 2"
bash tools/lab/demo-speak.sh
echo
echo "== 2. a captured BIRD 2 <-> GoBGP session, decoded by bgp-wire decode"

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
