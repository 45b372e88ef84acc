#!/usr/bin/env bash
# Installs what the lab and the tests need on a fresh Debian 12 machine (run as root).
# The list is LAB.md's. kubectl is expected on the machine already: never install
# Debian's kubernetes-client, it conflicts with it.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(bird2 gobgpd frr exabgp arping ndisc6 tcpdump iputils-ping iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -q
  apt-get install -y -q -o DPkg::Lock::Timeout=120 --no-install-recommends "${missing[@]}"
else
  echo "setup-debian: all lab packages already installed"
fi
