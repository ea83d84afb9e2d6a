#!/usr/bin/env bash
# Refreshes docs/screenshots/ with what headless Chromium shows of the demo site (desktop and phone widths).
# Look at the pictures after running this. (The browser tests take their own screenshots into the test output.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./govreport demo >/dev/null
site="$PWD/data/demo-site"
shot() { # name page width height
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --virtual-time-budget=3000 \
    --window-size="$3,$4" --screenshot="docs/screenshots/$1.png" "file://$site/$2" 2>/dev/null
}
agency=$(grep -l "<h1>剑南街道</h1>" "$site"/agency/*.html | head -1)
shot index index.html 1280 1800
shot ranking ranking/procurement_amount.html 1280 1300
shot agency "agency/$(basename "$agency")" 1280 2600
shot agency-phone "agency/$(basename "$agency")" 390 1500
shot flags flags.html 1280 1100
shot region region/360981.html 1280 1500
shot quality quality.html 1280 1000
shot notebook notebook/supervision.html 1280 2000
shot source "$(grep -o 'source/[0-9a-f]*\.html' "$agency" | head -1)" 1280 1200
ls -l docs/screenshots
