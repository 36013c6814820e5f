#!/usr/bin/env bash
# Microsoft's SARIF Multitool, which the tool tests run on every SARIF file they write (schema and GitHub code
# scanning's ingestion rules). Installed with npm into .tools/sarif-multitool (ignored by git), once; prints the path
# of its executable. Exits 3 when npm is not installed, 1 when the install fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="5.7.0"
prefix=".tools/sarif-multitool"
tool="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ ! -x "$tool" ] || ! grep -q "\"version\": \"$version\"" "$prefix/node_modules/@microsoft/sarif-multitool-linux/package.json" 2>/dev/null; then
  if ! command -v npm >/dev/null 2>&1; then
    exit 3
  fi
  mkdir -p "$prefix"
  if ! npm install --prefix "$prefix" --no-audit --no-fund --silent "@microsoft/sarif-multitool-linux@$version" >&2; then
    echo "npm could not install @microsoft/sarif-multitool-linux@$version (see npm's message above)." >&2
    exit 1
  fi
  chmod +x "$tool"
fi

echo "$(pwd)/$tool"
