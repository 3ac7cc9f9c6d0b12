#!/usr/bin/env bash
# CI pack checks, with whatever `node` is first on PATH: packs contactd and @contactd/client as npm would
# publish them, installs each tarball into an empty folder, starts `npx contactd serve` there with plain
# Node and asks /api/v2/health, then uses the client against that server from ESM (import), CommonJS
# (require) and TypeScript (tsc --noEmit, moduleResolution node16 and bundler).
# Usage: bash .ci/pack-check.sh <results-file>; writes one line per check, "passed NAME" or "failed NAME",
# and exits non-zero when one failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
results="$(realpath -m "${1:-$root/test-artifacts/pack-check.results}")"
mkdir -p "$(dirname "$results")" && : >"$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/contactd-pack-check-XXXXXX")"
server_pid="" server_tgz="" client_tgz="" origin=""
cleanup() { # the server runs in a process group of its own (npx, sh, node): stop all of it
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() { # check NAME COMMAND...: runs the command, logs its output, records the outcome
  local name="$1"; shift
  echo "--- pack check ($(node --version)): $name"
  if "$@" >"$work/step.log" 2>&1; then
    echo "passed $name" >>"$results"; tail -n 3 "$work/step.log"
  else
    echo "failed $name" >>"$results"; failures=$((failures + 1)); cat "$work/step.log"
  fi
}
npm_quiet() { npm --no-audit --no-fund --loglevel=error "$@"; }
typescript_version="$(node -p "require('$root/node_modules/typescript/package.json').version")"
types_node_version="$(node -p "require('$root/node_modules/@types/node/package.json').version")"
key="ctd_pack_check_bootstrap_key_0123456789"

pack_server() {
  mkdir -p "$work/packed" && cd "$root" && npm_quiet pack --pack-destination "$work/packed" >/dev/null || return 1
  server_tgz="$(ls "$work"/packed/contactd-[0-9]*.tgz)" || return 1
  local listing; listing="$(tar tzf "$server_tgz")"
  for want in package/bin/contactd.js package/dist/cli/contactd.js package/dist/main.d.ts package/LICENSE package/CHANGELOG.md package/openapi/openapi.json; do
    grep -qx "$want" <<<"$listing" || { echo "missing from the tarball: $want"; return 1; }
  done
  if grep -E '^package/(src|test|bench|scripts|packages)/' <<<"$listing"; then echo "sources in the tarball"; return 1; fi
  echo "$server_tgz: $(wc -l <<<"$listing") files"
}

install_server() {
  mkdir -p "$work/server" && cd "$work/server" || return 1
  echo '{ "name": "pack-check-server", "private": true, "allowScripts": { "better-sqlite3": true } }' >package.json
  npm_quiet install "$server_tgz" || return 1
  [ ! -e node_modules/tsx ] || { echo "tsx was installed with the server"; return 1; }
  [ ! -e node_modules/typescript ] || { echo "typescript was installed with the server"; return 1; }
  echo "installed: $(ls node_modules | wc -l) packages, no tsx, no typescript"
}

serve_and_health() {
  cd "$work/server" || return 1
  DATABASE_URL="sqlite:$work/server/contactd.sqlite" CONTACTD_BOOTSTRAP_API_KEY="$key" LOG_LEVEL=warn \
    setsid npx --no-install contactd serve --port 0 --host 127.0.0.1 >"$work/serve.log" 2>&1 &
  server_pid=$!
  local started; started=$(date +%s%N)
  for _ in $(seq 1 600); do
    origin="$(grep -oE 'contactd listening on http://[0-9.:]+' "$work/serve.log" | head -n 1 | cut -d' ' -f4)"
    if [ -n "$origin" ] && body="$(curl -fsS "$origin/api/v2/health" 2>/dev/null)"; then
      echo "$body" | grep -q '"healthy"' || { echo "unexpected health body: $body"; return 1; }
      echo "$origin/api/v2/health answered $body $(( ($(date +%s%N) - started) / 1000000 )) ms after npx started"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; return 1; }
    sleep 0.1
  done
  echo "no healthy answer within 60 s"; cat "$work/serve.log"; return 1
}

pack_client() {
  cd "$root" && npm_quiet pack --workspace @contactd/client --pack-destination "$work/packed" >/dev/null || return 1
  client_tgz="$(ls "$work"/packed/contactd-client-*.tgz)" || return 1
  local listing; listing="$(tar tzf "$client_tgz")"
  for want in package/dist/esm/index.js package/dist/esm/index.d.ts package/dist/cjs/index.js package/dist/cjs/index.d.ts package/dist/cjs/package.json package/LICENSE package/README.md; do
    grep -qx "$want" <<<"$listing" || { echo "missing from the tarball: $want"; return 1; }
  done
  echo "$client_tgz: $(wc -l <<<"$listing") files"
}

install_client() {
  mkdir -p "$work/client" && cd "$work/client" || return 1
  echo '{ "name": "pack-check-client", "private": true }' >package.json
  npm_quiet install "$client_tgz" "typescript@$typescript_version" "@types/node@$types_node_version" || return 1
  local deps; deps="$(node -p "Object.keys(require('@contactd/client/package.json').dependencies).join(',')")"
  [ "$deps" = "openapi-fetch" ] || { echo "the client depends on $deps"; return 1; }
  cp "$root"/.ci/pack-check/client-esm.mjs "$root"/.ci/pack-check/client-cjs.cjs "$root"/.ci/pack-check/tsconfig.*.json .
  local file; for file in check-esm.mts check-cjs.cts check-bundler.ts; do cp "$root/.ci/pack-check/client-types.ts" "$file"; done
  echo "installed @contactd/client with dependencies: $deps"
}

check pack-server pack_server
check install-server-tarball install_server
check serve-and-health serve_and_health
check pack-client pack_client
check install-client-tarball install_client
check client-esm-import bash -c "cd '$work/client' && node client-esm.mjs '$origin' '$key'"
check client-cjs-require bash -c "cd '$work/client' && node client-cjs.cjs '$origin' '$key'"
check client-typescript-node16 bash -c "cd '$work/client' && npx --no-install tsc -p tsconfig.node16.json && echo 'tsc --noEmit (node16: .mts and .cts) clean'"
check client-typescript-bundler bash -c "cd '$work/client' && npx --no-install tsc -p tsconfig.bundler.json && echo 'tsc --noEmit (bundler) clean'"
[ "$failures" -eq 0 ]
