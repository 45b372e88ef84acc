#!/usr/bin/env bash
# capture-vectors.sh: capture golden BGP byte vectors from real daemons.
#
# For each scenario: two network namespaces joined by a veth pair (documentation addresses
# only), two BGP daemons peering over it, tcpdump on the veth in the first namespace, a
# scripted sequence (initial tables, End-of-RIB, incremental announcements, withdrawals, route
# refresh, shutdown with an RFC 9003 message), then everything is stopped by PID, the
# namespaces are deleted, and tools/lab/pcap-to-vectors.mjs turns the pcap into
# <daemon>-<version>-to-<peer>.hex vector files (both directions of the wire).
#
# Usage (root):
#   tools/lab/capture-vectors.sh                       # all scenarios -> packages/bgp-wire/vectors
#   tools/lab/capture-vectors.sh --scenario bird-gobgp --out /tmp/demo
#
# Options:
#   --scenario NAME   bird-gobgp | frr-exabgp | all (default all); may be repeated
#   --out DIR         where vectors go (pcaps in DIR/pcap/); default packages/bgp-wire/vectors
#   --no-expected     write only .hex files, no *.expected.json
#   --keep-logs DIR   copy daemon configs and logs to DIR (for debugging)
#
# Safety: only namespaces this script creates (blbcap-<pid>-*), only 192.0.2.0/24,
# 2001:db8:1::/64 and fe80:: on the veth; announced prefixes in 203.0.113.0/24 and
# 2001:db8::/32. Every process is started in the background with its PID recorded and stopped
# by that PID (TERM, bounded wait, then KILL) from an EXIT trap, also on failure or Ctrl-C;
# namespaces are deleted only after the processes in them are gone. Every wait has a deadline.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT="$REPO/packages/bgp-wire/vectors"
SCENARIOS=()
EXPECTED=1
KEEP_LOGS=""

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; }
log() { printf '[capture %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

while (($#)); do
  case "$1" in
    --scenario) SCENARIOS+=("${2:?--scenario needs a name}"); shift 2 ;;
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    --no-expected) EXPECTED=0; shift ;;
    --keep-logs) KEEP_LOGS="${2:?--keep-logs needs a directory}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
((${#SCENARIOS[@]})) || SCENARIOS=(all)
if [[ " ${SCENARIOS[*]} " == *" all "* ]]; then SCENARIOS=(bird-gobgp frr-exabgp); fi
for s in "${SCENARIOS[@]}"; do
  case "$s" in bird-gobgp|frr-exabgp) ;; *) die "unknown scenario: $s (bird-gobgp, frr-exabgp, all)" ;; esac
done

[[ $(id -u) == 0 ]] || die "must run as root (network namespaces, tcpdump)"
for t in ip tcpdump node; do command -v "$t" >/dev/null || die "missing $t"; done
mkdir -p "$OUT/pcap"
OUT=$(cd "$OUT" && pwd)

# ------------------------------------------------------------------ process and namespace bookkeeping

LAB=$(mktemp -d /tmp/blbcap.XXXXXX)
chmod 755 "$LAB" # FRR drops privileges to user frr and must traverse it
declare -A PROCS=() # pid -> name, every process we started and have not stopped yet
NAMESPACES=()       # namespaces we created and have not deleted yet

# proc_field PID N: field N (3 = state, 22 = start time) of /proc/PID/stat; the command name
# (field 2) may hold spaces, so count from the ") " that ends it.
proc_field() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a fields <<<"${stat##*) }" # fields[0] is field 3
  [[ -n ${fields[$2 - 3]:-} ]] && echo "${fields[$2 - 3]}"
}

# is_running PID: exists and is not a zombie
is_running() {
  local st
  st=$(proc_field "$1" 3) || return 1
  [[ -n $st && $st != Z ]]
}

# stop_pid PID NAME [START]: TERM, up to 10 s, then KILL, up to 5 s; reap it if it is our child.
# START (the start time recorded when we launched it) guards against a reused PID.
stop_pid() {
  local pid=$1 name=${2:-process} start=${3:-} end
  if [[ -n $start ]] && is_running "$pid" && [[ $(proc_field "$pid" 22) != "$start" ]]; then
    log "$name ($pid) already exited (PID now reused): not touching it"
    return 0
  fi
  if is_running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    end=$((SECONDS + 10))
    while is_running "$pid" && ((SECONDS < end)); do sleep 0.2; done
    if is_running "$pid"; then
      log "$name ($pid) ignored SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      end=$((SECONDS + 5))
      while is_running "$pid" && ((SECONDS < end)); do sleep 0.2; done
    fi
  fi
  wait "$pid" 2>/dev/null || true
  is_running "$pid" && log "WARNING: $name ($pid) still running" && return 1
  return 0
}

