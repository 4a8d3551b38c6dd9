#!/usr/bin/env bash
# `npm run package [-- TARGET...]`: the .vsix the standard way (`vsce package --target`), one
# per platform, each with only its own node-pty binary (the universal package carries every
# platform's prebuilds: about 16 MB instead of under 2 MB). TARGET: linux-x64, linux-arm64,
# darwin-x64, darwin-arm64, win32-x64, win32-arm64; default: this machine's. Out: dist-vsix/.
#   linux: the node-pty built here by npm ci (node-pty ships no Linux prebuilds); other
#   platforms: node-pty's prebuilds/<target>. The extension falls back to child_process when
#   the native module does not load, so a package without one still works.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${CRUX_VSIX_DIR:-$ROOT/dist-vsix}
mkdir -p "$OUT" "$ROOT/.cache"
[ $# -gt 0 ] || set -- "$(node -p 'process.platform + "-" + process.arch')"
node esbuild.mjs --production
VERSION=$(node -p 'require("./package.json").version')
for TARGET in "$@"; do
  IGNORE=$ROOT/.cache/vscodeignore-$TARGET
  # vsce applies every "!" pattern whatever its order: start from the universal list without
  # node-pty's binaries, then let in this target's.
  grep -v -e 'node-pty/prebuilds' -e 'node-pty/build' .vscodeignore > "$IGNORE"
  {
    case "$TARGET" in
      linux-*)
        if [ "$TARGET" = "$(node -p 'process.platform + "-" + process.arch')" ]; then
          echo "!node_modules/node-pty/build/Release/pty.node"
        else
          echo "warning: no node-pty for $TARGET here; the package uses the child_process fallback" >&2
        fi ;;
      *) echo "!node_modules/node-pty/prebuilds/$TARGET/**" ;;
    esac
  } >> "$IGNORE"
  npx vsce package --target "$TARGET" --ignoreFile "$IGNORE" --out "$OUT/crux-$TARGET-$VERSION.vsix"
done
ls -l "$OUT"
