#!/usr/bin/env bash
# The real peers for the end-to-end tests: Node packages pinned by tests/e2e/peers's lockfile
# (Telegram Bot API emulator, wechaty puppet service + mock). The Python side (the WeChat and
# webhook extras) comes with the README's first command (`pip install -e '.[dev]'`).
# Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "peers.sh: node/npm missing; installing Debian's nodejs and npm" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
node --version

# Install scripts stay off: the peers need none (a native leveldown has prebuilt binaries).
(cd tests/e2e/peers && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
