#!/usr/bin/env bash
# Recaptures the golden vectors in this directory from the real Linux kernel, arping and ndisc6.
#
# Two network namespaces joined by one veth pair (names carry this script's pid, so parallel runs
# never collide), with documentation addresses and documentation MACs (RFC 5737, RFC 3849,
# RFC 7042):
#   a: veth <A> 00:00:5e:00:53:01, 192.0.2.1/24, 2001:db8::1/64 nodad
#   b: veth <B> 00:00:5e:00:53:02, 192.0.2.2/24, 2001:db8::2/64 nodad
# For each scenario, tcpdump runs in b on the veth (`tcpdump -i <B> --immediate-mode -U -w <pcap> 'arp or icmp6'`),
# a tool runs in a, tcpdump is stopped by pid, and the pcap becomes hex with
# `tcpdump -r <pcap> -nn -e -xx`. Only the .hex files are kept. 802.1Q frames are not captured:
# the lab kernel has no 8021q support (`ip link add ... type vlan` fails), so the VLAN decoder is
# tested with frames built by hand.
#
# Usage (root): packages/arp-ndp/src/codec/testdata/capture.sh [outdir]
# Namespaces and processes are removed on exit, also on failure. Every wait is bounded.
set -euo pipefail

OUT_DIR="${1:-$(cd "$(dirname "$0")" && pwd)}"
TAG="anc$$"
NS_A="${TAG}a"
NS_B="${TAG}b"
IF_A="${TAG}va"
IF_B="${TAG}vb"
MAC_A="00:00:5e:00:53:01"
MAC_B="00:00:5e:00:53:02"
WORK="$(mktemp -d)"
TCPDUMP_PID=""

