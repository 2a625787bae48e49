#!/usr/bin/env bash
# Installs the Debian 12 packages a target needs, and only those that are missing.
#   scripts/deps.sh build   compiler, libraries (CBC for the arranging engine, libqrencode for the
#                           admission tickets' QR codes, OpenSSL for the SMS provider's HTTPS), Node.js
#   scripts/deps.sh test    build + PostgreSQL server, Chromium, fonts for PDFs and screenshots, nginx
#   scripts/deps.sh bench   test + wrk, valgrind
set -euo pipefail

target="${1:-build}"
build_pkgs=(cmake ninja-build g++ make pkg-config git ca-certificates
  libboost1.74-dev libsoci-dev libsqlite3-dev libpq-dev libspdlog-dev libfmt-dev
  nlohmann-json3-dev libsodium-dev libcli11-dev zlib1g-dev libgtest-dev libjemalloc-dev sqlite3
  libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev libpango1.0-dev libcairo2-dev fonts-noto-cjk
  coinor-libcbc-dev libqrencode-dev libssl-dev)
# openpyxl and LibreOffice write the spreadsheets the reader tests read back; clang builds the
# libFuzzer targets (scripts/fuzz.sh); clang-format checks the C++ formatting; poppler-utils
# (pdftotext, pdftoppm) and zbar-tools (zbarimg) read back the admission tickets' text and QR code;
# nginx and systemd check the configuration and the unit in deploy/ (nginx -t, systemd-analyze verify).
test_pkgs=(postgresql chromium curl procps poppler-utils zbar-tools python3 python3-openpyxl
  libreoffice-calc-nogui clang clang-format nginx-light systemd)
bench_pkgs=(wrk valgrind)

want=("${build_pkgs[@]}")
case "$target" in
  build) ;;
  test) want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
# Node.js and npm build the web UI; a machine that already has them keeps its own.
command -v node >/dev/null 2>&1 || want+=(nodejs)
command -v npm >/dev/null 2>&1 || want+=(npm)

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Run as root (or install these packages first): ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/kaowu-apt-update
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]; then
  apt-get update -q
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  apt-get update -q && touch "$stamp"
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The packaged PostgreSQL cluster is not used: tests start their own throwaway clusters.
if printf '%s\n' "${missing[@]}" | grep -qx postgresql; then
  (service postgresql stop || true) >/dev/null 2>&1
fi
