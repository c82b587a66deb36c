#!/usr/bin/env bash
# The newcomer's first run, as a test: a throw-away clone of HEAD (no node_modules, no bin/obj, no data), the README's
# first command exactly as written (`dotnet run --project src/Web`), then what a person does next: wait until the
# system is ready, sign in as a demo user in the browser's way (login form with its antiforgery token, cookie), open
# the board page and the browser libraries it loads.
#
#   scripts/first-run-test.sh <results-dir>
#
# Nothing else prepares the clone. Writes <results-dir>/FirstRun.trx (one test) so ./test.sh counts it, and the
# server's output to <results-dir>/first-run.log. Exits 0 when the test passed.
set -uo pipefail
# Under pipefail, `printf … | grep -q` fails at random: grep exits on its first match and printf dies of SIGPIPE.
# Searches read from here-strings or files, never from a pipe that the reader may close early.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="${1:?usage: first-run-test.sh <results-dir>}"
mkdir -p "$results"
results="$(cd "$results" && pwd)"
log() { echo "first-run: $*" >&2; }

url="http://localhost:5080"          # the README's address (src/Web/Properties/launchSettings.json)
work="$(mktemp -d /tmp/oversight-first-run.XXXXXX)"
server_log="$results/first-run.log"
cookies="$work/cookies.txt"
pid=""
started="$(date +%s)"
message=""

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- -"$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { message="$*"; log "FAILED: $message"; return 1; }

run() {
  if curl -s -o /dev/null --max-time 1 "$url/health/live"; then
    fail "something already listens on $url; stop it first (the first-run test uses the README's address)"; return 1
  fi
  git clone --quiet --no-hardlinks "$root" "$work/clone" || { fail "git clone of HEAD failed"; return 1; }
  cd "$work/clone" || return 1
  for dir in node_modules src/Web/bin src/Web/obj src/Web/data src/Web/wwwroot/lib; do
    [ -e "$dir" ] && { fail "the clone already has $dir"; return 1; }
  done
  log "dotnet run --project src/Web (in a fresh clone of HEAD)"
  # setsid: the server and everything it starts form one process group, stopped together.
  setsid dotnet run --project src/Web >"$server_log" 2>&1 &
  pid=$!
  local ready=""
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "dotnet run exited before it was ready (see first-run.log): $(grep -m1 -E 'error|Unhandled' "$server_log")"; return 1
    fi
    if curl -sf --max-time 2 "$url/health/ready" >/dev/null 2>&1; then ready=1; break; fi
    sleep 1
  done
  [ -n "$ready" ] || { fail "not ready after 10 minutes"; return 1; }
  log "ready after $(( $(date +%s) - started )) s"

  # Sign in as the browser does: the login page sets the antiforgery cookie and carries the form token.
  local page token status
  page="$(curl -s -c "$cookies" -b "$cookies" "$url/account/login")" || { fail "GET /account/login failed"; return 1; }
  token="$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed -n '1{s/.*value="//;s/"$//;p}')"
  [ -n "$token" ] || token="$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed -n '1{s/.*value="//;s/"$//;p}')"
  [ -n "$token" ] || { fail "the login page has no antiforgery token"; return 1; }
  status="$(curl -s -o /dev/null -w '%{http_code}' -c "$cookies" -b "$cookies" \
    --data-urlencode "Username=executive" --data-urlencode "Password=demo-2569" --data-urlencode "__RequestVerificationToken=$token" \
    "$url/account/login")"
  [ "$status" = "302" ] || { fail "signing in as executive answered $status, not a redirect"; return 1; }
  grep -q "oversight.auth" "$cookies" || { fail "signing in set no auth cookie"; return 1; }

  local board
  board="$(curl -s -w '\n%{http_code}' -b "$cookies" "$url/board")"
  [ "$(printf '%s' "$board" | tail -n1)" = "200" ] || { fail "GET /board answered $(printf '%s' "$board" | tail -n1)"; return 1; }
  grep -q 'กระดาน\|board' <<<"$board" || { fail "GET /board is not the board page"; return 1; }

  # Every library and stylesheet the board page loads from wwwroot (lib/ at least) answers 200 with content.
  local assets asset size
  assets="$(printf '%s' "$board" | grep -oE '(src|href)="/(lib|css|js|fonts)/[^"?]+' | sed -E 's/^(src|href)="//' | sort -u)"
  grep -q '^/lib/' <<<"$assets" || { fail "the board page loads nothing from /lib"; return 1; }
  for asset in $assets; do
    size="$(curl -s -o "$work/asset" -w '%{http_code} %{size_download}' -b "$cookies" "$url$asset")"
    [ "${size%% *}" = "200" ] && [ "${size##* }" -gt 0 ] || { fail "GET $asset answered $size"; return 1; }
  done
  log "board page and $(printf '%s\n' "$assets" | wc -l) assets served"
  return 0
}

outcome="Passed"
run || outcome="Failed"
cd "$root"
duration=$(( $(date +%s) - started ))
passed=0; failed=0
[ "$outcome" = "Passed" ] && passed=1 || failed=1
escaped="$(printf '%s' "$message" | sed 's/&/\&amp;/g;s/</\&lt;/g;s/>/\&gt;/g;s/"/\&quot;/g')"
cat >"$results/FirstRun.trx" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010" name="first-run">
  <Results>
    <UnitTestResult testName="FirstRun.ReadmeCommandOnAFreshClone" outcome="$outcome" duration="$(printf '%02d:%02d:%02d' $((duration/3600)) $((duration%3600/60)) $((duration%60)))">
      <Output><StdOut>$escaped</StdOut></Output>
    </UnitTestResult>
  </Results>
  <ResultSummary outcome="$outcome">
    <Counters total="1" executed="1" passed="$passed" failed="$failed" error="0" timeout="0" notExecuted="0" />
  </ResultSummary>
</TestRun>
EOF
log "$outcome in ${duration} s"
[ "$outcome" = "Passed" ]
