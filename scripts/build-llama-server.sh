#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` for the real-engine test tier, idempotently.
#
# The llama.cpp source comes from the npm package node-llama-cpp, which ships it as a git bundle
# (llama/gitRelease.bundle), so only the npm registry is needed. Its models/ folder also has
# vocab-only GGUFs with real tokenizers and chat templates (Qwen2's among them), which the tests
# turn into tiny random-weight models.
#
# The build takes about 8 minutes on 2 cores, so it is cached outside the clone, keyed by the
# node-llama-cpp version (which pins the llama.cpp commit):
#   $CRUX_CACHE/llama-server/nlc-<version>/bin/llama-server
#   $CRUX_CACHE/llama-server/nlc-<version>/models/ggml-vocab-*.gguf
#   $CRUX_CACHE/llama-server/nlc-<version>/convert/convert_hf_to_gguf.py (+ gguf-py, conversion/)
# Prints that folder on its last line.
set -euo pipefail

NLC_VERSION=${CRUX_NODE_LLAMA_CPP_VERSION:-3.22.1}
CACHE=${CRUX_CACHE:-$HOME/.cache/crux}
OUT="$CACHE/llama-server/nlc-$NLC_VERSION"

if [ -x "$OUT/bin/llama-server" ] && [ -f "$OUT/models/ggml-vocab-qwen2.gguf" ] && [ -f "$OUT/convert/convert_hf_to_gguf.py" ]; then
  echo "$OUT"
  exit 0
fi

for tool in cmake g++ git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-llama-server: $tool is missing (apt-get install cmake g++ git)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crux-llama-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "build-llama-server: fetching node-llama-cpp@$NLC_VERSION's llama.cpp source" >&2
(cd "$WORK" && npm pack --silent "node-llama-cpp@$NLC_VERSION" >/dev/null &&
  tar xzf "node-llama-cpp-$NLC_VERSION.tgz" package/llama/gitRelease.bundle)
git clone -q "$WORK/package/llama/gitRelease.bundle" "$WORK/llama.cpp" 2>/dev/null
COMMIT=$(git -C "$WORK/llama.cpp" rev-parse HEAD)

echo "build-llama-server: building llama-server at $COMMIT (about 8 minutes on 2 cores)" >&2
# Portable CPU build (no -march=native): the cached binary may outlive the CPU it was built on.
cmake -S "$WORK/llama.cpp" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF \
  >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; exit 1; }
cmake --build "$WORK/build" --target llama-server -j "$(nproc)" >"$WORK/build.log" 2>&1 ||
  { tail -50 "$WORK/build.log" >&2; exit 1; }

STAGE="$OUT.tmp.$$"
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/models"
cp "$WORK/build/bin/llama-server" "$STAGE/bin/"
cp "$WORK"/llama.cpp/models/ggml-vocab-*.gguf "$STAGE/models/"
# The HF-to-GGUF converter of the same commit, for serving a model the training test made.
mkdir -p "$STAGE/convert"
cp -r "$WORK"/llama.cpp/convert_hf_to_gguf.py "$WORK"/llama.cpp/gguf-py "$STAGE/convert/"
[ -d "$WORK/llama.cpp/conversion" ] && cp -r "$WORK/llama.cpp/conversion" "$STAGE/convert/"
echo "$COMMIT" >"$STAGE/COMMIT"
rm -rf "$OUT"
mv "$STAGE" "$OUT"
echo "build-llama-server: ready: $OUT/bin/llama-server" >&2
echo "$OUT"
