#!/usr/bin/env bash
# Creates (once) the Python environment of Crux's training recipe (train/), outside the clone,
# and prints its folder on the last line of stdout. The folder is keyed by the hash of
# train/requirements.txt, so a changed pin builds a new environment and an unchanged one is
# reused: ${CRUX_TRAIN_VENV_ROOT:-${XDG_CACHE_HOME:-~/.cache}/crux/train-venv}/<hash>.
#
# Where packages come from: PIP_INDEX_URL when set; else, when pip's own configuration names
# local (file://) indexes, those alone (pip would otherwise spend minutes retrying pypi.org on
# machines without internet); else pypi.org plus PyTorch's CPU index for the +cpu torch build.
# CRUX_PYTHON picks the interpreter (default python3, 3.10 or newer).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$here/train/requirements.txt"
python="${CRUX_PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-train-venv: $python not found; install Python 3.10+ or set CRUX_PYTHON" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "setup-train-venv: $python is $("$python" -V 2>&1); the recipe needs Python 3.10 or newer" >&2
  exit 1
fi

hash="$(sha256sum "$requirements" | cut -c1-16)"
root="${CRUX_TRAIN_VENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/crux/train-venv}"
venv="$root/$hash"
if [ -f "$venv/.complete" ]; then
  echo "$venv"
  exit 0
fi

mkdir -p "$root"
# One build at a time per environment: a second caller waits for the first, then reuses it.
exec 9>"$venv.lock"
flock 9
if [ -f "$venv/.complete" ]; then
  echo "$venv"
  exit 0
fi

if [ -z "${PIP_INDEX_URL:-}" ]; then
  local_indexes="$("$python" -m pip config list 2>/dev/null | sed -n "s/^[a-z:.]*\(extra-\)\{0,1\}index-url='\(.*\)'$/\2/p" | tr ' ' '\n' | grep '^file://' || true)"
  if [ -n "$local_indexes" ]; then
    PIP_INDEX_URL="$(echo "$local_indexes" | head -n1)"
    PIP_EXTRA_INDEX_URL="$(echo "$local_indexes" | tail -n +2 | tr '\n' ' ')"
    export PIP_INDEX_URL PIP_EXTRA_INDEX_URL
    echo "setup-train-venv: installing from the local index $PIP_INDEX_URL" >&2
  else
    export PIP_EXTRA_INDEX_URL="${PIP_EXTRA_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
  fi
fi

building="$venv.building"
rm -rf "$building"
echo "setup-train-venv: creating $venv (a few minutes, once)" >&2
"$python" -m venv "$building"
# pip warns about every package the second local index lacks; only real trouble is shown.
"$building/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" 2>&1 \
  | { grep -v 'is ignored: it is neither a file nor a directory' || true; } >&2
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "setup-train-venv: pip install failed" >&2; exit 1; }
rm -rf "$venv"
mv "$building" "$venv"
# The venv's scripts name the folder they were built in; Crux always runs bin/python -m ...,
# which does not depend on them.
touch "$venv/.complete"
echo "$venv"
