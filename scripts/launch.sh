#!/usr/bin/env bash
# `npm run launch`: Crux in a real VS Code in your browser (code-server 4.100.3, VS Code 1.100.3).
# Installs what is missing, builds and packages the extension, installs the .vsix into a private
# code-server profile under .cache/launch/, and serves an example workspace (or CRUX_WORKSPACE).
#
#   PORT=8080                  port to listen on (127.0.0.1 only; no password: --auth none)
#   CRUX_MODEL_URL=http://...  the model server (default http://127.0.0.1:8000/v1), unless the
#                              crux.modelUrl setting is set in that profile
#   CRUX_WORKSPACE=DIR         folder to open (default ${XDG_CACHE_HOME:-~/.cache}/crux/example-workspace,
#                              created if missing; outside this repository, so the agent's `npm test`
#                              there never runs Crux's own tests)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${PORT:-8080}
WORKSPACE=${CRUX_WORKSPACE:-${XDG_CACHE_HOME:-$HOME/.cache}/crux/example-workspace}
STATE=$ROOT/.cache/launch
CS_ENTRY=$ROOT/.cache/code-server/node_modules/code-server/out/node/entry.js

[ -d node_modules ] || npm ci --no-audit --no-fund
mkdir -p "$STATE/user-data/User" "$STATE/extensions" "$STATE/xdg"
bash scripts/install-test-deps.sh
node esbuild.mjs
# Packaged like a release, the standard way (vsce package --target this platform): the bundles,
# media and this platform's node-pty (loaded lazily, with a child_process fallback).
VSIX_DIR=$STATE/vsix
rm -rf "$VSIX_DIR"
CRUX_VSIX_DIR=$VSIX_DIR bash scripts/package-vsix.sh >/dev/null
cp "$VSIX_DIR"/crux-*.vsix "$STATE/crux.vsix"
npx tsx scripts/example-workspace.ts "$WORKSPACE"

SETTINGS=$STATE/user-data/User/settings.json
[ -f "$SETTINGS" ] || cat > "$SETTINGS" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false
}
JSON

# Private config and data: code-server would otherwise write ~/.config/code-server/config.yaml.
export XDG_CONFIG_HOME=$STATE/xdg/config XDG_DATA_HOME=$STATE/xdg/data XDG_CACHE_HOME=$STATE/xdg/cache
CS_ARGS=(--user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions")
node "$CS_ENTRY" "${CS_ARGS[@]}" --install-extension "$STATE/crux.vsix" --force >/dev/null

URL="http://127.0.0.1:$PORT/?folder=$WORKSPACE"
echo
echo "Crux is starting in code-server. Open:  $URL"
echo "Model server: ${CRUX_MODEL_URL:-http://127.0.0.1:8000/v1 (default; set CRUX_MODEL_URL or crux.modelUrl)}"
echo "Stop with Ctrl+C."
echo
exec node "$CS_ENTRY" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WORKSPACE"