declare -A PSTART=() # pid -> start time, to recognise our processes
track() {
  PROCS[$1]=$2
  PSTART[$1]=$(proc_field "$1" 22) || PSTART[$1]=""
}
stop_tracked() { stop_pid "$1" "${PROCS[$1]:-process}" "${PSTART[$1]:-}" && unset "PROCS[$1]"; }

# stop_by_name NAME...: stop the tracked processes with these names, in this order (ExaBGP before
# its API helper, which it would otherwise respawn; tcpdump last so it sees the final segments).
stop_by_name() {
  local name pid
  for name in "$@"; do
    for pid in "${!PROCS[@]}"; do [[ ${PROCS[$pid]} == "$name" ]] && stop_tracked "$pid"; done
  done
  return 0
}
STOP_ORDER=(exabgp exabgp-api-helper gobgpd bird bgpd tcpdump)

# del_ns NS: stop anything still inside our namespace (children of our daemons), then delete it.
del_ns() {
  local ns=$1 p i
  for p in $(ip netns pids "$ns" 2>/dev/null); do stop_pid "$p" "leftover in $ns"; done
  ip netns del "$ns" 2>/dev/null || log "WARNING: could not delete namespace $ns"
  for i in "${!NAMESPACES[@]}"; do [[ ${NAMESPACES[$i]} == "$ns" ]] && unset "NAMESPACES[$i]"; done
  return 0
}