cleanup() {
  if [[ -n "$TCPDUMP_PID" ]]; then kill "$TCPDUMP_PID" 2>/dev/null || true; fi
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

setup() {
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  ip link add "$IF_A" netns "$NS_A" address "$MAC_A" type veth \
    peer name "$IF_B" netns "$NS_B" address "$MAC_B"
  ip -n "$NS_A" link set lo up
  ip -n "$NS_B" link set lo up
  ip -n "$NS_A" addr add 192.0.2.1/24 dev "$IF_A"
  ip -n "$NS_A" addr add 2001:db8::1/64 dev "$IF_A" nodad
  ip -n "$NS_B" addr add 192.0.2.2/24 dev "$IF_B"
  ip -n "$NS_B" addr add 2001:db8::2/64 dev "$IF_B" nodad
  ip -n "$NS_B" link set "$IF_B" up
}

# start_capture: tcpdump in b, waiting (bounded) until it is listening.
start_capture() {
  local pcap="$1"
  # Removed first: the background job truncates it only after fork, racing the grep below.
  rm -f "$WORK/tcpdump.err"
  # Not through in_b: a backgrounded function is a subshell, and $! would be its pid, not tcpdump's
  # (ip netns exec execs, so here $! is tcpdump itself).
  ip netns exec "$NS_B" tcpdump -i "$IF_B" --immediate-mode -U -w "$pcap" 'arp or icmp6' \
    2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  for _ in $(seq 1 50); do
    if grep -q 'listening on' "$WORK/tcpdump.err" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "tcpdump did not start: $(cat "$WORK/tcpdump.err")" >&2
  return 1
}

stop_capture() {
  sleep 1.5
  # TERM, not INT: a background job of a non-interactive shell ignores SIGINT.
  kill -TERM "$TCPDUMP_PID"
  for _ in $(seq 1 50); do
    if ! kill -0 "$TCPDUMP_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill -KILL "$TCPDUMP_PID" 2>/dev/null || true
  wait "$TCPDUMP_PID" 2>/dev/null || true
  TCPDUMP_PID=""
}

# write_hex <name> <pcap> <what> <command...>: the vector file, header first.
write_hex() {
  local name="$1" pcap="$2" what="$3" command="$4"
  local file="$OUT_DIR/$name.hex"
  {
    echo "# $what"
    echo "# Captured by packages/arp-ndp/src/codec/testdata/capture.sh (see its header for the lab):"
    echo "#   in a: $command"
    echo "#   in b: tcpdump -i <B> --immediate-mode -U -w $name.pcap 'arp or icmp6'"
    echo "#   then: tcpdump -r $name.pcap -nn -e -xx (one '# <n> <summary>' line and one hex line per frame)"
    echo "# Linux $(uname -r); $(tcpdump --version 2>&1 | head -1); $(arping --help 2>&1 | head -1 | cut -d, -f1);"
    echo "# $(ndisc6 -V 2>&1 | head -1)"
    echo "# a = 00:00:5e:00:53:01 192.0.2.1 2001:db8::1; b = 00:00:5e:00:53:02 192.0.2.2 2001:db8::2;"
    tcpdump -r "$pcap" -nn -e -xx 2>/dev/null | awk '
      /^\t0x/ { for (i = 2; i <= NF; i++) hex = hex $i; next }
      {
        if (n > 0) print hex
        n++; hex = ""
        sub(/^[0-9:.]+ /, "")
        print "# " n " " $0
      }
      END { if (n > 0) print hex }'
  } >"$file"
  echo "wrote $file ($(grep -c '^# [0-9]' "$file") frames)"
}

setup

# 1. Link up: a's kernel probes its link-local address (DAD NS from ::) and solicits routers.
start_capture "$WORK/linux-link-up.pcap"
ip -n "$NS_A" link set "$IF_A" up
sleep 4
stop_capture
write_hex linux-link-up "$WORK/linux-link-up.pcap" \
  "Linux kernel on link up: DAD Neighbor Solicitations and Router Solicitations from a" \
  "ip link set <A> up, then 4 s"

flush() {
  ip -n "$NS_A" neigh flush all
  ip -n "$NS_B" neigh flush all
}

# 2. Kernel ARP: a resolves b for a ping; b's kernel answers.
flush
start_capture "$WORK/linux-arp.pcap"
in_a ping -c1 -W1 192.0.2.2 >/dev/null
stop_capture
write_hex linux-arp "$WORK/linux-arp.pcap" "Linux kernel ARP request (a) and reply (b)" \
  "ping -c1 -W1 192.0.2.2"

# 3. arping asks; b's kernel answers.
flush
start_capture "$WORK/arping-request.pcap"
in_a arping -c 1 -i "$IF_A" 192.0.2.2 >/dev/null
stop_capture
write_hex arping-request "$WORK/arping-request.pcap" \
  "arping ARP request (a) and the Linux kernel's reply (b)" "arping -c 1 -i <A> 192.0.2.2"

# 4. Gratuitous ARP from arping, request and reply forms.
start_capture "$WORK/arping-gratuitous.pcap"
in_a arping -U -c 1 -i "$IF_A" -S 192.0.2.1 192.0.2.1 >/dev/null || true
in_a arping -U -P -c 1 -i "$IF_A" -S 192.0.2.1 192.0.2.1 >/dev/null || true
stop_capture
write_hex arping-gratuitous "$WORK/arping-gratuitous.pcap" \
  "arping gratuitous ARP, request form then reply form (a)" \
  "arping -U -c 1 -i <A> -S 192.0.2.1 192.0.2.1; arping -U -P -c 1 -i <A> -S 192.0.2.1 192.0.2.1"

# 5. ndisc6 asks; b's kernel answers.
flush
start_capture "$WORK/ndisc6-solicit.pcap"
in_a ndisc6 -1 -n 2001:db8::2 "$IF_A" >/dev/null
stop_capture
write_hex ndisc6-solicit "$WORK/ndisc6-solicit.pcap" \
  "ndisc6 Neighbor Solicitation (a) and the Linux kernel's Neighbor Advertisement (b)" \
  "ndisc6 -1 -n 2001:db8::2 <A>"

# 6. Kernel NDP: a resolves b for a ping; b's kernel answers.
flush
start_capture "$WORK/linux-ndp.pcap"
in_a ping -6 -c1 -W1 2001:db8::2 >/dev/null
stop_capture
write_hex linux-ndp "$WORK/linux-ndp.pcap" \
  "Linux kernel Neighbor Solicitation (a) and Neighbor Advertisement (b)" \
  "ping -6 -c1 -W1 2001:db8::2"

