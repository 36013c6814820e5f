#!/usr/bin/env bash
# TorchSharp 0.107's native library needs the GCC 13+ C++ runtime (GLIBCXX_3.4.32).
# Debian 12 ships GCC 12, so on such a machine we take libstdc++6 from Debian 13
# ("trixie"), pinned low so nothing else is upgraded from it unless asked.
set -euo pipefail

has_glibcxx() {
  local lib
  for lib in $(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF}'); do
    if grep -qa 'GLIBCXX_3\.4\.32' "$lib"; then return 0; fi
  done
  return 1
}

if has_glibcxx; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "TorchSharp needs the GCC 13+ C++ runtime (GLIBCXX_3.4.32), which this machine lacks." >&2
  echo "Install libstdc++6 from GCC 13 or newer (for example your distribution's gcc-13 runtime) and rerun." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "Installing libstdc++6 from Debian trixie needs root; rerun as root or install it yourself." >&2
    exit 1
  fi
fi

# Reuse the mirror this machine already uses for Debian (never a hard-coded one).
uri=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  uri=$(awk '
    /^URIs:/ { u = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i !~ /-security$/ && $i !~ /-updates$/ && $i !~ /-backports$/) s = 1 }
    /^$/ { if (u != "" && s) { print u; found = 1; exit } u = ""; s = 0 }
    END { if (!found && u != "" && s) print u }' "$f")
  [ -n "$uri" ] && break
done
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
fi
if [ -z "$uri" ]; then
  echo "Could not find this machine's Debian source to add trixie from; install libstdc++6 (GCC 13+) by hand." >&2
  exit 1
fi

echo "Adding Debian trixie from $uri (pinned at priority 100) for libstdc++6 with GLIBCXX_3.4.32"
$SUDO tee /etc/apt/sources.list.d/lossanalyzers-trixie.list >/dev/null <<LIST
deb $uri trixie main
LIST
$SUDO tee /etc/apt/preferences.d/lossanalyzers-trixie >/dev/null <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -t trixie libstdc++6 >/dev/null

if ! has_glibcxx; then
  echo "libstdc++6 from trixie did not provide GLIBCXX_3.4.32" >&2
  exit 1
fi
