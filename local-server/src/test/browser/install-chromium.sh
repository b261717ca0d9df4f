#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests when they are missing, and a Chinese
# font when the system has none (else the Chinese pages' screenshots show empty boxes; the tests read the
# text from the page, not from the pixels).
# Run by the build (local-server, before the tests); skip with -Dbrowser.install.skip=true.
set -euo pipefail
packages=()
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  packages+=(chromium chromium-driver)
fi
if ! command -v fc-list >/dev/null || [[ -z "$(fc-list :lang=zh 2>/dev/null)" ]]; then
  packages+=(fonts-wqy-microhei)
fi
if [[ ${#packages[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "Missing for the browser tests: the Debian packages ${packages[*]}" \
       "(as root: apt-get install -y ${packages[*]})." >&2
  exit 0
fi
echo "Installing ${packages[*]} for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
/usr/bin/chromium --version
