#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests when they are missing.
# Run by the build (local-server, before the tests); skip with -Dbrowser.install.skip=true.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "Chromium and ChromeDriver are missing: install the Debian packages chromium and chromium-driver" \
       "(as root: apt-get install -y chromium chromium-driver) to run the browser tests." >&2
  exit 0
fi
echo "Installing chromium and chromium-driver for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version
