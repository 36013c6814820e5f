#!/usr/bin/env bash
# The one test command: prerequisites, then every test project, then one summary line
# "N passed, N failed, N skipped" read from the TRX results. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 1
fi

# TorchSharp's native library (used by the runtime tests and the package test) needs GLIBCXX_3.4.32.
if ! bash .ci/native-prereqs.sh; then
  echo "Native prerequisites for TorchSharp are missing; see the message above." >&2
  exit 1
fi

# The SARIF Multitool validates every SARIF file the tool tests write; only a machine without npm skips that, and says so.
multitool=$(bash .ci/sarif-multitool.sh)
case $? in
  0) export LOSSANALYZERS_SARIF_MULTITOOL="$multitool" ;;
  3) echo "npm is not installed: the SARIF Multitool checks of the tool tests are SKIPPED (install Node.js and npm to run them)." >&2
     export LOSSANALYZERS_SARIF_MULTITOOL_ABSENT="npm is not installed on this machine" ;;
  *) echo "The SARIF Multitool could not be installed; see the message above." >&2
     exit 1 ;;
esac

echo "== build ($configuration)"
if ! dotnet build LossAnalyzers.sln -c "$configuration" -nologo -v minimal; then
  echo "0 passed, 0 failed, 0 skipped (build failed)"
  exit 1
fi

rm -rf "$results"
status=0
for project in $(dotnet sln LossAnalyzers.sln list | grep -E '^tests/.*\.csproj$'); do
  name=$(basename "$project" .csproj)
  echo "== test $name"
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results"; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "No results from $name: the test host did not run to the end." >&2
    status=1
  fi
done

# Sum the counters of every TRX file.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(value passed); f=$(value failed); e=$(value error); t=$(value timeout); a=$(value aborted); n=$(value notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done

if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
