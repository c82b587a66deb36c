#!/usr/bin/env bash
# Restores the repository's npm packages (front-end libraries and fonts) exactly as package-lock.json pins them.
# Called by the MSBuild target in Directory.Build.targets; safe to run from several builds at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp="node_modules/.oversight-restore-stamp"
lockhash="$(sha256sum package-lock.json | cut -d' ' -f1)"
exec 9>"${TMPDIR:-/tmp}/oversight-npm-restore.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lockhash" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm-restore: npm is not installed; run ./test.sh or install nodejs and npm" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$lockhash" > "$stamp"
