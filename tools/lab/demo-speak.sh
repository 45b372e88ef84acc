#!/usr/bin/env bash
# Demo: our `bgp-wire speak` announces routes to a real BIRD 2 router in a namespace lab
# (LAB.md topology, reduced to router + node-a), and we print what BIRD learned: after
# start, after a SIGHUP that changes the prefixes file, and during the SIGTERM drain
# (GRACEFUL_SHUTDOWN 65535:0, RFC 8326) before the session closes. Root; documentation
# addresses only; everything stopped by PID and removed on exit, even on failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cli="$repo/packages/bgp-wire/dist/cli.js"
[ -f "$cli" ] || { echo "demo-speak: build first (npm run build)" >&2; exit 1; }

id="blbdemo-$$"
router="$id-router"
node="$id-node-a"
state=$(mktemp -d "/tmp/$id.XXXXXX")
chmod 755 "$state"
stop_pid() { local p; p=$(cat "$1" 2>/dev/null) || return 0; kill "$p" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -9 "$p" 2>/dev/null || true; rm -f "$1"; }
cleanup() {
  stop_pid "$state/speak.pid"
  stop_pid "$state/bird.pid"
  ip netns del "$node" 2>/dev/null || true
  ip netns del "$router" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
say() { printf '\n== %s\n' "$*"; }
bird_table() { birdc -s "$state/bird.ctl" show route all | sed -n '/^Table/,$p' | grep -vE '^\s+(Type|BGP.origin|BGP.next_hop|via)' ; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "demo-speak: timed out waiting for $what" >&2; exit 1; }
    sleep 0.2
  done
}

say "lab: namespaces $router (BIRD 2, AS 64512, 192.0.2.1) and $node (our speaker, AS 4200000001, 192.0.2.11)"
ip netns add "$router"; ip netns add "$node"
ip -n "$router" link set lo up; ip -n "$node" link set lo up
ip link add eth0 netns "$node" type veth peer name p-node-a netns "$router"
ip -n "$router" addr add 192.0.2.1/24 dev p-node-a; ip -n "$router" link set p-node-a up
ip -n "$node" addr add 192.0.2.11/24 dev eth0; ip -n "$node" link set eth0 up

cat > "$state/bird.conf" <<CONF
router id 192.0.2.1;
protocol device {}
protocol bgp node_a {
  local 192.0.2.1 as 64512;
  neighbor 192.0.2.11 as 4200000001;
  passive on;
  ipv4 { import all; export none; };
}
CONF
ip netns exec "$router" bird -f -c "$state/bird.conf" -s "$state/bird.ctl" -P "$state/bird.pid" &
wait_for 10 "BIRD's control socket" test -S "$state/bird.ctl"

printf '203.0.113.1/32\n203.0.113.2/32\n' > "$state/prefixes.txt"
cat > "$state/speak.yaml" <<CONF
localAS: 4200000001
routerId: 192.0.2.11
drainTime: 3
peers:
  - {address: 192.0.2.1, peerAS: 64512, holdTime: 9}
routes:
  - prefix: 203.0.113.10/32
    communities: ["65000:100"]
    largeCommunities: ["4200000001:1:2"]
    extendedCommunities: ["rt:65000:7"]
    med: 5
prefixesFile: prefixes.txt
CONF
say "bgp-wire speak --config speak.yaml (its JSON event lines go to speak.log)"
cat "$state/speak.yaml"
ip netns exec "$node" node "$cli" speak --config "$state/speak.yaml" > "$state/speak.log" 2>&1 &
echo $! > "$state/speak.pid"
wait_for 20 "the session to be Established" grep -q '"event":"established"' "$state/speak.log"
wait_for 10 "BIRD to learn 3 routes" sh -c "birdc -s '$state/bird.ctl' show route count | grep -q '^3 of 3 routes'"
say "what BIRD learned"
bird_table

say "SIGHUP after replacing 203.0.113.1/32 with 203.0.113.3/32 in prefixes.txt: only the difference is sent"
printf '203.0.113.2/32\n203.0.113.3/32\n' > "$state/prefixes.txt"
kill -HUP "$(cat "$state/speak.pid")"
wait_for 10 "BIRD to learn 203.0.113.3/32" sh -c "birdc -s '$state/bird.ctl' show route 203.0.113.3/32 | grep -q 203.0.113.3"
grep '"event":"config"' "$state/speak.log" | tail -1
birdc -s "$state/bird.ctl" show route | sed -n '/^Table/,$p'

say "SIGTERM: the speaker re-advertises with GRACEFUL_SHUTDOWN (65535:0), waits drainTime, then Cease"
kill -TERM "$(cat "$state/speak.pid")"
wait_for 10 "65535:0 on BIRD's routes" sh -c "birdc -s '$state/bird.ctl' show route all | grep -q '(65535,0)'"
birdc -s "$state/bird.ctl" show route all 203.0.113.10/32 | grep -E 'community|^203'
speak_pid=$(cat "$state/speak.pid")
wait_for 15 "the speaker to exit" sh -c "! kill -0 $speak_pid"
rm -f "$state/speak.pid"
birdc -s "$state/bird.ctl" show protocols all node_a | grep -E 'BGP state|Last error'
say "the speaker's event log"
cat "$state/speak.log"
