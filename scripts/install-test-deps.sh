#!/usr/bin/env bash
# Installs what the real-VS-Code tests and `npm run launch` need, idempotently:
#   - Debian packages: chromium (headless browser for playwright), ripgrep (seeds code-server's rg),
#     libkrb5-dev (code-server's kerberos module builds against it), postgresql (the team store tests).
#   - code-server@4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into .cache/code-server,
#     kept out of the project's dependencies because it is about 300 MB.
#   - llama.cpp's llama-server for the real-engine tests (test/engine/), built once by
#     scripts/build-llama-server.sh into ~/.cache/crux (about 8 minutes on 2 cores; needs cmake, g++).
# Only the npm registry and Debian apt are needed: no GitHub, no Microsoft update server.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS_VERSION=${CRUX_CODE_SERVER_VERSION:-4.100.3}
CS_DIR=${CRUX_CODE_SERVER_DIR:-$ROOT/.cache/code-server}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# The team store's tests start a real PostgreSQL (test/support/postgres): Debian's server binaries.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v git >/dev/null 2>&1 || need_apt+=(git)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: please install as root: apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "install-test-deps: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

installed_version() {
  node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true
}

if [ "$(installed_version)" != "$CS_VERSION" ]; then
  echo "install-test-deps: installing code-server@$CS_VERSION into $CS_DIR (about 300 MB, ~1 min)"
  mkdir -p "$CS_DIR"
  # code-server's postinstall refuses to run as root without unsafe-perm; node-pty's runs `npx node-gyp`.
  export npm_config_unsafe_perm=true npm_config_yes=true
  # @vscode/ripgrep 1.15.11 (used by 4.100.3) downloads rg from GitHub in its postinstall. Seed its
  # download cache with Debian's rg so the install works with only the npm registry reachable.
  RG_CACHE=${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11
  mkdir -p "$RG_CACHE"
  [ -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] ||
    tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  (cd "$CS_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
fi

# playwright-core is a devDependency of the project; install the project's packages if missing.
if [ ! -d "$ROOT/node_modules/playwright-core" ]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi
# The real-engine tier's llama-server (idempotent: returns at once when the cached build is there).
LLAMA_DIR=$(bash "$ROOT/scripts/build-llama-server.sh" | tail -1)
# The training recipe's pinned Python environment (torch for CPU, TRL, PEFT), outside the clone.
TRAIN_VENV=$(bash "$ROOT/scripts/setup-train-venv.sh" | tail -1)

echo "install-test-deps: ready (llama-server in $LLAMA_DIR, training venv $TRAIN_VENV, code-server $(installed_version), $(chromium --version 2>/dev/null || echo 'chromium ?'))"
