#!/usr/bin/env bash
# Makes sure wrk (the HTTP load generator the polling benchmark drives) is on the PATH: installs Debian's
# wrk package when missing and running as root, else stops with one line saying how to get it.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "wrk is missing: installing Debian's wrk package (one time)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
  exit 0
fi
echo "error: the polling benchmark needs wrk; install it with: sudo apt-get install wrk" >&2
exit 1