cleanup() {
  local rc=$? pid ns
  set +e
  trap - EXIT INT TERM
  stop_by_name "${STOP_ORDER[@]}"
  for pid in "${!PROCS[@]}"; do stop_pid "$pid" "${PROCS[$pid]}" "${PSTART[$pid]:-}"; done
  for ns in "${NAMESPACES[@]}"; do del_ns "$ns"; done
  if ((rc != 0)); then
    local f
    for f in $(find "$LAB" -name '*.log' -o -name '*.stdout' 2>/dev/null); do
      [[ -s $f ]] && { echo "--- last lines of ${f#"$LAB"/}:"; tail -n 8 "$f"; } >&2
    done
  fi
  if [[ -n $KEEP_LOGS ]]; then mkdir -p "$KEEP_LOGS" && cp -r "$LAB"/. "$KEEP_LOGS"/; fi
  rm -rf "$LAB"
  ((rc == 0)) || log "failed (exit $rc); every process stopped, namespaces deleted"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for DESC SECONDS CMD...: poll CMD every 0.5 s until it succeeds or the deadline passes.
wait_for() {
  local desc=$1 secs=$2 end
  shift 2
  end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || { log "timeout after ${secs}s waiting for: $desc"; return 1; }
    sleep 0.5
  done
}

# lab_up PREFIX: namespaces PREFIX-a / PREFIX-b, veth eth0<->eth0, fixed MACs and addresses.
#   a: 192.0.2.1/24  2001:db8:1::1/64  fe80::1/64     b: 192.0.2.2/24  2001:db8:1::2/64  fe80::2/64
lab_up() {
  NSA="$1-a" NSB="$1-b"
  ip netns add "$NSA" && NAMESPACES+=("$NSA")
  ip netns add "$NSB" && NAMESPACES+=("$NSB")
  ip link add eth0 netns "$NSA" address 02:00:00:00:00:01 type veth \
    peer name eth0 netns "$NSB" address 02:00:00:00:00:02
  local ns n
  for ns in "$NSA" "$NSB"; do
    [[ $ns == "$NSA" ]] && n=1 || n=2
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 addrgenmode none # fixed link-local below, so bytes are reproducible
    ip -n "$ns" link set eth0 up
    ip -n "$ns" addr add "192.0.2.$n/24" dev eth0
    ip -n "$ns" addr add "2001:db8:1::$n/64" dev eth0 nodad
    ip -n "$ns" addr add "fe80::$n/64" dev eth0 nodad
  done
  wait_for "ping 192.0.2.2" 10 ip netns exec "$NSA" ping -c1 -W1 192.0.2.2
  wait_for "ping 2001:db8:1::2" 10 ip netns exec "$NSA" ping -6 -c1 -W1 2001:db8:1::2
}

# capture_start FILE: tcpdump on eth0 of $NSA; sets TCPDUMP_PID and CAPTURE_CMD.
capture_start() {
  local file=$1
  CAPTURE_CMD="ip netns exec $NSA tcpdump -i eth0 -U -s 0 -w $(basename "$file") 'tcp port 179'"
  ip netns exec "$NSA" tcpdump -i eth0 -U -s 0 -w "$file" 'tcp port 179' >"$LAB/tcpdump.log" 2>&1 &
  TCPDUMP_PID=$!
  track "$TCPDUMP_PID" tcpdump
  wait_for "tcpdump listening" 10 grep -q 'listening on' "$LAB/tcpdump.log"
}

capture_stop() {
  sleep 1 # let the last segments (FIN/ACK) reach the capture
  stop_tracked "$TCPDUMP_PID"
  grep -E 'packets (captured|dropped)' "$LAB/tcpdump.log" | sed 's/^/  tcpdump: /' >&2 || true
}

# in_ns NS HOSTNAME CMD...: run CMD in namespace NS with its own UTS namespace and hostname (the
# daemons put the host name in the FQDN capability; a fixed one keeps the bytes reproducible and
# leaks nothing about this machine). Every step execs, so the PID of `in_ns ... &` is the daemon's.
in_ns() {
  local ns=$1 host=$2
  shift 2
  exec ip netns exec "$ns" unshare --uts -- /bin/sh -c 'hostname "$0" && exec "$@"' "$host" "$@"
}

STEPS=()
step() { log "$*"; STEPS+=("$*"); }

# write_meta FILE SCENARIO DESCRIPTION ENDPOINT_JSON...: sidecar read by pcap-to-vectors.mjs.
write_meta() {
  local file=$1 scenario=$2 desc=$3
  shift 3
  SCENARIO="$scenario" DESC="$desc" CMD="$CAPTURE_CMD" STEPS_TEXT="$(printf '%s\n' "${STEPS[@]}")" \
    ENDPOINTS="[$(IFS=,; echo "$*")]" node -e '
      const e = process.env;
      const meta = {
        scenario: e.SCENARIO,
        description: e.DESC,
        captured: new Date().toISOString(),
        capturedBy: `tools/lab/capture-vectors.sh --scenario ${e.SCENARIO}`,
        captureCommand: e.CMD,
        endpoints: JSON.parse(e.ENDPOINTS),
        steps: e.STEPS_TEXT.split("\n").filter(Boolean),
      };
      require("fs").writeFileSync(process.argv[1], JSON.stringify(meta, null, 2) + "\n");
    ' "$file"
}

endpoint_json() { # name version asn address...
  local name=$1 version=$2 asn=$3
  shift 3
  printf '{"daemon":"%s","version":"%s","asn":%s,"addresses":["%s"]}' \
    "$name" "$version" "$asn" "$(IFS=,; echo "$*" | sed 's/,/","/g')"
}

# ------------------------------------------------------------------ scenario a: BIRD 2 <-> GoBGP

scenario_bird_gobgp() {
  local dir="$LAB/bird-gobgp" pcap="$LAB/bird-gobgp/bird-gobgp.pcap"
  mkdir -p "$dir"
  chmod 755 "$dir"
  STEPS=()
  local bird_v gobgp_v
  bird_v=$(bird --version 2>&1 | awk '{print $3}')
  gobgp_v=$(gobgpd --version | awk '{print $3}')
  log "scenario bird-gobgp: BIRD $bird_v (AS 4200000001, 192.0.2.1) <-> GoBGP $gobgp_v (AS 64512, 192.0.2.2)"

  cat >"$dir/bird.conf" <<EOF
router id 192.0.2.1;
log "$dir/bird.log" all;
protocol device {}
# Kept for the whole session.
protocol static st4 {
  ipv4;
  route 203.0.113.1/32 blackhole;
  route 203.0.113.2/32 blackhole;
  route 203.0.113.16/28 blackhole;
  route 203.0.113.0/24 blackhole;
}
# Disabled mid-session: withdrawn.
protocol static st4w {
  ipv4;
  route 203.0.113.3/32 blackhole;
  route 203.0.113.32/28 blackhole;
}
protocol static st6 {
  ipv6;
  route 2001:db8:100::/48 blackhole;
  route 2001:db8:100:1::1/128 blackhole;
}
protocol static st6w {
  ipv6;
  route 2001:db8:101::/48 blackhole;
}
filter to_gobgp4 {
  bgp_community.add((65000, 100));
  if net ~ [203.0.113.1/32, 203.0.113.2/32] then {
    bgp_community.add((65535, 666));
    bgp_large_community.add((4200000001, 1, 2));
    bgp_large_community.add((65000, 3, 4));
    bgp_ext_community.add((rt, 65000, 100));
    bgp_ext_community.add((rt, 4200000001, 7));
    bgp_ext_community.add((ro, 192.0.2.1, 5));
    bgp_med = 50;
  }
  if net = 203.0.113.0/24 then { bgp_path.prepend(4200000001); bgp_med = 0; }
  accept;
}
filter to_gobgp6 {
  bgp_community.add((65000, 100));
  if net = 2001:db8:100:1::1/128 then {
    bgp_large_community.add((4200000001, 1, 2));
    bgp_ext_community.add((rt, 65000, 600));
    bgp_med = 60;
  }
  accept;
}
protocol bgp gobgp1 {
  local 192.0.2.1 as 4200000001;
  neighbor 192.0.2.2 as 64512;
  hold time 240;
  connect delay time 1;
  connect retry time 5;
  error wait time 1, 10;
  ipv4 { import all; export filter to_gobgp4; };
  ipv6 { import all; export filter to_gobgp6; next hop address 2001:db8:1::1; };
}
EOF

  cat >"$dir/gobgpd.toml" <<EOF
[global.config]
  as = 64512
  router-id = "192.0.2.2"
  local-address-list = ["192.0.2.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "192.0.2.1"
    peer-as = 4200000001
  [neighbors.timers.config]
    connect-retry = 5
    hold-time = 180
    keepalive-interval = 60
    idle-hold-time-after-reset = 1
  [neighbors.transport.config]
    passive-mode = true
    local-address = "192.0.2.2"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
EOF

  lab_up "blbcap-$$-bg"
  capture_start "$pcap"

  gobgp_() { ip netns exec "$NSB" gobgp -u 127.0.0.1 -p 50051 "$@"; }
  birdc_() { birdc -s "$dir/bird.ctl" "$@" | sed 's/^/  birdc: /' >&2; }
  birdq() { birdc -s "$dir/bird.ctl" "$@"; }
  bird_established() { birdq show protocols gobgp1 | grep -q Established; }
  gobgp_has() { gobgp_ neighbor 192.0.2.1 adj-in -a "$1" | grep -qF "$2"; }
  gobgp_lacks() { ! gobgp_has "$@"; }
  bird_has() { birdq show route "$1" protocol gobgp1 | grep -qF "$1"; }
  bird_lacks() { ! bird_has "$@"; }

  step "start gobgpd (passive, AS 64512) in $NSB"
  (in_ns "$NSB" gobgp-b gobgpd -f "$dir/gobgpd.toml" --api-hosts 127.0.0.1:50051 --pprof-disable) \
    >"$dir/gobgpd.log" 2>&1 &
  track $! gobgpd
  wait_for "gobgpd API" 15 gobgp_ global

  step "gobgp: originate 203.0.113.64/26 (community 64512:10 65000:200, large 64512:1:1, med 30), 203.0.113.128/25 (origin egp), 2001:db8:200::/48 (community 64512:20, large 64512:2:2, med 5)"
  gobgp_ global rib add -a ipv4 203.0.113.64/26 community 64512:10,65000:200 large-community 64512:1:1 med 30
  gobgp_ global rib add -a ipv4 203.0.113.128/25 origin egp
  gobgp_ global rib add -a ipv6 2001:db8:200::/48 nexthop 2001:db8:1::2 community 64512:20 large-community 64512:2:2 med 5

  step "start bird (active, AS 4200000001) in $NSA; wait for Established"
  (in_ns "$NSA" bird-a bird -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid") \
    >"$dir/bird.stdout" 2>&1 &
  track $! bird
  wait_for "bird control socket" 10 birdq show status
  wait_for "BGP Established (bird-gobgp)" 30 bird_established
  wait_for "gobgp learns 203.0.113.1/32" 15 gobgp_has ipv4 203.0.113.1/32
  wait_for "gobgp learns 2001:db8:101::/48" 15 gobgp_has ipv6 2001:db8:101::/48
  wait_for "bird learns 2001:db8:200::/48" 15 bird_has 2001:db8:200::/48
  sleep 2 # initial tables and End-of-RIB markers

  step "gobgp: originate 203.0.113.192/27 (community 64512:30, no-export) and 2001:db8:201::/48"
  gobgp_ global rib add -a ipv4 203.0.113.192/27 community 64512:30,no-export
  gobgp_ global rib add -a ipv6 2001:db8:201::/48 nexthop 2001:db8:1::2 large-community 64512:3:3
  wait_for "bird learns 203.0.113.192/27" 15 bird_has 203.0.113.192/27
  wait_for "bird learns 2001:db8:201::/48" 15 bird_has 2001:db8:201::/48

  step "gobgp: withdraw 203.0.113.128/25 and 2001:db8:201::/48"
  gobgp_ global rib del -a ipv4 203.0.113.128/25
  gobgp_ global rib del -a ipv6 2001:db8:201::/48
  wait_for "bird drops 203.0.113.128/25" 15 bird_lacks 203.0.113.128/25
  wait_for "bird drops 2001:db8:201::/48" 15 bird_lacks 2001:db8:201::/48

  step "bird: disable static st4w and st6w (withdraw 203.0.113.3/32, 203.0.113.32/28, 2001:db8:101::/48)"
  birdc_ disable st4w
  birdc_ disable st6w
  wait_for "gobgp drops 203.0.113.32/28" 15 gobgp_lacks ipv4 203.0.113.32/28
  wait_for "gobgp drops 2001:db8:101::/48" 15 gobgp_lacks ipv6 2001:db8:101::/48

  step "bird: reload in gobgp1 (bird sends ROUTE-REFRESH, gobgp re-sends its routes)"
  birdc_ reload in gobgp1
  sleep 2
  # (GoBGP 3.10 has no CLI command that sends a ROUTE-REFRESH: softresetin re-runs the import
  # policy over its kept Adj-RIB-In, so no refresh request from the GoBGP side.)

  step "bird: disable gobgp1 \"maintenance: bird-gobgp vector capture\" (Cease/Administrative Shutdown)"
  birdc_ disable gobgp1 '"maintenance: bird-gobgp vector capture"'
  wait_for "bird session down" 10 bash -c "! birdc -s '$dir/bird.ctl' show protocols gobgp1 | grep -q Established"
  # GoBGP refuses connections while idle after the NOTIFICATION; wait until it listens again so
  # the second connection is not preceded by refused attempts.
  wait_for "gobgp back to active" 30 bash -c "ip netns exec '$NSB' gobgp -u 127.0.0.1 -p 50051 neighbor 192.0.2.1 | grep -q 'BGP state = ACTIVE'"
  step "bird: enable gobgp1; wait for Established again (second TCP connection)"
  birdc_ enable gobgp1
  wait_for "BGP Established again (bird-gobgp)" 30 bird_established
  wait_for "gobgp relearns 203.0.113.1/32" 15 gobgp_has ipv4 203.0.113.1/32
  sleep 2
  step "gobgp: neighbor 192.0.2.1 shutdown --reason \"gobgp going down for maintenance\""
  gobgp_ neighbor 192.0.2.1 shutdown --reason "gobgp going down for maintenance" 2>&1 | grep -v deprecated >&2 || true
  wait_for "bird session down" 10 bash -c "! birdc -s '$dir/bird.ctl' show protocols gobgp1 | grep -q Established"
  birdc_ disable gobgp1 >/dev/null # no reconnect attempts while we stop

  step "stop daemons by PID"
  stop_by_name "${STOP_ORDER[@]/tcpdump/}"
  capture_stop
  del_ns "$NSA"
  del_ns "$NSB"
  install -m 644 "$pcap" "$OUT/pcap/" # root-owned copy (tcpdump chowns its own file to user tcpdump)

  write_meta "$OUT/pcap/bird-gobgp.json" bird-gobgp \
    "BIRD $bird_v (AS 4200000001, 192.0.2.1, active) <-> GoBGP $gobgp_v (AS 64512, 192.0.2.2, passive): eBGP, 4-octet ASN, IPv4 + IPv6 unicast over IPv4 transport, graceful restart on GoBGP; initial tables, End-of-RIB, incremental announcements, withdrawals, route refresh both ways, BIRD shutdown with message, reconnect, GoBGP shutdown with message" \
    "$(endpoint_json bird "$bird_v" 4200000001 192.0.2.1 2001:db8:1::1 fe80::1)" \
    "$(endpoint_json gobgp "$gobgp_v" 64512 192.0.2.2 2001:db8:1::2 fe80::2)"
}

# ------------------------------------------------------------------ scenario b: FRR bgpd <-> ExaBGP

scenario_frr_exabgp() {
  local dir="$LAB/frr-exabgp" pcap="$LAB/frr-exabgp/frr-exabgp.pcap"
  mkdir -p "$dir/frr"
  chmod 755 "$dir"
  STEPS=()
  local frr_v exa_v
  frr_v=$(/usr/lib/frr/bgpd --version | awk 'NR==1{print $3}')
  exa_v=$(exabgp --version 2>&1 | awk '/^ExaBGP/{print $3}')
  log "scenario frr-exabgp: FRR $frr_v (AS 65001, 2001:db8:1::1) <-> ExaBGP $exa_v (AS 65001, 2001:db8:1::2), iBGP over IPv6"

  cat >"$dir/frr/bgpd.conf" <<EOF
frr defaults traditional
hostname frr-a
!
router bgp 65001
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 bgp graceful-restart
 neighbor 2001:db8:1::2 remote-as 65001
 neighbor 2001:db8:1::2 passive
 neighbor 2001:db8:1::2 timers 60 180
 !
 address-family ipv4 unicast
  network 203.0.113.128/25
  network 203.0.113.250/32
  neighbor 2001:db8:1::2 activate
  neighbor 2001:db8:1::2 addpath-tx-all-paths
  neighbor 2001:db8:1::2 route-map TO_EXA4 out
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8:300::/48
  network 2001:db8:300:1::/64
  neighbor 2001:db8:1::2 activate
  neighbor 2001:db8:1::2 addpath-tx-all-paths
  neighbor 2001:db8:1::2 route-map TO_EXA6 out
 exit-address-family
!
route-map TO_EXA4 permit 10
 set ip next-hop 192.0.2.1
 set community 65001:200 65001:201
 set large-community 65001:2:3
 set extcommunity rt 65001:200
 set metric 20
 set local-preference 150
!
route-map TO_EXA6 permit 10
 set ipv6 next-hop global 2001:db8:1::1
 set ipv6 next-hop local fe80::1
 set community 65001:600
 set large-community 65001:6:6
!
EOF
  chown -R frr:frr "$dir/frr"

  # ExaBGP reads API commands from this helper, which relays lines written to a FIFO.
  mkfifo "$dir/exa.fifo"
  cat >"$dir/exa-api.sh" <<EOF
#!/usr/bin/env bash
# ExaBGP API helper: relay commands from the FIFO to ExaBGP (stdout). Ends when ExaBGP ends.
echo \$\$ > "$dir/exa-api.pid"
exec 3<>"$dir/exa.fifo"
while IFS= read -r line <&3; do printf '%s\n' "\$line"; done
EOF
  chmod 755 "$dir/exa-api.sh"

  cat >"$dir/exabgp.conf" <<EOF
process cli {
  run $dir/exa-api.sh;
  encoder text;
}
neighbor 2001:db8:1::1 {
  router-id 192.0.2.2;
  local-address 2001:db8:1::2;
  local-as 65001;
  peer-as 65001;
  hold-time 240;
  group-updates false;
  capability {
    route-refresh;
    graceful-restart 120;
    add-path send/receive;
  }
  family {
    ipv4 unicast;
    ipv6 unicast;
  }
  add-path {
    ipv4 unicast;
    ipv6 unicast;
  }
  api {
    processes [ cli ];
  }
  static {
    route 203.0.113.10/32 next-hop 192.0.2.2 path-information 1 community [ 65001:100 65001:101 ] large-community [ 65001:1:1 ] extended-community [ target:65001:100 ] med 10 local-preference 200;
    route 203.0.113.10/32 next-hop 192.0.2.2 path-information 2 community [ 65001:102 ] local-preference 100;
    route 203.0.113.64/26 next-hop 192.0.2.2 path-information 1 origin egp as-path [ 64999 64998 ] med 40;
    route 2001:db8:400::/48 next-hop 2001:db8:1::2 path-information 1 community [ 65001:400 ] large-community [ 65001:4:4 ] extended-community [ target:65001:400 origin:192.0.2.2:7 ] local-preference 300;
    route 2001:db8:401::/48 next-hop 2001:db8:1::2 path-information 1 origin incomplete;
  }
}
EOF

  lab_up "blbcap-$$-fe"
  capture_start "$pcap"

  vtysh_() { vtysh --vty_socket "$dir/frr" "$@"; }
  frr_established() { vtysh_ -c 'show bgp neighbors 2001:db8:1::2 json' | grep -q '"bgpState":"Established"'; }
  frr_not_established() { ! frr_established; }
  frr_has() { vtysh_ -c "show bgp $1 unicast $2 json" | grep -q '"paths"'; }
  frr_lacks() { ! frr_has "$@"; }
  frr_adv_has() { vtysh_ -c "show bgp $1 unicast neighbors 2001:db8:1::2 advertised-routes json" | grep -qF "\"$2\""; }
  frr_adv_lacks() { ! frr_adv_has "$@"; }
  frr_established_twice() {
    vtysh_ -c 'show bgp neighbors 2001:db8:1::2 json' | grep -q '"connectionsEstablished":2' && frr_established
  }
  # Bounded: if the helper were gone, opening the FIFO for writing would block forever.
  exa() { timeout 5 bash -c 'printf "%s\n" "$1" >"$2"' _ "$*" "$dir/exa.fifo"; }

  step "start FRR bgpd -Z (passive, AS 65001, graceful-restart, addpath-tx-all-paths) in $NSA"
  (in_ns "$NSA" frr-a /usr/lib/frr/bgpd -Z -P 0 -f "$dir/frr/bgpd.conf" -i "$dir/frr/bgpd.pid" \
    -z "$dir/frr/zserv.api" --vty_socket "$dir/frr" --log file:"$dir/frr/bgpd.log") \
    >"$dir/frr/bgpd.stdout" 2>&1 &
  track $! bgpd
  wait_for "bgpd vty" 15 vtysh_ -c 'show bgp summary'

  step "start ExaBGP (active, AS 65001, add-path send/receive, graceful-restart 120) in $NSB; wait for Established"
  (in_ns "$NSB" exabgp-b env exabgp.daemon.user=root exabgp.daemon.drop=false \
    exabgp.daemon.daemonize=false exabgp.log.destination="$dir/exabgp.log" exabgp.api.cli=false \
    exabgp.tcp.bind= exabgp.log.level=INFO exabgp.daemon.pid= exabgp "$dir/exabgp.conf") \
    >"$dir/exabgp.stdout" 2>&1 &
  track $! exabgp
  wait_for "exabgp api helper" 15 test -s "$dir/exa-api.pid"
  track "$(cat "$dir/exa-api.pid")" exabgp-api-helper
  wait_for "BGP Established (frr-exabgp)" 40 frr_established
  wait_for "frr learns 2001:db8:401::/48" 15 frr_has ipv6 2001:db8:401::/48
  sleep 2 # initial tables and End-of-RIB markers

  wait_for "frr advertises 203.0.113.250/32" 20 frr_adv_has ipv4 203.0.113.250/32
  wait_for "frr advertises 2001:db8:300:1::/64" 20 frr_adv_has ipv6 2001:db8:300:1::/64
  sleep 1

  step "exabgp: announce 203.0.113.96/27 (community 65001:300, large 65001:3:3, med 5) and 2001:db8:402::/48"
  exa "announce route 203.0.113.96/27 next-hop 192.0.2.2 path-information 1 community [65001:300] large-community [65001:3:3] med 5"
  exa "announce route 2001:db8:402::/48 next-hop 2001:db8:1::2 path-information 1 community [65001:402]"
  wait_for "frr learns 203.0.113.96/27" 15 frr_has ipv4 203.0.113.96/27
  wait_for "frr learns 2001:db8:402::/48" 15 frr_has ipv6 2001:db8:402::/48

  step "exabgp: withdraw 203.0.113.64/26 and 2001:db8:401::/48"
  exa "withdraw route 203.0.113.64/26 next-hop 192.0.2.2 path-information 1"
  exa "withdraw route 2001:db8:401::/48 next-hop 2001:db8:1::2 path-information 1"
  wait_for "frr drops 203.0.113.64/26" 15 frr_lacks ipv4 203.0.113.64/26
  wait_for "frr drops 2001:db8:401::/48" 15 frr_lacks ipv6 2001:db8:401::/48

  step "frr: no network 203.0.113.250/32, no network 2001:db8:300:1::/64 (withdrawals)"
  vtysh_ -c 'configure terminal' -c 'router bgp 65001' -c 'address-family ipv4 unicast' \
    -c 'no network 203.0.113.250/32' -c 'exit-address-family' -c 'address-family ipv6 unicast' \
    -c 'no network 2001:db8:300:1::/64'
  wait_for "frr withdraws 203.0.113.250/32" 15 frr_adv_lacks ipv4 203.0.113.250/32
  wait_for "frr withdraws 2001:db8:300:1::/64" 15 frr_adv_lacks ipv6 2001:db8:300:1::/64
  sleep 1

  step "exabgp: announce route-refresh ipv6 unicast (ExaBGP sends ROUTE-REFRESH; FRR answers BoRR, routes, EoRR)"
  exa "announce route-refresh ipv6 unicast"
  sleep 2

  # ExaBGP 4.2.21 cannot answer a ROUTE-REFRESH request (TypeError in its reactor, upstream
  # issues #708/#1237): it closes the TCP connection without a NOTIFICATION and reconnects.
  step "frr: clear bgp ipv4 unicast 2001:db8:1::2 soft in (FRR sends ROUTE-REFRESH; ExaBGP 4.2.21 drops the connection and reconnects)"
  vtysh_ -c 'clear bgp ipv4 unicast 2001:db8:1::2 soft in'
  wait_for "second connection established (frr-exabgp)" 30 frr_established_twice
  wait_for "frr relearns 203.0.113.96/27" 15 frr_has ipv4 203.0.113.96/27
  sleep 2

  step "frr: neighbor 2001:db8:1::2 shutdown message \"frr maintenance window\" (ExaBGP 4.2.21 fails to parse it and answers with its own NOTIFICATION)"
  vtysh_ -c 'configure terminal' -c 'router bgp 65001' \
    -c 'neighbor 2001:db8:1::2 shutdown message frr maintenance window'
  wait_for "frr session down" 10 frr_not_established

  step "stop daemons by PID"
  stop_by_name "${STOP_ORDER[@]/tcpdump/}"
  capture_stop
  del_ns "$NSA"
  del_ns "$NSB"
  install -m 644 "$pcap" "$OUT/pcap/" # root-owned copy (tcpdump chowns its own file to user tcpdump)

  write_meta "$OUT/pcap/frr-exabgp.json" frr-exabgp \
    "FRR bgpd $frr_v -Z (AS 65001, 2001:db8:1::1, passive) <-> ExaBGP $exa_v (AS 65001, 2001:db8:1::2, active): iBGP over IPv6 transport, IPv4 + IPv6 unicast, ADD-PATH, graceful restart, enhanced route refresh; initial tables, End-of-RIB, announcements, withdrawals, route refresh both ways, FRR shutdown with message" \
    "$(endpoint_json frr "$frr_v" 65001 192.0.2.1 2001:db8:1::1 fe80::1)" \
    "$(endpoint_json exabgp "$exa_v" 65001 192.0.2.2 2001:db8:1::2 fe80::2)"
}

# ------------------------------------------------------------------ main

for s in "${SCENARIOS[@]}"; do
  case "$s" in
    bird-gobgp)
      for t in bird birdc gobgpd gobgp; do command -v "$t" >/dev/null || die "missing $t"; done
      scenario_bird_gobgp ;;
    frr-exabgp)
      for t in /usr/lib/frr/bgpd vtysh exabgp; do command -v "$t" >/dev/null || die "missing $t"; done
      scenario_frr_exabgp ;;
  esac
  args=(--out "$OUT" --check) # --check: our reference decoding must agree with tcpdump -vvv
  ((EXPECTED)) && args+=(--expected)
  node "$HERE/pcap-to-vectors.mjs" "${args[@]}" "$OUT/pcap/$s.pcap"
done
log "done: vectors in $OUT"
