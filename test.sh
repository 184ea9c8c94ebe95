#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need on a fresh Debian 12 machine,
# builds, runs every test suite, and ends with one line "N passed, N failed, N skipped".
# A suite that does not build or does not run counts as a failure, never as a skip.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- Debian packages the tests drive: the AWS CLI v2 (conformance) and Chromium (browser tests).
missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} with apt"
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "test.sh: could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

results=TestResults
rm -rf "$results"; mkdir -p "$results"

# --- PostgreSQL for the data store tests (the SQLite ones need nothing). A PORTAL_TEST_POSTGRES already set
# names a server to use instead. If it cannot be started, that is one failure, and its tests fail too.
setup_failures=0
if [ -z "${PORTAL_TEST_POSTGRES:-}" ]; then
  if PORTAL_TEST_POSTGRES=$(build/start-postgres.sh); then
    export PORTAL_TEST_POSTGRES
  else
    echo "test.sh: PostgreSQL could not be made ready (above: why): counted as a failure"
    setup_failures=1
  fi
fi

# --- Build everything once (restores client libraries listed in libman.json too).
if ! dotnet build Portal.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- Run each suite; record whether its runner exited cleanly.
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E '^\s+(Failed|Passed|Skipped) |^(Passed|Failed)!|error|Error Message' | grep -v '^\s*Passed ' | head -200
  echo "${PIPESTATUS[0]}" > "$results/$name.exit"
done

python3 - "$results" "$setup_failures" <<'PY' || status=1
import glob, os, sys, xml.etree.ElementTree as ET
results = sys.argv[1]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = skipped = 0
failed = int(sys.argv[2])
for exit_file in sorted(glob.glob(os.path.join(results, "*.exit"))):
    name = os.path.basename(exit_file)[:-5]
    code = int(open(exit_file).read().strip() or 1)
    trx = os.path.join(results, name + ".trx")
    if not os.path.exists(trx):
        print(f"test.sh: {name} did not run (no results; exit code {code}): counted as a failure")
        failed += 1
        continue
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    p, f = int(counters.get("passed")), int(counters.get("failed")) + int(counters.get("error")) + int(counters.get("timeout")) + int(counters.get("aborted"))
    s = int(counters.get("notExecuted")) + int(counters.get("inconclusive"))
    if code != 0 and f == 0:
        print(f"test.sh: {name} exited with {code} without a failed test (crash or no tests): counted as a failure")
        f = 1
    if p + f + s == 0:
        print(f"test.sh: {name} ran no test: counted as a failure")
        f = 1
    print(f"{name}: {p} passed, {f} failed, {s} skipped")
    passed, failed, skipped = passed + p, failed + f, skipped + s
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or skipped else 0)
PY
exit $status
