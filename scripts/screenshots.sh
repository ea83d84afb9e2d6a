#!/usr/bin/env bash
# Refreshes docs/screenshots/ from the browser tests (index, ranking, agency on desktop and phone, flags), so the
# pictures in the docs are what Chromium shows for the current code. Look at them after running this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
GOVREPORT_SCREENSHOTS="$PWD/docs/screenshots" dotnet test dashboard/GovReport.Site.Tests -c Release --filter "FullyQualifiedName~BrowserTests"
ls -l docs/screenshots
