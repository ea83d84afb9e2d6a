#!/usr/bin/env bash
# Installs the system packages the charts and the browser test need: fonts-noto-cjk (Chinese text in charts)
# and chromium (headless screenshots). Idempotent: a quick check first, apt-get only when something is missing.
# Runs apt-get as root (no sudo); a non-root user without the packages gets a message saying what to install.
set -euo pipefail

# grep reads all of fc-list's output (no -q): with pipefail, an early exit would fail the pipeline on SIGPIPE.
have_font() { command -v fc-list >/dev/null 2>&1 && fc-list : family 2>/dev/null | grep "Noto Sans CJK" >/dev/null; }
have_chromium() { command -v chromium >/dev/null 2>&1; }

if have_font && have_chromium; then
  exit 0
fi

missing=()
have_font || missing+=(fonts-noto-cjk fontconfig)
have_chromium || missing+=(chromium)

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/setup.sh: missing ${missing[*]}; run this script as root (it uses apt-get) or install them yourself" >&2
  exit 1
fi

echo "scripts/setup.sh: installing ${missing[*]} (Debian packages)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true

if ! have_font; then
  echo "scripts/setup.sh: fonts-noto-cjk installed but fc-list does not list \"Noto Sans CJK\"" >&2
  exit 1
fi
if ! have_chromium; then
  echo "scripts/setup.sh: chromium installed but not on PATH" >&2
  exit 1
fi
