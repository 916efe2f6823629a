#!/usr/bin/env bash
# Installs the Debian 12 packages clockspeed needs to build, test and benchmark.
# Idempotent: packages already present are left alone, so the Makefile calls it on every build.
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config
  libsqlite3-dev sqlite3
  coinor-libclp-dev coinor-libcbc-dev liblemon-dev zlib1g-dev libbz2-dev liblapack-dev libblas-dev
  libjansson-dev
  libcsv-dev
  libcmocka-dev
  glpk-utils
  cppcheck clang-tidy clang libclang-rt-14-dev
  libmicrohttpd-dev libgnutls28-dev
  chromium wrk curl
  python3-simpy
  postgresql libpq-dev
)
# Node.js and npm for the dashboard's front-end packages and the browser tests: Debian's,
# unless the machine already has a node.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "clockspeed: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "clockspeed: run as root to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
