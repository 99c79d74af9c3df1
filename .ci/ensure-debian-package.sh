#!/usr/bin/env bash
# Makes sure a program from a Debian package is installed: installs the package when the program is
# missing and this runs as root, else stops with one line saying how to get it.
# Usage: ensure-debian-package.sh <program path or name> <package> <what needs it>
set -euo pipefail

program=$1 package=$2 purpose=$3

if command -v "$program" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "$program is missing: installing Debian's $package package (one time)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$package" >/dev/null
  command -v "$program" >/dev/null 2>&1 && exit 0
  echo "error: installed $package but $program is still missing" >&2
  exit 1
fi
echo "error: $purpose need $program; install it with: sudo apt-get install $package" >&2
exit 1
