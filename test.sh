#!/usr/bin/env bash
# Installs what the tests need (apt and npm packages, a throwaway PostgreSQL) and runs every test project.
# Idempotent; works as root and under CI. Ends with one line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"

log() { echo "test.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else log "need root or sudo for: $*"; return 1
  fi
}

# 1. System packages. chromium: end-to-end tests; fonts-tlwg-laksaman-ttf: Thai glyphs in Chromium and a PDF fallback font;
#    poppler-utils and qpdf: PDF checks; postgresql: the production database; nodejs/npm: front-end packages and fonts.
# Each entry: a command or file that proves the package is there, and the package that provides it.
requirements=(
  "initdb-or-pg_ctl:postgresql"
  "/usr/bin/chromium:chromium"
  "/usr/share/fonts/truetype/tlwg/Laksaman.ttf:fonts-tlwg-laksaman-ttf"
  "pdftotext:poppler-utils"
  "qpdf:qpdf"
  "node:nodejs"
  "npm:npm"
)
have() {
  case "$1" in
    initdb-or-pg_ctl) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ;;
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}
missing=()
for entry in "${requirements[@]}"; do
  have "${entry%%:*}" || missing+=("${entry##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. The newcomer's first run: a throw-away clone of HEAD, the README's `dotnet run --project src/Web` unchanged, ready,
#    sign in, board page and its assets. It runs before anything below touches this tree and counts as one test.
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
first_run=0
bash scripts/first-run-test.sh "$results" || first_run=1

# 3. npm packages for this tree, exactly as package-lock.json pins them (the build would do this too).
bash build/npm-restore.sh
# Redocly CLI, which lints the OpenAPI document in the API tests (its own lock, outside the build's packages).
(cd tools/openapi-lint && npm ci --no-audit --no-fund --loglevel=error)
# A real OpenID Connect provider (oidc-provider) that the single sign-on browser tests start on loopback (its own lock).
(cd tools/oidc-test-provider && npm ci --no-audit --no-fund --loglevel=error)

# 4. A throwaway PostgreSQL on loopback for the integration tests.
OVERSIGHT_TEST_PG="$(bash scripts/test-postgres.sh ensure)"
export OVERSIGHT_TEST_PG
trap 'bash scripts/test-postgres.sh stop >/dev/null 2>&1 || true' EXIT

# 5. Build once, then run every test project with TRX results.
export OVERSIGHT_ARTIFACTS="$results/artifacts"
mkdir -p "$OVERSIGHT_ARTIFACTS"
dotnet build Oversight.sln -c Release -nologo -clp:ErrorsOnly
status=$first_run
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  log "running $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

# 6. One summary line over every TRX file.
passed=0; failed=0; skipped=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -m1 -o '<Counters [^>]*>' "$trx")"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error); x=$(get timeout); n=$(get notExecuted)
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0})); skipped=$((skipped + ${n:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
